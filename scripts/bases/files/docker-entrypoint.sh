#!/bin/sh
# Entry point of the local node:20 look-alikes, with the official image's
# behaviour: "docker run IMAGE -e 'code'" or "docker run IMAGE script.js"
# runs node; any other command (npm, sh, ...) runs as given.
set -e
if [ "$#" -eq 0 ]; then set -- node; fi
case "$1" in
  -*) set -- node "$@" ;;
  *)
    if ! command -v "$1" >/dev/null 2>&1 || { [ -f "$1" ] && [ ! -x "$1" ]; }; then
      set -- node "$@"
    fi ;;
esac
exec "$@"
