#!/usr/bin/env bash
# Whole-command benchmarks of `intake import` against the raw limits of the
# stores, measured in the same run (see BENCHMARKS.md):
#   - sqlite3's .import of the same file into an equivalent table with a
#     unique index on the lower-cased email;
#   - PostgreSQL COPY of the same file into the same table (index on the
#     lower-cased email: not unique, or COPY would stop at the first
#     in-file duplicate);
#   - for the dry run: parsing the file with the csv crate and nothing else.
#
#   bash bench/run.sh [ROWS]            (default 1000000)
#   RUNS=5 STORES="sqlite postgres" bash bench/run.sh 100000
#
# Scenarios: empty base, and a base already holding ROWS contacts of which
# 3 % of the file's emails are part. Medians of RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N=${1:-1000000}
STORES=${STORES:-"sqlite postgres"}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 shell (apt-get install sqlite3)"; exit 1; }
# shellcheck source=bench/common.sh
. bench/common.sh

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

COLS='email TEXT, title TEXT, first_name TEXT, last_name TEXT, birthdate TEXT, language TEXT,
  address_line1 TEXT, address_line2 TEXT, postal_code TEXT, town TEXT, state TEXT, country TEXT'

base="$OUT/base-$N.csv"              # the contacts already in the base
[ -f "$base" ] || "$BIN" generate --rows "$N" --faults 0% --dup 0% --seed 7 -o "$base"

declare -A RESULT
record() { RESULT["$1"]="$2 $3"; }   # name -> "seconds rss"

run_case() { # name, setup command (untimed), timed command...
  local name=$1 setup=$2; shift 2
  local ts=() ms=()
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    read -r s m < <(measure "$@")
    ts+=("$s"); ms+=("$m")
  done
  record "$name" "$(printf '%s\n' "${ts[@]}" | median)" "$(printf '%s\n' "${ms[@]}" | median)"
}

# --- parsing baseline and dry run
run_case parse ":" "$PARSE" "$file"
run_case dry "rm -f $OUT/dry.db*" "$BIN" --db "$OUT/dry.db" import "$file" --quiet --dry-run

if [[ " $STORES " == *" sqlite "* ]]; then
  # Pre-filled bases, built once and copied before each run.
  if [ ! -f "$OUT/raw-base-$N.db" ]; then
    sqlite3 "$OUT/raw-base-$N.db" "CREATE TABLE contact ($COLS); CREATE UNIQUE INDEX contact_email ON contact (lower(email));"
    sqlite3 "$OUT/raw-base-$N.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $base contact" 2>/dev/null
  fi
  if [ ! -f "$OUT/intake-base-$N.db" ]; then
    "$BIN" --db "$OUT/intake-base-$N.db" import "$base" --quiet
    sqlite3 "$OUT/intake-base-$N.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  fi
  run_case sqlite_raw_empty "rm -f $OUT/raw.db; sqlite3 $OUT/raw.db \"CREATE TABLE contact ($COLS); CREATE UNIQUE INDEX contact_email ON contact (lower(email));\"" \
    sqlite3 "$OUT/raw.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $file contact"
  run_case sqlite_ours_empty "rm -f $OUT/run.db*" "$BIN" --db "$OUT/run.db" import "$file" --quiet
  run_case sqlite_raw_full "cp $OUT/raw-base-$N.db $OUT/raw.db" \
    sqlite3 "$OUT/raw.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $file contact"
  run_case sqlite_ours_full "rm -f $OUT/run.db*; cp $OUT/intake-base-$N.db $OUT/run.db" "$BIN" --db "$OUT/run.db" import "$file" --quiet
fi

if [[ " $STORES " == *" postgres "* ]]; then
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS intake_bench_raw_base" -qc "DROP DATABASE IF EXISTS intake_bench_base" >/dev/null
  psql "$PG/postgres" -qc "CREATE DATABASE intake_bench_raw_base" -qc "CREATE DATABASE intake_bench_base" >/dev/null
  psql "$PG/intake_bench_raw_base" -qc "CREATE TABLE contact ($COLS); CREATE INDEX contact_email ON contact (lower(email));" \
    -qc "\\copy contact FROM '$base' WITH (FORMAT csv, DELIMITER ';', HEADER)" >/dev/null
  "$BIN" --db "$PG/intake_bench_base" import "$base" --quiet
  fresh() { # database name, template
    echo "psql $PG/postgres -qc 'DROP DATABASE IF EXISTS $1' -qc 'CREATE DATABASE $1 TEMPLATE $2' >/dev/null"
  }
  run_case pg_raw_empty "psql $PG/postgres -qc 'DROP DATABASE IF EXISTS intake_bench_run' -qc 'CREATE DATABASE intake_bench_run' >/dev/null; psql $PG/intake_bench_run -qc \"CREATE TABLE contact ($COLS); CREATE INDEX contact_email ON contact (lower(email));\" >/dev/null" \
    psql "$PG/intake_bench_run" -qc "\\copy contact FROM '$file' WITH (FORMAT csv, DELIMITER ';', HEADER)"
  run_case pg_ours_empty "psql $PG/postgres -qc 'DROP DATABASE IF EXISTS intake_bench_run' -qc 'CREATE DATABASE intake_bench_run' >/dev/null" \
    "$BIN" --db "$PG/intake_bench_run" import "$file" --quiet
  run_case pg_raw_full "$(fresh intake_bench_run intake_bench_raw_base)" \
    psql "$PG/intake_bench_run" -qc "\\copy contact FROM '$file' WITH (FORMAT csv, DELIMITER ';', HEADER)"
  run_case pg_ours_full "$(fresh intake_bench_run intake_bench_base)" \
    "$BIN" --db "$PG/intake_bench_run" import "$file" --quiet
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS intake_bench_run" >/dev/null
fi

echo "rows: $N; machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(psql --version | head -1); runs: $RUNS (medians)"
printf '%-44s %9s %11s %9s %9s\n' scenario seconds rows/s "MiB peak" ratio
line() { # label, name, reference name, ratio label
  read -r s m <<<"${RESULT[$2]}"
  local ratio=""
  if [ -n "${3:-}" ]; then read -r r _ <<<"${RESULT[$3]}"; ratio=$(printf '%.2f %s' "$(echo "$s / $r" | bc -l)" "$4"); fi
  printf '%-44s %9.2f %11.0f %9.1f %9s\n' "$1" "$s" "$(echo "$N / $s" | bc -l)" "$(echo "$m / 1024" | bc -l)" "$ratio"
}
line "csv crate parse (dry-run baseline)" parse
line "intake import --dry-run" dry parse "×parse"
for store in $STORES; do
  p=$([ "$store" = sqlite ] && echo sqlite || echo pg)
  raw=$([ "$store" = sqlite ] && echo "sqlite3 .import" || echo "COPY")
  if [ -n "${RESULT[${p}_raw_empty]:-}" ]; then
    line "$store: $raw, empty table (raw limit)" "${p}_raw_empty"
    line "$store: intake import, empty base" "${p}_ours_empty" "${p}_raw_empty" "×raw"
    line "$store: $raw, table of $N rows (raw limit)" "${p}_raw_full"
    line "$store: intake import, base of $N contacts" "${p}_ours_full" "${p}_raw_full" "×raw"
  fi
done
