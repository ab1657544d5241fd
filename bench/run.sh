#!/usr/bin/env bash
# Whole-command benchmark of `intake import` against the raw limit of the
# store: sqlite3's .import of the same file into an equivalent table with a
# unique index on the lower-cased email, measured in the same run.
#
#   bash bench/run.sh [ROWS ...]        (default: 100000 1000000)
#   RUNS=5 bash bench/run.sh 100000
#
# Prints one line per scenario with medians of RUNS runs (default 3): wall
# time, rows/s, peak memory (max RSS), and the ratio to the raw load.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 shell (apt-get install sqlite3)"; exit 1; }
cargo build --release --quiet
BIN=$PWD/target/release/intake
OUT=${OUT:-bench/out}
mkdir -p "$OUT"

# Median of numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Runs a command, prints "seconds max_rss_kib".
measure() {
  local t0 t1 tmp
  tmp=$(mktemp)
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp" "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $(tail -1 "$tmp")"
  rm -f "$tmp"
}

RAW_SQL='CREATE TABLE contact (email TEXT, title TEXT, first_name TEXT, last_name TEXT, birthdate TEXT,
  language TEXT, address_line1 TEXT, address_line2 TEXT, postal_code TEXT, town TEXT, state TEXT, country TEXT);
CREATE UNIQUE INDEX contact_email ON contact (lower(email));'

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sqlite3 --version | cut -d' ' -f1) sqlite3 shell; runs: $RUNS (medians)"
printf '%-10s %-28s %10s %12s %10s %8s\n' rows scenario seconds rows/s "MiB peak" "× raw"
for n in "${SIZES[@]}"; do
  file="$OUT/contacts-$n.csv"
  [ -f "$file" ] || "$BIN" generate --rows "$n" --faults 5% --dup 3% --seed 42 -o "$file"
  # The raw load keeps the first of duplicate emails, as the unique index allows.
  raw=(); ours=(); dry=(); rss_ours=(); rss_raw=(); rss_dry=()
  for _ in $(seq "$RUNS"); do
    rm -f "$OUT/raw.db"
    sqlite3 "$OUT/raw.db" "$RAW_SQL"
    read -r s m < <(measure sqlite3 "$OUT/raw.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $file contact")
    raw+=("$s"); rss_raw+=("$m")
    rm -f "$OUT/intake.db"*
    read -r s m < <(measure "$BIN" --db "$OUT/intake.db" import "$file" --quiet)
    ours+=("$s"); rss_ours+=("$m")
    rm -f "$OUT/dry.db"*
    read -r s m < <(measure "$BIN" --db "$OUT/dry.db" import "$file" --quiet --dry-run)
    dry+=("$s"); rss_dry+=("$m")
  done
  r=$(printf '%s\n' "${raw[@]}" | median); o=$(printf '%s\n' "${ours[@]}" | median); d=$(printf '%s\n' "${dry[@]}" | median)
  mr=$(printf '%s\n' "${rss_raw[@]}" | median); mo=$(printf '%s\n' "${rss_ours[@]}" | median); md=$(printf '%s\n' "${rss_dry[@]}" | median)
  row() { printf '%-10s %-28s %10.2f %12.0f %10.1f %8s\n' "$n" "$1" "$2" "$(echo "$n / $2" | bc -l)" "$(echo "$3 / 1024" | bc -l)" "$4"; }
  row "sqlite3 .import (raw)" "$r" "$mr" "1.00"
  row "intake import, empty base" "$o" "$mo" "$(printf '%.2f' "$(echo "$o / $r" | bc -l)")"
  row "intake import --dry-run" "$d" "$md" "$(printf '%.2f' "$(echo "$d / $r" | bc -l)")"
done
