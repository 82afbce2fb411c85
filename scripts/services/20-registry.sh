#!/usr/bin/env bash
# Local registries for the live-source tests (Debian docker-registry):
#   127.0.0.1:5000  anonymous, plain http
#   127.0.0.1:5001  htpasswd basic auth over TLS (self-signed certificate)
#                   user imgslim-user, password imgslim-pass
#   127.0.0.1:5002  Bearer token auth, plain http, with its token service on
#                   127.0.0.1:5003 (20-registry-token-server.py): the same
#                   user gets pull/push, anonymous users pull live/public*
# Storage and state under $IMGSLIM_RUN_DIR/registry (default /tmp). A
# registry already answering on its port is reused; `stop` stops only the
# instances this script started.
set -euo pipefail
RUN_DIR=${IMGSLIM_RUN_DIR:-/tmp/imgslim-services}
DIR=$RUN_DIR/registry
USER_NAME=imgslim-user
USER_PASS=imgslim-pass

up() { # port scheme
  local code
  code=$(curl -ks -o /dev/null -w '%{http_code}' "$2://127.0.0.1:$1/v2/" || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

write_config() { # port extra-yaml
  local port=$1
  mkdir -p "$DIR/$port/storage"
  cat >"$DIR/$port/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/$port/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: imgslim-test-$port
$2
YAML
}

start_one() { # port scheme
  local port=$1 scheme=$2
  if up "$port" "$scheme"; then echo "registry: reusing 127.0.0.1:$port"; return 0; fi
  docker-registry serve "$DIR/$port/config.yml" >"$DIR/$port/log" 2>&1 &
  echo $! >"$DIR/$port/pid"
  for _ in $(seq 100); do up "$port" "$scheme" && { echo "registry: started $scheme://127.0.0.1:$port"; return 0; }; sleep 0.1; done
  echo "registry: 127.0.0.1:$port did not come up:" >&2
  tail -n 20 "$DIR/$port/log" >&2
  return 1
}

start() {
  command -v docker-registry >/dev/null || { echo "registry: docker-registry missing (apt-get install docker-registry)" >&2; return 1; }
  mkdir -p "$DIR"
  write_config 5000 ""
  if [ ! -f "$DIR/tls/cert.pem" ]; then
    mkdir -p "$DIR/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" >/dev/null 2>&1
  fi
  [ -f "$DIR/htpasswd" ] || htpasswd -Bbn "$USER_NAME" "$USER_PASS" >"$DIR/htpasswd"
  write_config 5001 "  tls:
    certificate: $DIR/tls/cert.pem
    key: $DIR/tls/key.pem
auth:
  htpasswd:
    realm: imgslim-test
    path: $DIR/htpasswd"
  write_config 5002 "auth:
  token:
    realm: http://127.0.0.1:5003/token
    service: imgslim-test-registry
    issuer: imgslim-test-issuer
    rootcertbundle: $DIR/tls/cert.pem"
  start_one 5000 http
  start_one 5001 https
  start_token_server
  start_one 5002 http
}

start_token_server() {
  if curl -s -o /dev/null "http://127.0.0.1:5003/token"; then echo "registry: reusing token service 127.0.0.1:5003"; return 0; fi
  mkdir -p "$DIR/5003"
  python3 "$(dirname "$0")/20-registry-token-server.py" 5003 "$DIR/tls/key.pem" "$DIR/tls/cert.pem" \
    "$USER_NAME" "$USER_PASS" >"$DIR/5003/log" 2>&1 &
  echo $! >"$DIR/5003/pid"
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:5003/token" && { echo "registry: started token service 127.0.0.1:5003"; return 0; }; sleep 0.1; done
  echo "registry: the token service did not come up:" >&2
  tail -n 20 "$DIR/5003/log" >&2
  return 1
}

stop() {
  for port in 5002 5003 5000 5001; do
    f="$DIR/$port/pid"
    [ -f "$f" ] || continue
    pid=$(cat "$f"); rm -f "$f"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
