#!/usr/bin/env bash
# Side-by-side timings of the structure analyses against the reference programs on the 8069-atom
# reference glass: Voronoi vs voro++ (-p -o), RDF vs LAMMPS (read_data + run 0 with compute rdf).
# Usage: bench/structure/run.sh [REPS]   (needs a Release build: dotnet build src/Vitrion.Cli -c Release
# --artifacts-path /tmp/art-structure; set VITRION_DLL to use another build). CLI=0 skips the end-to-end CLI
# runs; ONLY (default voronoi,rdf_4) selects the in-process cases of StructureBench (comma-separated name prefixes);
# BENCH_REPS (default 5) is its best-of count. Single-threaded where fair: DOTNET_PROCESSOR_COUNT=1 limits Vitrion
# to one core; OMP_NUM_THREADS=1 for LAMMPS.
set -euo pipefail
REPS=${1:-3}
ONLY=${ONLY:-voronoi,rdf_4}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GLASS=${GLASS:-$ROOT/data/reference/ariga2022/70Li2S-30P2S5.data}
DLL=${VITRION_DLL:-/tmp/art-structure/bin/Vitrion.Cli/release/vitrion.dll}
BENCH=${BENCH_DLL:-/tmp/art-structure/bin/StructureBench/release/StructureBench.dll}
WORK=$(mktemp -d)
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$WORK"' EXIT
export OMP_NUM_THREADS=1

# Inputs for the reference programs: wrapped positions (voro++), atomic data file (LAMMPS).
python3 - "$GLASS" "$WORK" <<'PY'
import sys
lines = open(sys.argv[1]).read().split('\n')
n = int([l for l in lines if l.strip().endswith(' atoms')][0].split()[0])
lo, hi = [float(v) for v in [l for l in lines if l.strip().endswith('xlo xhi')][0].split()[:2]]
i = [k for k, l in enumerate(lines) if l.startswith('Atoms')][0]
rows = []
for l in lines[i + 2:i + 2 + n]:
    p = l.split()
    rows.append((int(p[0]), int(p[2]), [float(v) for v in p[4:7]]))
# LAMMPS compute rdf takes type ranges only: renumber so that P = 1-3, S = 4-7, Li = 8 (types of the glass:
# P 1,3,6; S 2,4,5,7; Li 8), then Li-S is "8 4*7" and P-S "1*3 4*7".
remap = {1: 1, 3: 2, 6: 3, 2: 4, 4: 5, 5: 6, 7: 7, 8: 8}
rows.sort()
L = hi - lo
with open(sys.argv[2] + '/pts', 'w') as f:
    for a, t, x in rows:
        f.write('%d %r %r %r\n' % (a, *[lo + ((v - lo) % L) for v in x]))
with open(sys.argv[2] + '/g.data', 'w') as f:
    f.write('bench\n\n%d atoms\n8 atom types\n\n' % n)
    for ax in 'xyz':
        f.write('%r %r %slo %shi\n' % (lo, hi, ax, ax))
    f.write('\nMasses\n\n' + ''.join('%d 10.0\n' % t for t in range(1, 9)) + '\nAtoms # atomic\n\n')
    for a, t, x in rows:
        f.write('%d %d %r %r %r\n' % (a, remap[t], *x))
with open(sys.argv[2] + '/box', 'w') as f:
    f.write('%r %r\n' % (lo, hi))
PY
read LO HI < "$WORK/box"
cat > "$WORK/in.rdf" <<LMP
units real
atom_style atomic
boundary p p p
read_data g.data
pair_style zero 12.0
pair_coeff * *
neighbor 1.0 bin
compute r all rdf 200 8 8 8 4*7 1*3 4*7 * * cutoff 10.0
fix f all ave/time 1 1 1 c_r[*] file rdf.out mode vector
run 0
LMP
# The same run without the rdf: LAMMPS start-up, read_data and neighbour list only.
grep -v -e '^compute' -e '^fix' "$WORK/in.rdf" > "$WORK/in.nordf"

t() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1; }
echo "# reps=$REPS, $(nproc --all) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# columns: tool wall_s user_s sys_s"
for r in $(seq "$REPS"); do
  (cd "$WORK" && echo "voro++ $(t voro++ -p -o $LO $HI $LO $HI $LO $HI pts)")
  (cd "$WORK" && echo "lammps_rdf_4partials $(t lmp -in in.rdf -log none -screen none)")
  (cd "$WORK" && echo "lammps_run0_no_rdf $(t lmp -in in.nordf -log none -screen none)")
  # In-process timings (no .NET start-up, JIT or file reading), alternating with the reference programs;
  # BENCH_BASE may name a second StructureBench build (e.g. before a change) to time side by side.
  if [ -f "$BENCH" ]; then DOTNET_PROCESSOR_COUNT=1 dotnet "$BENCH" "$GLASS" "$ONLY" | sed 's/^/inproc /'; fi
  if [ -n "${BENCH_BASE:-}" ]; then DOTNET_PROCESSOR_COUNT=1 dotnet "$BENCH_BASE" "$GLASS" "$ONLY" | sed 's/^/inproc_base /'; fi
  [ "${CLI:-1}" = 0 ] && continue
  echo "vitrion_voronoi_cli_1core $(DOTNET_PROCESSOR_COUNT=1 t dotnet "$DLL" analyze voronoi "$GLASS" --threads 1 --out "$WORK/v.csv")"
  echo "vitrion_rdf_cli_1core $(DOTNET_PROCESSOR_COUNT=1 t dotnet "$DLL" analyze rdf "$GLASS" --pairs 'Li-Li,Li-S,P-S,*-*' --rmax 10 --bins 200 --out "$WORK/r.csv")"
  echo "vitrion_noop_cli $(t dotnet "$DLL" --help)"
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
