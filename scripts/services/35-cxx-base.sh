#!/usr/bin/env bash
# The local C++ build base imgslim's own image compiles in
# (imgslim/build-cxx:bookworm, scripts/bases/build-cxx.sh), from this
# machine's Debian packages; fingerprinted, so a second start finds it up to
# date in about a second. Needs the engine (10-engine.sh).
# stop leaves the image in place: it is a cache, not a service.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  start) bash "$here/../bases/build-cxx.sh" ;;
  stop) : ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
