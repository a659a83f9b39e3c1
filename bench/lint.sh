#!/usr/bin/env bash
# deftab lint over all of perf's hand-kept tables (builtin-trace.c, trace/beauty/*.c,
# util/*.c) for all 16 targets, against the same run for one target, as whole processes
# (hyperfine; medians: the machine is shared). Target: under 2 s for 16 targets.
# usage: bench/lint.sh [KERNEL_TREE] [RUNS]   (default: target/kernel/linux-source-6.12,
# which .ci/kernel-tree fetches). Builds deftab in release mode first, unless DEFTAB_BIN
# names the binary to measure.
set -euo pipefail
. "$(dirname "$0")/tree-bench.sh"
files="tools/perf/builtin-trace.c tools/perf/trace/beauty/*.c tools/perf/util/*.c"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
{ "$bin" lint --kernel-tree . --targets all $files 2>&1 >/dev/null || true; } | tail -1
# lint exits 1 when it finds stale tables (it does on 6.12): the benchmark measures the work.
hyperfine --warmup 1 --runs "$runs" -N --ignore-failure --export-json /tmp/deftab-bench-lint.json \
	"$bin lint --kernel-tree . --targets all $files" \
	"$bin lint --kernel-tree . $files" >/dev/null
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$medians" /tmp/deftab-bench-lint.json |
	sed -e "s|$bin lint --kernel-tree . --targets all [^|\`]*|deftab lint --kernel-tree . --targets all (perf files)|" \
		-e "s|$bin lint --kernel-tree . [^|\`]*|deftab lint --kernel-tree . (x86_64 only)|"
