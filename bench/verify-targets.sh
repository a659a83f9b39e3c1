#!/usr/bin/env bash
# Cross-checks every target with its Debian cross compiler: `deftab verify --target T`
# over all linux/*.h of the target's sysroot (the host: /usr/include), one target after the
# other. Prints a Markdown table for BENCHMARKS.md; targets without a compiler or sysroot
# are listed as skipped (apt-get install gcc-<triplet> libc6-dev-<arch>-cross).
# usage: bench/verify-targets.sh [TARGET…]   (default: every target deftab knows)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/deftab
out=target/verify-targets
mkdir -p "$out"
targets=("$@")
((${#targets[@]})) || targets=(x86_64 i386 x32 aarch64 arm riscv64 s390x powerpc64 powerpc64le
	powerpc mips mips64 alpha parisc sparc64 loongarch64)
# target → cross compiler triplet (Debian's gcc-<triplet>).
declare -A cc=([x86_64]=x86_64-linux-gnu [i386]=i686-linux-gnu [x32]=x86_64-linux-gnux32
	[aarch64]=aarch64-linux-gnu [arm]=arm-linux-gnueabihf [riscv64]=riscv64-linux-gnu
	[s390x]=s390x-linux-gnu [powerpc64]=powerpc64-linux-gnu [powerpc64le]=powerpc64le-linux-gnu
	[powerpc]=powerpc-linux-gnu [mips]=mips-linux-gnu [mips64]=mips64-linux-gnuabi64
	[alpha]=alpha-linux-gnu [parisc]=hppa-linux-gnu [sparc64]=sparc64-linux-gnu
	[loongarch64]=loongarch64-linux-gnu)

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%d)"
echo
echo "| target | compiler | headers | constants compared | mismatches | coverage | without struct layouts | records compared | size mismatches | headers the compiler rejects | time |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for t in "${targets[@]}"; do
	triplet=${cc[$t]}
	if [[ $t == x86_64 ]]; then
		include=/usr/include
	else
		include=/usr/$triplet/include
	fi
	if ! command -v "$triplet-gcc" >/dev/null || [[ ! -d $include/linux ]]; then
		echo "| $t | $triplet-gcc | skipped: no compiler or no $include | | | | | | | | |"
		continue
	fi
	start=$(date +%s)
	"$bin" verify --target "$t" --cc "$triplet-gcc" "$include"/linux/*.h \
		>"$out/$t.out" 2>"$out/$t.err" || true
	secs=$(($(date +%s) - start))
	summary=$(grep '^verify: .*headers' "$out/$t.out" | tail -1)
	re='verify: ([0-9]+) headers, ([0-9]+) constants compared, ([0-9]+) mismatches.*coverage ([0-9.]+)%(; ([0-9.]+)% leaving out)?'
	if [[ $summary =~ $re ]]; then
		without=${BASH_REMATCH[6]:-${BASH_REMATCH[4]}}
		row="| $t | $triplet-gcc | ${BASH_REMATCH[1]} | ${BASH_REMATCH[2]} | ${BASH_REMATCH[3]} | ${BASH_REMATCH[4]}% | $without%"
		rejected=$(grep -c "^error: .*\`$triplet-gcc\` cannot" "$out/$t.err" || true)
		records=$(grep '^verify: .*records compared' "$out/$t.out" | tail -1)
		if [[ $records =~ ([0-9]+)\ records\ compared,\ ([0-9]+)\ size\ mismatches ]]; then
			row+=" | ${BASH_REMATCH[1]} | ${BASH_REMATCH[2]}"
		else
			row+=" | | "
		fi
		echo "$row | $rejected | ${secs} s |"
	else
		echo "| $t | $triplet-gcc | no summary: see $out/$t.err | | | | | | | | |"
	fi
done
