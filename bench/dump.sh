#!/usr/bin/env bash
# Whole-process benchmark: `deftab dump` of every /usr/include/linux/*.h against what people
# run today for the same information, `gcc -E -dM` once per header. Prints a Markdown row set
# for BENCHMARKS.md. Needs: hyperfine, GNU time (apt-get install hyperfine time).
# usage: bench/dump.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release --quiet
bin=$PWD/target/release/deftab
headers=(/usr/include/linux/*.h)
echo "headers: ${#headers[@]}"

# deftab exits 2 when some header has an error (a few uapi headers are not self-contained);
# the benchmark measures the work, not the verdict.
hyperfine --warmup 1 --runs "$runs" -N --ignore-failure \
	--export-markdown target/bench-dump.md \
	"$bin dump ${headers[*]}" \
	"bash -c 'for h in ${headers[*]}; do gcc -E -dM -x c \$h >/dev/null 2>&1; done'" \
	>/dev/null
sed -e "s|$bin dump ${headers[*]}|deftab dump /usr/include/linux/*.h|" -e 's|bash -c .for h in .*done.|gcc -E -dM (one per header)|' \
	target/bench-dump.md

peak=$(/usr/bin/time -f %M "$bin" dump "${headers[@]}" 2>&1 >/dev/null | tail -1)
echo
echo "peak RSS of deftab dump: $((peak / 1024)) MiB"
