#!/usr/bin/env bash
# Whole-process benchmark: `deftab dump` of every /usr/include/linux/*.h against what people
# run today for the same information, `gcc -E -dM` once per header, and the floor: `cat` of
# the headers and the directories they include from. Prints medians as Markdown rows for
# BENCHMARKS.md (bench/medians.sh), with the load average before and after (the machine is
# shared: quote same-run ratios). Needs: hyperfine, jq, GNU time (apt-get install hyperfine jq
# time).
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
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 1 --runs "$runs" -N --ignore-failure \
	--export-json target/bench-dump.json \
	--command-name "deftab dump /usr/include/linux/*.h" "$bin dump ${headers[*]}" \
	--command-name "gcc -E -dM (one per header)" \
	"bash -c 'for h in ${headers[*]}; do gcc -E -dM -x c \$h >/dev/null 2>&1; done'" \
	--command-name "cat of linux/, linux/*/, asm/, asm-generic/ (the floor)" \
	"bash -c 'cat /usr/include/linux/*.h /usr/include/linux/*/*.h /usr/include/x86_64-linux-gnu/asm/*.h /usr/include/asm-generic/*.h >/dev/null'" \
	>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
bench/medians.sh target/bench-dump.json

peak=$(/usr/bin/time -f %M "$bin" dump "${headers[@]}" 2>&1 >/dev/null | tail -1)
echo
echo "peak RSS of deftab dump: $((peak / 1024)) MiB"
