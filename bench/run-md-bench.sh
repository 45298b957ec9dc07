#!/usr/bin/env bash
# Side-by-side MD throughput: Vitrion vs LAMMPS on the same data file with the same settings
# (NVE, 1 fs, PPPM 1e-5, 12 Å cutoff, skin 2 Å, velocities from the file), alternating the two programs
# so that background load hits both alike. Prints timesteps/s of both and their ratio for
#   2 Vitrion threads vs 2 MPI ranks (mpirun --allow-run-as-root -np 2 lmp), and 1 thread vs 1 rank,
# for the 8069-atom reference glass and a prepared ~800-atom model (scale 0.1; SMALL_DATA or the main job's output).
# Both numbers exclude setup: LAMMPS' "Performance: ... timesteps/s" line and Vitrion's --json timesteps_per_s.
# The LAMMPS deck is the one Vitrion writes for users (`export lammps`): LAMMPS' default Coulomb table (no
# pair_modify table 0) and the force-field authors' three-body convention (zero sw cutoff for legs that cannot
# contribute). Each (model, setting) runs ROUNDS alternating rounds; the summary gives the median and range of the
# ratio. The CPU model and the load average (before each pair of runs) are printed with the figures.
# Usage: bench/run-md-bench.sh [STEPS=200] [ROUNDS=3]; env SKIP_SMALL=1 skips the 800-atom model,
# SMALL_STEPS (default 10×STEPS) sets the 800-atom run length.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STEPS="${1:-200}"
ROUNDS="${2:-3}"
SMALL_STEPS="${SMALL_STEPS:-$((10 * STEPS))}"
ART="${ART:-/tmp/art-md-bench}"
WORK="${WORK:-$(mktemp -d /tmp/vitrion-md-bench.XXXXXX)}"
FF="$ROOT/data/forcefields/ariga2022.json"
REF="${REF:-$ROOT/data/reference/ariga2022/70Li2S-30P2S5.data}"
export OMP_NUM_THREADS=1

dotnet build "$ROOT/src/Vitrion.Cli" -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet build "$ROOT/bench/md" -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
VITRION=(dotnet "$ART/bin/Vitrion.Cli/release/vitrion.dll")
DECK=(dotnet "$ART/bin/MdBench/release/MdBench.dll")

models=("ref:$REF")
if [[ "${SKIP_SMALL:-0}" != 1 ]]; then
  # The ~800-atom model: a prepared (melt-quenched) scale-0.1 glass, by default the one the README's main job
  # writes (bash scripts/main.sh → vitrion-out/p2s6-05/prepared.data); a freshly packed model is no benchmark.
  small="${SMALL_DATA:-$ROOT/vitrion-out/p2s6-05/prepared.data}"
  if [[ -f "$small" ]]; then
    models+=("small:$small")
  else
    echo "note: no prepared 800-atom model at $small (run bash scripts/main.sh first, or set SMALL_DATA); benchmarking the reference only" >&2
  fi
fi

# NICE (default 0) runs both programs at that nice level, e.g. NICE=-20 as root on a machine shared with other work.
PRIO=(nice -n "${NICE:-0}")
lammps_tps() { # $1 ranks, $2 deck dir
  local log="$2/log.$1"
  if [[ "$1" == 1 ]]; then (cd "$2" && "${PRIO[@]}" lmp -in in.lammps -log "$log" -screen none >/dev/null)
  else (cd "$2" && "${PRIO[@]}" mpirun --allow-run-as-root -np "$1" lmp -in in.lammps -log "$log" -screen none >/dev/null); fi
  grep -m1 'timesteps/s' "$log" | sed -E 's/.* ([0-9.]+) timesteps\/s.*/\1/'
}
vitrion_tps() { # $1 threads, $2 data, $3 steps
  "${PRIO[@]}" "${VITRION[@]}" md "$2" --steps "$3" --threads "$1" --forcefield "$FF" --thermo 50 --json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["timesteps_per_s"])'
}

echo "nice: ${NICE:-0}"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
results="$WORK/results.tsv"
: > "$results"
printf '%-12s %-18s %-5s %7s %12s %12s %8s\n' model setting round load lammps_tps vitrion_tps ratio
for m in "${models[@]}"; do
  name="${m%%:*}"; data="${m#*:}"
  steps="$STEPS"; [[ "$name" == small ]] && steps="$SMALL_STEPS"
  deck="$WORK/deck-$name"
  "${DECK[@]}" "$data" "$deck" "$steps" "$FF" >/dev/null
  natoms=$(awk '/ atoms$/{print $1; exit}' "$data")
  for pair in "2:2" "1:1"; do
    ranks="${pair%%:*}"; threads="${pair#*:}"
    for r in $(seq 1 "$ROUNDS"); do
      load=$(cut -d' ' -f1 /proc/loadavg)
      if (( r % 2 == 1 )); then l=$(lammps_tps "$ranks" "$deck"); v=$(vitrion_tps "$threads" "$data" "$steps")
      else v=$(vitrion_tps "$threads" "$data" "$steps"); l=$(lammps_tps "$ranks" "$deck"); fi
      ratio=$(python3 -c "print(f'{$v/$l:.3f}')")
      printf '%-12s %-18s %-5s %7s %12s %12.3f %8s\n' "$name($natoms)" "${threads}thr vs ${ranks}rank" "$r" "$load" "$l" "$v" "$ratio"
      printf '%s\t%s\t%s\t%s\t%s\n' "$name($natoms)" "${threads}thr vs ${ranks}rank" "$l" "$v" "$ratio" >> "$results"
    done
  done
done
echo
echo "summary (median [min–max] over $ROUNDS rounds; load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
python3 - "$results" <<'PY'
import sys, statistics as st
rows = {}
for line in open(sys.argv[1]):
    m, s, l, v, r = line.rstrip("\n").split("\t")
    rows.setdefault((m, s), []).append((float(l), float(v), float(r)))
for (m, s), xs in rows.items():
    l = [x[0] for x in xs]; v = [x[1] for x in xs]; r = [x[2] for x in xs]
    print(f"{m:<12} {s:<18} LAMMPS {st.median(l):8.2f} [{min(l):.2f}–{max(l):.2f}]  Vitrion {st.median(v):8.2f} [{min(v):.2f}–{max(v):.2f}] steps/s  ratio {st.median(r):.2f} [{min(r):.2f}–{max(r):.2f}]")
PY
echo "work folder: $WORK (LAMMPS logs and decks)"
