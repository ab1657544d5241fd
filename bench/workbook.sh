#!/usr/bin/env bash
# The generated contacts saved as an .xlsx and as an .xlsb (every cell a
# shared string, as Excel keeps typed-in text) and dry-run imported, against
# the dry run of the same rows as CSV, in turn (see BENCHMARKS.md):
#   bash bench/workbook.sh [ROWS] [ROUNDS]   (default 1000000 rows, 5 rounds)
# Prints the medians of seconds and peak memory of each.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ROUNDS=${2:-5}
# shellcheck source=bench/common.sh
. bench/common.sh
cargo build --release --quiet --manifest-path bench/xlsx-of-csv/Cargo.toml
XLSX="$OUT/contacts-$N.xlsx"
[ -f "$XLSX" ] || bench/xlsx-of-csv/target/release/xlsx-of-csv "$file" "$XLSX"
XLSB="$OUT/contacts-$N.xlsb"
[ -f "$XLSB" ] || bench/xlsx-of-csv/target/release/xlsx-of-csv "$file" "$XLSB"
measure() { # prints "seconds max_rss_kib"
  local tmp; tmp=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>&1
  tail -1 "$tmp"; rm -f "$tmp"
}
csv_s=() csv_m=() x_s=() x_m=() b_s=() b_m=()
for _ in $(seq "$ROUNDS"); do
  rm -f "$OUT"/wb.db*
  read -r s m < <(measure "$BIN" --db "$OUT/wb.db" import "$file" --quiet --dry-run)
  csv_s+=("$s"); csv_m+=("$m")
  rm -f "$OUT"/wb.db*
  read -r s m < <(measure "$BIN" --db "$OUT/wb.db" import "$XLSX" --quiet --dry-run)
  x_s+=("$s"); x_m+=("$m")
  rm -f "$OUT"/wb.db*
  read -r s m < <(measure "$BIN" --db "$OUT/wb.db" import "$XLSB" --quiet --dry-run)
  b_s+=("$s"); b_m+=("$m")
done
cs=$(printf '%s\n' "${csv_s[@]}" | median); cm=$(printf '%s\n' "${csv_m[@]}" | median)
xs=$(printf '%s\n' "${x_s[@]}" | median); xm=$(printf '%s\n' "${x_m[@]}" | median)
bs=$(printf '%s\n' "${b_s[@]}" | median); bm=$(printf '%s\n' "${b_m[@]}" | median)
printf 'rows %s, %s rounds: csv dry run %.2f s %d MiB; xlsx (%d MiB file) dry run %.2f s %d MiB; %.2f x the csv\n' \
  "$N" "$ROUNDS" "$cs" "$((cm / 1024))" "$(( $(stat -c %s "$XLSX") / 1048576 ))" "$xs" "$((xm / 1024))" "$(echo "$xs / $cs" | bc -l)"
printf 'xlsb (%d MiB file) dry run %.2f s %d MiB (the reading process counted); %.2f x the csv\n' \
  "$(( $(stat -c %s "$XLSB") / 1048576 ))" "$bs" "$((bm / 1024))" "$(echo "$bs / $cs" | bc -l)"
