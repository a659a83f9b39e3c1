#!/usr/bin/env bash
# Runs one fuzz target for SECONDS, seeding its corpus from the installed kernel headers.
# usage: fuzz/run.sh header|pp_condition|expression|manifest [SECONDS]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable toolchain is enough with
# RUSTC_BOOTSTRAP=1 and `--sanitizer none` (Rust code: the fuzzer looks for panics, hangs, OOM).
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-1800}
corpus=corpus/$target
mkdir -p "$corpus" artifacts/"$target"
if [[ -z $(ls -A "$corpus") ]]; then
	case $target in
	header) cp /usr/include/linux/{fadvise,bpf,fs,kvm,input,if_link,perf_event,ioctl,types,stddef}.h "$corpus"/ ;;
	pp_condition) grep -rhoE '^#\s*(el)?if .*' /usr/include/linux | sed -E 's/^#\s*(el)?if //' |
		sort -u | head -2000 | split -l 1 - "$corpus"/if- ;;
	manifest) cp ../presets/*.toml "$corpus"/ ;;
	expression) grep -rhoE '^#define [A-Z_0-9]+[ \t]+.+' /usr/include/linux | awk '{$1=$2=""; print}' |
		sort -u | head -4000 | split -l 1 - "$corpus"/expr- ;;
	esac
fi
RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O "$target" "$corpus" -- \
	-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	-artifact_prefix=artifacts/"$target"/ -print_final_stats=1
