#!/bin/sh
# The test loop, clean: build every test binary and run the tests (a plain `cargo test`,
# without the ignored prerequisite tests) with the `ci` profile and with `--release`, each
# into an empty target directory, one after the other in the same run. Prints wall, user
# and sys seconds and peak RSS per profile (GNU time). Usage: bench/test-loop.sh [SCRATCH]
set -eu
scratch=${1:-/tmp/deftab-test-loop}
cd "$(dirname "$0")/.."
rm -rf "$scratch"
mkdir -p "$scratch"
for profile in ci release; do
    flag="--profile $profile"
    [ "$profile" = release ] && flag=--release
    /usr/bin/time -f "$profile: wall %e s, user %U s, sys %S s, peak RSS %M KiB" \
        -o "$scratch/$profile.time" \
        env CARGO_TARGET_DIR="$scratch/$profile" cargo test $flag --quiet \
        >"$scratch/$profile.log" 2>&1 || echo "$profile: tests failed, see $scratch/$profile.log"
    grep -c '^test result: ok' "$scratch/$profile.log" | sed "s/^/$profile: test binaries passed: /"
    cat "$scratch/$profile.time"
done
