#!/usr/bin/env bash
# Per-part MD timings (NVE, 1 fs, PPPM 1e-5, 12 Å, skin 2 Å, velocities from the file) of two builds of bench/perf,
# e.g. the commit before the engine work and now, for the 8069-atom reference glass and a prepared ~800-atom glass,
# at 1 and 2 threads, alternating the builds; prints one markdown table per model (ms per step, median of ROUNDS).
# With 2 threads and the terms side by side in one parallel region (ForceFieldOptions.ConcurrentTerms, the default since
# issue 16), "region" is that region's wall time and pair, sw, kspace, bonded are each term's time summed over the two
# workers (thread-ms); "total" is always the wall time per step. PERF_CONCURRENT=0 gives the terms one after another.
#   bench/perf/parts.sh BEFORE_DLL AFTER_DLL SMALL_DATA [ROUNDS=3]
# Build each with: dotnet build bench/perf/Perf.csproj -c Release --artifacts-path ART  (DLL: ART/bin/Perf/release/Perf.dll)
set -euo pipefail
# The vitrion program runs with tiered compilation off (src/Vitrion.Cli: fully optimised code from the first call); the
# bench harness does the same, so its per-part figures are those of `vitrion md`.
export DOTNET_TieredCompilation=0
before="$1"; after="$2"; small="$3"; rounds="${4:-3}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ref="$ROOT/data/reference/ariga2022/70Li2S-30P2S5.data"
out=$(mktemp)
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); nice ${NICE:-0}"
for model in "ref:$ref:300" "small:$small:3000"; do
  IFS=: read -r name data steps <<<"$model"
  for t in 1 2; do
    for r in $(seq 1 "$rounds"); do
      for b in before after; do
        dll="$before"; [[ "$b" == after ]] && dll="$after"
        (cd "$ROOT" && PERF_MD_STEPS="$steps" nice -n "${NICE:-0}" dotnet "$dll" "$t" 1 simd 0.0 All "$data") \
          | awk -v m="$name" -v t="$t" -v b="$b" -v r="$r" '
              /^md nve/ { for (i = 1; i <= NF; i++) if ($i == "total") print m, t, b, r, "total", $(i+1) }
              /^  md / { print m, t, b, r, $2, $3 }' >> "$out"
      done
    done
  done
done
python3 - "$out" <<'PY'
import sys, statistics as st, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    m, t, b, r, part, v = line.split()
    if part in ("bond", "angle", "dihedral"):
        part = "bonded"
    rows[(m, t, b, r, part)].append(float(v))
agg = collections.defaultdict(list)
for (m, t, b, r, part), vs in rows.items():
    agg[(m, t, b, part)].append(sum(vs))
order = ["pair", "fold", "sw", "kspace", "neigh", "bonded", "region", "integration+other", "total"]
for m in ("ref", "small"):
    print(f"\n{m}: ms per step, median of the rounds (before → after)\n")
    print("| part | 1 thread before | 1 thread after | 2 threads before | 2 threads after |")
    print("|---|---|---|---|---|")
    for part in order:
        cells = []
        for t in ("1", "2"):
            for b in ("before", "after"):
                v = agg.get((m, t, b, part))
                cells.append(f"{st.median(v):.3f}" if v else "—")
        print(f"| {part} | " + " | ".join(cells) + " |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$out"
