#!/usr/bin/env bash
# The dry run against the csv crate's parse, run in turn so that the
# machine's slow and fast moments fall on both (see BENCHMARKS.md):
#   bash bench/dry-ratio.sh [ROWS] [ROUNDS]   (default 1000000 rows, 11 rounds)
# Prints the median of each and the ratio of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ROUNDS=${2:-11}
# shellcheck source=bench/common.sh
. bench/common.sh
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
parse=() dry=()
for _ in $(seq "$ROUNDS"); do
  parse+=("$(seconds "$PARSE" "$file")")
  rm -f "$OUT"/dry-ratio.db*
  dry+=("$(seconds "$BIN" --db "$OUT/dry-ratio.db" import "$file" --quiet --dry-run)")
done
p=$(printf '%s\n' "${parse[@]}" | median)
d=$(printf '%s\n' "${dry[@]}" | median)
printf 'rows %s, %s rounds: parse %.3f s, dry run %.3f s, ratio %.2f x (goal <= 3 x)\n' "$N" "$ROUNDS" "$p" "$d" "$(echo "$d / $p" | bc -l)"
