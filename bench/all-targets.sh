#!/usr/bin/env bash
# Every linux/*.h for every target in one process (bench/all_targets.rs): wall time on all
# cores and the CPU time it took. Targets read their Debian cross sysroot when installed,
# else the kernel tree (.ci/kernel-tree fetches it). Needs GNU time (apt-get install time).
# usage: bench/all-targets.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
tree=$(.ci/kernel-tree)
cargo build --release --quiet --example all_targets
bin=target/release/examples/all_targets
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
"$bin" "$tree"
for _ in $(seq "$runs"); do
	/usr/bin/time -f "wall %e s, CPU %U s user + %S s sys, peak RSS %M KiB" "$bin" "$tree" 2>&1 |
		tail -2 | tr '\n' ' '
	echo
done
