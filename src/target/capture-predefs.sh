#!/usr/bin/env bash
# Regenerates predefs/TRIPLET.h from each installed Debian cross compiler: what
# `gcc -dM -E` prints for an empty C file, sorted, without the C library's <stdc-predef.h>
# (-nostdinc): deftab reads that file from the target's headers as gcc does (preprocess).
# Usage: src/target/capture-predefs.sh [CC-TRIPLET…]
# i386's file (predefs/i386-linux-gnu.h, multiarch name) comes from i686-linux-gnu-gcc.
# loongarch64 has no Debian 12 cross compiler: its file is written by hand.
set -euo pipefail
cd "$(dirname "$0")/predefs"
triplets=("$@")
((${#triplets[@]})) || triplets=(x86_64-linux-gnu i686-linux-gnu x86_64-linux-gnux32
	aarch64-linux-gnu arm-linux-gnueabihf riscv64-linux-gnu s390x-linux-gnu
	powerpc64-linux-gnu powerpc64le-linux-gnu powerpc-linux-gnu mips-linux-gnu
	mips64-linux-gnuabi64 alpha-linux-gnu hppa-linux-gnu sparc64-linux-gnu)
for t in "${triplets[@]}"; do
	out="$t.h"
	[[ $t == i686-linux-gnu ]] && out=i386-linux-gnu.h
	if ! command -v "$t-gcc" >/dev/null; then
		echo "skip $t: no $t-gcc (apt-get install gcc-$t)" >&2
		continue
	fi
	"$t-gcc" -nostdinc -dM -E -x c /dev/null | LC_ALL=C sort >"$out"
	echo "$out"
done
