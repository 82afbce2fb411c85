#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) into build-fuzz/
# and runs each for SECONDS (default 60), seeded from fuzz/seeds/<target>/
# (small hand-written inputs, also replayed by tests/fuzz), fuzz/regressions/,
# the fixtures and ../shared/realworld. Crashes land in build-fuzz/crashes/<target>/: copy each
# into fuzz/regressions/<target>/ once fixed (tests/fuzz runs them).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER=${1:-60}; shift || true
BUILD=$ROOT/build-fuzz
bash scripts/install-deps.sh runtime test extra
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -DIMGSLIM_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cpp; do t=$(basename "$f" .cpp); targets+=("${t#fuzz_}"); done
fi
cmake --build "$BUILD" -j"$(nproc)" --target imgslim-fixtures $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# Small fixture images (and the small hostile cases) for the image seeds.
IMAGES=$BUILD/seed-images
if [ ! -d "$IMAGES" ]; then
  mkdir -p "$IMAGES.tmp"
  for p in links whiteouts compression overwrite docker-types multi-platform; do
    "$BUILD/imgslim-fixtures" preset $p oci "$IMAGES.tmp/$p-oci"
    "$BUILD/imgslim-fixtures" preset $p oci-archive "$IMAGES.tmp/$p.oci.tar"
    "$BUILD/imgslim-fixtures" preset $p docker-archive "$IMAGES.tmp/$p.docker.tar" 2>/dev/null || true
  done
  "$BUILD/imgslim-fixtures" hostile list | awk -F'\t' '$2 == "image" {print $1}' |
    grep -vE 'bomb|million|100mb' | while read -r c; do
      mkdir -p "$IMAGES.tmp/hostile-$c"; "$BUILD/imgslim-fixtures" hostile "$c" "$IMAGES.tmp/hostile-$c" >/dev/null
    done
  mv "$IMAGES.tmp" "$IMAGES"
fi

seed() {  # seed TARGET DIR: initial corpus
  local t=$1 d=$2
  mkdir -p "$d"
  [ -d "fuzz/regressions/$t" ] && cp -n fuzz/regressions/"$t"/* "$d"/ 2>/dev/null || true
  [ -d "fuzz/seeds/$t" ] && cp -rn fuzz/seeds/"$t"/. "$d"/ 2>/dev/null || true
  case $t in
    dockerfile)
      i=0; for f in ../shared/realworld/buildkit-parser-testfiles/*/Dockerfile \
                    ../shared/realworld/buildkit-parser-extra-testdata/*/*/Dockerfile dockerfiles/templates/*.Dockerfile; do
        if [ -f "$f" ]; then cp "$f" "$d/seed-$((i++))"; fi; done ;;
    shell_expand)
      grep -v '^#' ../shared/realworld/buildkit-parser-extra-testdata/shell/envVarTest 2>/dev/null |
        awk -F'|' 'NF>=3 {gsub(/^ +| +$/, "", $2); print $2 > ("'"$d"'/env-" NR)}' || true ;;
    layer|documents)  # the blobs of the fixture layouts: layer tars (plain, gzip, zstd) or JSON documents
      find "$IMAGES" -path '*/blobs/sha256/*' -type f -size -256k | while read -r f; do
        json=no; head -c1 "$f" | grep -q '[{[]' && json=yes
        { [ $t = documents ] && [ $json = yes ]; } || { [ $t = layer ] && [ $json = no ]; } || continue
        cp "$f" "$d/$(basename "$(dirname "$(dirname "$(dirname "$f")")")")-$(basename "$f" | cut -c1-12)"; done ;;
    image_archive)
      find "$IMAGES" -maxdepth 1 -name '*.tar' -size -256k -exec cp {} "$d"/ \; ;;
    compose)
      i=0; for f in fixtures/compose/*/*.yml fixtures/compose/*/*.yaml fixtures/compose/*/*/*.yml; do
        if [ -f "$f" ]; then cp "$f" "$d/seed-$((i++))"; fi; done ;;
    budget) cp ../shared/realworld/images/.dive-ci "$d/dive-ci-upstream" 2>/dev/null || true ;;
  esac
}

printf '%-16s %12s %10s %8s %s\n' target executions cov features crashes
for t in "${targets[@]}"; do
  corpus=$BUILD/corpus/$t; crashes=$BUILD/crashes/$t
  seed "$t" "$corpus"; mkdir -p "$crashes"
  log=$BUILD/fuzz-$t.log
  "$BUILD/fuzz/fuzz_$t" "$corpus" -max_total_time="$SECONDS_PER" -print_final_stats=1 -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix="$crashes/" >"$log" 2>&1 || true
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -aE '#[0-9]+.*cov: ' "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
  ft=$(grep -aE '#[0-9]+.*ft: ' "$log" | tail -1 | sed -E 's/.*ft: ([0-9]+).*/\1/')
  n=$(find "$crashes" -type f | wc -l)
  printf '%-16s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$n"
done
