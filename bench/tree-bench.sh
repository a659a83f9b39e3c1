# Sourced by the benchmarks that run deftab in a kernel tree (impact.sh, lint.sh): checks the
# tools, sets `medians`, `tree` (arg 1, default target/kernel/linux-source-6.12), `runs`
# (arg 2, default 10) and `bin` (DEFTAB_BIN, else a release build), and enters the tree.
cd "$(dirname "$0")/.."
medians=$PWD/bench/medians.sh
tree=$(cd "${1:-target/kernel/linux-source-6.12}" && pwd)
runs=${2:-10}
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 2; }
if [ -n "${DEFTAB_BIN:-}" ]; then
	bin=$(realpath "$DEFTAB_BIN")
else
	cargo build --release --quiet
	bin=$PWD/target/release/deftab
fi
cd "$tree"
