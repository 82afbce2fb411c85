#!/usr/bin/env bash
# Podman's Docker-compatible API service for the live-source tests, at the
# rootful default socket (unix:///run/podman/podman.sock, where imgslim looks
# for `podman:` images). Reused when it already answers; `stop` stops only
# what this script started. Without podman installed it says so and the
# podman tests report that the service is missing.
set -euo pipefail
RUN_DIR=${IMGSLIM_RUN_DIR:-/tmp/imgslim-services}
SOCK=/run/podman/podman.sock
mkdir -p "$RUN_DIR"

up() { [ -S "$SOCK" ] && [ "$(curl -s --max-time 5 --unix-socket "$SOCK" http://d/_ping || true)" = OK ]; }

start() {
  command -v podman >/dev/null || { echo "podman: not installed (apt-get install podman)"; return 0; }
  if up; then echo "podman: reusing unix://$SOCK"; return 0; fi
  mkdir -p "$(dirname "$SOCK")"
  rm -f "$SOCK"
  podman system service --time=0 "unix://$SOCK" >"$RUN_DIR/podman.log" 2>&1 &
  echo $! >"$RUN_DIR/podman.pid"
  for _ in $(seq 100); do up && { echo "podman: started unix://$SOCK"; return 0; }; sleep 0.1; done
  echo "podman: the service did not come up:" >&2
  tail -n 20 "$RUN_DIR/podman.log" >&2
  return 1
}

stop() {
  f="$RUN_DIR/podman.pid"
  [ -f "$f" ] || return 0
  pid=$(cat "$f"); rm -f "$f"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
