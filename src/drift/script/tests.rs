use super::*;

/// The shape of Linux 6.1's script: `FILES='…'` strings, `$*` passed on unquoted.
const V6_1: &str = r#"#!/bin/sh
FILES='
include/uapi/linux/const.h
include/uapi/sound/asound.h
'

SYNC_CHECK_FILES='
arch/x86/include/asm/inat.h
'

BEAUTY_FILES='
include/linux/socket.h
'

check_2 () {
  file1=$1
  file2=$2

  shift
  shift

  cmd="diff $* $file1 $file2 > /dev/null"

  test -f $file2 && {
    eval $cmd || {
      echo "Warning: Kernel ABI header at '$file1' differs from latest version at '$file2'" >&2
      echo diff -u $file1 $file2
    }
  }
}

check () {
  file=$1

  shift

  check_2 tools/$file $file $*
}

beauty_check () {
  file=$1

  shift

  check_2 tools/perf/trace/beauty/$file $file $*
}

test -d ../../include || exit 0

cd ../..

# simple diff check
for i in $FILES; do
  check $i -B
done

for i in $SYNC_CHECK_FILES; do
  check $i '-I "^.*\/\*.*__ignore_sync_check__.*\*\/.*$"'
done

check arch/x86/include/asm/amd-ibs.h  '-I "^#include [<\"]\(asm/\)*msr-index.h"'
check lib/ctype.c		      '-I "^EXPORT_SYMBOL" -I "^#include <linux/export.h>" -B'
check_2 tools/perf/arch/x86/entry/syscalls/syscall_64.tbl arch/x86/entry/syscalls/syscall_64.tbl

for i in $BEAUTY_FILES; do
  beauty_check $i -B
done

cd tools/perf
"#;

/// The shape of Linux 6.12's: arrays, `"$@"`, an ignore-hunks pair, the failure report.
const V6_12: &str = r#"#!/bin/bash
YELLOW='\033[0;33m'
NC='\033[0m' # No Color

declare -a FILES
FILES=(
  "include/uapi/linux/const.h"
  "include/uapi/drm/drm.h"
)

declare -a BEAUTY_FILES
BEAUTY_FILES=(
  "include/uapi/sound/asound.h"
)

declare -a FAILURES

check_2 () {
  tools_file=$1
  orig_file=$2

  shift
  shift

  cmd="diff $* $tools_file $orig_file > /dev/null"

  if [ -f "$orig_file" ] && ! eval "$cmd"
  then
    FAILURES+=(
      "$tools_file $orig_file"
    )
  fi
}

check () {
  file=$1

  shift

  check_2 "tools/$file" "$file" "$@"
}

beauty_check () {
  file=$1

  shift

  check_2 "tools/perf/trace/beauty/$file" "$file" "$@"
}

check_ignore_some_hunks () {
  orig_file="$1"
  tools_file="tools/$orig_file"
  hunks_to_ignore="tools/perf/check-header_ignore_hunks/$orig_file"

  if [ ! -f "$hunks_to_ignore" ]; then
    echo "$hunks_to_ignore not found. Skipping $orig_file check."
    FAILURES+=(
      "$tools_file $orig_file"
    )
    return
  fi
}

if ! [ -d ../../include ]
then
  echo -e "${YELLOW}Warning${NC}: Skipped check-headers due to missing ../../include"
  exit 0
fi

cd ../..

for i in "${FILES[@]}"
do
  check "$i" -B
done

check include/linux/unaligned.h '-I "^#include <linux/unaligned/packed_struct.h>" -I "^#pragma GCC diagnostic"'

for i in "${BEAUTY_FILES[@]}"
do
  beauty_check "$i" -B
done

check_ignore_some_hunks lib/list_sort.c

cd tools/perf || exit

if [ ${#FAILURES[@]} -gt 0 ]
then
  echo -e "${YELLOW}Warning${NC}: Kernel ABI header differences:"
  for i in "${FAILURES[@]}"
  do
    echo "  diff -u $i"
  done
fi
"#;

fn diff(blank: bool, ignore: &[&str]) -> Comparison {
    Comparison::Diff {
        blank,
        ignore: ignore.iter().map(|s| s.to_string()).collect(),
    }
}

fn shown(pairs: &[Pair]) -> Vec<(String, String, Comparison)> {
    pairs
        .iter()
        .map(|p| (p.copy.clone(), p.original.clone(), p.rule.clone()))
        .collect()
}

fn pair(copy: &str, original: &str, rule: Comparison) -> (String, String, Comparison) {
    (copy.into(), original.into(), rule)
}

#[test]
fn the_older_string_lists_and_unquoted_options_are_read() {
    let got = pairs(V6_1).unwrap();
    let want = [
        pair(
            "tools/include/uapi/linux/const.h",
            "include/uapi/linux/const.h",
            diff(true, &[]),
        ),
        pair(
            "tools/include/uapi/sound/asound.h",
            "include/uapi/sound/asound.h",
            diff(true, &[]),
        ),
        pair(
            "tools/arch/x86/include/asm/inat.h",
            "arch/x86/include/asm/inat.h",
            diff(false, &[r"^.*\/\*.*__ignore_sync_check__.*\*\/.*$"]),
        ),
        pair(
            "tools/arch/x86/include/asm/amd-ibs.h",
            "arch/x86/include/asm/amd-ibs.h",
            diff(false, &[r#"^#include [<"]\(asm/\)*msr-index.h"#]),
        ),
        pair(
            "tools/lib/ctype.c",
            "lib/ctype.c",
            diff(true, &["^EXPORT_SYMBOL", "^#include <linux/export.h>"]),
        ),
        pair(
            "tools/perf/arch/x86/entry/syscalls/syscall_64.tbl",
            "arch/x86/entry/syscalls/syscall_64.tbl",
            diff(false, &[]),
        ),
        pair(
            "tools/perf/trace/beauty/include/linux/socket.h",
            "include/linux/socket.h",
            diff(true, &[]),
        ),
    ];
    assert_eq!(shown(&got), want);
}

#[test]
fn the_arrays_quoted_arguments_and_ignore_hunks_are_read() {
    let got = pairs(V6_12).unwrap();
    let want = [
        pair(
            "tools/include/uapi/linux/const.h",
            "include/uapi/linux/const.h",
            diff(true, &[]),
        ),
        pair(
            "tools/include/uapi/drm/drm.h",
            "include/uapi/drm/drm.h",
            diff(true, &[]),
        ),
        pair(
            "tools/include/linux/unaligned.h",
            "include/linux/unaligned.h",
            diff(
                false,
                &[
                    "^#include <linux/unaligned/packed_struct.h>",
                    "^#pragma GCC diagnostic",
                ],
            ),
        ),
        pair(
            "tools/perf/trace/beauty/include/uapi/sound/asound.h",
            "include/uapi/sound/asound.h",
            diff(true, &[]),
        ),
        pair(
            "tools/lib/list_sort.c",
            "lib/list_sort.c",
            Comparison::IgnoreHunks,
        ),
    ];
    assert_eq!(shown(&got), want);
}

#[test]
fn a_changed_copy_directory_is_followed() {
    let text = V6_12.replace(
        "check_2 \"tools/perf/trace/beauty/$file\"",
        "check_2 \"tools/perf/beauty-copies/$file\"",
    );
    let got = pairs(&text).unwrap();
    assert!(
        got.iter()
            .any(|p| p.copy == "tools/perf/beauty-copies/include/uapi/sound/asound.h"),
        "{got:?}"
    );
}

#[test]
fn what_deftab_cannot_follow_is_an_error_at_its_line() {
    let unknown = V6_12.replace("check \"$i\" -B", "check \"$i\" -w");
    let e = pairs(&unknown).unwrap_err();
    assert_eq!(e.line, 75, "{e}");
    assert!(e.message.contains("`-w`"), "{e}");

    let unset = V6_12.replace("\"${BEAUTY_FILES[@]}\"", "\"${MORE_FILES[@]}\"");
    let e = pairs(&unset).unwrap_err();
    assert!(e.message.contains("$MORE_FILES"), "{e}");

    let conditional = V6_12.replace(
        "check_ignore_some_hunks lib/list_sort.c",
        "if true; then\n  check lib/x.c\nfi",
    );
    let e = pairs(&conditional).unwrap_err();
    assert!(e.message.contains("inside `if`"), "{e}");
    assert_eq!(
        e.to_string(),
        format!("tools/perf/check-headers.sh:{}: {}", e.line, e.message)
    );

    assert!(
        pairs("echo hello\n")
            .unwrap_err()
            .message
            .contains("no check")
    );
    assert_eq!(pairs("FILES='\na.h\n").unwrap_err().line, 1);
}
