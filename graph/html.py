"""Interactive diagram: one self-contained HTML file (inline SVG + vanilla JS, works offline).

Positions come from the same deterministic layout as the static diagrams
(:func:`graph.render.layout_positions`); the script and style sheet shipped in
graph/assets/ are inlined, the data is embedded as JSON, and a Content-Security-Policy
forbids the page any request. In the page: drag nodes, drag the background to pan, wheel
to zoom, hover (or click) an edge to read its statements and sources, filter by relation.

>>> "<" in _json_for_script({"t": "</script>"})
False
"""

from __future__ import annotations

import html as _html
import json
from importlib import resources as _resources
from pathlib import Path

from .errors import InputError, NotFoundError
from .render import (DEFAULT_SEED, KIND_ORDER, POLARITY_COLOURS, POLARITY_ORDER, PATH_COLOUR, Scene,
                     check_output, edge_curvatures, edge_label, edge_style, footnote_text, kind_style,
                     layout_positions, node_label, text, wrap_label)

PX_PER_UNIT = 80.0
NODE_RADIUS = 10.0
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")
_POLARITY_IDS = {"+": "plus", "-": "minus", "0": "zero"}

UI_TEXT = {
    "en": {"relations": "Relations", "legend": "Legend", "all": "all", "none": "none",
           "edge_labels": "relation names", "statement": "statement", "statements": "statements",
           "source1": "source", "sources": "sources",
           "confidence": "confidence", "according": "according to", "source": "Source",
           "help": "Drag an actor to move it, the background to pan; wheel to zoom; hover or click a relation "
                   "to read its statements.", "fit": "fit"},
    "fr": {"relations": "Relations", "legend": "Légende", "all": "toutes", "none": "aucune",
           "edge_labels": "noms des relations", "statement": "déclaration", "statements": "déclarations",
           "source1": "source", "sources": "sources",
           "confidence": "confiance", "according": "selon", "source": "Source",
           "help": "Faites glisser un acteur pour le déplacer, le fond pour naviguer ; molette pour zoomer ; "
                   "survolez ou cliquez une relation pour lire ses déclarations.", "fit": "ajuster"},
}


def asset(name: str) -> str:
    """Text of a file shipped in graph/assets/."""
    return _resources.files("graph").joinpath("assets", name).read_text(encoding="utf-8")


def _json_for_script(data) -> str:
    """JSON safe inside a <script> element (no '<', '>' or '&' left to close it)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _statement_view(st: dict) -> dict:
    conf = st.get("confidence")
    return {
        "iri": st.get("iri"),
        "date": st.get("date"),
        "status": st.get("status") or "",
        "confidence": None if conf is None else round(float(conf), 3),
        "attribution": st.get("attributed_to") or st.get("attribution"),
        "source": st.get("source") or st.get("source_iri"),
        "url": st.get("url"),
        "quote": st.get("quote"),
    }


def graph_data(g, *, layout: str = "spring", seed: int = DEFAULT_SEED, lang: str = "en", title: str = "",
               focus=(), path_nodes=(), path_edges=(), left_out=(), drawn_on=None,
               edge_labels: bool | None = None) -> dict:
    """The JSON the page's script reads: nodes with positions, edges with statements, legend."""
    if g.number_of_nodes() == 0:
        raise NotFoundError("nothing to draw: the selection is empty")
    t = text(lang)
    pos = layout_positions(g, layout, seed)
    curv = edge_curvatures(g, pos)
    focus, path_set, path_edge_set = set(focus), set(path_nodes), set(path_edges)
    nodes, kinds = [], []
    for n in sorted(g.nodes):
        kind = g.nodes[n].get("kind")
        colour, shape = kind_style(kind)
        if kind not in kinds:
            kinds.append(kind)
        x, y = pos[n]
        label = node_label(g, n, lang)
        nodes.append({"id": n, "label": label, "lines": wrap_label(label).split("\n"), "kind": kind,
                      "kindLabel": t["kinds"].get(kind, str(kind or "?")), "colour": colour, "shape": shape,
                      "x": round(x * PX_PER_UNIT, 1), "y": round(-y * PX_PER_UNIT, 1),
                      "focus": n in focus, "path": n in path_set})
    edges, rel_count, polarities, styles = [], {}, [], []
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if u == v:
            continue
        pol = d.get("polarity", "0")
        pol = pol if pol in POLARITY_COLOURS else "0"
        rel = d.get("relation") or k
        polarities.append(pol)
        styles.append(edge_style(d))
        entry = rel_count.setdefault(rel, {"name": rel, "label": edge_label(d, lang), "polarity": pol, "count": 0})
        entry["count"] += 1
        edges.append({"source": u, "target": v, "relation": rel, "label": edge_label(d, lang), "polarity": pol,
                      "polarityLabel": t["polarity"][pol], "colour": POLARITY_COLOURS[pol],
                      "symmetric": bool(d.get("symmetric")), "style": edge_style(d), "rad": curv.get((u, v, k), 0.0),
                      "path": (u, v, k) in path_edge_set, "sources": int(d.get("sources") or 0),
                      "statements": [_statement_view(st) for st in d.get("statements") or ()]})
    relations = sorted(rel_count.values(), key=lambda r: (POLARITY_ORDER.index(r["polarity"]), r["label"].casefold()))
    for r in relations:
        r["colour"] = POLARITY_COLOURS[r["polarity"]]
    kinds.sort(key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, str(k)))
    lines = [{"colour": POLARITY_COLOURS[p], "label": t["polarity"][p]} for p in POLARITY_ORDER if p in polarities]
    for style, key in (("dashed", "attributed"), ("dotted", "proposed")):
        if style in styles:
            lines.append({"colour": "#444444", "style": style, "label": t[key]})
    if path_edge_set:
        lines.append({"colour": PATH_COLOUR, "width": "6", "opacity": "0.8", "label": t["path"]})
    return {
        "title": title, "lang": lang, "nodeRadius": NODE_RADIUS,
        "edgeLabels": edge_labels if edge_labels is not None else len(edges) <= 60,
        "colours": {"polarity": POLARITY_COLOURS}, "polarityIds": _POLARITY_IDS,
        "text": UI_TEXT[lang] if lang in UI_TEXT else UI_TEXT["en"],
        "nodes": nodes, "edges": edges, "relations": relations,
        "legend": {"kinds": [{"label": t["kinds"].get(k, str(k or "?")), "colour": kind_style(k)[0],
                              "shape": kind_style(k)[1]} for k in kinds],
                   "lines": lines, "notes": [t["arrow"], t["noarrow"]]},
        "footnote": footnote_text(g, lang=lang, drawn_on=drawn_on, left_out=left_out),
    }


def html_document(g, *, title: str = "", **kw) -> str:
    """A complete, self-contained HTML page drawing the projected graph ``g``."""
    lang = kw.get("lang", "en")
    data = graph_data(g, title=title, **kw)
    ui = data["text"]
    esc = _html.escape
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="geokg">
<title>{esc(title or 'geokg')}</title>
<style>
{asset("graph.css")}
</style>
</head>
<body>
<header><h1>{esc(title or 'geokg')}</h1><p>{esc(ui["help"])}</p></header>
<main>
<div id="stage">
<svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(title or 'geokg diagram')}"></svg>
<div id="tip" role="tooltip"></div>
<div id="zoom"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">&minus;</button><button id="zoom-fit" class="wide">{esc(ui["fit"])}</button></div>
</div>
<aside>
<h2>{esc(ui["relations"])}</h2>
<div><button id="all">{esc(ui["all"])}</button><button id="none">{esc(ui["none"])}</button></div>
<div id="filters"></div>
<label><input type="checkbox" id="edge-labels" checked> {esc(ui["edge_labels"])}</label>
<h2>{esc(ui["legend"])}</h2>
<div id="legend"></div>
</aside>
</main>
<footer>{esc(data["footnote"])}</footer>
<script type="application/json" id="geokg-data">{_json_for_script(data)}</script>
<script>
{asset("graph.js")}
</script>
</body>
</html>
"""


def scene_document(scene: Scene, **kw) -> str:
    kw.setdefault("lang", scene.lang)
    return html_document(scene.graph, title=scene.title, focus=scene.focus, path_nodes=scene.path_nodes,
                         path_edges=scene.path_edges, left_out=scene.left_out, **kw)


def write_html(document: str, path: str | Path) -> Path:
    """Write the page to a .html file (InputError for another extension or an unwritable path)."""
    p = check_output(path, (".html", ".htm"))
    try:
        p.write_text(document, encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    return p


__all__ = ["graph_data", "html_document", "scene_document", "write_html", "asset"]
