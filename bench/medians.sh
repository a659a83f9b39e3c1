#!/usr/bin/env bash
# Prints a hyperfine --export-json file as a Markdown table of medians (the machine is
# shared and noisy: a median is steadier than a mean), each command's median relative to
# the first command's.
# usage: bench/medians.sh RESULTS.json
set -euo pipefail
jq -r '
  (.results[0].median) as $base
  | "| Command | Median [ms] | Min [ms] | Max [ms] | User + sys [ms] | Runs | Median / first |",
    "|:---|---:|---:|---:|---:|---:|---:|",
    (.results[] | "| `\(.command)` | \(.median * 1000 | . * 10 | round / 10) | \(.min * 1000 | . * 10 | round / 10) | \(.max * 1000 | . * 10 | round / 10) | \((.user + .system) * 1000 | round) | \(.times | length) | \(.median / $base | . * 100 | round / 100) |")
' "$1"
