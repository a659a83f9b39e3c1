#!/usr/bin/env bash
# Byte-identical check for speed work: runs two deftab binaries over the same inputs and
# compares everything they print (stdout, stderr, exit status) and every file they write.
# Inputs: `dump` of every /usr/include/linux/*.h (x86_64) and of the kernel tree's uapi
# linux/*.h for four more targets, text and JSON, -j1 and -j2; every preset; `explain` of a
# few constants of different shapes; `lint` of perf's hand-kept tables (x86_64 and every
# target) and of strace's name lists when a copy is given (STRACE_XLAT=DIR of `.in` files).
# usage: bench/identical.sh OLD_BINARY NEW_BINARY [KERNEL_TREE]
#   (KERNEL_TREE default: target/kernel/linux-source-6.12, which .ci/kernel-tree fetches)
set -uo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
tree=$(cd "${3:-target/kernel/linux-source-6.12}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
fail=0

# run NAME ARGS...: both binaries, then compare stdout, stderr and exit status.
run() {
	local name=$1
	shift
	for side in old new; do
		local bin=$old
		[ "$side" = new ] && bin=$new
		"$bin" "$@" >"$work/$side.out" 2>"$work/$side.err"
		echo $? >"$work/$side.rc"
	done
	for part in out err rc; do
		if ! cmp -s "$work/old.$part" "$work/new.$part"; then
			echo "DIFFERS ($part): $name" >&2
			fail=1
		fi
	done
}

host=(/usr/include/linux/*.h)
uapi=()
for h in "$tree"/include/uapi/linux/*.h; do uapi+=("linux/${h##*/}"); done
for fmt in text json; do
	for j in 1 2; do
		run "dump x86_64 $fmt -j$j" dump --color never -j$j --format $fmt "${host[@]}"
		for t in i386 aarch64 s390x mips64; do
			run "dump $t $fmt -j$j" dump --color never -j$j --format $fmt --target $t \
				--kernel-tree "$tree" "${uapi[@]}"
		done
	done
done

for preset in $("$old" presets | awk '{print $1}'); do
	rm -rf "$work/gen-old" "$work/gen-new"
	mkdir -p "$work/gen-old" "$work/gen-new"
	root=$tree
	[ "$preset" = uapi ] && root=/
	for side in old new; do
		bin=$old
		[ "$side" = new ] && bin=$new
		"$bin" generate --color never --preset "$preset" --root "$root" \
			--out-dir "$work/gen-$side" >"$work/$side.out" 2>"$work/$side.err"
		echo $? >"$work/$side.rc"
	done
	# generate's summary gives its elapsed time: the one part that may differ.
	sed -i -E 's/ \([0-9.]+ s\)//' "$work/old.err" "$work/new.err"
	for part in out err rc; do
		cmp -s "$work/old.$part" "$work/new.$part" ||
			{ echo "DIFFERS ($part): generate $preset" >&2; fail=1; }
	done
	diff -r "$work/gen-old" "$work/gen-new" >/dev/null ||
		{ echo "DIFFERS (files): generate $preset" >&2; fail=1; }
done

for name in O_RDONLY O_CLOEXEC EPOLLET FS_IOC_GETFLAGS PERF_EVENT_IOC_ENABLE SIGRTMIN \
	MAP_HUGE_1GB AF_INET6 NLMSG_HDRLEN BPF_F_ADJ_ROOM_ENCAP_L2_MASK KVM_GET_REGS __NR_close \
	NO_SUCH_NAME; do
	run "explain $name" explain --color never "$name"
	run "explain $name (i386)" explain --color never --target i386 --kernel-tree "$tree" "$name"
done

perf_c=()
for f in "$tree"/tools/perf/builtin-trace.c "$tree"/tools/perf/trace/beauty/*.c "$tree"/tools/perf/util/*.c; do
	[ -f "$f" ] && perf_c+=("$f")
done
if [ ${#perf_c[@]} -gt 0 ]; then
	run "lint perf x86_64" lint --color never --kernel-tree "$tree" "${perf_c[@]}"
	run "lint perf all targets" lint --color never --kernel-tree "$tree" --targets all "${perf_c[@]}"
fi
if [ -n "${STRACE_XLAT:-}" ]; then
	run "lint strace lists" lint --color never --kernel-tree "$tree" "$STRACE_XLAT"/*.in
fi

[ $fail = 0 ] && echo "identical" || echo "DIFFERENT"
exit $fail
