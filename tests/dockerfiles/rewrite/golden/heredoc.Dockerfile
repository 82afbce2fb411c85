FROM node:20 AS build
WORKDIR /app
RUN <<EOF
set -e
mkdir -p /app/tmp
echo "worker image" > /etc/motd
EOF
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .

FROM node:20 AS prod-deps
WORKDIR /app
RUN <<EOF
set -e
mkdir -p /app/tmp
echo "worker image" > /etc/motd
EOF
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
RUN printf '%s\n' \
        'const fs = require("node:fs");' \
        'const path = require("node:path");' \
        'const folders = ["test", "tests", "__tests__", "example", "examples"];' \
        'const sources = [".md", ".markdown", ".map", ".ts", ".mts", ".cts", ".tsx"];' \
        'const notes = ["changelog", "changes", "history"];' \
        'const loaded = [".js", ".json", ".node", ".cjs", ".mjs"];' \
        'const untouched = ["typescript"];' \
        'let count = 0, bytes = 0;' \
        'function kept(n) {' \
        '  return n === "package.json" || n.startsWith("license") || n.startsWith("licence") || n.startsWith("notice");' \
        '}' \
        'function prunable(name) {' \
        '  const n = name.toLowerCase(), ext = path.extname(n);' \
        '  if (kept(n)) return false;' \
        '  if (sources.includes(ext)) return true;' \
        '  return notes.includes(path.basename(n, ext)) && ["", ".txt", ".rst"].includes(ext);' \
        '}' \
        'function targets(value, out) {' \
        '  if (typeof value === "string") out.push(value);' \
        '  else if (value && typeof value === "object") for (const v of Object.values(value)) targets(v, out);' \
        '  return out;' \
        '}' \
        'function guards(dir) {' \
        '  let json;' \
        '  try { json = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")); } catch { return null; }' \
        '  const g = { exact: [], prefix: [] };' \
        '  for (let t of targets([json.main || "index", json.module, json.bin, json.exports, json.imports], [])) {' \
        '    const star = t.includes("*");' \
        '    t = path.posix.normalize(t.split("*")[0]);' \
        '    while (t.startsWith("./") || t.startsWith("/")) t = t.slice(1);' \
        '    if (t === ".") t = "";' \
        '    (star || t === "" || t.endsWith("/") ? g.prefix : g.exact).push(t);' \
        '  }' \
        '  return g;' \
        '}' \
        'function guarded(rel, g) {' \
        '  const loads = (t) => rel === t || rel.startsWith(t + "/") || loaded.some((x) => rel === t + x);' \
        '  return g.prefix.some((t) => rel.startsWith(t) || t.startsWith(rel + "/")) ||' \
        '    g.exact.some((t) => loads(t) || t.startsWith(rel + "/"));' \
        '}' \
        'function size(p) {' \
        '  const s = fs.lstatSync(p);' \
        '  return s.isDirectory() ? fs.readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0) : s.size;' \
        '}' \
        'function drop(p) {' \
        '  bytes += size(p);' \
        '  count += 1;' \
        '  fs.rmSync(p, { recursive: true, force: true });' \
        '}' \
        'function list(dir) {' \
        '  try { return fs.readdirSync(dir, { withFileTypes: true }); } catch { return []; }' \
        '}' \
        'function files(dir, rel, g) {' \
        '  for (const e of list(dir)) {' \
        '    const p = path.join(dir, e.name), r = rel ? rel + "/" + e.name : e.name;' \
        '    if (e.isDirectory() && e.name === "node_modules") modules(p);' \
        '    else if (e.isDirectory() && folders.includes(e.name.toLowerCase())) { if (!guarded(r, g)) drop(p); }' \
        '    else if (e.isDirectory()) files(p, r, g);' \
        '    else if (e.isFile() && prunable(e.name) && !guarded(r, g)) drop(p);' \
        '  }' \
        '}' \
        'function modules(dir) {' \
        '  for (const e of list(dir)) {' \
        '    const p = path.join(dir, e.name);' \
        '    if (!e.isDirectory()) continue;' \
        '    if (e.name === ".pnpm") for (const s of list(p)) modules(path.join(p, s.name, "node_modules"));' \
        '    else if (e.name.startsWith("@")) modules(p);' \
        '    else if (!e.name.startsWith(".") && !untouched.includes(e.name)) { const g = guards(p); if (g) files(p, "", g); }' \
        '  }' \
        '}' \
        'for (const dir of process.argv.slice(2)) modules(dir);' \
        'console.log("prune-modules: removed " + count + " files and folders, " + bytes + " bytes");' \
        > /tmp/prune-modules.js \
    && node /tmp/prune-modules.js /app/node_modules \
    && rm /tmp/prune-modules.js

FROM node:20-slim AS node-runtime
RUN rm -rf /usr/local/lib/node_modules /usr/local/include/node /opt/corepack /opt/yarn-* \
        /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn \
        /usr/local/bin/yarnpkg /usr/local/bin/pnpm /usr/local/bin/pnpx

FROM scratch
COPY --from=node-runtime / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV NODE_ENV=production
WORKDIR /app
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update \
    && apt-get install -y --no-install-recommends dumb-init
COPY --chown=node:node . .
COPY --chown=node:node --from=prod-deps /app/node_modules ./node_modules
USER node
ENTRYPOINT ["dumb-init", "--"]
CMD ["node", "worker.js"]
