#!/usr/bin/env bash
# deftab check-headers --impact on a kernel tree (every drifted copy read on both sides, perf's
# presets built from the copies and from the originals, perf's hand-kept tables checked),
# against the byte check alone, as whole processes (hyperfine; medians: the machine is
# shared). Target: --impact under 1 s on Linux 6.12.
# usage: bench/impact.sh [KERNEL_TREE] [RUNS]   (default: target/kernel/linux-source-6.12,
# which .ci/kernel-tree fetches). Builds deftab in release mode first, unless DEFTAB_BIN
# names the binary to measure.
set -euo pipefail
. "$(dirname "$0")/tree-bench.sh"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
"$bin" -q check-headers --impact | tail -1
hyperfine --warmup 1 --runs "$runs" -N --export-json /tmp/deftab-bench-impact.json \
	"$bin -q check-headers --impact" \
	"$bin -q check-headers" >/dev/null
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$medians" /tmp/deftab-bench-impact.json | sed -e "s|$bin|deftab|g"
