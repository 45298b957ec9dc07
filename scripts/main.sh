#!/usr/bin/env bash
# The main job on its small default: build a scale-0.1 model of the Chen 2023 series and run the analyses
# that exist on it and on the force-field authors' reference glass. Output: ./vitrion-out (or $1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/vitrion-out}"
mkdir -p "$out"
v="$root/scripts/vitrion"
ref="$root/../shared/reference/ariga2022/70Li2S-30P2S5.data"
"$v" --help >/dev/null
"$v" build --series chen2023 --p2s6 5 --scale 0.1 --seed 1 -o "$out/glass-p2s6-5.data"
"$v" info "$out/glass-p2s6-5.data"
if [ -f "$ref" ]; then
  "$v" info "$ref" --json > "$out/reference-info.json"
  cat "$out/reference-info.json"
fi
echo "main job finished: results in $out"
