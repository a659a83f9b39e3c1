#!/usr/bin/env bash
# deftab generate --preset perf-beauty against the 31 tools/perf/trace/beauty scripts it
# reproduces, as whole processes on the same kernel tree (hyperfine).
# usage: bench/perf-beauty.sh [KERNEL_TREE]   (default: target/kernel/linux-source-6.12,
# which .ci/kernel-tree fetches). Builds deftab in release mode first. Prints medians
# (bench/medians.sh; needs jq) and the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$(cd "${1:-target/kernel/linux-source-6.12}" && pwd)
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export LC_ALL=C
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 3 --min-runs 20 -N --export-json target/bench-perf-beauty.json \
	--command-name "deftab generate --preset perf-beauty" \
	"target/release/deftab generate --preset perf-beauty --root $tree --out-dir $out/deftab" \
	--command-name "31 scripts (tests/perf/reference.sh)" \
	"bash tests/perf/reference.sh $tree $out/script" \
	>/dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
bench/medians.sh target/bench-perf-beauty.json
