#!/usr/bin/env bash
# One Li hop, Vitrion NEB vs LAMMPS NEB on the same end states and the same starting images (issue #8):
#   1. vitrion neb DATA --from A --to B --idpp --mobile-radius R --lammps-deck -o WORK  (relaxed ends, IDPP band,
#      climbing-image NEB; writes in.neb.start with the same starting images and in.neb.band with Vitrion's result)
#   2. LAMMPS from the same starting images (independent relaxation): mpirun -np N lmp -partition Nx1 -in in.neb.start
#   3. LAMMPS continuing from Vitrion's relaxed band:                 mpirun -np N lmp -partition Nx1 -in in.neb.band
# and prints the forward/backward barriers of all three. LAMMPS' EBF/EBR are read from the last line of its log.
# Usage: bench/neb/compare-lammps.sh DATA FROM TO [IMAGES=9] [RADIUS=6]   (env WORK, ART)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="$1"; FROM="$2"; TO="$3"; IMAGES="${4:-9}"; RADIUS="${5:-6}"
ART="${ART:-/tmp/art-neb}"
WORK="${WORK:-$(mktemp -d /tmp/vitrion-neb.XXXXXX)}"
dotnet build "$ROOT/src/Vitrion.Cli" -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet "$ART/bin/Vitrion.Cli/release/vitrion.dll" neb "$DATA" --from "$FROM" --to "$TO" --images "$IMAGES" --idpp \
  --mobile-radius "$RADIUS" --threads 2 --lammps-deck -o "$WORK" | grep -v '^  step'
cd "$WORK"
for deck in start band; do
  mpirun --allow-run-as-root --oversubscribe -np "$IMAGES" lmp -partition "${IMAGES}x1" -in "in.neb.$deck" -log "log.$deck" -screen none
done
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
v = json.load(open(f"{w}/summary.json"))
def last(log):
    rows = [l.split() for l in open(log) if l.strip() and l.split()[0].isdigit()]
    r = rows[-1]; return int(r[0]), float(r[6]), float(r[7])
print(f"vitrion              : forward {v['barrier_forward_kcal']:.4f}  backward {v['barrier_backward_kcal']:.4f} kcal/mol  ({v['neb_steps']} steps)")
for d in ("start", "band"):
    s, f, b = last(f"{w}/log.{d}")
    print(f"lammps in.neb.{d:5s}: forward {f:.4f}  backward {b:.4f} kcal/mol  ({s} steps)  "
          f"diff {f - v['barrier_forward_kcal']:+.4f} / {b - v['barrier_backward_kcal']:+.4f}")
PY
echo "work folder: $WORK"
