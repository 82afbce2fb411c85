#!/usr/bin/env bash
# Starts (or stops) every service the tests need: each scripts/services/NN-*.sh
# in order on start, in reverse order on stop. A service already running is
# reused and left running.
set -euo pipefail
cd "$(dirname "$0")/services"
case "${1:-}" in
  start) for s in $(ls [0-9]*.sh | sort); do echo "== $s start"; bash "$s" start; done ;;
  stop) for s in $(ls [0-9]*.sh | sort -r); do bash "$s" stop || true; done ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
