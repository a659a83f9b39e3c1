#!/bin/bash
# perf 6.15+'s all-architecture syscall table (trace/beauty/generated/syscalltbl.c) made with
# the shell tools perf's own `tools/perf/trace/beauty/syscalltbl.sh` uses: `grep -E` for the
# ABIs, `sort -n` by number, names padded with '0' to 20 characters for `sort` and the padding
# stripped by `sed`. Written from the format the issue's data describes, as an oracle
# independent of deftab: tests/perf_syscalltbl.rs first checks that it reproduces the golden
# file (perf's script on Linux 6.12's tables), then runs it on edited tables.
# usage: syscalltbl-6.15-reference.sh TOOLS_DIR OUTFILE   (TOOLS_DIR: a kernel tree's tools/)
set -eu
export LC_ALL=C
tools=$1
out=$2
arch=$tools/perf/arch

# The two arrays of one ELF machine: EM TABLE ABIS (comma-separated).
arrays() {
	local sel="^[0-9]+[[:space:]]+($(printf '%s' "$3" | tr ',' '|'))"
	if [ ! -f "$2" ]; then
		echo "$0: missing $2" >&2
		exit 1
	fi
	printf 'static const char *const syscall_num_to_name_%s[] = {\n' "$1"
	grep -E "$sel" "$2" | sort -n | awk '{ printf "\t[%s] = \"%s\",\n", $1, $3 }'
	printf '};\nstatic const uint16_t syscall_sorted_names_%s[] = {\n' "$1"
	grep -E "$sel" "$2" |
		awk '{ n = $3; while (length(n) < 20) n = n "0"; print n " " $1 }' |
		sort |
		sed 's/\([a-zA-Z1-9]\+\)0\+ \([0-9]\+\)/\1 \2/' |
		awk '{ printf "\t%s,\t/* %s */\n", $2, $1 }'
	printf '};\n'
}

# One machine whose table depends on the word size: EM TABLE ABIS32 ABIS64.
by_bits() {
	echo '#if __BITS_PER_LONG != 64'
	arrays "$1" "$2" "$3"
	echo '#else'
	arrays "$1" "$2" "$4"
	echo '#endif //__BITS_PER_LONG != 64'
}

guard() {
	local g="defined(ALL_SYSCALLTBL)" m
	for m in "$@"; do g="$g || defined($m)"; done
	printf '%s' "$g"
}

entry() {
	printf '       {\n'
	printf '\t      .num_to_name = syscall_num_to_name_%s,\n' "$1"
	printf '\t      .sorted_names = syscall_sorted_names_%s,\n' "$1"
	printf '\t      .e_machine = %s,\n' "$1"
	printf '\t      .num_to_name_len = ARRAY_SIZE(syscall_num_to_name_%s),\n' "$1"
	printf '\t      .sorted_names_len = ARRAY_SIZE(syscall_sorted_names_%s),\n' "$1"
	printf '       },\n'
}

# Each architecture: its guard's macros, then its machines' lines (for `arrays`/`by_bits`),
# then whether a blank line follows its block of arrays.
blocks() {
	block "__alpha__" -- "EM_ALPHA $arch/alpha/entry/syscalls/syscall.tbl common,64" -- blank
	block "__arm__ __aarch64__" -- \
		"EM_ARM $arch/arm/entry/syscalls/syscall.tbl common,32,oabi" \
		"EM_AARCH64 $arch/arm64/entry/syscalls/syscall_64.tbl common,64,renameat,rlimit,memfd_secret" -- blank
	block "__csky__" -- "EM_CSKY $tools/scripts/syscall.tbl common,32,csky,time32,stat64,rlimit" -- blank
	block "__mips__" -- "EM_MIPS $arch/mips/entry/syscalls/syscall_n64.tbl common,64,n64" -- blank
	block "__hppa__" -- "EM_PARISC $arch/parisc/entry/syscalls/syscall.tbl common,32 common,64" -- blank
	block "__powerpc__ __powerpc64__" -- \
		"EM_PPC $arch/powerpc/entry/syscalls/syscall.tbl common,32,nospu" \
		"EM_PPC64 $arch/powerpc/entry/syscalls/syscall.tbl common,64,nospu" -- blank
	block "__riscv" -- \
		"EM_RISCV $tools/scripts/syscall.tbl common,32,riscv,memfd_secret common,64,riscv,rlimit,memfd_secret" -- none
	block "__s390x__" -- "EM_S390 $arch/s390/entry/syscalls/syscall.tbl common,64,renameat,rlimit,memfd_secret" -- blank
	block "__sh__" -- "EM_SH $arch/sh/entry/syscalls/syscall.tbl common,32" -- blank
	block "__sparc64__ __sparc__" -- "EM_SPARC $arch/sparc/entry/syscalls/syscall.tbl common,32 common,64" -- blank
	block "__i386__ __x86_64__" -- \
		"EM_386 $arch/x86/entry/syscalls/syscall_32.tbl common,32,i386" \
		"EM_X86_64 $arch/x86/entry/syscalls/syscall_64.tbl common,64" -- blank
	block "__xtensa__" -- "EM_XTENSA $arch/xtensa/entry/syscalls/syscall.tbl common,32" -- last
}

# block MACROS -- MACHINE... -- blank|none|last, in the mode $mode (arrays or entries).
block() {
	local macros=$1 g m after
	shift 2
	local machines=()
	while [ "$1" != -- ]; do
		machines+=("$1")
		shift
	done
	after=$2
	# shellcheck disable=SC2086
	g=$(guard $macros)
	echo "#if $g"
	for m in "${machines[@]}"; do
		# shellcheck disable=SC2086
		set -- $m
		if [ "$mode" = entries ]; then
			entry "$1"
		elif [ $# = 4 ]; then
			by_bits "$@"
		else
			arrays "$@"
		fi
	done
	echo "#endif // $g"
	if [ "$after" = blank ] || { [ "$mode" = entries ] && [ "$after" = none ]; }; then
		echo
	elif [ "$mode" = arrays ] && [ "$after" = last ]; then
		echo
	fi
}

{
	cat <<'HEAD'
#include <elf.h>
#include <stdint.h>
#include <asm/bitsperlong.h>
#include <linux/kernel.h>

struct syscalltbl {
       const char *const *num_to_name;
       const uint16_t *sorted_names;
       uint16_t e_machine;
       uint16_t num_to_name_len;
       uint16_t sorted_names_len;
};

HEAD
	mode=arrays blocks
	by_bits EM_NONE "$tools/scripts/syscall.tbl" common,32 common,64
	echo 'static const struct syscalltbl syscalltbls[] = {'
	mode=entries blocks
	entry EM_NONE
	echo '};'
} >"$out"
