#!/usr/bin/env bash
# Installs the reference programs the tests compare against (when missing and we are root), builds in
# Release and runs every test project. Prints one closing line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v lmp >/dev/null 2>&1 || need+=(lammps)
command -v voro++ >/dev/null 2>&1 || need+=(voro++)
command -v ripser >/dev/null 2>&1 || need+=(ripser)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
/usr/bin/python3 -c "import ase" >/dev/null 2>&1 || need+=(python3-ase)
/usr/bin/python3 -c "import sklearn" >/dev/null 2>&1 || need+=(python3-sklearn)
/usr/bin/python3 -c "import gudhi" >/dev/null 2>&1 || need+=(python3-gudhi)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing reference programs: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Reference programs missing (${need[*]}); tests that need them will be skipped with a reason."
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 OMP_NUM_THREADS=1
dotnet build Vitrion.sln -c Release -v q -nologo
log=$(mktemp)
set +e
dotnet test Vitrion.sln -c Release --no-build -v q -nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $rc
