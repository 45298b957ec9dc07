#!/usr/bin/env bash
# Device check of issue #21 ("A GPU engine"): one short prepared script for the GPU machine (NVIDIA H200, compute
# capability 9.0, 16 cores, no internet). It prints what the machine has, builds (or uses a published copy), lists the
# accelerators, runs the device tests on CUDA, compares the device engine with the CPU engine on the reference glass
# (8069 atoms; PPPM and Ewald: pe within 1e-6 relative, force RMS difference < 1e-6 kcal/mol/Å), runs 10 ps of NVE with
# everything on the device (energy drift), measures steps/s at 8069 and 64 552 atoms (the glass replicated 2x2x2), and
# runs LAMMPS side by side (mpirun -np 16) when lmp is there. Results go to $OUT (the device tool's output folder) or
# ./device-check-out: log.txt, results.json (device-check), tests.txt, lammps.txt.
#
# How it is meant to be run:
#   1. On a development machine (with the .NET 10 SDK and the NuGet feed), make a self-contained copy that needs no
#      SDK on the GPU machine:      bash scripts/device-check.sh --publish
#      This writes publish/device-check.tar.xz (linux-x64, self-contained: device-check, vitrion, the device tests and
#      the reference data; about 30 MB; publish/ is git-ignored, so carry it explicitly).
#   2. On the GPU machine, from the repository root:      bash scripts/device-check.sh
#      e.g. through the device tool: run(command="bash scripts/device-check.sh", carry=["publish/device-check.tar.xz"], timeout_s=540)
#      With the SDK and packages present there it builds from source instead of using the tarball.
# Options: --quick (short runs: a smoke test, e.g. on the CPU accelerator with --device cpu-accelerator), --device KIND.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${OUT:-$root/device-check-out}
mkdir -p "$out"
log="$out/log.txt"
exec > >(tee -a "$log") 2>&1
device=gpu
extra=()
publish=0
for a in "$@"; do
  case "$a" in
    --publish) publish=1 ;;
    --quick) extra+=(--quick) ;;
    --device=*) device=${a#--device=} ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ $publish = 1 ]; then
  command -v dotnet >/dev/null || { echo "dotnet is needed to publish"; exit 3; }
  rm -rf publish/device-check && mkdir -p publish/device-check
  for p in bench/device/DeviceCheck.csproj src/Vitrion.Cli/Vitrion.Cli.csproj tests/Vitrion.Device.Tests/Vitrion.Device.Tests.csproj; do
    dotnet publish "$p" -c Release -r linux-x64 --self-contained -o publish/device-check -v q -nologo || exit 1
  done
  mkdir -p publish/device-check/repo-data && cp -r data/reference data/forcefields publish/device-check/repo-data/
  tar -C publish -cJf publish/device-check.tar.xz device-check && ls -lh publish/device-check.tar.xz
  exit 0
fi

echo "== $(date -u) device check on $(hostname), $(nproc) cores"
echo "== nvidia-smi"
if command -v nvidia-smi >/dev/null; then nvidia-smi; nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv; else echo "nvidia-smi not found"; fi
echo "== CUDA libraries (ILGPU needs only the driver's libcuda.so; cuFFT and NVRTC are not used)"
for l in libcuda.so libcufft.so libnvrtc.so; do
  if ldconfig -p 2>/dev/null | grep -q "$l"; then echo "  $l: $(ldconfig -p | grep "$l" | head -1 | awk '{print $NF}')"; else echo "  $l: not found"; fi
done

# How to run: the published copy if carried, else build from source with the SDK.
bin=""
if [ -f publish/device-check.tar.xz ] && [ ! -d publish/device-check ]; then
  tar -C publish -xJf publish/device-check.tar.xz || echo "could not unpack publish/device-check.tar.xz (is xz installed?)"
fi
if [ -x publish/device-check/device-check ]; then
  bin=$root/publish/device-check
  echo "== using the self-contained copy in publish/device-check"
  check=("$bin/device-check"); vitrion=("$bin/vitrion"); tests=("$bin/Vitrion.Device.Tests")
  data=$bin/repo-data/reference/ariga2022/70Li2S-30P2S5.data
elif command -v dotnet >/dev/null; then
  echo "== dotnet $(dotnet --version): building"
  dotnet build Vitrion.sln -c Release -v q -nologo || { echo "build failed (are the NuGet packages there?)"; exit 1; }
  dotnet build bench/device/DeviceCheck.csproj -c Release -v q -nologo || exit 1
  check=("$root/bench/device/bin/Release/net10.0/device-check"); vitrion=("$root/src/Vitrion.Cli/bin/Release/net10.0/vitrion")
  tests=("$root/tests/Vitrion.Device.Tests/bin/Release/net10.0/Vitrion.Device.Tests")
  data=$root/data/reference/ariga2022/70Li2S-30P2S5.data
else
  echo "dotnet is missing and there is no publish/device-check(.tar.xz): make one with 'bash scripts/device-check.sh --publish' on a machine with the SDK and carry it"
  exit 3
fi

echo "== vitrion info --devices"
"${vitrion[@]}" info --devices

if [ "$device" = gpu ]; then export VITRION_TEST_DEVICE=cuda; fi
echo "== device tests on ${VITRION_TEST_DEVICE:-the CPU accelerator}"
"${tests[@]}" 2>&1 | tee "$out/tests.txt" | tail -40

echo "== device check (the device engine against the CPU engine, NVE drift, throughput)"
"${check[@]}" --device "$device" --data "$data" --out "$out" "${extra[@]}"
rc=$?

echo "== vitrion energy --device $device on the reference glass"
"${vitrion[@]}" energy "$data" --device "$device" --json | tee "$out/energy-device.json"

if command -v lmp >/dev/null; then
  np=$(nproc); [ "$np" -gt 16 ] && np=16
  echo "== LAMMPS side by side: mpirun -np $np lmp, NVE 1000 steps of the reference glass (PPPM 1e-5)"
  deck=$(mktemp -d)
  cat > "$deck/nve.toml" <<TOML
data = "$data"
kspace = "pppm"
accuracy = 1e-5
dt = 1.0
[thermo]
file = "thermo.csv"
every = 100
[[stage]]
name = "nve"
type = "nve"
steps = 1000
TOML
  "${vitrion[@]}" export lammps "$data" --protocol "$deck/nve.toml" -o "$deck/lmp" >/dev/null
  (cd "$deck/lmp" && mpirun --allow-run-as-root -np "$np" lmp -in in.lammps -log none 2>&1 | tee "$out/lammps.txt" | grep -E "Loop time|Performance|^ +[0-9]+ +[-0-9.]" | tail -8)
else
  echo "== lmp not found: no LAMMPS comparison"
fi
echo "== results in $out"
exit $rc
