#!/usr/bin/env bash
# Instructions (callgrind) and heap allocations (counting allocator) per render, for every
# contender of every group, in release. Instructions of one render: the difference between a run
# of N2 renders and one of N1, divided by N2 - N1 (process start and lazy initialization cancel).
#
#   tests/bench/run-counts.sh            # every contender
#   tests/bench/run-counts.sh 409        # the contenders whose id contains "409"
#   tests/bench/run-counts.sh 409de      # the translated render (feature `fluent`) and its limit
#
# Needs valgrind. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."

filter="${1:-}"
N1=200
N2=2200

cargo build --release --quiet -p errwire-bench --bins
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/release"

instructions() { # id n -> total instructions of the run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin/render_n" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

allocs=$(mktemp)
trap 'rm -f "$allocs"' EXIT
"$bin/allocs" >"$allocs"

echo "| group | contender | instructions | × limit | allocations | bytes allocated |"
echo "|---|---|---:|---:|---:|---:|"
declare -A limit_ir
for id in $("$bin/render_n" --list); do
  [[ "$id" == *"$filter"* ]] || continue
  group="${id%/*}" name="${id#*/}"
  a=$(instructions "$id" "$N1")
  b=$(instructions "$id" "$N2")
  ir=$(((b - a) / (N2 - N1)))
  [[ "$name" == limit ]] && limit_ir[$group]=$ir
  ratio="–"
  if [[ -n "${limit_ir[$group]:-}" ]]; then
    ratio=$(awk -v x="$ir" -v l="${limit_ir[$group]}" 'BEGIN { printf "%.2f", x / l }')
  fi
  read -r count bytes < <(awk -F'\t' -v id="$id" '$1 == id { print $2, $3 }' "$allocs") || true
  echo "| $group | $name | $ir | $ratio | ${count:-–} | ${bytes:-–} |"
done
