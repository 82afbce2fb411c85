#!/usr/bin/env bash
# Starts the Docker Engine (containerd + dockerd without a bridge) unless one
# already answers, and stops only what it started.
#   scripts/engine.sh start   # prints nothing on success; state in $IMGSLIM_RUN_DIR
#   scripts/engine.sh stop
set -euo pipefail
RUN_DIR=${IMGSLIM_RUN_DIR:-/tmp/imgslim-services}
mkdir -p "$RUN_DIR"
SOCK=/var/run/docker.sock

engine_up() { [ -S "$SOCK" ] && timeout 10 docker version >/dev/null 2>&1; }

start() {
  if engine_up; then echo "engine: already running at unix://$SOCK"; return 0; fi
  if ! pgrep -x containerd >/dev/null; then
    containerd >"$RUN_DIR/containerd.log" 2>&1 &
    echo $! >"$RUN_DIR/containerd.pid"
    for _ in $(seq 50); do [ -S /run/containerd/containerd.sock ] && break; sleep 0.2; done
  fi
  rm -f "$SOCK"
  dockerd --bridge=none --iptables=false --ip6tables=false \
    --containerd=/run/containerd/containerd.sock >"$RUN_DIR/dockerd.log" 2>&1 &
  echo $! >"$RUN_DIR/dockerd.pid"
  for _ in $(seq 120); do engine_up && { echo "engine: started at unix://$SOCK"; return 0; }; sleep 0.5; done
  echo "engine: dockerd did not come up; last log lines:" >&2
  tail -n 20 "$RUN_DIR/dockerd.log" >&2
  return 1
}

stop() {
  for svc in dockerd containerd; do
    f="$RUN_DIR/$svc.pid"
    [ -f "$f" ] || continue
    pid=$(cat "$f"); rm -f "$f"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
