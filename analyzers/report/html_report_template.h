// The page skeleton of `imgslim report` (HTML, CSS and the rendering
// script). The data document replaces the marker @@DATA@@.
#pragma once

namespace imgslim::analyzers {

inline constexpr const char* kHtmlReportTemplate = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>imgslim report</title>
<style>
  :root { --fg:#1d2330; --muted:#5d6575; --bg:#f6f7f9; --card:#fff; --line:#e3e6eb; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
  header { padding:20px 28px; background:#1d2330; color:#fff; }
  header h1 { margin:0 0 4px; font-size:20px; font-weight:600; }
  header .sub { color:#b8bfcc; font-size:12px; word-break:break-all; }
  main { padding:20px 28px; max-width:1280px; margin:auto; }
  section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 18px; margin-bottom:18px; }
  h2 { margin:0 0 12px; font-size:16px; }
  .cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(170px,1fr)); gap:12px; }
  .card { border:1px solid var(--line); border-radius:6px; padding:10px 12px; }
  .card .v { font-size:20px; font-weight:600; }
  .card .k { color:var(--muted); font-size:12px; }
  .stack { display:flex; height:22px; border-radius:4px; overflow:hidden; margin:6px 0 12px; }
  .stack div { height:100%; }
  table { border-collapse:collapse; width:100%; }
  th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { color:var(--muted); font-weight:500; font-size:12px; }
  td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
  .sw { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:6px; vertical-align:middle; }
  #treemap { position:relative; width:100%; height:520px; background:#eef0f3; border-radius:4px; overflow:hidden; }
  .tm { position:absolute; overflow:hidden; border:1px solid rgba(255,255,255,.85); color:#fff; font-size:11px; }
  .tm-top > .lbl { font-weight:600; padding:2px 4px; text-shadow:0 1px 1px rgba(0,0,0,.35); white-space:nowrap; }
  .tm-child .lbl { padding:1px 3px; opacity:.9; white-space:nowrap; }
  .layer { display:grid; grid-template-columns:48px 110px 1fr; gap:8px; align-items:center; padding:3px 0; }
  .bar { height:14px; background:#4c78a8; border-radius:2px; min-width:1px; }
  .cmd { grid-column:3; color:var(--muted); font-family:ui-monospace,Menlo,monospace; font-size:12px; word-break:break-all; }
  .finding { padding:8px 0; border-bottom:1px solid var(--line); }
  .finding .rule { font-family:ui-monospace,Menlo,monospace; font-size:12px; background:#eef0f3; padding:1px 6px; border-radius:3px; }
  .muted { color:var(--muted); }
</style>
</head>
<body>
<header><h1 id="title">imgslim report</h1><div class="sub" id="subtitle"></div></header>
<main>
  <section><h2>Summary</h2><div class="cards" id="cards"></div></section>
  <section><h2>Where the bytes are</h2><div class="stack" id="stack"></div><table id="categories"></table></section>
  <section><h2>Final filesystem</h2><div id="treemap" role="img" aria-label="treemap of the final filesystem"></div></section>
  <section><h2>Layers</h2><div id="layers"></div></section>
  <section><h2>Largest packages</h2><table id="packages"></table></section>
  <section><h2>Findings</h2><div id="findings"></div></section>
</main>
<script type="application/json" id="imgslim-data">@@DATA@@</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("imgslim-data").textContent);
  var a = data.analysis || {};
  var COLORS = { "app": "#4c78a8", "runtime-deps": "#59a14f", "dev-deps": "#e15759", "pm-cache": "#f28e2b",
                 "build-tooling": "#b07aa1", "docs": "#9c755f", "os": "#8c8c8c", "wasted": "#d4a6c8" };
  function color(c) { return COLORS[c] || "#76b7b2"; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function size(n) {
    if (n === undefined || n === null) return "–";
    var u = ["B", "kB", "MB", "GB", "TB"], i = 0, v = n;
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return (i === 0 ? v : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)) + " " + u[i];
  }
  function pct(x) { return (typeof x === "number" && isFinite(x)) ? (x * 100).toFixed(2) + " %" : "–"; }

  document.getElementById("title").textContent = "imgslim report: " + (a.ref || "");
  document.getElementById("subtitle").textContent = [a.digest, a.platform].filter(Boolean).join("  ·  ");

  var cards = [["final size", size(a.final_bytes)], ["layers' content", size(a.total_bytes)],
               ["compressed", size(a.compressed_bytes)], ["reclaimable", size(a.reclaimable_bytes)],
               ["efficiency (dive)", pct(a.efficiency)], ["wasted (dive)", size(a.wasted_bytes)],
               ["files", a.final_files], ["layers", (a.layers || []).length]];
  var cardsEl = document.getElementById("cards");
  cards.forEach(function (c) {
    var d = el("div", { "class": "card" });
    d.appendChild(el("div", { "class": "v" }, String(c[1])));
    d.appendChild(el("div", { "class": "k" }, c[0]));
    cardsEl.appendChild(d);
  });

  var cats = a.categories || {};
  var catIds = Object.keys(cats).sort(function (x, y) { return cats[y].bytes - cats[x].bytes; });
  var catTotal = catIds.reduce(function (s, k) { return s + cats[k].bytes; }, 0);
  var stack = document.getElementById("stack"), catTable = document.getElementById("categories");
  if (catIds.length === 0) {
    catTable.appendChild(el("tr", null)).appendChild(el("td", { "class": "muted" }, "No attribution in this analysis."));
  } else {
    var hr = el("tr"); ["category", "bytes", "share", "files", "layers"].forEach(function (h) { hr.appendChild(el("th", null, h)); });
    catTable.appendChild(hr);
    catIds.forEach(function (k) {
      var c = cats[k];
      if (catTotal > 0 && c.bytes > 0) {
        var seg = el("div", { title: k + ": " + size(c.bytes) });
        seg.style.width = (100 * c.bytes / catTotal) + "%"; seg.style.background = color(k);
        stack.appendChild(seg);
      }
      var tr = el("tr"), td = el("td");
      var sw = el("span", { "class": "sw" }); sw.style.background = color(k);
      td.appendChild(sw); td.appendChild(document.createTextNode(k)); tr.appendChild(td);
      tr.appendChild(el("td", { "class": "num" }, size(c.bytes)));
      tr.appendChild(el("td", { "class": "num" }, catTotal ? (100 * c.bytes / catTotal).toFixed(1) + " %" : "–"));
      tr.appendChild(el("td", { "class": "num" }, String(c.files === undefined ? "" : c.files)));
      tr.appendChild(el("td", null, (c.layers || []).join(", ")));
      catTable.appendChild(tr);
    });
  }

  // Squarified treemap (Bruijn, Huizing, van Wijk) over a node's children.
  function squarify(nodes, x, y, w, h) {
    var out = [], items = nodes.filter(function (n) { return n.bytes > 0; });
    var total = items.reduce(function (s, n) { return s + n.bytes; }, 0);
    if (total <= 0 || w <= 0 || h <= 0) return out;
    var scale = (w * h) / total, rest = items.slice();
    function worst(row, side) {
      var s = 0, mx = 0, mn = Infinity;
      row.forEach(function (r) { var a = r.bytes * scale; s += a; mx = Math.max(mx, a); mn = Math.min(mn, a); });
      return Math.max(side * side * mx / (s * s), (s * s) / (side * side * mn));
    }
    while (rest.length) {
      var side = Math.min(w, h), row = [rest.shift()];
      while (rest.length && worst(row.concat([rest[0]]), side) <= worst(row, side)) row.push(rest.shift());
      var rowArea = row.reduce(function (s, r) { return s + r.bytes * scale; }, 0);
      var thick = rowArea / side, off = 0;
      row.forEach(function (r) {
        var len = r.bytes * scale / thick;
        if (w >= h) out.push({ node: r, x: x, y: y + off, w: thick, h: len });
        else out.push({ node: r, x: x + off, y: y, w: len, h: thick });
        off += len;
      });
      if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
    }
    return out;
  }
  var tm = document.getElementById("treemap");
  var W = tm.clientWidth || 1000, H = tm.clientHeight || 520;
  var root = data.tree || { children: [] };
  var kids = (root.children || []).slice().sort(function (p, q) { return q.bytes - p.bytes; });
  squarify(kids, 0, 0, W, H).forEach(function (r) {
    var d = el("div", { "class": "tm tm-top", "data-path": "/" + r.node.name,
                        title: "/" + r.node.name + " — " + size(r.node.bytes) + " (" + r.node.category + ")" });
    d.style.left = r.x + "px"; d.style.top = r.y + "px"; d.style.width = r.w + "px"; d.style.height = r.h + "px";
    d.style.background = color(r.node.category);
    d.appendChild(el("div", { "class": "lbl" }, r.node.name + " " + size(r.node.bytes)));
    tm.appendChild(d);
    var inner = (r.node.children || []).slice().sort(function (p, q) { return q.bytes - p.bytes; });
    if (r.w > 30 && r.h > 34) {
      squarify(inner, 2, 18, r.w - 4, r.h - 20).forEach(function (c) {
        var cd = el("div", { "class": "tm tm-child", title: "/" + r.node.name + "/" + c.node.name + " — " +
                             size(c.node.bytes) + " (" + c.node.category + ")" });
        cd.style.left = c.x + "px"; cd.style.top = c.y + "px"; cd.style.width = c.w + "px"; cd.style.height = c.h + "px";
        cd.style.background = color(c.node.category);
        if (c.w > 40 && c.h > 14) cd.appendChild(el("div", { "class": "lbl" }, c.node.name));
        d.appendChild(cd);
      });
    }
  });

  var layersEl = document.getElementById("layers"), layers = a.layers || [];
  var maxLayer = layers.reduce(function (m, l) { return Math.max(m, l.size_bytes || 0); }, 0);
  layers.forEach(function (l) {
    var row = el("div", { "class": "layer" });
    row.appendChild(el("div", { "class": "muted" }, "#" + l.index));
    row.appendChild(el("div", { "class": "num" }, size(l.size_bytes)));
    var bar = el("div", { "class": "bar" });
    bar.style.width = maxLayer ? (100 * (l.size_bytes || 0) / maxLayer) + "%" : "0";
    row.appendChild(bar);
    row.appendChild(el("div", { "class": "cmd" }, l.created_by || "(no history)"));
    layersEl.appendChild(row);
  });

  var pk = (a.packages || []).slice().sort(function (p, q) { return q.bytes - p.bytes; }).slice(0, 25);
  var pt = document.getElementById("packages");
  if (!pk.length) pt.appendChild(el("tr")).appendChild(el("td", { "class": "muted" }, "No packages found."));
  else {
    var ph = el("tr"); ["package", "version", "ecosystem", "category", "layer", "bytes"].forEach(function (h) { ph.appendChild(el("th", null, h)); });
    pt.appendChild(ph);
    pk.forEach(function (p) {
      var tr = el("tr");
      [p.name, p.version, p.ecosystem].forEach(function (v) { tr.appendChild(el("td", null, v === undefined ? "" : String(v))); });
      var td = el("td"), sw = el("span", { "class": "sw" }); sw.style.background = color(p.category);
      td.appendChild(sw); td.appendChild(document.createTextNode(p.category || "")); tr.appendChild(td);
      tr.appendChild(el("td", { "class": "num" }, p.layer === undefined || p.layer === null ? "" : String(p.layer)));
      tr.appendChild(el("td", { "class": "num" }, size(p.bytes)));
      pt.appendChild(tr);
    });
  }

  var fEl = document.getElementById("findings"), fs = a.findings || [];
  if (!fs.length) fEl.appendChild(el("div", { "class": "muted" }, "No findings."));
  fs.forEach(function (f) {
    var d = el("div", { "class": "finding" });
    d.appendChild(el("span", { "class": "rule" }, f.rule));
    d.appendChild(document.createTextNode(" " + size(f.bytes) + " — " + f.message));
    fEl.appendChild(d);
  });
  document.body.setAttribute("data-rendered", "true");
})();
</script>
</body>
</html>
)HTML";

}  // namespace imgslim::analyzers
