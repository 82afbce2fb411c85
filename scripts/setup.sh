#!/usr/bin/env bash
# Installs everything imgslim needs, builds it, and runs `imgslim analyze`
# on the bundled example image (a naive Node.js image made by the fixture
# generator, written as a docker-save tarball).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
mkdir -p build/example
./build/imgslim-fixtures example build/example/naive-node.tar
./build/imgslim analyze docker-archive:build/example/naive-node.tar
