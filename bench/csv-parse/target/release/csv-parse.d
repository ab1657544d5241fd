/work/main/bench/csv-parse/target/release/csv-parse: /work/main/bench/csv-parse/src/main.rs
