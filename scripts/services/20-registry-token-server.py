#!/usr/bin/env python3
"""A small Docker registry token service (the Bearer flow of the
distribution spec) for the live-source tests: GET /token?service=&scope=
with optional Basic auth answers {"token": JWT}. JWTs are RS256, signed with
`openssl dgst` using the key whose self-signed certificate the registry
trusts (rootcertbundle) and carried in the x5c header.
  valid Basic credentials  -> pull,push on the requested repository
  anonymous                -> pull on repositories under live/public
  wrong credentials        -> 401
Usage: 20-registry-token-server.py PORT KEY.pem CERT.pem USER PASSWORD
"""
import base64
import json
import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT, KEY, CERT, USER, PASSWORD = sys.argv[1:6]
ISSUER, SERVICE = "imgslim-test-issuer", "imgslim-test-registry"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def cert_der_b64() -> str:
    der = subprocess.run(["openssl", "x509", "-in", CERT, "-outform", "DER"], check=True,
                         capture_output=True).stdout
    return base64.b64encode(der).decode()


X5C = cert_der_b64()


def sign(claims: dict) -> str:
    header = {"typ": "JWT", "alg": "RS256", "x5c": [X5C]}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY], input=signing_input.encode(),
                         check=True, capture_output=True).stdout
    return signing_input + "." + b64url(sig)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/token":
            return self.reply(404, {"errors": [{"code": "NOT_FOUND"}]})
        query = parse_qs(url.query)
        user = None
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                name, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            except Exception:
                return self.reply(400, {"details": "bad Authorization header"})
            if name != USER or secret != PASSWORD:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid username or password"}]})
            user = name
        access = []
        for scope in query.get("scope", []):
            for one in scope.split(" "):
                parts = one.split(":")
                if len(parts) != 3 or parts[0] != "repository":
                    continue
                actions = parts[2].split(",")
                if user:
                    granted = [a for a in actions if a in ("pull", "push")]
                elif parts[1].startswith("live/public"):
                    granted = [a for a in actions if a == "pull"]
                else:
                    granted = []
                access.append({"type": "repository", "name": parts[1], "actions": granted})
        now = int(time.time())
        claims = {"iss": ISSUER, "sub": user or "", "aud": query.get("service", [SERVICE])[0],
                  "exp": now + 600, "nbf": now - 30, "iat": now, "jti": b64url(os.urandom(12)),
                  "access": access}
        self.reply(200, {"token": sign(claims), "expires_in": 600})


ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler).serve_forever()
