#!/usr/bin/env bash
# Local base images (node:20, node:20-slim, nginx:stable, imgslim/dumb-init:1)
# built from this machine's files by scripts/bases/build.sh, and the fixture
# apps' and the project corpus' dependency tarballs (fixtures/apps/generate.mjs,
# fixtures/projects/generate.mjs). Both are cached: a
# second start finds them up to date in seconds. Needs the engine (10-engine.sh).
# stop leaves images and tarballs in place: they are a cache, not a service.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  start)
    node "$here/../../fixtures/apps/generate.mjs"
    flock /tmp/imgslim-fixture-projects.lock node "$here/../../fixtures/projects/generate.mjs"
    bash "$here/../bases/build.sh" ;;
  stop) : ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
