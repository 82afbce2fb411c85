#!/usr/bin/env bash
# Configures and builds imgslim into build/ (or $1); extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths relative to the checkout, so ccache hits across clones and build dirs.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
# With -g, ccache hashes the working directory by default, so no two clones
# ever shared an object; debug info then names the first clone's path.
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
dir=${1:-build}; shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
