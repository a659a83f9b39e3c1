#!/usr/bin/env bash
# `deftab lint` of strace's name lists (src/xlat/*.in) for all 16 targets against a kernel
# tree, against what strace's build does today for one architecture: preprocess each list's
# #From headers with gcc (`gcc -E -dM`, once per list, the host's /usr/include). Prints
# Markdown rows for BENCHMARKS.md and the finding counts. Needs hyperfine and GNU time.
# usage: bench/strace-xlat.sh XLAT_DIR [RUNS]   (XLAT_DIR: strace's src/xlat)
set -euo pipefail
cd "$(dirname "$0")/.."
xlat=$(realpath "${1:?usage: bench/strace-xlat.sh XLAT_DIR [RUNS]}")
runs=${2:-5}
tree=${DEFTAB_KERNEL_TREE:-$(.ci/kernel-tree)}
cargo build --release --quiet
bin=$PWD/target/release/deftab
lists=("$xlat"/*.in)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
echo "lists: ${#lists[@]}, kernel tree: $tree"

# The baseline: one unit per list with its uapi #From headers, x86_64 only.
units=$(mktemp -d)
trap 'rm -rf "$units"' EXIT
for l in "${lists[@]}"; do
	sed -n 's|^#From ||p' "$l" | tr ' ' '\n' | sed -n \
		-e 's|^include/uapi/asm-generic/|#include <asm/|p' \
		-e 's|^include/uapi/\(.*\)|#include <\1|p' | sed 's|$|>|' >"$units/$(basename "$l" .in).c"
done

# lint exits 1 when it finds something: the benchmark measures the work, not the verdict.
hyperfine --warmup 1 --runs "$runs" -N --ignore-failure \
	--export-markdown "$units/bench.md" \
	"$bin lint -q --kernel-tree $tree --targets all ${lists[*]}" \
	"$bin lint -q --kernel-tree $tree --target x86_64 ${lists[*]}" \
	"bash -c 'for u in $units/*.c; do gcc -E -dM \$u >/dev/null 2>&1; done'" \
	>/dev/null
sed -e "s|$bin lint -q --kernel-tree $tree --targets all .*\` |deftab lint --targets all (16 targets)\` |" \
	-e "s|$bin lint -q --kernel-tree $tree --target x86_64 .*\` |deftab lint --target x86_64\` |" \
	-e 's|bash -c .for u in .*done.|gcc -E -dM, one per list (x86_64)|' "$units/bench.md"
echo
/usr/bin/time -f "deftab lint --targets all: wall %e s, CPU %U s user + %S s sys, peak RSS %M KiB" \
	"$bin" lint -q --kernel-tree "$tree" --targets all --format json "${lists[@]}" >"$units/findings.json" || true
echo
echo "findings per kind and target:"
python3 - "$units/findings.json" <<'PY'
import collections, json, sys
counts = collections.Counter()
for table in json.load(open(sys.argv[1])):
    for f in table["findings"]:
        for t in f["targets"]:
            counts[(f["kind"], t)] += 1
kinds = sorted({k for k, _ in counts})
targets = []
for (_, t) in counts:
    if t not in targets:
        targets.append(t)
print("| target | " + " | ".join(kinds) + " |")
print("|---|" + "---:|" * len(kinds))
for t in targets:
    print(f"| {t} | " + " | ".join(str(counts[(k, t)]) for k in kinds) + " |")
PY
