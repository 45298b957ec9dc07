#!/usr/bin/env bash
# PPPM accuracy and timing on the 8069-atom reference glass, next to LAMMPS (kspace_style pppm 1e-5).
# Coulomb only (pair coul/long 12.0, all pairs, no bonded exclusions) so that the k-space part is isolated.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared=${VITRION_SHARED:-$(cd "$here/../.." && pwd)/data}  # $shared/reference/ariga2022: the in-repository copy unless VITRION_SHARED overrides it
work=$(mktemp -d)
export OMP_NUM_THREADS=1
# charges + positions only (Masses and Atoms sections of the reference data file)
python3 - "$shared/reference/ariga2022/70Li2S-30P2S5.data" "$work/glass_atoms.data" <<'PY'
import sys
L = open(sys.argv[1]).read().split('\n')
a = next(k for k, l in enumerate(L) if l.startswith('Atoms'))
v = next(k for k, l in enumerate(L) if l.startswith('Velocities'))
m = next(k for k, l in enumerate(L) if l.startswith('Masses'))
o = ['charges only', '', '8069 atoms', '8 atom types', ''] + [l for l in L[:15] if ' xlo' in l or ' ylo' in l or ' zlo' in l]
open(sys.argv[2], 'w').write('\n'.join(o + [''] + L[m:m + 11] + L[a:v]) + '\n')
PY
cat > "$work/in.forces" <<'IN'
units real
atom_style full
read_data glass_atoms.data
pair_style coul/long 12.0
pair_coeff * *
kspace_style ${ks} ${acc}
pair_modify table ${tb}
thermo_style custom step pe ecoul elong press
thermo_modify format float %20.10f
dump d all custom 1 forces_${tag}.dump id fx fy fz
dump_modify d sort id format float %20.12g
run 0
IN
cd "$work"
lmp -in in.forces -var ks ewald -var acc 1e-8 -var tb 0 -var tag ewald8 -log log.ewald8 -screen none
lmp -in in.forces -var ks pppm -var acc 1e-5 -var tb 0 -var tag pppm_t0 -log log.pppm_t0 -screen none
lmp -in in.forces -var ks pppm -var acc 1e-5 -var tb 12 -var tag pppm -log log.pppm -screen none
grep -E "G vector|grid =|estimated relative" log.pppm
# LAMMPS Kspace time per step (atoms frozen: timestep 0), 1 rank
sed -e 's/^dump.*//' -e 's/^run 0/timestep 0.0\nfix 1 all nve\nrun 100/' in.forces > in.time
lmp -in in.time -var ks pppm -var acc 1e-5 -var tb 12 -var tag t -log log.time -screen none
grep -A6 "MPI task timing" log.time | grep -E "Kspace|Pair"; grep "Loop time" log.time
dotnet run -c Release --project "$here/PppmBench.csproj" -- "$work/glass_atoms.data" --lammps-dir "$work"
python3 - "$work/forces_ewald8.dump" "$work/forces_pppm.dump" "$work/forces_pppm_t0.dump" <<'PY'
import sys, math
def rd(f):
    L = open(f).read().split('\n'); i = next(k for k, l in enumerate(L) if l.startswith('ITEM: ATOMS'))
    return {int(p[0]): tuple(map(float, p[1:4])) for p in (l.split() for l in L[i + 1:] if l.strip())}
ref = rd(sys.argv[1])
for f in sys.argv[2:]:
    p = rd(f); s = sum(sum((a - b) ** 2 for a, b in zip(v, p[k])) for k, v in ref.items())
    print(f.split('/')[-1], 'LAMMPS PPPM 1e-5 vs Ewald 1e-8: RMS force difference %.6g kcal/mol/A' % math.sqrt(s / len(ref)))
PY
