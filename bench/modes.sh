#!/usr/bin/env bash
# Every mode on the extended format, against the raw set-based limit of
# each store, measured in the same run (issue 19, see BENCHMARKS.md):
#   - extended create: sqlite3 .import / psql \copy of the same file into
#     one flat table;
#   - dry run: the csv crate's bare parse of the file;
#   - update, upsert, qualify, inactivate, anonymize, delete: the service
#     file imported into a staging table, then one UPDATE ... FROM /
#     DELETE ... USING over a flat copy of the base (emails indexed);
#   - undo of the update: the update itself;
#   - anonymize after the update: the same anonymize over a base whose log
#     holds the update's lines too (what an erase scrubs), raw as anonymize.
#
#   bash bench/modes.sh [ROWS]                 (default 100000)
#   RUNS=5 STORES="sqlite postgres" MODES="update delete" bash bench/modes.sh 10000
#
# The base is the extended file of ROWS rows imported; each service's file
# is `intake generate --mode M` over it (ROWS rows at most, 5 % unknown).
# Medians of RUNS runs (default 3); every run starts from a copy of the base.
# Each case is printed (stderr) and appended to OUT/modes-N/cases.txt as it
# ends, so that a stopped run keeps what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N=${1:-100000}
STORES=${STORES:-"sqlite postgres"}
MODES=${MODES:-"update upsert qualify inactivate anonymize delete"}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 shell (apt-get install sqlite3)"; exit 1; }
cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/csv-parse/Cargo.toml
BIN=$PWD/target/release/intake
PARSE=$PWD/bench/csv-parse/target/release/csv-parse
OUT=${OUT:-bench/out}/modes-$N
mkdir -p "$OUT"
ext="$OUT/extended.csv"
[ -f "$ext" ] || "$BIN" generate --extended --rows "$N" --seed 42 --setup "$OUT/setup.json" -o "$ext"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Runs a command, prints "seconds max_rss_kib"; a failure stops the bench.
measure() {
  local t0 t1 tmp
  tmp=$(mktemp)
  t0=$(date +%s.%N)
  if ! /usr/bin/time -f '%M' -o "$tmp" "$@" >"$OUT/last.out" 2>&1; then
    echo "failed: $*" >&2; tail -5 "$OUT/last.out" >&2; exit 1
  fi
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $(tail -1 "$tmp")"
  rm -f "$tmp"
}
declare -A RESULT
run_case() { # name, setup command (untimed), timed command...
  local name=$1 setup=$2; shift 2
  local ts=() ms=() s m
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    read -r s m < <(measure "$@")
    ts+=("$s"); ms+=("$m")
  done
  RESULT[$name]="$(printf '%s\n' "${ts[@]}" | median) $(printf '%s\n' "${ms[@]}" | median)"
  # Each case as it ends (a stopped run keeps what it measured).
  echo "$name ${RESULT[$name]}" | tee -a "$OUT/cases.txt" >&2
}

# The flat table of a file: its header's columns, as text.
columns() { head -1 "$1" | tr ';' '\n' | sed 's/.*/"&" TEXT/' | paste -sd, -; }
# The raw service: the staging table holds the file, one statement applies it.
raw_sql() { # mode, key expression of the staging table
  local k='lower(s.email) = lower(contact.email)'
  case $1 in
    update|upsert) echo "UPDATE contact SET first_name = s.first_name, last_name = s.last_name,
        \"criterion:MUSIC\" = s.\"criterion:MUSIC\", \"authorization:NEWSLETTER\" = s.\"authorization:NEWSLETTER\"
        FROM staging s WHERE $k;" ;;
    qualify) echo "UPDATE contact SET \"criterion:MUSIC\" = s.\"criterion:MUSIC\",
        \"authorization:NEWSLETTER\" = s.\"authorization:NEWSLETTER\" FROM staging s WHERE $k;" ;;
    inactivate) echo "UPDATE contact SET status = 'inactive' FROM staging s WHERE $k;" ;;
    anonymize) echo "UPDATE contact SET first_name = '-', last_name = '-', email = NULL, phone = NULL,
        mobile = NULL, birthdate = NULL, address_line1 = NULL, status = 'anonymized' FROM staging s WHERE $k;" ;;
    delete) echo "DELETE FROM contact WHERE lower(email) IN (SELECT lower(email) FROM staging);" ;;
  esac
}

cols=$(columns "$ext")
echo "CREATE TABLE contact ($cols); CREATE INDEX contact_email ON contact (lower(email));" >"$OUT/raw.sql"
for store in $STORES; do
  if [ "$store" = sqlite ]; then
    base="$OUT/base.db"; raw_base="$OUT/raw-base.db"
    if [ ! -f "$base" ]; then
      "$BIN" --db "$base" setup "$OUT/setup.json" >/dev/null
      "$BIN" --db "$base" import "$ext" --quiet
      sqlite3 "$base" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    fi
    new_raw="rm -f $OUT/raw.db; sqlite3 $OUT/raw.db <$OUT/raw.sql"
    if [ ! -f "$raw_base" ]; then
      sqlite3 "$raw_base" <"$OUT/raw.sql"
      sqlite3 "$raw_base" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $ext contact"
      sqlite3 "$raw_base" "ALTER TABLE contact ADD COLUMN status TEXT DEFAULT 'active'; ANALYZE;"
    fi
    run_case sqlite_raw_create "$new_raw" \
      sqlite3 "$OUT/raw.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $ext contact"
    run_case sqlite_create "rm -f $OUT/run.db*; $BIN --db $OUT/run.db setup $OUT/setup.json >/dev/null" \
      "$BIN" --db "$OUT/run.db" import "$ext" --quiet
    run_case parse ":" "$PARSE" "$ext"
    run_case sqlite_dry "rm -f $OUT/run.db*; $BIN --db $OUT/run.db setup $OUT/setup.json >/dev/null" \
      "$BIN" --db "$OUT/run.db" import "$ext" --quiet --dry-run
    for m in $MODES; do
      f="$OUT/$m.csv"
      [ -f "$f" ] || "$BIN" --db "$base" generate --mode "$m" --rows "$N" -o "$f"
      scols=$(columns "$f")
      run_case "sqlite_raw_$m" "cp $raw_base $OUT/raw.db" \
        sqlite3 "$OUT/raw.db" -cmd ".mode csv" -cmd ".separator ;" \
          -cmd "CREATE TABLE staging ($scols);" -cmd ".import --skip 1 $f staging" "$(raw_sql "$m")"
      run_case "sqlite_$m" "rm -f $OUT/run.db*; cp $base $OUT/run.db" \
        "$BIN" --db "$OUT/run.db" import "$f" --mode "$m" --yes --quiet
      if [ "$m" = update ]; then
        run_case sqlite_undo "rm -f $OUT/run.db*; cp $base $OUT/run.db; $BIN --db $OUT/run.db import $f --mode update --quiet" \
          "$BIN" --db "$OUT/run.db" undo 2 --yes
      fi
      if [ "$m" = anonymize ] && [ -f "$OUT/update.csv" ]; then
        run_case sqlite_anonymize_after_update "rm -f $OUT/run.db*; cp $base $OUT/run.db; $BIN --db $OUT/run.db import $OUT/update.csv --mode update --yes --quiet" \
          "$BIN" --db "$OUT/run.db" import "$f" --mode anonymize --yes --quiet
      fi
    done
  else
    db() { echo "$PG/$1"; }
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS intake_modes_base" -qc "CREATE DATABASE intake_modes_base" \
      -qc "DROP DATABASE IF EXISTS intake_modes_raw_base" -qc "CREATE DATABASE intake_modes_raw_base" >/dev/null
    "$BIN" --db "$(db intake_modes_base)" setup "$OUT/setup.json" >/dev/null
    "$BIN" --db "$(db intake_modes_base)" import "$ext" --quiet
    # A base is analysed once it has settled, as autovacuum would.
    psql "$(db intake_modes_base)" -qc "VACUUM ANALYZE" >/dev/null
    psql "$(db intake_modes_raw_base)" -qf "$OUT/raw.sql" \
      -qc "\\copy contact FROM '$ext' WITH (FORMAT csv, DELIMITER ';', HEADER)" \
      -qc "ALTER TABLE contact ADD COLUMN status TEXT DEFAULT 'active'" -qc "VACUUM ANALYZE" >/dev/null
    fresh() { echo "psql $PG/postgres -qc 'DROP DATABASE IF EXISTS $1' -qc 'CREATE DATABASE $1 ${2:+TEMPLATE $2}' >/dev/null"; }
    run_case pg_raw_create "$(fresh intake_modes_run); psql $(db intake_modes_run) -qf $OUT/raw.sql >/dev/null" \
      psql "$(db intake_modes_run)" -qc "\\copy contact FROM '$ext' WITH (FORMAT csv, DELIMITER ';', HEADER)"
    run_case pg_create "$(fresh intake_modes_run); $BIN --db $(db intake_modes_run) setup $OUT/setup.json >/dev/null" \
      "$BIN" --db "$(db intake_modes_run)" import "$ext" --quiet
    for m in $MODES; do
      f="$OUT/$m.csv"
      [ -f "$f" ] || "$BIN" --db "$(db intake_modes_base)" generate --mode "$m" --rows "$N" -o "$f"
      scols=$(columns "$f")
      run_case "pg_raw_$m" "$(fresh intake_modes_run intake_modes_raw_base)" \
        psql "$(db intake_modes_run)" -qc "CREATE TEMP TABLE staging ($scols)" \
          -qc "\\copy staging FROM '$f' WITH (FORMAT csv, DELIMITER ';', HEADER)" -qc "$(raw_sql "$m")"
      run_case "pg_$m" "$(fresh intake_modes_run intake_modes_base)" \
        "$BIN" --db "$(db intake_modes_run)" import "$f" --mode "$m" --yes --quiet
      if [ "$m" = update ]; then
        run_case pg_undo "$(fresh intake_modes_run intake_modes_base); $BIN --db $(db intake_modes_run) import $f --mode update --quiet" \
          "$BIN" --db "$(db intake_modes_run)" undo 2 --yes
      fi
      if [ "$m" = anonymize ] && [ -f "$OUT/update.csv" ]; then
        run_case pg_anonymize_after_update "$(fresh intake_modes_run intake_modes_base); $BIN --db $(db intake_modes_run) import $OUT/update.csv --mode update --yes --quiet" \
          "$BIN" --db "$(db intake_modes_run)" import "$f" --mode anonymize --yes --quiet
      fi
    done
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS intake_modes_run" >/dev/null
  fi
done

echo "rows: $N (extended); machine: $(nproc) cores; sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(psql --version | head -1); runs: $RUNS (medians)"
printf '%-38s %9s %9s %9s %9s %9s\n' case "raw s" "intake s" ratio rows/s "MiB peak"
line() { # label, intake name, raw name
  local s m r
  [ -n "${RESULT[$2]:-}" ] || return 0
  read -r s m <<<"${RESULT[$2]}"
  read -r r _ <<<"${RESULT[$3]}"
  printf '%-38s %9.2f %9.2f %8.2fx %9.0f %9.1f\n' "$1" "$r" "$s" "$(echo "$s / $r" | bc -l)" \
    "$(echo "$N / $s" | bc -l)" "$(echo "$m / 1024" | bc -l)"
}
for store in $STORES; do
  p=$([ "$store" = sqlite ] && echo sqlite || echo pg)
  line "$store: extended create, empty base" "${p}_create" "${p}_raw_create"
  line "$store: dry run (raw: csv parse)" "${p}_dry" parse
  for m in $MODES; do line "$store: $m" "${p}_$m" "${p}_raw_$m"; done
  line "$store: undo of the update (raw: update)" "${p}_undo" "${p}_update"
  line "$store: anonymize after the update" "${p}_anonymize_after_update" "${p}_raw_anonymize"
done
