# Shared by bench/run.sh and bench/dry-ratio.sh (sourced from the repository
# root, with N set): builds intake and the csv-parse baseline, names them,
# makes the output folder, and generates the file imported (~5 % faults,
# ~3 % in-file duplicates, 3 % of its emails in the pre-filled base).
cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/csv-parse/Cargo.toml
BIN=$PWD/target/release/intake
PARSE=$PWD/bench/csv-parse/target/release/csv-parse
OUT=${OUT:-bench/out}
mkdir -p "$OUT"
file="$OUT/contacts-$N.csv"
[ -f "$file" ] || "$BIN" generate --rows "$N" --faults 5% --dup 3% --seed 42 --email-offset $((N * 97 / 100)) -o "$file"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
