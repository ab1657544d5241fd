#!/usr/bin/env bash
# The dry run against the csv crate's parse, run in turn so that the
# machine's slow and fast moments fall on both (see BENCHMARKS.md):
#   bash bench/dry-ratio.sh [ROWS] [ROUNDS]   (default 1000000 rows, 11 rounds)
# Prints the median of each and the ratio of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ROUNDS=${2:-11}
cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/csv-parse/Cargo.toml
BIN=$PWD/target/release/intake
PARSE=$PWD/bench/csv-parse/target/release/csv-parse
OUT=${OUT:-bench/out}
mkdir -p "$OUT"
file="$OUT/contacts-$N.csv"
[ -f "$file" ] || "$BIN" generate --rows "$N" --faults 5% --dup 3% --seed 42 --email-offset $((N * 97 / 100)) -o "$file"
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
parse=() dry=()
for _ in $(seq "$ROUNDS"); do
  parse+=("$(seconds "$PARSE" "$file")")
  rm -f "$OUT"/dry-ratio.db*
  dry+=("$(seconds "$BIN" --db "$OUT/dry-ratio.db" import "$file" --quiet --dry-run)")
done
p=$(printf '%s\n' "${parse[@]}" | median)
d=$(printf '%s\n' "${dry[@]}" | median)
printf 'rows %s, %s rounds: parse %.3f s, dry run %.3f s, ratio %.2f x (goal <= 3 x)\n' "$N" "$ROUNDS" "$p" "$d" "$(echo "$d / $p" | bc -l)"
