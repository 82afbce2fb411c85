#!/usr/bin/env python3
"""A registry that misbehaves, for tests/oci/registry/registry_hostile_test.cpp.

Usage: hostile_registry.py MODE LOGFILE

Serves one small real image (test/app:1, one gzip layer) from a registry on
127.0.0.1:PORT1 that wants credentials (imgslim-user:imgslim-pass), and a
second server on 127.0.0.1:PORT2 that answers blob requests without asking
for any. Prints "PORT1 PORT2" on one line once both listen, then serves until
killed. Every request either server receives is appended to LOGFILE as one
JSON line: {"server": 1|2, "method", "path", "authorization": "<header or empty>"}.

Modes:
  redirect        Basic auth on server 1; blob GETs answer 307 to server 2.
  bearer-redirect Bearer auth (token service on server 1 at /token, Basic
                  credentials required there); blob GETs answer 307 to server 2.
  realm-file      /v2/ asks for a Bearer token from realm file:///etc/passwd.
  realm-ftp       /v2/ asks for a Bearer token from realm ftp://127.0.0.1:PORT2/token.
  redirect-file   Basic auth; blob GETs answer 307 to file:///etc/passwd.
  redirect-ftp    Basic auth; blob GETs answer 307 to ftp://127.0.0.1:PORT2/blob.
  error-body      Basic auth; the manifest GET answers 500 with a 64 KiB JSON
                  error message full of terminal escapes and a marker string.
"""
import base64
import gzip
import hashlib
import io
import json
import sys
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE, LOG = sys.argv[1], sys.argv[2]
USER, PASSWORD = "imgslim-user", "imgslim-pass"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
TOKEN = "hostile-test-token"
MARKER = "HOSTILE-BODY-MARKER"
lock = threading.Lock()


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def make_image():
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        content = b"hello from the hostile registry test\n"
        info = tarfile.TarInfo("app/hello.txt")
        info.size, info.mtime, info.mode = len(content), 0, 0o644
        tar.addfile(info, io.BytesIO(content))
    layer_tar = raw.getvalue()
    layer = gzip.compress(layer_tar, mtime=0)
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"Cmd": ["/bin/sh"]},
        "rootfs": {"type": "layers", "diff_ids": [sha(layer_tar)]},
        "history": [{"created_by": "COPY hello.txt /app/ # test"}],
    }).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": sha(layer), "size": len(layer)}],
    }).encode()
    return manifest, {sha(config): config, sha(layer): layer}


MANIFEST, BLOBS = make_image()
PORTS = [0, 0]


class Handler(BaseHTTPRequestHandler):
    server_number = 1
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self):
        line = json.dumps({"server": self.server_number, "method": self.command, "path": self.path,
                           "authorization": self.headers.get("Authorization", "")})
        with lock, open(LOG, "a") as f:
            f.write(line + "\n")

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.record()
        if self.server_number == 2:
            digest = self.path.rsplit("/", 1)[-1]
            if digest in BLOBS:
                return self.send(200, BLOBS[digest], [("Content-Type", "application/octet-stream")])
            return self.send(404)
        return self.registry()

    def challenge(self):
        if MODE == "realm-file":
            return 'Bearer realm="file:///etc/passwd",service="hostile"'
        if MODE == "realm-ftp":
            return f'Bearer realm="ftp://127.0.0.1:{PORTS[1]}/token",service="hostile"'
        if MODE == "bearer-redirect":
            return f'Bearer realm="http://127.0.0.1:{PORTS[0]}/token",service="hostile"'
        return 'Basic realm="hostile"'

    def authorized(self):
        wanted = "Bearer " + TOKEN if MODE == "bearer-redirect" else BASIC
        return self.headers.get("Authorization", "") == wanted

    def registry(self):
        path = self.path.split("?", 1)[0]
        if path == "/token":
            if self.headers.get("Authorization", "") != BASIC:
                return self.send(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}')
            return self.send(200, json.dumps({"token": TOKEN}).encode(), [("Content-Type", "application/json")])
        if not self.authorized():
            body = b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}'
            return self.send(401, body, [("WWW-Authenticate", self.challenge()), ("Content-Type", "application/json")])
        if path == "/v2/":
            return self.send(200, b"{}", [("Content-Type", "application/json")])
        if path.startswith("/v2/test/app/manifests/"):
            if MODE == "error-body":
                message = ("\x1b]0;pwned\x07\x1b[31m" + MARKER + " ") * 2000
                body = json.dumps({"errors": [{"code": "BROKEN\x1b[2J", "message": message}]}).encode()
                return self.send(500, body, [("Content-Type", "application/json")])
            return self.send(200, MANIFEST, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                                             ("Docker-Content-Digest", sha(MANIFEST))])
        if path.startswith("/v2/test/app/blobs/"):
            digest = path.rsplit("/", 1)[-1]
            if digest not in BLOBS:
                return self.send(404)
            if MODE in ("redirect", "bearer-redirect"):
                return self.send(307, b"", [("Location", f"http://127.0.0.1:{PORTS[1]}/blobs/{digest}")])
            if MODE == "redirect-file":
                return self.send(307, b"", [("Location", "file:///etc/passwd")])
            if MODE == "redirect-ftp":
                return self.send(307, b"", [("Location", f"ftp://127.0.0.1:{PORTS[1]}/blob")])
            return self.send(200, BLOBS[digest], [("Content-Type", "application/octet-stream")])
        return self.send(404)


class Second(Handler):
    server_number = 2


def main():
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler), ThreadingHTTPServer(("127.0.0.1", 0), Second)]
    for i, s in enumerate(servers):
        PORTS[i] = s.server_address[1]
        s.daemon_threads = True
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(PORTS[0], PORTS[1], flush=True)
    servers[0].serve_forever()


main()
