#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, build, start services, run
# every test (ctest), optionally again under AddressSanitizer + UBSan, then stop
# the services this script started.
#   scripts/test.sh                 # build + every test
#   SANITIZE=1 scripts/test.sh      # then the whole suite again under ASan + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/install-deps.sh
trap 'bash "$root/scripts/services.sh" stop' EXIT
bash scripts/services.sh start

jobs=$(nproc)
echo "== build (RelWithDebInfo)"
bash scripts/build.sh build
echo "== tests"
(cd build && ctest --output-on-failure -j"$jobs" --timeout 1200)

if [ "${SANITIZE:-0}" = 1 ]; then
  echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
  bash scripts/build.sh build-asan -DIMGSLIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  echo "== tests under ASan + UBSan"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j"$jobs" --timeout 2400)
fi
