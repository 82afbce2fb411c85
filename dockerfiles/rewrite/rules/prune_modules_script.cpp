// The node script the prune-modules rule runs in the stage that installs
// the runtime's node_modules (data, not code of imgslim): it deletes what no
// running app reads (Markdown, changelogs, source maps, TypeScript sources and
// .d.ts files, test and example folders) from every package it finds,
// including pnpm's .pnpm store and nested node_modules, and keeps each
// package's package.json, LICENSE*/NOTICE* and every file its main, module,
// bin, exports or imports can load. Symbolic links are never followed nor
// removed; a package without a readable package.json, and typescript (whose
// compiler reads its own .d.ts files), are left whole. It prints one line:
// "prune-modules: removed N files and folders, B bytes".
// Written so that it survives a single-quoted printf word: no quote, no backslash.
#include <string>
#include <vector>

#include "dockerfiles/rewrite/rules/rules.h"

namespace imgslim::dockerfiles {

const std::vector<std::string>& prune_modules_script() {
  static const std::vector<std::string> lines = {
      "const fs = require(\"node:fs\");",
      "const path = require(\"node:path\");",
      "const folders = [\"test\", \"tests\", \"__tests__\", \"example\", \"examples\"];",
      "const sources = [\".md\", \".markdown\", \".map\", \".ts\", \".mts\", \".cts\", \".tsx\"];",
      "const notes = [\"changelog\", \"changes\", \"history\"];",
      "const loaded = [\".js\", \".json\", \".node\", \".cjs\", \".mjs\"];",
      "const untouched = [\"typescript\"];",
      "let count = 0, bytes = 0;",
      "function kept(n) {",
      "  return n === \"package.json\" || n.startsWith(\"license\") || n.startsWith(\"licence\") || n.startsWith(\"notice\");",
      "}",
      "function prunable(name) {",
      "  const n = name.toLowerCase(), ext = path.extname(n);",
      "  if (kept(n)) return false;",
      "  if (sources.includes(ext)) return true;",
      "  return notes.includes(path.basename(n, ext)) && [\"\", \".txt\", \".rst\"].includes(ext);",
      "}",
      "function targets(value, out) {",
      "  if (typeof value === \"string\") out.push(value);",
      "  else if (value && typeof value === \"object\") for (const v of Object.values(value)) targets(v, out);",
      "  return out;",
      "}",
      "function guards(dir) {",
      "  let json;",
      "  try { json = JSON.parse(fs.readFileSync(path.join(dir, \"package.json\"), \"utf8\")); } catch { return null; }",
      "  const g = { exact: [], prefix: [] };",
      "  for (let t of targets([json.main || \"index\", json.module, json.bin, json.exports, json.imports], [])) {",
      "    const star = t.includes(\"*\");",
      "    t = path.posix.normalize(t.split(\"*\")[0]);",
      "    while (t.startsWith(\"./\") || t.startsWith(\"/\")) t = t.slice(1);",
      "    if (t === \".\") t = \"\";",
      "    (star || t === \"\" || t.endsWith(\"/\") ? g.prefix : g.exact).push(t);",
      "  }",
      "  return g;",
      "}",
      "function guarded(rel, g) {",
      "  const loads = (t) => rel === t || rel.startsWith(t + \"/\") || loaded.some((x) => rel === t + x);",
      "  return g.prefix.some((t) => rel.startsWith(t) || t.startsWith(rel + \"/\")) ||",
      "    g.exact.some((t) => loads(t) || t.startsWith(rel + \"/\"));",
      "}",
      "function size(p) {",
      "  const s = fs.lstatSync(p);",
      "  return s.isDirectory() ? fs.readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0) : s.size;",
      "}",
      "function drop(p) {",
      "  bytes += size(p);",
      "  count += 1;",
      "  fs.rmSync(p, { recursive: true, force: true });",
      "}",
      "function list(dir) {",
      "  try { return fs.readdirSync(dir, { withFileTypes: true }); } catch { return []; }",
      "}",
      "function files(dir, rel, g) {",
      "  for (const e of list(dir)) {",
      "    const p = path.join(dir, e.name), r = rel ? rel + \"/\" + e.name : e.name;",
      "    if (e.isDirectory() && e.name === \"node_modules\") modules(p);",
      "    else if (e.isDirectory() && folders.includes(e.name.toLowerCase())) { if (!guarded(r, g)) drop(p); }",
      "    else if (e.isDirectory()) files(p, r, g);",
      "    else if (e.isFile() && prunable(e.name) && !guarded(r, g)) drop(p);",
      "  }",
      "}",
      "function modules(dir) {",
      "  for (const e of list(dir)) {",
      "    const p = path.join(dir, e.name);",
      "    if (!e.isDirectory()) continue;",
      "    if (e.name === \".pnpm\") for (const s of list(p)) modules(path.join(p, s.name, \"node_modules\"));",
      "    else if (e.name.startsWith(\"@\")) modules(p);",
      "    else if (!e.name.startsWith(\".\") && !untouched.includes(e.name)) { const g = guards(p); if (g) files(p, \"\", g); }",
      "  }",
      "}",
      "for (const dir of process.argv.slice(2)) modules(dir);",
      "console.log(\"prune-modules: removed \" + count + \" files and folders, \" + bytes + \" bytes\");",
  };
  return lines;
}

}  // namespace imgslim::dockerfiles
