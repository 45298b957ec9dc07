#!/usr/bin/env bash
# The main job on its small default: the paper's quick preset end to end (two compositions of the Chen 2023
# series at scale 0.1: build, melt-quench, MD at three temperatures, transport, structure, softness, NEB, homology)
# with report.html and results.json in ./vitrion-out (or $1). Rerun with the same folder to resume.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/vitrion-out}"
resume=()
[ -f "$out/manifest.json" ] && resume=(--resume)
"$root/scripts/vitrion" paper --preset quick -o "$out" "${resume[@]}"
