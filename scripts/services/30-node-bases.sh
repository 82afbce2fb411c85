#!/usr/bin/env bash
# Local base images (node:20, node:20-slim, nginx:stable, imgslim/dumb-init:1)
# built from this machine's files by scripts/bases/build.sh; a second start
# finds them up to date in about a second. Needs the engine (10-engine.sh).
# stop leaves the images in place: they are a cache, not a running service.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  start) bash "$here/../bases/build.sh" ;;
  stop) : ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
