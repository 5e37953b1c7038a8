/* geokg interactive diagram: vanilla JS + SVG, no network, inlined by graph/html.py.
 * Reads the JSON in <script id="geokg-data">: nodes with positions computed in Python
 * (networkx), edges with their arc curvature, statements and sources.
 * Drag a node to move it, drag the background to pan, wheel or +/- to zoom, hover (or click to
 * pin) an edge to read its statements, tick relations in the side panel to filter. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("geokg-data").textContent);
  var svg = document.getElementById("graph");
  var tip = document.getElementById("tip");
  var stage = document.getElementById("stage");
  var R = data.nodeRadius;
  var view = { x: 0, y: 0, k: 1 };
  var byId = {};
  var edgeViews = [];
  var pinned = null;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); }
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(name, text, parent, cls) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }

  // ---- shapes: one per actor kind (same as the static diagram)
  function shapePath(shape, r) {
    var pts = [], i, a;
    if (shape === "s") { r *= 0.9; return "M" + (-r) + "," + (-r) + "H" + r + "V" + r + "H" + (-r) + "Z"; }
    if (shape === "^") { r *= 1.15; for (i = 0; i < 3; i++) { a = -Math.PI / 2 + i * 2 * Math.PI / 3; pts.push([r * Math.cos(a), r * Math.sin(a) + r * 0.15]); } }
    else if (shape === "D") { r *= 1.1; pts = [[0, -r], [r, 0], [0, r], [-r, 0]]; }
    else if (shape === "h") { r *= 1.05; for (i = 0; i < 6; i++) { a = Math.PI / 6 + i * Math.PI / 3; pts.push([r * Math.cos(a), r * Math.sin(a)]); } }
    else { return "M" + (-r) + ",0A" + r + "," + r + " 0 1,0 " + r + ",0A" + r + "," + r + " 0 1,0 " + (-r) + ",0Z"; }
    return "M" + pts.map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join("L") + "Z";
  }

  // ---- layers
  var defs = el("defs", {}, svg);
  var viewport = el("g", { id: "viewport" }, svg);
  var edgeLayer = el("g", { "class": "edges" }, viewport);
  var nodeLayer = el("g", { "class": "nodes" }, viewport);
  Object.keys(data.colours.polarity).forEach(function (pol) {
    var m = el("marker", { id: "arrow-" + data.polarityIds[pol], viewBox: "0 0 10 10", refX: "9", refY: "5",
      markerWidth: "11", markerHeight: "11", orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
    el("path", { d: "M0,0L10,5L0,10z", fill: data.colours.polarity[pol] }, m);
  });

  // ---- nodes
  data.nodes.forEach(function (n) {
    var g = el("g", { "class": "node" + (n.focus ? " focus" : "") + (n.path ? " path" : ""), "data-id": n.id }, nodeLayer);
    el("path", { "class": "node-shape", d: shapePath(n.shape, R), fill: n.colour }, g);
    var t = el("text", { "text-anchor": "middle", y: String(R + 13) }, g);
    (n.lines || [n.label]).forEach(function (line, i) {
      var span = el("tspan", { x: "0", dy: i ? "1.1em" : "0" }, t);
      span.textContent = line;
    });
    var title = el("title", {}, g);
    title.textContent = n.label + " (" + n.kindLabel + ")";
    byId[n.id] = { data: n, g: g, edges: [] };
  });

  // ---- edges
  data.edges.forEach(function (e, i) {
    var g = el("g", { "class": "edge", "data-relation": e.relation, "data-index": String(i) }, edgeLayer);
    var halo = e.path ? el("path", { "class": "halo" }, g) : null;
    var line = el("path", { "class": "line", stroke: e.colour }, g);
    if (e.style === "dashed") line.setAttribute("stroke-dasharray", "7 4");
    if (e.style === "dotted") line.setAttribute("stroke-dasharray", "2 3");
    if (!e.symmetric) line.setAttribute("marker-end", "url(#arrow-" + data.polarityIds[e.polarity] + ")");
    var hit = el("path", { "class": "hit" }, g);
    var label = el("text", { "text-anchor": "middle", dy: "3", fill: e.colour }, g);
    label.textContent = e.label;
    var v = { data: e, g: g, line: line, hit: hit, halo: halo, label: label, visible: true };
    edgeViews.push(v);
    byId[e.source].edges.push(v);
    byId[e.target].edges.push(v);
    hit.addEventListener("pointerenter", function (ev) { if (!pinned) showTip(v, ev); g.classList.add("hover"); });
    hit.addEventListener("pointermove", function (ev) { if (!pinned) placeTip(ev); });
    hit.addEventListener("pointerleave", function () { g.classList.remove("hover"); if (!pinned) hideTip(); });
    hit.addEventListener("click", function (ev) {
      ev.stopPropagation();
      if (pinned === v) { unpin(); return; }
      unpin(); pinned = v; g.classList.add("pinned"); showTip(v, ev);
    });
  });

  function unpin() { if (pinned) pinned.g.classList.remove("pinned"); pinned = null; hideTip(); }

  function geometry(e) {
    var a = byId[e.source].data, b = byId[e.target].data;
    var dx = b.x - a.x, dy = b.y - a.y;
    var cx = (a.x + b.x) / 2 - e.rad * dy, cy = (a.y + b.y) / 2 + e.rad * dx;
    function trim(px, py, qx, qy, d) {  // move p towards q by d
      var lx = qx - px, ly = qy - py, l = Math.sqrt(lx * lx + ly * ly) || 1;
      return [px + lx / l * d, py + ly / l * d];
    }
    var p0 = trim(a.x, a.y, cx, cy, R + 3), p2 = trim(b.x, b.y, cx, cy, R + 4);
    return { d: "M" + p0[0].toFixed(1) + "," + p0[1].toFixed(1) + "Q" + cx.toFixed(1) + "," + cy.toFixed(1) +
      " " + p2[0].toFixed(1) + "," + p2[1].toFixed(1),
      mx: 0.25 * a.x + 0.5 * cx + 0.25 * b.x, my: 0.25 * a.y + 0.5 * cy + 0.25 * b.y };
  }

  function drawEdge(v) {
    var geo = geometry(v.data);
    v.line.setAttribute("d", geo.d);
    v.hit.setAttribute("d", geo.d);
    if (v.halo) v.halo.setAttribute("d", geo.d);
    v.label.setAttribute("x", geo.mx.toFixed(1));
    v.label.setAttribute("y", geo.my.toFixed(1));
  }
  function drawNode(n) { n.g.setAttribute("transform", "translate(" + n.data.x.toFixed(1) + "," + n.data.y.toFixed(1) + ")"); }
  function applyView() { viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")"); }

  Object.keys(byId).forEach(function (id) { drawNode(byId[id]); });
  edgeViews.forEach(drawEdge);

  // ---- tooltip with the statements behind an edge
  function showTip(v, ev) {
    var e = v.data;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    html("h3", byId[e.source].data.label + " — " + e.label + (e.symmetric ? " — " : " → ") + byId[e.target].data.label, tip);
    var meta = [e.polarityLabel];
    function count(n, one, many) { return n + " " + (n === 1 ? one : many); }
    meta.push(count(e.statements.length, data.text.statement, data.text.statements));
    meta.push(count(e.sources, data.text.source1, data.text.sources));
    html("div", meta.join(" · "), tip, "meta");
    var ol = html("ol", null, tip);
    e.statements.forEach(function (s) {
      var li = html("li", null, ol);
      var head = [];
      if (s.date) head.push(s.date);
      head.push(s.status);
      if (s.confidence !== null && s.confidence !== undefined) head.push(data.text.confidence + " " + s.confidence);
      if (s.attribution) head.push(data.text.according + " " + s.attribution);
      html("div", head.join(" · "), li, "meta");
      if (s.source) html("div", data.text.source + ": " + s.source, li);
      if (s.url) html("div", s.url, li, "meta");
      if (s.quote) { var q = html("div", null, li); html("q", s.quote, q); }
    });
    tip.style.display = "block";
    placeTip(ev);
  }
  function placeTip(ev) {
    var box = stage.getBoundingClientRect();
    var x = ev.clientX - box.left + 14, y = ev.clientY - box.top + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > box.width) x = Math.max(4, ev.clientX - box.left - w - 14);
    if (y + h > box.height) y = Math.max(4, box.height - h - 4);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.style.display = "none"; }

  // ---- pan, zoom and drag
  function toGraph(ev) {
    var box = svg.getBoundingClientRect();
    return [(ev.clientX - box.left - view.x) / view.k, (ev.clientY - box.top - view.y) / view.k];
  }
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    var target = ev.target.closest ? ev.target.closest(".node") : null;
    if (target) {
      var n = byId[target.getAttribute("data-id")];
      var p = toGraph(ev);
      drag = { node: n, dx: n.data.x - p[0], dy: n.data.y - p[1] };
    } else if (!(ev.target.classList && ev.target.classList.contains("hit"))) {
      drag = { pan: true, x: ev.clientX - view.x, y: ev.clientY - view.y };
      svg.classList.add("panning");
      unpin();
    } else { return; }
    svg.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    if (drag.pan) { view.x = ev.clientX - drag.x; view.y = ev.clientY - drag.y; applyView(); return; }
    var p = toGraph(ev);
    drag.node.data.x = p[0] + drag.dx;
    drag.node.data.y = p[1] + drag.dy;
    drawNode(drag.node);
    drag.node.edges.forEach(drawEdge);
  });
  function endDrag(ev) {
    if (!drag) return;
    drag = null;
    svg.classList.remove("panning");
    if (svg.hasPointerCapture(ev.pointerId)) svg.releasePointerCapture(ev.pointerId);
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  function zoomAt(factor, cx, cy) {
    var k = Math.min(8, Math.max(0.1, view.k * factor));
    factor = k / view.k;
    view.x = cx - (cx - view.x) * factor;
    view.y = cy - (cy - view.y) * factor;
    view.k = k;
    applyView();
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var box = svg.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - box.left, ev.clientY - box.top);
  }, { passive: false });
  function fit() {
    var box = svg.getBoundingClientRect();
    var b = viewport.getBBox();
    if (!b.width || !b.height || !box.width || !box.height) return;
    var k = Math.min(box.width / (b.width + 40), box.height / (b.height + 40), 2.5);
    view.k = k;
    view.x = (box.width - b.width * k) / 2 - b.x * k;
    view.y = (box.height - b.height * k) / 2 - b.y * k;
    applyView();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { var b = svg.getBoundingClientRect(); zoomAt(1.25, b.width / 2, b.height / 2); });
  document.getElementById("zoom-out").addEventListener("click", function () { var b = svg.getBoundingClientRect(); zoomAt(0.8, b.width / 2, b.height / 2); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  window.addEventListener("resize", fit);

  // ---- side panel: relation filter and legend
  var filters = document.getElementById("filters");
  var boxes = [];
  function refresh() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    edgeViews.forEach(function (v) {
      v.visible = !!on[v.data.relation];
      v.g.style.display = v.visible ? "" : "none";
      if (!v.visible && pinned === v) unpin();
    });
    Object.keys(byId).forEach(function (id) {
      var n = byId[id];
      var seen = n.edges.some(function (v) { return v.visible; });
      n.g.classList.toggle("dim", !seen);
    });
    svg.setAttribute("data-visible-edges", String(edgeViews.filter(function (v) { return v.visible; }).length));
  }
  data.relations.forEach(function (r) {
    var lab = html("label", null, filters);
    var cb = html("input", null, lab);
    cb.type = "checkbox"; cb.value = r.name; cb.checked = true;
    cb.addEventListener("change", refresh);
    boxes.push(cb);
    var sw = html("span", null, lab, "swatch");
    sw.style.borderColor = r.colour;
    html("span", r.label, lab);
    html("span", String(r.count), lab, "count");
  });
  document.getElementById("all").addEventListener("click", function () { boxes.forEach(function (b) { b.checked = true; }); refresh(); });
  document.getElementById("none").addEventListener("click", function () { boxes.forEach(function (b) { b.checked = false; }); refresh(); });
  var edgeLabelBox = document.getElementById("edge-labels");
  function edgeLabels() { svg.classList.toggle("no-edge-labels", !edgeLabelBox.checked); }
  edgeLabelBox.checked = data.edgeLabels;
  edgeLabelBox.addEventListener("change", edgeLabels);
  edgeLabels();

  var legend = document.getElementById("legend");
  data.legend.kinds.forEach(function (k) {
    var row = html("div", null, legend, "legend-row");
    var icon = el("svg", { width: "22", height: "22", viewBox: "-11 -11 22 22" }, row);
    el("path", { d: shapePath(k.shape, 8), fill: k.colour }, icon);
    html("span", k.label, row);
  });
  data.legend.lines.forEach(function (l) {
    var row = html("div", null, legend, "legend-row");
    var icon = el("svg", { width: "22", height: "10", viewBox: "0 0 22 10" }, row);
    var ln = el("line", { x1: "1", y1: "5", x2: "21", y2: "5", stroke: l.colour, "stroke-width": l.width || "2.5" }, icon);
    if (l.style === "dashed") ln.setAttribute("stroke-dasharray", "5 3");
    if (l.style === "dotted") ln.setAttribute("stroke-dasharray", "2 2");
    if (l.opacity) ln.setAttribute("opacity", l.opacity);
    html("span", l.label, row);
  });
  data.legend.notes.forEach(function (t) { html("div", t, legend, "legend-row"); });

  svg.addEventListener("click", function (ev) { if (!(ev.target.classList && ev.target.classList.contains("hit"))) unpin(); });
  refresh();
  fit();
  svg.setAttribute("data-nodes", String(data.nodes.length));
  svg.setAttribute("data-edges", String(data.edges.length));
  document.body.setAttribute("data-ready", "1");
})();
