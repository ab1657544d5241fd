/work/main/bench/csv-parse/target/release/deps/csv_parse-ec9c356e35f50e47.d: src/main.rs

/work/main/bench/csv-parse/target/release/deps/csv_parse-ec9c356e35f50e47: src/main.rs

src/main.rs:
