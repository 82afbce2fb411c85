#!/usr/bin/env bash
# Builds the bench's users'-shaped image once and keeps it:
#   bench/users-image/build.sh BENCH_DIR  -> prints the OCI layout (gzip layers) of bench-users:latest
# The node_modules tree is a real `npm ci` of package-lock.json (from the npm
# registry, once; ~35k files, ~400 MB), the source tree is generated, the
# image is built by the engine FROM the local node:20 (scripts/bases) with
# --network none, and copied to an OCI layout with gzip layers by skopeo.
# Each step is skipped when its output matches its inputs' fingerprint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh BENCH_DIR}/users-image
mkdir -p "$out"
app=$out/app
GEN_VERSION=1  # bump when the generated sources change
lock_sum=$( (sha256sum "$here/package-lock.json"; echo "$GEN_VERSION") | sha256sum | cut -c1-16)
image_sum=$( (echo "$lock_sum"; sha256sum "$here/Dockerfile") | sha256sum | cut -c1-16)

if [ "$(cat "$app/.lock-sum" 2>/dev/null)" != "$lock_sum" ]; then
  echo "users-image: npm ci (~400 MB from the npm registry, once) ..." >&2
  rm -rf "$app" && mkdir -p "$app"
  cp "$here/package.json" "$here/package-lock.json" "$app/"
  (cd "$app" && NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt} \
     npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
  # An API's sources and tests: 40 modules of 25 files each.
  (cd "$app" && node -e '
    const fs = require("fs");
    for (let m = 0; m < 40; m++) for (let f = 0; f < 25; f++) {
      for (const [dir, ext] of [["src", ".ts"], ["tests", ".test.ts"]]) {
        const d = `${dir}/module${m}`; fs.mkdirSync(d, { recursive: true });
        let body = `import { Router } from "express";\nexport const router${f} = Router();\n`;
        for (let r = 0; r < 20; r++) body += `router${f}.get("/m${m}/f${f}/r${r}", (_req, res) => res.json({ module: ${m}, file: ${f}, route: ${r} }));\n`;
        fs.writeFileSync(`${d}/file${f}${ext}`, body);
      }
    }
    fs.mkdirSync("docs", { recursive: true });
    for (let i = 0; i < 30; i++) fs.writeFileSync(`docs/page${i}.md`, "# Page " + i + "\n\n" + "The API answers on /health.\n".repeat(400));
    fs.writeFileSync("tsconfig.json", JSON.stringify({ compilerOptions: { outDir: "dist", strict: true } }, null, 2));')
  echo "$lock_sum" >"$app/.lock-sum"
fi

if [ "$(docker image inspect -f '{{index .Config.Labels "imgslim.bench"}}' bench-users:latest 2>/dev/null)" != "$image_sum" ]; then
  cp "$here/Dockerfile" "$app/Dockerfile"
  echo "users-image: docker build bench-users:latest ..." >&2
  # BuildKit, as users build: buildx when present, else a CLI older than 23 (Debian's /usr/bin/docker).
  if docker buildx version >/dev/null 2>&1; then build=(docker buildx build --load); else build=(/usr/bin/docker build); fi
  DOCKER_BUILDKIT=1 "${build[@]}" -q --network none --label "imgslim.bench=$image_sum" -t bench-users:latest "$app" >/dev/null
fi
id=$(docker image inspect -f '{{.Id}}' bench-users:latest)
if [ "$(cat "$out/oci-gzip/.image-id" 2>/dev/null)" != "$id" ]; then
  echo "users-image: skopeo copy to an OCI layout with gzip layers ..." >&2
  rm -rf "$out/oci-gzip"
  skopeo copy -q --dest-compress --dest-compress-format gzip docker-daemon:bench-users:latest "oci:$out/oci-gzip:latest" >/dev/null
  echo "$id" >"$out/oci-gzip/.image-id"
fi
echo "$out/oci-gzip"
