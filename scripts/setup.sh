#!/usr/bin/env bash
# The README's first command: installs what building and running imgslim needs
# (scripts/packages/runtime.txt, nothing of the test suite), builds only the
# `imgslim` executable and the fixture generator that writes the bundled
# example (ccache is used when present), analyzes the example, and prints how
# long each phase took.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}  # share objects across clones (see build.sh)
phases=()
t0=$(date +%s.%N)
phase() {  # phase NAME: the time since the previous phase ends NAME
  local now; now=$(date +%s.%N)
  phases+=("$(printf '%-10s %6.1f s' "$1" "$(echo "$now - $t0" | awk '{print $1 - $3}')")")
  t0=$now
}
bash scripts/install-deps.sh runtime
phase install
# Release at -O2 without debug info (a third less compile time than
# RelWithDebInfo), libraries unity-built (IMGSLIM_UNITY, on by default).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DIMGSLIM_TESTS=OFF >/dev/null
phase configure
cmake --build build -j"$(nproc)" --target first-run   # imgslim and imgslim-fixtures (CMakeLists.txt)
phase build
mkdir -p build/example
./build/imgslim-fixtures example build/example/naive-node.tar
./build/imgslim analyze --push-size docker-archive:build/example/naive-node.tar
phase example
echo
echo "setup: phase times"
printf '  %s\n' "${phases[@]}"
