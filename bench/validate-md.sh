#!/usr/bin/env bash
# MD physics validation side by side with LAMMPS (issue #4 acceptance), on the 8069-atom reference glass,
# PPPM 1e-5, 12 Å, 1 fs, the same settings in both programs:
#   nve : 10 ps NVE from the file's velocities; energy drift (least-squares slope of etotal, and end − start)
#   nvt : NVT 500 K (Tdamp 100 fs), Vitrion only; mean T and its fluctuation against the canonical value
#         σ_T = T·sqrt(2/N_f) (Vitrion's thermo rows are every 10 steps here; LAMMPS is not needed for this)
#   npt : NPT 500 K, 1 atm (Tdamp 100, Pdamp 1000 fs, iso) for 50 ps; mean density over the last 40 ps
# Usage: bench/validate-md.sh [nve] [nvt] [npt]     (default: all three; env NVE_STEPS, NVT_STEPS, NPT_STEPS)
# Prints a table and writes $WORK/summary.json; LAMMPS runs with 2 MPI ranks, Vitrion with 2 threads.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ART="${ART:-/tmp/art-md-bench}"
WORK="${WORK:-$(mktemp -d /tmp/vitrion-md-validate.XXXXXX)}"
FF="$ROOT/data/forcefields/ariga2022.json"
REF="${REF:-$ROOT/data/reference/ariga2022/70Li2S-30P2S5.data}"
NVE_STEPS="${NVE_STEPS:-10000}"; NVT_STEPS="${NVT_STEPS:-20000}"; NPT_STEPS="${NPT_STEPS:-50000}"
export OMP_NUM_THREADS=1
which=("$@"); [[ ${#which[@]} -eq 0 ]] && which=(nve nvt npt)

dotnet build "$ROOT/src/Vitrion.Cli" -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet build "$ROOT/bench/md" -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
VITRION=(dotnet "$ART/bin/Vitrion.Cli/release/vitrion.dll")
DECK=(dotnet "$ART/bin/MdBench/release/MdBench.dll")
echo "work folder: $WORK" >&2

run_lammps() { # $1 name, $2 ensemble, $3 steps
  "${DECK[@]}" "$REF" "$WORK/lmp-$1" "$3" "$FF" "$2" 500 >/dev/null
  (cd "$WORK/lmp-$1" && mpirun --allow-run-as-root -np 2 lmp -in in.lammps -log log.lammps -screen none >/dev/null)
}
run_vitrion() { # $1 name, $2 ensemble, $3 steps, $4 thermo every
  local extra=()
  [[ "$2" != nve ]] && extra=(--temp 500 --press 1 --tdamp 100 --pdamp 1000)
  "${VITRION[@]}" md "$REF" --steps "$3" --ensemble "$2" "${extra[@]}" --threads 2 --forcefield "$FF" \
    --thermo "$4" --log "$WORK/vit-$1.csv" --json > "$WORK/vit-$1.json" 2>/dev/null
}

for w in "${which[@]}"; do
  case "$w" in
    nve) run_lammps nve nve "$NVE_STEPS"; run_vitrion nve nve "$NVE_STEPS" 50 ;;
    nvt) run_vitrion nvt nvt "$NVT_STEPS" 10 ;;
    npt) run_lammps npt npt "$NPT_STEPS"; run_vitrion npt npt "$NPT_STEPS" 50 ;;
  esac
done

python3 - "$WORK" "$NVE_STEPS" "$NPT_STEPS" <<'EOF'
import csv, json, math, os, sys
work, nve_steps, npt_steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
N = 8069
def lammps_rows(path):
    rows, head = [], None
    for line in open(path):
        p = line.split()
        if p[:2] == ["Step", "Temp"]: head = p; continue
        if head and p and p[0] == "Loop": head = None; continue
        if head and len(p) == len(head):
            try: rows.append({k: float(v) for k, v in zip(head, p)})
            except ValueError: pass
    return rows
def vit_rows(path):
    with open(path) as f: return [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
def slope(ts, ys):
    n = len(ts); mt = sum(ts) / n; my = sum(ys) / n
    return sum((t - mt) * (y - my) for t, y in zip(ts, ys)) / sum((t - mt) ** 2 for t in ts)
def stats(xs):
    m = sum(xs) / len(xs); s = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)); return m, s
def block_err(xs, nb=5):
    b = len(xs) // nb
    if b < 2: return float("nan")
    ms = [sum(xs[i*b:(i+1)*b]) / b for i in range(nb)]; return stats(ms)[1] / math.sqrt(nb)
out = {}
if os.path.exists(f"{work}/lmp-nve/log.lammps") and os.path.exists(f"{work}/vit-nve.csv"):
    L = lammps_rows(f"{work}/lmp-nve/log.lammps"); V = vit_rows(f"{work}/vit-nve.csv")
    def drift(ts_fs, es):  # kcal/mol/atom/ns
        return slope([t * 1e-6 for t in ts_fs], es) / N
    lt = [r["Step"] for r in L]; le = [r["TotEng"] for r in L]
    vt = [r["step"] for r in V]; ve = [r["conserved"] for r in V]
    out["nve"] = {
        "lammps": {"drift_kcal_mol_atom_ns": drift(lt, le), "end_minus_start": le[-1] - le[0],
                   "etotal_rms_fluct": stats(le)[1], "samples": len(le)},
        "vitrion": {"drift_kcal_mol_atom_ns": drift(vt, ve), "end_minus_start": ve[-1] - ve[0],
                    "etotal_rms_fluct": stats(ve)[1], "samples": len(ve)}}
if os.path.exists(f"{work}/vit-nvt.csv"):
    V = vit_rows(f"{work}/vit-nvt.csv"); T = [r["temp"] for r in V]
    T = T[len(T) // 5:]  # drop the first 20 % (the file starts from its own velocities)
    m, s = stats(T); nf = 3 * N - 3
    out["nvt"] = {"target": 500.0, "mean_temp": m, "mean_temp_err": block_err(T), "rel_error": (m - 500) / 500,
                  "std_temp": s, "canonical_std": 500 * math.sqrt(2 / nf), "samples": len(T)}
if os.path.exists(f"{work}/lmp-npt/log.lammps") and os.path.exists(f"{work}/vit-npt.csv"):
    L = lammps_rows(f"{work}/lmp-npt/log.lammps"); V = vit_rows(f"{work}/vit-npt.csv")
    start = npt_steps // 5
    ld = [r["Density"] for r in L if r["Step"] >= start]; vd = [r["density"] for r in V if r["step"] >= start]
    lT = [r["Temp"] for r in L if r["Step"] >= start]; vT = [r["temp"] for r in V if r["step"] >= start]
    out["npt"] = {"window_steps": [start, npt_steps],
                  "lammps": {"mean_density": stats(ld)[0], "density_err": block_err(ld), "mean_temp": stats(lT)[0]},
                  "vitrion": {"mean_density": stats(vd)[0], "density_err": block_err(vd), "mean_temp": stats(vT)[0]}}
    out["npt"]["difference"] = out["npt"]["vitrion"]["mean_density"] - out["npt"]["lammps"]["mean_density"]
for name in ("nve", "nvt", "npt"):
    p = f"{work}/vit-{name}.json"
    if os.path.exists(p) and name in out:
        j = json.load(open(p)); out[name]["vitrion_timesteps_per_s"] = j.get("timesteps_per_s")
        out[name]["vitrion_peak_memory_mb"] = j.get("peak_memory_mb")
json.dump(out, open(f"{work}/summary.json", "w"), indent=1)
print(json.dumps(out, indent=1))
EOF
