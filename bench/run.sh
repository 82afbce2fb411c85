#!/usr/bin/env bash
# imgslim benchmark: analyze time and memory against the physical limits
# (hashing, reading, inflating the same bytes) and against a peer (umoci).
#
#   bench/run.sh                   # 1 GB / 100k files / 12 layers, 3 runs each
#   bench/run.sh --scale           # also the scale series (0.25, 1, 4 GB)
#   bench/run.sh --live            # only the engine, registry and layer cache figures
#   bench/run.sh --users           # only the users'-shaped image (engine-built Node app, gzip layout)
#   RUNS=5 BENCH_DIR=/var/tmp/b BUILD_DIR=build-x bench/run.sh
#   BUILD=0 BUILD_DIR=build-x bench/run.sh --live   # no install, no build
#
# Images are generated deterministically once and cached in $BENCH_DIR
# (default ~/.cache/imgslim-bench). Prints medians (wall, CPU, peak RSS) and
# the ratios the project targets. Nothing here asserts a time. Every imgslim
# run but the layer cache's own rows reads with --no-cache; the cache rows
# use a cache of their own under $BENCH_DIR, never the user's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-$HOME/.cache/imgslim-bench}
SCALE=0 LIVE_ONLY=0 USERS_ONLY=0
[ "${1:-}" = "--scale" ] && SCALE=1
[ "${1:-}" = "--live" ] && LIVE_ONLY=1
[ "${1:-}" = "--users" ] && USERS_ONLY=1
BUILD_DIR=${BUILD_DIR:-build}

if [ "${BUILD:-1}" = 1 ]; then  # BUILD=0: use the build in $BUILD_DIR as it is
  bash scripts/install-deps.sh runtime test extra
  bash scripts/build.sh "$BUILD_DIR" -DIMGSLIM_TESTS=ON >/dev/null
fi
IMGSLIM="$ROOT/$BUILD_DIR/imgslim"
GEN=$ROOT/$BUILD_DIR/bench/imgslim-bench-gen
export XDG_CACHE_HOME=$BENCH_DIR/xdg  # the cache rows' own cache
CACHE_DIR=$XDG_CACHE_HOME/imgslim/layers
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }

GEN_VERSION=2  # bump when bench/gen_image.cpp changes what it writes
gen() {  # gen NAME BYTES FILES
  local dir=$BENCH_DIR/v$GEN_VERSION-$1
  if [ ! -f "$dir/.done" ]; then
    echo "generating $1 ($2 bytes, $3 files) ..." >&2
    "$GEN" --bytes "$2" --files "$3" --layers 12 --out "$dir" >/dev/null 2>&1
    touch "$dir/.done"
  fi
  echo "$dir"
}

# measure LABEL CMD... -> "wall cpu rss" medians over $RUNS runs (warm cache: one untimed run first)
# measure_once LABEL CMD...: one timed run (the slow peer, minutes a run; its files are already cached)
measure_once() { RUNS=1 WARM=0 measure "$@"; }
measure() {
  local label=$1; shift
  [ "${WARM:-1}" = 1 ] && { bash -c "$*" >/dev/null 2>&1 || true; }
  local walls=() cpus=() rsss=()
  for _ in $(seq "$RUNS"); do
    local out
    out=$( { /usr/bin/time -f "%e %U %S %M" bash -c "$* >/dev/null 2>/dev/null"; } 2>&1 | tail -n 1)
    read -r w u s m <<<"$out"
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc -l)"); rsss+=("$m")
  done
  local mw mc mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  mc=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  mr=$(printf '%s\n' "${rsss[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%s\t%s\t%s\t%s\n' "$label" "$mw" "$mc" "$mr"
}

layers_of() {  # layers_of OCI_DIR -> blob paths of the layers
  local dir=$1 idx man
  man=$(jq -r '.manifests[0].digest' "$dir/index.json" | cut -d: -f2)
  jq -r '.layers[].digest' "$dir/blobs/sha256/$man" | cut -d: -f2 | sed "s|^|$dir/blobs/sha256/|" | tr '\n' ' '
}

table() {  # reads measure lines, prints a table with ratio to the named reference rows
  awk -F'\t' 'BEGIN { printf "| %-44s | %9s | %9s | %10s |\n", "command", "wall s", "cpu s", "peak RSS"; print "|---|---:|---:|---:|" }
              { printf "| %-44s | %9.2f | %9.2f | %7.1f MiB |\n", $1, $2, $3, $4/1024 }'
}

ratio() {  # ratio FILE LABEL_A LABEL_B -> A/B of wall time
  awk -F'\t' -v a="$2" -v b="$3" '$1==a {x=$2} $1==b {y=$2} END { if (y > 0) printf "%.2f", x/y; else print "n/a" }' "$1"
}

run_set() {  # run_set DIR -> prints table + ratios
  local d=$1 res
  res=$(mktemp)
  local tars gz zs
  tars=$(ls "$d"/docker-archive/*/layer.tar | tr '\n' ' ')
  gz=$(layers_of "$d/oci-gzip"); zs=$(layers_of "$d/oci-zstd")
  {
    measure "sha256sum layer tars" "sha256sum $tars"
    measure "cat layer tars > /dev/null" "cat $tars"
    measure "igzip -dc gzip blobs" "igzip -dc $gz"
    measure "gzip -dc gzip blobs" "gzip -dc $gz"
    measure "zstd -dc zstd blobs" "zstd -dc $zs"
    measure_once "umoci raw unpack (oci gzip)" "rm -rf $d/u && umoci raw unpack --rootless --image $d/oci-gzip:latest $d/u; rm -rf $d/u"
    measure_once "umoci raw unpack (oci uncompressed)" "rm -rf $d/u && umoci raw unpack --rootless --image $d/oci-plain:latest $d/u; rm -rf $d/u"
    measure "imgslim analyze oci gzip" "$IMGSLIM analyze oci:$d/oci-gzip --format json --no-cache"
    measure "imgslim analyze oci gzip --no-verify" "$IMGSLIM analyze oci:$d/oci-gzip --format json --no-verify --no-cache"
    measure "imgslim analyze oci zstd" "$IMGSLIM analyze oci:$d/oci-zstd --format json --no-cache"
    measure "imgslim analyze docker-archive" "$IMGSLIM analyze docker-archive:$d/docker-archive.tar --format json --no-cache"
    measure "imgslim analyze docker-archive --no-verify" "$IMGSLIM analyze docker-archive:$d/docker-archive.tar --format json --no-verify --no-cache"
    if $IMGSLIM analyze --help 2>/dev/null | grep -q -- --no-attribution; then
      measure "imgslim analyze oci gzip --no-attribution" "$IMGSLIM analyze oci:$d/oci-gzip --format json --no-attribution --no-cache"
    fi
  } | tee "$res" >/dev/null
  table <"$res"
  echo
  echo "Ratios (wall time; targets in brackets):"
  echo "  gzip layout, verified / igzip -dc          $(ratio "$res" "imgslim analyze oci gzip" "igzip -dc gzip blobs")  [<= 1.0]"
  echo "  zstd layout, verified / zstd -dc           $(ratio "$res" "imgslim analyze oci zstd" "zstd -dc zstd blobs")  [<= 1.2]"
  echo "  docker-archive, verified / sha256sum       $(ratio "$res" "imgslim analyze docker-archive" "sha256sum layer tars")  [<= 1.2]"
  echo "  docker-archive, --no-verify / cat          $(ratio "$res" "imgslim analyze docker-archive --no-verify" "cat layer tars > /dev/null")  [<= 2.0]"
  echo "  umoci gzip / imgslim gzip                  $(ratio "$res" "umoci raw unpack (oci gzip)" "imgslim analyze oci gzip")  [>= 5]"
  echo "  umoci uncompressed / imgslim archive       $(ratio "$res" "umoci raw unpack (oci uncompressed)" "imgslim analyze docker-archive")  [>= 5]"
  if grep -q -- "--no-attribution" "$res"; then
    echo "  attribution cost (with / without)          $(ratio "$res" "imgslim analyze oci gzip" "imgslim analyze oci gzip --no-attribution")"
  fi
  rm -f "$res"
}

live_set() {  # live_set DIR -> the engine and registry sources against the same image from files
  local d=$1 res
  if ! docker info >/dev/null 2>&1; then echo "(no Docker engine: live sources skipped)"; return; fi
  res=$(mktemp)
  local id
  id=$(jq -r '.[0].Config' "$d/docker-archive/manifest.json" 2>/dev/null | sed 's/\.json$//')
  if [ "$(docker image inspect -f '{{.Id}}' bench:latest 2>/dev/null)" != "sha256:$id" ]; then
    docker load -q -i "$d/docker-archive.tar" >/dev/null
  fi
  local registry=0
  if curl -sf http://127.0.0.1:5000/v2/ >/dev/null 2>&1; then
    registry=1
    skopeo copy -q --dest-tls-verify=false "oci:$d/oci-gzip:latest" docker://127.0.0.1:5000/imgslim-bench/main:latest
  fi
  {
    measure "docker save > /dev/null (the engine's export)" "docker save bench:latest"
    measure "imgslim analyze bench:latest (engine store)" "$IMGSLIM analyze bench:latest --format json --no-cache --engine-read store"
    measure "imgslim analyze bench:latest (engine export)" "$IMGSLIM analyze bench:latest --format json --no-cache --engine-read export"
    measure "imgslim analyze docker-archive" "$IMGSLIM analyze docker-archive:$d/docker-archive.tar --format json --no-cache"
    if [ $registry = 1 ]; then
      measure "imgslim analyze docker:// (registry, gzip)" "$IMGSLIM analyze docker://127.0.0.1:5000/imgslim-bench/main:latest --tls-verify=false --format json --no-cache"
      measure "imgslim analyze oci gzip" "$IMGSLIM analyze oci:$d/oci-gzip --format json --no-cache"
    fi
  } | tee "$res" >/dev/null
  table <"$res"
  echo
  echo "Ratios (wall time; targets in brackets):"
  echo "  engine store / docker-archive file         $(ratio "$res" "imgslim analyze bench:latest (engine store)" "imgslim analyze docker-archive")  [<= 1.2]"
  echo "  engine export / docker-archive file        $(ratio "$res" "imgslim analyze bench:latest (engine export)" "imgslim analyze docker-archive")"
  echo "  engine export / the engine's own export    $(ratio "$res" "imgslim analyze bench:latest (engine export)" "docker save > /dev/null (the engine's export)")"
  if [ $registry = 1 ]; then
    echo "  registry / oci gzip layout                 $(ratio "$res" "imgslim analyze docker:// (registry, gzip)" "imgslim analyze oci gzip")  [<= 1.2]"
  fi
  rm -f "$res"
}

cache_set() {  # cache_set DIR -> the layer cache: cold, warm with one small new layer, fully cached
  local d=$1 res ctx top
  if ! docker image inspect bench:latest >/dev/null 2>&1; then echo "(no bench:latest in the engine: cache rows skipped)"; return; fi
  res=$(mktemp)
  # FROM the bench image plus one small layer, as a CI rebuild after a small change.
  ctx=$(mktemp -d)
  head -c 200000 /dev/urandom | base64 >"$ctx/new.txt"
  printf 'FROM bench:latest\nCOPY new.txt /app/new.txt\n' >"$ctx/Dockerfile"
  docker build -q --network none -t bench-top:latest "$ctx" >/dev/null
  rm -rf "$ctx"
  top=$(docker image inspect -f '{{json .RootFS.Layers}}' bench-top:latest | jq -r '.[-1]' | cut -d: -f2)
  {
    measure "cold: analyze bench-top:latest (store, cache filled)" "$IMGSLIM cache prune; $IMGSLIM analyze bench-top:latest --format json"
    measure "warm but the new layer: analyze bench-top:latest" "rm -f $CACHE_DIR/sha256-$top-*.scan; $IMGSLIM analyze bench-top:latest --format json"
    measure "warm, every layer cached: analyze bench-top:latest" "$IMGSLIM analyze bench-top:latest --format json"
    measure "cold, export: analyze bench-top:latest (cache filled)" "$IMGSLIM cache prune; $IMGSLIM analyze bench-top:latest --format json --engine-read export"
    measure "warm but the new layer, export: analyze bench-top:latest" "rm -f $CACHE_DIR/sha256-$top-*.scan; $IMGSLIM analyze bench-top:latest --format json --engine-read export"
  } | tee "$res" >/dev/null
  table <"$res"
  echo
  local cache_bytes tar_bytes
  "$IMGSLIM" cache prune >/dev/null
  "$IMGSLIM" analyze bench:latest --format json -o "$res.json"
  cache_bytes=$("$IMGSLIM" cache info --format json | jq .bytes)
  tar_bytes=$(jq '.tar_bytes' "$res.json" 2>/dev/null || echo 0)
  [ "$tar_bytes" = null ] || [ "$tar_bytes" = 0 ] && tar_bytes=$(stat -c %s "$d/docker-archive.tar")
  echo "Ratios (wall time; targets in brackets):"
  echo "  one new small layer, warm / cold           $(ratio "$res" "warm but the new layer: analyze bench-top:latest" "cold: analyze bench-top:latest (store, cache filled)")  [<= 0.15]"
  echo "  every layer cached / cold                  $(ratio "$res" "warm, every layer cached: analyze bench-top:latest" "cold: analyze bench-top:latest (store, cache filled)")  [<= 0.05]"
  echo "  one new small layer, export, warm / cold   $(ratio "$res" "warm but the new layer, export: analyze bench-top:latest" "cold, export: analyze bench-top:latest (cache filled)")"
  awk -v c="$cache_bytes" -v t="$tar_bytes" 'BEGIN { printf "  cache size per GB of layers                %.2f MB (%d bytes for %.2f GB of layer tars)\n", c / 1e6 / (t / 1e9), c, t / 1e9 }'
  rm -f "$res" "$res.json"
}

users_set() {  # the users'-shaped image: gzip OCI layout against igzip -dc of its blobs
  local d res blobs
  if ! docker info >/dev/null 2>&1; then echo "(no Docker engine: the users'-shaped image cannot be built)"; return; fi
  d=$(bash bench/users-image/build.sh "$BENCH_DIR")
  blobs=$(layers_of "$d")
  res=$(mktemp)
  {
    measure "igzip -dc gzip blobs (users' image)" "igzip -dc $blobs"
    measure "imgslim analyze oci gzip (users' image)" "$IMGSLIM analyze oci:$d --format json --no-cache"
  } | tee "$res" >/dev/null
  echo "$(du -sh "$d/blobs" | cut -f1) of gzip blobs, $(docker image inspect -f '{{.Size}}' bench-users:latest | awk '{printf "%.2f GB", $1 / 1e9}') of layers, $(jq '.layers | length' "$d/blobs/sha256/$(jq -r '.manifests[0].digest' "$d/index.json" | cut -d: -f2)") layers, $("$IMGSLIM" analyze "oci:$d" --format json --no-cache | jq '.final_files') files in the final image"
  echo
  table <"$res"
  echo
  echo "Ratios (wall time; targets in brackets):"
  echo "  users' gzip layout, verified / igzip -dc   $(ratio "$res" "imgslim analyze oci gzip (users' image)" "igzip -dc gzip blobs (users' image)")  [<= 1.0]"
  rm -f "$res"
}

echo "imgslim benchmark — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), median of $RUNS runs, warm page cache"
if [ $USERS_ONLY = 1 ]; then
  echo
  echo "## The users'-shaped image: a naive Express/TypeScript API built by the engine (bench/users-image)"
  echo
  users_set
  exit 0
fi
main=$(gen main-1g 1G 100000)
if [ $LIVE_ONLY = 0 ]; then
  echo
  echo "## ~1 GB, ~100k files, 12 layers ($(du -sh "$main/docker-archive.tar" | cut -f1) uncompressed)"
  echo
  run_set "$main"
fi
echo
echo "## The users'-shaped image: a naive Express/TypeScript API built by the engine (bench/users-image)"
echo
users_set
echo
echo "## Streaming sources: the same image from the Docker engine and a registry"
echo
live_set "$main"
echo
echo "## The layer cache: the bench image plus one small layer, from the engine's store and its export"
echo
cache_set "$main"

if [ $SCALE = 1 ]; then
  echo
  echo "## Scale series: imgslim analyze (oci gzip, verified) against igzip -dc of the same blobs"
  echo
  printf '| %-22s | %9s | %9s | %10s | %10s | %12s |\n|---|---:|---:|---:|---:|---:|\n' "image" "wall s" "cpu s" "peak RSS" "igzip s" "RSS budget"
  scale=$(mktemp)
  for spec in "s025 250000000 25000" "main-1g 1000000000 100000" "s4 4000000000 400000"; do
    read -r name bytes files <<<"$spec"
    d=$(gen "$name" "$bytes" "$files")
    gz=$(layers_of "$d/oci-gzip")
    a=$(measure "x" "$IMGSLIM analyze oci:$d/oci-gzip --format json --no-cache")
    z=$(measure "x" "igzip -dc $gz")
    read -r _ w c r <<<"$a"; read -r _ zw _ _ <<<"$z"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$bytes" "$files" "$w" "$c" "$r" "$zw" >>"$scale"
    awk -v b="$bytes" -v f="$files" -v w="$w" -v c="$c" -v r="$r" -v z="$zw" \
      'BEGIN { budget = 64 + 300 * f / 1048576;  # MiB: 64 MiB + 300 bytes per file entry
               printf "| %5.2f GB / %7d files | %9.2f | %9.2f | %7.1f MiB | %10.2f | %6.1f MiB %s |\n",
                      b/1e9, f, w, c, r/1024, z, budget, (r/1024 <= budget ? "met" : "NOT met") }'
  done
  # Slopes between the smallest and the largest image: time per GB, RSS per file entry.
  awk -F'\t' 'NR==1 {b0=$1; f0=$2; w0=$3; r0=$5} {b1=$1; f1=$2; w1=$3; r1=$5}
       END { printf "\nSlope (0.25 -> 4 GB): %.2f s per GB, %.0f bytes of peak RSS per file entry\n",
                     (w1-w0)/((b1-b0)/1e9), (r1-r0)*1024/(f1-f0) }' "$scale"
  rm -f "$scale"
fi
