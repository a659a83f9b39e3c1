#!/usr/bin/env bash
# Syscall tables, as whole processes on the same kernel tree (hyperfine): perf 6.12's way
# (its six mksyscalltbl/syscalltbl.sh scripts, two of them over `gcc -E -dM`:
# tests/perf/syscalltbl-reference.sh) against deftab making the same 8 files
# (`--preset perf-syscalls`) and the syscall tables of all 16 targets in one process
# (`table --targets all --kernel-tree`: the unistd headers made from the .tbl files, read
# through the preprocessor for each target).
# usage: bench/syscalls.sh [KERNEL_TREE] [RUNS]   (default: target/kernel/linux-source-6.12,
# which .ci/kernel-tree fetches; 30 runs). Builds deftab in release mode first.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$(cd "${1:-target/kernel/linux-source-6.12}" && pwd)
runs=${2:-30}
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export LC_ALL=C
hyperfine --warmup 3 --runs "$runs" -N --export-markdown "$out/table.md" \
	--command-name "perf: 6 scripts + 2 gcc -E -dM (tests/perf/syscalltbl-reference.sh)" \
	"bash tests/perf/syscalltbl-reference.sh $tree $out/script" \
	--command-name "deftab generate --preset perf-syscalls (the same 8 files)" \
	"target/release/deftab generate --preset perf-syscalls --root $tree --out-dir $out/deftab" \
	--command-name "deftab table asm/unistd.h --targets all --kernel-tree (16 targets)" \
	"target/release/deftab table asm/unistd.h --included --define __NR_([a-z0-9_]+) --name syscall --targets all --kernel-tree $tree --no-provenance"
cat "$out/table.md"
