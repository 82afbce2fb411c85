#!/usr/bin/env bash
# The whole test suite, as CI runs it: install, build, start services, run
# every test (ctest), then the whole suite again under AddressSanitizer +
# UBSan (a separate build-asan/; any report fails the run), then stop the
# services this script started.
#   scripts/test.sh                 # build + every test, twice (release, ASan + UBSan)
#   SANITIZE=0 scripts/test.sh      # the release pass only (a quick local check)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/install-deps.sh runtime test
trap 'bash "$root/scripts/services.sh" stop' EXIT
bash scripts/services.sh start

jobs=$(nproc)
# Each test executable's test cases are exactly its ctest entries (none split
# by a name ctest mangles, none lost); each entry in turn fails when it runs
# no test case or a test case asserts nothing (tests/test_main.cpp).
check_entries() {
  local dir=$1 exe area cases entries failed=0
  for exe in "$dir"/tests/test_*; do
    [ -x "$exe" ] || continue
    area=${exe##*/test_}
    cases=$("$exe" --count | sed -n 's/.*unskipped test cases passing the current filters: \([0-9]*\).*/\1/p')
    entries=$(cd "$dir" && ctest -N -R "^$area:" | sed -n 's/^Total Tests: //p')
    echo "test_$area: $cases test cases, $entries ctest entries"
    if [ -z "$cases" ] || [ "$cases" = 0 ] || [ "$cases" != "$entries" ]; then failed=1; fi
  done
  [ $failed = 0 ] || { echo "test cases and ctest entries differ (or an executable has none)" >&2; return 1; }
}

echo "== build (RelWithDebInfo)"
bash scripts/build.sh build -DIMGSLIM_TESTS=ON
echo "== test cases against ctest entries"
check_entries build
echo "== tests"
(cd build && ctest --output-on-failure -j"$jobs" --timeout 1200)

if [ "${SANITIZE:-1}" = 1 ]; then
  echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
  # -O0 with line tables only (-g1): full stack traces in reports, a much
  # lighter compile and link than full debug info.
  bash scripts/build.sh build-asan -DIMGSLIM_TESTS=ON -DIMGSLIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DCMAKE_C_FLAGS_DEBUG=-g1
  echo "== tests under ASan + UBSan"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Declared, not silent: tests labelled engine-bound (tests/CMakeLists.txt) spend
  # their time in the engine, not in imgslim's code; they ran in the release pass.
  left_out=$(cd build-asan && ctest -N -L '^engine-bound$' | sed -n 's/^Total Tests: //p')
  echo "== ASan pass leaves out ${left_out:-0} engine-bound tests (label engine-bound; run in the release pass above)"
  (cd build-asan && ctest --output-on-failure -j"$jobs" --timeout 2400 -LE '^engine-bound$')
fi
