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
  .layer { cursor:pointer; }
  .layer.sel { background:#eef3fb; }
  .controls { display:flex; gap:12px; flex-wrap:wrap; align-items:center; margin-bottom:10px; }
  .controls select, .controls input { font:inherit; padding:4px 6px; border:1px solid var(--line); border-radius:4px; }
  .controls input { min-width:280px; }
  #explorer-tree td { padding:2px 8px; }
  #explorer-tree .nm { font-family:ui-monospace,Menlo,monospace; font-size:12px; white-space:nowrap; }
  #explorer-tree tr.dir .nm { cursor:pointer; }
  .mk { font-family:ui-monospace,Menlo,monospace; font-weight:600; width:18px; }
  .mk-A { color:#2f7d32; } .mk-M { color:#b26a00; } .mk-D { color:#c62828; }
  tr.hid .nm { text-decoration:line-through; color:var(--muted); }
  tr.fold .nm { color:var(--muted); font-style:italic; }
  .scroll { max-height:640px; overflow:auto; border:1px solid var(--line); border-radius:4px; }
  #pkgmap { position:relative; width:100%; height:420px; background:#eef0f3; border-radius:4px; overflow:hidden; }
</style>
</head>
<body>
<header><h1 id="title">imgslim report</h1><div class="sub" id="subtitle"></div></header>
<main>
  <section><h2>Summary</h2><div class="cards" id="cards"></div></section>
  <section><h2>Where the bytes are</h2><div class="stack" id="stack"></div><table id="categories"></table></section>
  <section><h2>Categories and packages</h2><div id="pkgmap" role="img" aria-label="treemap of categories and their packages"></div></section>
  <section><h2>Final filesystem</h2><div id="treemap" role="img" aria-label="treemap of the final filesystem"></div></section>
  <section><h2>Layers</h2><div id="layers"></div></section>
  <section id="explorer"><h2>Layer explorer</h2>
    <div class="controls">
      <label>layer <select id="layer-pick"></select></label>
      <label>path <input id="search" type="search" placeholder="search by path, e.g. node_modules"></label>
      <span class="muted" id="search-count"></span>
    </div>
    <div id="layer-summary" class="muted"></div>
    <div class="scroll"><table id="explorer-tree"></table></div>
    <div id="explorer-note" class="muted"></div>
  </section>
  <section><h2>Largest files</h2><table id="largest"></table></section>
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
  function num(n) { return typeof n === "number" && isFinite(n); }
  function size(n) {
    if (!num(n)) return "–";
    var u = ["B", "kB", "MB", "GB", "TB"], i = 0, v = n;
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)) + " " + u[i];
  }
  function count(n) { return num(n) ? String(n) : "–"; }
  function pct(x) { return num(x) ? (x * 100).toFixed(2) + " %" : "–"; }
  // A figure the page shows: its text, and the exact value it came from.
  function fig(tag, key, value, text, cls) {
    var attrs = { "data-fig": key, "data-value": num(value) ? String(value) : "" };
    if (cls) attrs["class"] = cls;
    return el(tag, attrs, text);
  }
  function step(s) { return s ? String(s) : "(no history)"; }

  document.getElementById("title").textContent = "imgslim report: " + (a.ref || "");
  document.getElementById("subtitle").textContent = [a.digest, a.platform].filter(Boolean).join("  ·  ");

  var layers = a.layers || [];
  var cards = [["final size", "final_bytes", a.final_bytes, size], ["layers' content", "total_bytes", a.total_bytes, size],
               ["compressed", "compressed_bytes", a.compressed_bytes, size],
               ["reclaimable", "reclaimable_bytes", a.reclaimable_bytes, size],
               ["efficiency (dive)", "efficiency", a.efficiency, pct], ["wasted (dive)", "wasted_bytes", a.wasted_bytes, size],
               ["files", "final_files", a.final_files, count], ["layers", "layer_count", layers.length, count]];
  var cardsEl = document.getElementById("cards");
  cards.forEach(function (c) {
    var d = el("div", { "class": "card" });
    d.appendChild(fig("div", c[1], c[2], c[3](c[2]), "v"));
    d.appendChild(el("div", { "class": "k" }, c[0]));
    cardsEl.appendChild(d);
  });

  // Categories: bytes, share, files, and the layers that hold them.
  var cats = a.categories || {};
  var catIds = Object.keys(cats).sort(function (x, y) { return cats[y].bytes - cats[x].bytes; });
  var catTotal = catIds.reduce(function (s, k) { return s + (cats[k].bytes || 0); }, 0);
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
      var tr = el("tr", { "data-category": k }), td = el("td");
      var sw = el("span", { "class": "sw" }); sw.style.background = color(k);
      td.appendChild(sw); td.appendChild(document.createTextNode(k)); tr.appendChild(td);
      tr.appendChild(fig("td", "category." + k + ".bytes", c.bytes, size(c.bytes), "num"));
      tr.appendChild(el("td", { "class": "num" }, catTotal && num(c.bytes) ? (100 * c.bytes / catTotal).toFixed(1) + " %" : "–"));
      tr.appendChild(fig("td", "category." + k + ".files", c.files, count(c.files), "num"));
      var lt = el("td");
      (c.layers || []).forEach(function (l, i) {
        if (i) lt.appendChild(document.createTextNode(", "));
        var idx = typeof l === "object" && l !== null ? l.index : l;
        var link = el("a", { href: "#layer=" + idx, title: (num(l.files) ? l.files + " files, " : "") + step(l.created_by) },
                      "#" + idx + " ");
        link.appendChild(fig("span", "category." + k + ".layer." + idx, l.bytes, size(l.bytes)));
        lt.appendChild(link);
      });
      if (!(c.layers || []).length) lt.textContent = "–";
      tr.appendChild(lt);
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
      row.forEach(function (r) { var v = r.bytes * scale; s += v; mx = Math.max(mx, v); mn = Math.min(mn, v); });
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
  function byBytes(p, q) { return q.bytes - p.bytes; }
  // Two levels of cells: `root.children`, and theirs inside each.
  function drawTreemap(box, root, pathOf) {
    var W = box.clientWidth || 1000, H = box.clientHeight || 480;
    squarify((root.children || []).slice().sort(byBytes), 0, 0, W, H).forEach(function (r) {
      var d = el("div", { "class": "tm tm-top", "data-path": pathOf(r.node),
                          title: pathOf(r.node) + " — " + size(r.node.bytes) + " (" + r.node.category + ")" });
      d.style.left = r.x + "px"; d.style.top = r.y + "px"; d.style.width = r.w + "px"; d.style.height = r.h + "px";
      d.style.background = color(r.node.category);
      d.appendChild(el("div", { "class": "lbl" }, r.node.name + " " + size(r.node.bytes)));
      box.appendChild(d);
      if (r.w > 30 && r.h > 34) {
        squarify((r.node.children || []).slice().sort(byBytes), 2, 18, r.w - 4, r.h - 20).forEach(function (c) {
          var cd = el("div", { "class": "tm tm-child", title: pathOf(r.node) + "/" + c.node.name + " — " +
                               size(c.node.bytes) + " (" + (c.node.category || r.node.category) + ")" });
          cd.style.left = c.x + "px"; cd.style.top = c.y + "px"; cd.style.width = c.w + "px"; cd.style.height = c.h + "px";
          cd.style.background = color(c.node.category || r.node.category);
          if (c.w > 40 && c.h > 14) cd.appendChild(el("div", { "class": "lbl" }, c.node.name));
          d.appendChild(cd);
        });
      }
    });
  }

  // Categories, each holding its largest packages and the rest of its bytes.
  var pkgs = a.packages || [];
  var pkgRoot = { children: catIds.map(function (k) {
    var own = pkgs.filter(function (p) { return p.category === k && p.bytes > 0; }).sort(byBytes);
    var kids = own.slice(0, 30).map(function (p) {
      return { name: p.name + (p.version ? "@" + p.version : ""), bytes: p.bytes, category: k };
    });
    var inPkgs = kids.reduce(function (s, p) { return s + p.bytes; }, 0);
    if (own.length > 30) kids.push({ name: "(" + (own.length - 30) + " more packages)", bytes: own.slice(30).reduce(function (s, p) { return s + p.bytes; }, 0), category: k });
    var rest = (cats[k].bytes || 0) - kids.reduce(function (s, p) { return s + p.bytes; }, 0);
    if (rest > 0) kids.push({ name: inPkgs ? "(files of no package)" : "(files)", bytes: rest, category: k });
    return { name: k, bytes: cats[k].bytes || 0, category: k, children: kids };
  }) };
  drawTreemap(document.getElementById("pkgmap"), pkgRoot, function (n) { return n.name; });
  drawTreemap(document.getElementById("treemap"), data.tree || { children: [] }, function (n) { return "/" + n.name; });

  var layersEl = document.getElementById("layers");
  var maxLayer = layers.reduce(function (m, l) { return Math.max(m, l.size_bytes || 0); }, 0);
  layers.forEach(function (l) {
    var row = el("div", { "class": "layer", "data-layer": String(l.index) });
    row.appendChild(el("div", { "class": "muted" }, "#" + l.index));
    row.appendChild(fig("div", "layer." + l.index + ".size", l.size_bytes, size(l.size_bytes), "num"));
    var bar = el("div", { "class": "bar" });
    bar.style.width = maxLayer ? (100 * (l.size_bytes || 0) / maxLayer) + "%" : "0";
    row.appendChild(bar);
    row.appendChild(el("div", { "class": "cmd" }, step(l.created_by)));
    row.addEventListener("click", function () { go(l.index, query); });
    layersEl.appendChild(row);
  });

  // The layer explorer.
  var ex = data.explorer || { layers: [], threshold: 0 };
  var pick = document.getElementById("layer-pick"), search = document.getElementById("search");
  var treeEl = document.getElementById("explorer-tree"), countEl = document.getElementById("search-count");
  var summaryEl = document.getElementById("layer-summary");
  var current = -1, query = "";
  layers.forEach(function (l) {
    var o = el("option", { value: String(l.index) }, "#" + l.index + " " + size(l.size_bytes) + " " + step(l.created_by).slice(0, 70));
    pick.appendChild(o);
  });
  // Rows: [depth, name, kind+mark, bytes, hidden, removed, files]; full paths from the depth stack.
  function withPaths(rows) {
    var stackNames = [];
    return rows.map(function (r) {
      stackNames.length = r[0];
      var folded = r[2].charAt(0) === "r";
      var path = "/" + stackNames.concat([r[1]]).join("/");
      if (!folded) stackNames.push(r[1]);
      return { depth: r[0], name: r[1], kind: r[2].charAt(0), mark: r[2].charAt(1) || "", bytes: r[3], hidden: r[4],
               removed: r[5], files: r[6], path: folded ? "/" + stackNames.slice(0, r[0]).join("/") : path };
    });
  }
  var pathCache = {};
  function layerRows(i) { if (!pathCache[i]) pathCache[i] = withPaths(ex.layers[i] || []); return pathCache[i]; }
  function matches(r, q) { return q && r.kind !== "r" && r.path.toLowerCase().indexOf(q) >= 0; }
  function render() {
    var l = layers[current] || {}, rows = layerRows(current), q = query.toLowerCase();
    summaryEl.textContent = "";
    [["layer size", "explorer.size", l.size_bytes, size], ["files added", "explorer.added", l.files_added, count],
     ["modified", "explorer.modified", l.files_modified, count], ["removed", "explorer.removed", l.files_removed, count],
     ["bytes removed", "explorer.bytes_removed", l.bytes_removed, size],
     ["hidden by later layers", "explorer.hidden", l.invisible_bytes, size]].forEach(function (f, i) {
      if (i) summaryEl.appendChild(document.createTextNode(" · "));
      summaryEl.appendChild(document.createTextNode(f[0] + " "));
      summaryEl.appendChild(fig("b", f[1], f[2], f[3](f[2])));
    });
    treeEl.textContent = "";
    var hr = el("tr"); ["", "path", "bytes", "hidden later", "removes", "files"].forEach(function (h) { hr.appendChild(el("th", null, h)); });
    treeEl.appendChild(hr);
    // Shown: with a query, the matches and their directories; else down to depth 1 and what was opened.
    var keep = {};
    if (q) rows.forEach(function (r) {
      if (!matches(r, q)) return;
      keep[r.path] = true;
      for (var p = r.path; p.lastIndexOf("/") > 0; ) { p = p.slice(0, p.lastIndexOf("/")); keep[p] = true; }
    });
    var open = {}, n = 0;
    rows.forEach(function (r) {
      var parent = r.kind === "r" ? r.path : r.path.slice(0, r.path.lastIndexOf("/")) || "/";
      var visible = q ? (r.kind !== "r" && keep[r.path] === true) : (r.depth <= 1 || open[parent] === true);
      if (!q && r.kind === "d" && visible && r.depth < 1) open[r.path] = true;
      var tr = el("tr", { "class": "xrow" + (r.kind === "d" ? " dir" : "") + (r.kind === "r" ? " fold" : "") +
                          (r.hidden > 0 && r.hidden === r.bytes && r.kind !== "d" ? " hid" : ""),
                          "data-path": r.path, "data-depth": String(r.depth), "data-kind": r.kind, "data-mark": r.mark });
      if (!visible) tr.hidden = true; else n++;
      tr.appendChild(el("td", { "class": "mk mk-" + (r.mark || "none") }, r.mark));
      var nm = el("td", { "class": "nm" }, (r.kind === "d" ? "▾ " : "  ") + r.name + (r.kind === "d" ? "/" : ""));
      nm.style.paddingLeft = (8 + 16 * r.depth) + "px";
      tr.appendChild(nm);
      tr.appendChild(fig("td", "row.bytes", r.bytes, size(r.bytes), "num"));
      tr.appendChild(fig("td", "row.hidden", r.hidden, r.hidden ? size(r.hidden) : "", "num"));
      tr.appendChild(fig("td", "row.removed", r.removed, r.removed ? size(r.removed) : "", "num"));
      tr.appendChild(fig("td", "row.files", r.files, r.kind === "f" || r.kind === "l" ? "" : count(r.files), "num"));
      if (r.kind === "d") nm.addEventListener("click", function () { toggle(r.path); });
      treeEl.appendChild(tr);
    });
    // Matches in every layer, so a path can be followed through the image.
    if (q) {
      var per = [];
      for (var i = 0; i < layers.length; i++) {
        var k = layerRows(i).filter(function (r) { return matches(r, q); }).length;
        if (k) per.push("#" + i + " (" + k + ")");
      }
      countEl.textContent = Object.keys(keep).length ? "" : "no match in this layer. ";
      countEl.textContent += per.length ? "matches in layers " + per.join(", ") : "no layer has a match";
    } else {
      countEl.textContent = n + " of " + rows.length + " rows shown; click a directory to open it";
    }
    document.querySelectorAll(".layer").forEach(function (d) {
      d.classList.toggle("sel", d.getAttribute("data-layer") === String(current));
    });
  }
  function toggle(path) {
    var rows = treeEl.querySelectorAll("tr.xrow"), openIt = null;
    rows.forEach(function (tr) {
      var p = tr.getAttribute("data-path"), kind = tr.getAttribute("data-kind");
      var parent = kind === "r" ? p : p.slice(0, p.lastIndexOf("/"));
      if (parent !== path) return;
      if (openIt === null) openIt = tr.hidden;
      tr.hidden = !openIt;
    });
    if (openIt === false) rows.forEach(function (tr) {  // closing: everything below goes too
      var p = tr.getAttribute("data-path");
      if (p.indexOf(path + "/") === 0) tr.hidden = true;
    });
  }
  function go(layer, q, keepUrl) {
    current = Math.max(0, Math.min(layers.length - 1, layer));
    query = q || "";
    pick.value = String(current);
    search.value = query;
    if (layers.length) render();
    var hash = "#layer=" + current + (query ? "&q=" + encodeURIComponent(query) : "");
    if (!keepUrl && location.hash !== hash && history.replaceState) history.replaceState(null, "", hash);
  }
  function fromHash() {
    var h = {}, s = (location.hash || "").replace(/^#/, "");
    s.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { try { h[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { h[kv.slice(0, i)] = kv.slice(i + 1); } }
    });
    var l = parseInt(h.layer, 10);
    go(isFinite(l) ? l : 0, h.q || "", true);
  }
  pick.addEventListener("change", function () { go(parseInt(pick.value, 10), query); });
  search.addEventListener("input", function () { go(current, search.value); });
  window.addEventListener("hashchange", fromHash);
  if (layers.length) fromHash();
  document.getElementById("explorer-note").textContent = ex.threshold > 0
      ? "Entries under " + size(ex.threshold) + " are folded into one row per directory (their totals kept), so this page stays small."
      : "Every entry of every layer is listed.";

  var lf = a.largest_files || [], lt = document.getElementById("largest");
  if (!lf.length) lt.appendChild(el("tr")).appendChild(el("td", { "class": "muted" }, "No files."));
  else {
    var lh = el("tr"); ["path", "layer", "bytes"].forEach(function (h) { lh.appendChild(el("th", null, h)); });
    lt.appendChild(lh);
    lf.slice(0, 20).forEach(function (f, i) {
      var tr = el("tr", { "data-path": f.path });
      tr.appendChild(el("td", null, f.path));
      tr.appendChild(fig("td", "largest." + i + ".layer", f.layer, count(f.layer), "num"));
      tr.appendChild(fig("td", "largest." + i + ".bytes", f.bytes, size(f.bytes), "num"));
      lt.appendChild(tr);
    });
  }

  var pk = pkgs.slice().sort(byBytes).slice(0, 25);
  var pt = document.getElementById("packages");
  if (!pk.length) pt.appendChild(el("tr")).appendChild(el("td", { "class": "muted" }, "No packages found."));
  else {
    var ph = el("tr"); ["package", "version", "ecosystem", "category", "layer", "bytes"].forEach(function (h) { ph.appendChild(el("th", null, h)); });
    pt.appendChild(ph);
    pk.forEach(function (p) {
      var tr = el("tr");
      [p.name, p.version, p.ecosystem].forEach(function (v) { tr.appendChild(el("td", null, v === undefined || v === null ? "" : String(v))); });
      var td = el("td"), sw = el("span", { "class": "sw" }); sw.style.background = color(p.category);
      td.appendChild(sw); td.appendChild(document.createTextNode(p.category || "")); tr.appendChild(td);
      tr.appendChild(el("td", { "class": "num" }, num(p.layer) ? String(p.layer) : ""));
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
