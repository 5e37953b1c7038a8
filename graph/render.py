"""Static relationship diagrams of a projected actor graph (matplotlib, Agg backend).

The projection (:func:`graph.project.project`) gives a MultiDiGraph; this module chooses what
to show (:func:`select`: whole graph, an actor's neighbourhood, a path over its
neighbourhood, the most central actors when there are too many), lays it out
deterministically (:func:`layout_positions`) and draws it (:func:`draw_graph`), returning a
matplotlib Figure; :func:`save_figure` writes PNG, SVG or PDF. Nothing here calls pyplot, so
no window ever opens and nothing global changes.

Look: node colour and shape by actor kind, edge colour by polarity, dashed edges for
attributed claims, dotted for unreviewed extracted ones, arrows for directed relations;
parallel relations between two actors are drawn as separate arcs; labels are placed where
they cover no node.

>>> sorted(KIND_STYLE) == sorted(["State", "Territory", "Person", "Organization", "Bloc"])
True
>>> bundle_offsets(3)
[-0.26, 0.0, 0.26]
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InputError, NotFoundError

# --------------------------------------------------------------------------------------- style

# kind -> (fill colour, matplotlib marker); markers chosen to differ in print without colour
KIND_STYLE: dict[str, tuple[str, str]] = {
    "State": ("#4c72b0", "o"),
    "Territory": ("#dd8452", "s"),
    "Person": ("#8172b3", "^"),
    "Organization": ("#937860", "D"),
    "Bloc": ("#ccb974", "h"),
}
KIND_ORDER = tuple(KIND_STYLE)
OTHER_KIND = ("#bbbbbb", "o")
POLARITY_COLOURS: dict[str, str] = {"+": "#2a9d3f", "-": "#d62728", "0": "#7f7f7f"}
POLARITY_ORDER = ("+", "-", "0")
PATH_COLOUR = "#ffbf00"
DEFAULT_SEED = 7
LAYOUTS = ("spring", "kamada-kawai", "circular", "shell")
FORMATS = (".png", ".svg", ".pdf")
NODE_SIZE = 320  # points², the area matplotlib's scatter uses
LABEL_WIDTH = 18  # characters before a node label wraps

TEXT: dict[str, dict] = {
    "en": {
        "kinds": {"State": "state", "Territory": "territory", "Person": "person",
                  "Organization": "organization", "Bloc": "bloc"},
        "polarity": {"+": "cooperative", "-": "conflictual", "0": "structural"},
        "actors": "Actors", "relations": "Relations", "style": "Statements",
        "reviewed": "curated or reviewed", "attributed": "attributed claim",
        "proposed": "unreviewed (extracted)", "arrow": "→  direction",
        "noarrow": "—  symmetric (no arrow)", "path": "path",
        "sources": "Sources", "drawn": "drawn", "by": "with geokg",
        "n_actors": "{n} actors", "n_relations": "{n} relations",
        "left_out": "left out {n} less central actors: {names}",
        "whole": "Relations between actors", "focus": "{name} and the actors within {depth} step(s)",
        "focus1": "{name} and its neighbours",
        "path_title": "Path from {a} to {b}", "and_more": "and {n} more",
        "timeline": "Statements over time", "dated": "{n} dated statements",
        "undated": "{n} undated statements not shown",
        "lanes_left": "{n} more lanes not shown",
    },
    "fr": {
        "kinds": {"State": "État", "Territory": "territoire", "Person": "personne",
                  "Organization": "organisation", "Bloc": "bloc"},
        "polarity": {"+": "coopération", "-": "conflit", "0": "structurel"},
        "actors": "Acteurs", "relations": "Relations", "style": "Déclarations",
        "reviewed": "vérifiée", "attributed": "affirmation attribuée",
        "proposed": "non vérifiée (extraite)", "arrow": "→  sens",
        "noarrow": "—  symétrique (sans flèche)", "path": "chemin",
        "sources": "Sources", "drawn": "dessiné le", "by": "avec geokg",
        "n_actors": "{n} acteurs", "n_relations": "{n} relations",
        "left_out": "{n} acteurs moins centraux omis : {names}",
        "whole": "Relations entre acteurs", "focus": "{name} et les acteurs à {depth} pas au plus",
        "focus1": "{name} et ses voisins",
        "path_title": "Chemin de {a} à {b}", "and_more": "et {n} autres",
        "timeline": "Déclarations dans le temps", "dated": "{n} déclarations datées",
        "undated": "{n} déclarations sans date non montrées",
        "lanes_left": "{n} autres lignes non montrées",
    },
}


def text(lang: str) -> dict:
    if lang not in TEXT:
        raise InputError(f"unknown language {lang!r}: use {' or '.join(TEXT)}")
    return TEXT[lang]


def kind_style(kind: str | None) -> tuple[str, str]:
    return KIND_STYLE.get(kind or "", OTHER_KIND)


def node_label(g, n, lang: str = "en") -> str:
    d = g.nodes[n]
    if lang != "en" and d.get(f"label_{lang}"):
        return d[f"label_{lang}"]
    return d.get("label") or str(n).rsplit("/", 1)[-1]


def edge_label(d: dict, lang: str = "en") -> str:
    if lang != "en" and d.get(f"label_{lang}"):
        return d[f"label_{lang}"]
    return d.get("label") or d.get("relation", "")


def edge_style(d: dict) -> str:
    """'dotted' for unreviewed extracted statements, 'dashed' for attributed claims, else 'solid'."""
    if d.get("proposed"):
        return "dotted"
    if d.get("attributed"):
        return "dashed"
    return "solid"


# ------------------------------------------------------------------------------------ selection


@dataclass
class Scene:
    """What to draw: a projected subgraph and how to present it."""

    graph: object  # networkx.MultiDiGraph
    title: str
    focus: list[str] = field(default_factory=list)  # actor IRIs drawn emphasised
    path_nodes: list[str] = field(default_factory=list)
    path_edges: list[tuple[str, str, str]] = field(default_factory=list)  # (u, v, key) of g
    left_out: list[str] = field(default_factory=list)  # labels of actors not drawn
    lang: str = "en"


def neighbourhood(g, centres, depth: int) -> set:
    """Nodes within ``depth`` steps of any centre, ignoring direction."""
    import networkx as nx

    und = g.to_undirected(as_view=True)
    keep = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(und, c, cutoff=depth))
    return keep


def centrality_order(g) -> list:
    """Nodes, most central first: distinct neighbours, then supporting statements, then label."""
    und = g.to_undirected(as_view=True)
    weight = defaultdict(int)
    for u, v, d in g.edges(data=True):
        n = len(d.get("statements") or ()) or 1
        weight[u] += n
        weight[v] += n
    return sorted(g.nodes, key=lambda n: (-len(set(und[n]) - {n}), -weight[n], node_label(g, n).casefold(), n))


def keep_central(g, max_nodes: int, keep=()):
    """(subgraph of at most ``max_nodes`` most central nodes, nodes left out, most central first).

    Nodes in ``keep`` are always kept (they count towards the limit)."""
    if max_nodes < 1:
        raise InputError("--max-nodes must be at least 1")
    if g.number_of_nodes() <= max_nodes:
        return g, []
    order = centrality_order(g)
    chosen = list(dict.fromkeys([*[n for n in keep if n in g], *order]))[: max(max_nodes, len(keep))]
    sub = g.subgraph(chosen).copy()
    keep = set(keep)
    # an actor whose every partner was left out would float alone: leave it out too
    sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0 and g.degree(n) > 0 and n not in keep])
    left = [n for n in order if n not in sub]
    return sub, left


def find_path(g, a: str, b: str) -> tuple[list, list]:
    """(nodes, edges (u, v, key)) of a shortest path from a to b, direction ignored.

    Of several equally short paths, the first by actor labels, so the same data always gives
    the same picture; each hop is the relation graph.paths chooses (most sources first)."""
    import networkx as nx

    from .paths import make_hop

    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in g.edges() if u != v}))
    try:
        nodes = min(nx.all_shortest_paths(simple, a, b), key=lambda p: [node_label(g, n).casefold() for n in p])
    except nx.NetworkXNoPath:
        raise NotFoundError(f"nothing to draw: no path from {node_label(g, a)} to {node_label(g, b)} "
                            "in the selection") from None
    hops = [make_hop(g, u, v) for u, v in zip(nodes, nodes[1:])]
    return nodes, [h.edge for h in hops]


def select(store, *, focus: str | None = None, depth: int = 1, path: tuple[str, str] | None = None,
           filters=None, max_nodes: int = 80, lang: str = "en", index=None) -> Scene:
    """Project the store and choose what a diagram shows.

    Raises ActorNotFound for an unknown actor and NotFoundError when nothing is left to draw.
    """
    from .actors import ActorIndex
    from .project import project, require_edges

    t = text(lang)
    if focus and path:
        raise InputError("give either a focus actor or a path, not both")
    if depth < 0:
        raise InputError("depth must be 0 or more")
    index = index or ActorIndex.from_store(store)
    # resolve names before the (longer) projection so a typo fails fast
    focus_actor = index.resolve(focus) if focus else None
    ends = [index.resolve(x) for x in path] if path else []
    g = project(store, filters, index=index)
    require_edges(g)

    def missing(actor):
        return NotFoundError(f"nothing to draw: {actor.label} has no relation in the selection")

    scene_focus, path_nodes, path_edges = [], [], []
    if focus_actor:
        if focus_actor.iri not in g:
            raise missing(focus_actor)
        sub = g.subgraph(neighbourhood(g, [focus_actor.iri], depth)).copy()
        title = t["focus1" if depth == 1 else "focus"].format(name=focus_actor.label_in(lang), depth=depth)
        scene_focus = [focus_actor.iri]
    elif ends:
        for a in ends:
            if a.iri not in g:
                raise missing(a)
        if ends[0].iri == ends[1].iri:
            raise InputError(f"{path[0]!r} and {path[1]!r} both name {ends[0].label}: a path needs two actors")
        path_nodes, path_edges = find_path(g, ends[0].iri, ends[1].iri)
        sub = g.subgraph(neighbourhood(g, path_nodes, depth)).copy()
        title = t["path_title"].format(a=ends[0].label_in(lang), b=ends[1].label_in(lang))
        scene_focus = [ends[0].iri, ends[1].iri]
    else:
        sub = g
        title = t["whole"]
    if sub.number_of_edges() == 0:
        raise NotFoundError("nothing to draw: the selection has no relation (try a larger --depth)")
    sub.graph.update(g.graph)
    sub, left = keep_central(sub, max_nodes, keep=[*scene_focus, *path_nodes])
    sub.graph.update(g.graph)
    return Scene(graph=sub, title=title, focus=scene_focus, path_nodes=path_nodes,
                 path_edges=[e for e in path_edges if sub.has_edge(*e)],
                 left_out=[node_label(g, n, lang) for n in left], lang=lang)


# --------------------------------------------------------------------------------------- layout


def bundle_offsets(n: int, step: float = 0.26) -> list[float]:
    """Curvatures (arc3 rad) for n parallel edges, symmetric around a straight one."""
    return [round((i - (n - 1) / 2) * step, 4) for i in range(n)]


def edge_curvatures(g, pos: dict | None = None, clearance: float = 0.3) -> dict[tuple, float]:
    """arc3 ``rad`` for every edge (u, v, key) so that parallel relations do not overlap.

    Edges between the same two actors, whatever their direction, get distinct offsets; the
    sign is flipped for edges drawn against the pair's canonical order, since arc3 bends to
    the left of the direction of travel. Given positions, a bundle that would run over a
    third actor (closer than ``clearance`` layout units) is bent around it."""
    import numpy as np

    groups = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        if u == v:
            continue
        a, b = sorted((u, v))
        groups[(a, b)].append((u, v, k))
    if pos:
        others = np.array([pos[n] for n in sorted(g.nodes)], dtype=float)
        names = sorted(g.nodes)
    out = {}
    ts = np.linspace(0.06, 0.94, 30)
    for (a, b), edges in groups.items():
        edges.sort(key=lambda e: (e[0] != a, e[2]))
        offsets = bundle_offsets(len(edges))
        shift = 0.0
        if pos:
            mask = np.array([n not in (a, b) for n in names])
            pts_other = others[mask]

            def hits(base):
                if not len(pts_other):
                    return 0
                n_hit = 0
                for off in offsets:
                    xs, ys = _bezier(pos[a], pos[b], off + base, ts)
                    d = np.hypot(xs[:, None] - pts_other[None, :, 0], ys[:, None] - pts_other[None, :, 1])
                    n_hit += int((d.min(axis=0) < clearance).sum())
                return n_hit

            best = None
            for base in (0.0, 0.2, -0.2, 0.4, -0.4, 0.6, -0.6):
                h = hits(base)
                if best is None or h < best[0]:
                    best = (h, base)
                if h == 0:
                    break
            shift = best[1]
        for e, off in zip(edges, offsets):
            r = round(off + shift, 4)
            out[e] = r if e[0] == a else -r
    return out


def _component_layout(c, layout: str, seed: int):
    import networkx as nx

    n = c.number_of_nodes()
    if n == 1:
        return {next(iter(c)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(c)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    if layout == "spring":
        return _best_spring(c, seed)
    if layout == "kamada-kawai":
        return nx.kamada_kawai_layout(c, pos=nx.circular_layout(c))
    if layout == "circular":
        return nx.circular_layout(c)
    if layout == "shell":
        by_kind = defaultdict(list)
        for v in c:
            by_kind[c.nodes[v].get("kind")].append(v)
        shells = [sorted(by_kind.pop(k)) for k in ("State", "Bloc", "Organization", "Territory", "Person")
                  if k in by_kind]
        shells += [sorted(v) for _, v in sorted(by_kind.items(), key=lambda kv: str(kv[0]))]
        return nx.shell_layout(c, nlist=shells)
    raise InputError(f"unknown layout {layout!r}: use {', '.join(LAYOUTS)}")


def _best_spring(c, seed: int, tries: int | None = None) -> dict:
    """Force-directed layouts from a few seeded starts (one of them Kamada-Kawai's); keeps the
    one with the fewest edge crossings and edges running over other nodes."""
    import networkx as nx
    import numpy as np

    n = c.number_of_nodes()
    k = 1.6 / math.sqrt(n)
    if tries is None:
        tries = 6 if n <= 40 else 4 if n <= 90 else 2
    rng = np.random.default_rng(seed)
    kk = nx.kamada_kawai_layout(c, pos=nx.circular_layout(c)) if n <= 150 else None
    best = None
    for i in range(tries):
        if i == 0 and kk is not None:
            start = {v: tuple(np.asarray(p) + rng.normal(scale=0.02, size=2)) for v, p in kk.items()}
        else:
            start = {v: tuple(rng.uniform(-1, 1, size=2)) for v in sorted(c)}
        pos = nx.spring_layout(c, pos=start, iterations=150, k=k, seed=seed + i)
        score = layout_score(pos, list(c.edges()))
        if best is None or score < best[0]:
            best = (score, pos)
    return best[1]


def layout_score(pos: dict, edges: list, clearance: float = 0.08) -> float:
    """Badness of a layout: edge crossings, plus edges passing over a third node (x3).

    ``clearance`` is relative to the drawing's size."""
    import numpy as np

    if len(edges) < 2:
        return 0.0
    names = list(pos)
    ix = {v: i for i, v in enumerate(names)}
    P = np.array([pos[v] for v in names], dtype=float)
    span = float(np.ptp(P, axis=0).max()) or 1.0
    E = np.array([(ix[u], ix[v]) for u, v in edges if u != v])
    A, B = P[E[:, 0]], P[E[:, 1]]

    def orient(p, q, r):
        return np.sign((q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0]))

    a1, b1 = A[:, None, :], B[:, None, :]
    a2, b2 = A[None, :, :], B[None, :, :]
    cross = (orient(a1, b1, a2) * orient(a1, b1, b2) < 0) & (orient(a2, b2, a1) * orient(a2, b2, b1) < 0)
    shared = (E[:, None, 0] == E[None, :, 0]) | (E[:, None, 0] == E[None, :, 1]) | \
             (E[:, None, 1] == E[None, :, 0]) | (E[:, None, 1] == E[None, :, 1])
    crossings = int((cross & ~shared).sum()) // 2
    # distance of every node to every edge segment
    d = B - A
    L2 = np.maximum((d ** 2).sum(-1), 1e-12)
    t = np.clip(((P[None, :, :] - A[:, None, :]) * d[:, None, :]).sum(-1) / L2[:, None], 0, 1)
    closest = A[:, None, :] + t[..., None] * d[:, None, :]
    dist = np.sqrt(((P[None, :, :] - closest) ** 2).sum(-1))
    ends = np.zeros_like(dist, dtype=bool)
    ends[np.arange(len(E)), E[:, 0]] = True
    ends[np.arange(len(E)), E[:, 1]] = True
    over = int(((dist < clearance * span) & ~ends).sum())
    return crossings + 3.0 * over


def _normalise(pos: dict, edges: list, target_edge: float = 1.7) -> dict:
    """Scale so that the median edge is ``target_edge`` units long (nodes ~1 unit apart)."""
    import numpy as np

    if len(pos) < 2:
        return {k: (0.0, 0.0) for k in pos}
    p = np.array(list(pos.values()), dtype=float)
    p -= p.mean(axis=0)
    lengths = [math.dist(pos[u], pos[v]) for u, v in edges if u != v]
    lengths = [x for x in lengths if x > 1e-9]
    ref = float(np.median(lengths)) if lengths else float(np.ptp(p, axis=0).max()) or 1.0
    p *= target_edge / ref
    return {k: (float(x), float(y)) for k, (x, y) in zip(pos, p)}


def _spread(pos: dict, min_dist: dict, default: float = 1.25, rounds: int = 200) -> dict:
    """Push nodes apart until no two are closer than their minimum distance."""
    import numpy as np

    keys = list(pos)
    n = len(keys)
    if n < 2:
        return pos
    p = np.array([pos[k] for k in keys], dtype=float)
    need = np.full((n, n), default)
    ix = {k: i for i, k in enumerate(keys)}
    for (a, b), d in min_dist.items():
        need[ix[a], ix[b]] = need[ix[b], ix[a]] = max(d, default)
    np.fill_diagonal(need, 0.0)
    rng = np.random.default_rng(0)
    for _ in range(rounds):
        delta = p[:, None, :] - p[None, :, :]
        dist = np.sqrt((delta ** 2).sum(-1))
        short = (dist < need - 1e-6) & ~np.eye(n, dtype=bool)
        if not short.any():
            break
        same = (dist < 1e-9) & ~np.eye(n, dtype=bool)
        if same.any():  # coincident points: nudge deterministically
            p += rng.normal(scale=1e-3, size=p.shape) * same.any(axis=1)[:, None]
            continue
        push = np.where(short, (need - dist) / 2 / np.maximum(dist, 1e-9), 0.0)
        p += (delta * push[:, :, None]).sum(axis=1) * 0.5
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, p)}


def _pack(parts: list[dict], gap: float = 1.6) -> dict:
    """Place laid-out components side by side in rows (largest first), about 4:3 overall."""
    boxes = []
    for pos in parts:
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + gap) * (h + gap) for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), math.sqrt(area * 4 / 3))
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for pos, (x0, y0, w, h) in zip(parts, boxes):
        if x > 0 and x + w > row_width + 1e-9:
            x, y, row_h = 0.0, y - row_h - gap, 0.0
        for k, (px, py) in pos.items():
            out[k] = (px - x0 + x, py - (y0 + h) + y)
        x += w + gap
        row_h = max(row_h, h)
    return out


def layout_positions(g, layout: str = "spring", seed: int = DEFAULT_SEED) -> dict:
    """Deterministic positions for every node, in units where neighbours are ~1.7 apart.

    Connected components are laid out one by one and packed in rows (spring, kamada-kawai);
    circular and shell lay the whole graph out at once. Node order is fixed by sorting, so the
    same graph and seed always give the same picture."""
    import networkx as nx

    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: use {', '.join(LAYOUTS)}")
    h = nx.Graph()
    for n in sorted(g.nodes):
        h.add_node(n, **{"kind": g.nodes[n].get("kind")})
    pair_count = defaultdict(int)
    for u, v in g.edges():
        if u != v:
            pair_count[tuple(sorted((u, v)))] += 1
    for (u, v) in sorted(pair_count):
        h.add_edge(u, v)
    if h.number_of_nodes() == 0:
        return {}
    if layout in ("circular", "shell"):
        comps = [sorted(h.nodes)]
    else:
        comps = sorted((sorted(c) for c in nx.connected_components(h)), key=lambda c: (-len(c), c[0]))
    parts = []
    for nodes in comps:
        c = nx.Graph()
        for n in nodes:
            c.add_node(n, **h.nodes[n])
        c.add_edges_from(sorted(e for e in h.subgraph(nodes).edges()))
        pos = _normalise(_component_layout(c, layout, seed), list(c.edges()))
        need = {e: 0.9 + 0.3 * k for e, k in pair_count.items() if e[0] in c and k > 1}
        parts.append(_spread(pos, need))
    return _pack(parts) if len(parts) > 1 else parts[0]


# -------------------------------------------------------------------------------------- drawing


def wrap_label(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH, break_long_words=False)) or label


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get else fig._get_renderer()


class _Placer:
    """Chooses label positions (display pixels) that avoid nodes, other labels and edges."""

    def __init__(self, node_xy, node_r, edge_points):
        import numpy as np

        self.np = np
        self.node_xy = np.asarray(node_xy, dtype=float).reshape(-1, 2)
        self.node_r = np.asarray(node_r, dtype=float)
        self.edge_points = np.asarray(edge_points, dtype=float).reshape(-1, 2)
        self.boxes: list[tuple[float, float, float, float]] = []

    def cost(self, box, edges: bool = True) -> float:
        np = self.np
        x0, y0, x1, y1 = box
        c = 0.0
        if len(self.node_xy):
            nx_ = np.clip(self.node_xy[:, 0], x0, x1)
            ny_ = np.clip(self.node_xy[:, 1], y0, y1)
            d = np.hypot(self.node_xy[:, 0] - nx_, self.node_xy[:, 1] - ny_)
            c += 1000.0 * float(np.clip(self.node_r + 1.5 - d, 0, None).sum())
        for bx0, by0, bx1, by1 in self.boxes:
            ow = min(x1, bx1) - max(x0, bx0)
            oh = min(y1, by1) - max(y0, by0)
            if ow > 0 and oh > 0:
                c += 50.0 * ow * oh / 10 + 200
        if edges and len(self.edge_points):
            e = self.edge_points
            inside = (e[:, 0] > x0) & (e[:, 0] < x1) & (e[:, 1] > y0) & (e[:, 1] < y1)
            c += 2.0 * float(inside.sum())
        return c

    def add(self, box):
        self.boxes.append(box)


def _bezier(p0, p2, rad, t):
    """Point at t on matplotlib's arc3 quadratic curve from p0 to p2 (display coordinates)."""
    (x1, y1), (x2, y2) = p0, p2
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
    return a * x1 + b * cx + c * x2, a * y1 + b * cy + c * y2


def _box_at(w, h, x, y, ha, va, pad=1.0):
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"bottom": y, "center": y - h / 2, "top": y - h}[va]
    return (x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)


@dataclass
class Drawing:
    """What :func:`draw_graph` placed, for callers and tests (attached as ``fig.geokg``)."""

    positions: dict  # node -> (x, y) data coordinates
    node_radius_px: float
    node_labels: dict  # node -> matplotlib Text
    edge_labels: dict  # (u, v, key) -> matplotlib Text
    legend: object
    legend_labels: list[str]
    left_out: list[str]


# margins of a figure draw_graph makes itself, in inches
_LEGEND_W, _TOP, _BOTTOM, _SIDE = 2.5, 0.6, 0.75, 0.2
_UNIT = 1.15  # inches per layout unit


def _frame(pos: dict, ax, dpi: int):
    """(figure, axes, own figure?) sized for the layout, limits set to an equal scale on both axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1 = min(xs) - 1.0, max(xs) + 1.0
    y0, y1 = min(ys) - 0.8, max(ys) + 0.8
    dx, dy = x1 - x0, y1 - y0
    if ax is None:
        w_in = min(max(dx * _UNIT, 6.0), 24.0)
        h_in = min(max(dy * _UNIT, 4.5), 18.0)
        fig = Figure(figsize=(w_in + _LEGEND_W + 2 * _SIDE, h_in + _TOP + _BOTTOM), dpi=dpi)
        FigureCanvasAgg(fig)
        W, H = fig.get_size_inches()
        ax = fig.add_axes((_SIDE / W, _BOTTOM / H, w_in / W, h_in / H))
        own = True
    else:
        fig, own = ax.figure, False
        bb = ax.get_position()
        W, H = fig.get_size_inches()
        w_in, h_in = bb.width * W, bb.height * H
    # equal scale on both axes, without letting matplotlib move the axes box
    scale = min(w_in / dx, h_in / dy)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - w_in / scale / 2, cx + w_in / scale / 2)
    ax.set_ylim(cy - h_in / scale / 2, cy + h_in / scale / 2)
    ax.set_axis_off()
    return fig, ax, own


class _Painter:
    """Draws one projected graph into one Axes: edges, nodes, labels, legend, notes."""

    def __init__(self, g, fig, ax, pos, *, lang, focus, path_nodes, path_edges):
        self.g, self.fig, self.ax, self.pos, self.lang = g, fig, ax, pos, lang
        self.t = text(lang)
        self.focus, self.path_set, self.path_edges = set(focus), set(path_nodes), set(path_edges)
        self.highlight = bool(self.path_set)
        self.renderer = _renderer(fig)
        self.px_per_pt = fig.dpi / 72.0
        self.node_r_pt = math.sqrt(NODE_SIZE) / 2
        self.node_r_px = self.node_r_pt * self.px_per_pt
        self.nodes = sorted(g.nodes)
        self.edge_geo: dict[tuple, tuple] = {}  # (u, v, key) -> (start px, end px, rad)
        self.kinds, self.polarities, self.styles = [], [], []
        self.placer = None

    def px(self, xy):
        return self.ax.transData.transform(xy)

    def to_data(self, xy):
        return self.ax.transData.inverted().transform(xy)

    def strong(self, n) -> bool:
        return n in self.focus or n in self.path_set

    def edges(self) -> list:
        """Draw every edge as an arc; returns points along them (pixels) for label placement."""
        import numpy as np
        from matplotlib.patches import FancyArrowPatch

        ax, pos = self.ax, self.pos
        curv = edge_curvatures(self.g, pos)
        points = []
        for u, v, k, d in sorted(self.g.edges(keys=True, data=True), key=lambda e: e[:3]):
            if u == v:
                continue
            rad = curv[(u, v, k)]
            pol = d.get("polarity", "0")
            style = edge_style(d)
            self.polarities.append(pol)
            self.styles.append(style)
            on_path = (u, v, k) in self.path_edges
            common = dict(connectionstyle=f"arc3,rad={rad}", shrinkA=self.node_r_pt + 1.5,
                          shrinkB=self.node_r_pt + 1.5)
            if on_path:
                ax.add_patch(FancyArrowPatch(pos[u], pos[v], arrowstyle="-", color=PATH_COLOUR, linewidth=7,
                                             alpha=0.8, zorder=1, capstyle="round", **common))
            ax.add_patch(FancyArrowPatch(
                pos[u], pos[v], arrowstyle="-" if d.get("symmetric") else "-|>", mutation_scale=13,
                color=POLARITY_COLOURS.get(pol, POLARITY_COLOURS["0"]),
                alpha=0.3 if self.highlight and not on_path else 0.95, linewidth=2.2 if on_path else 1.3,
                linestyle=style, zorder=2, **common))
            p0, p2 = self.px(pos[u]), self.px(pos[v])
            self.edge_geo[(u, v, k)] = (p0, p2, rad)
            points.extend(_bezier(p0, p2, rad, tt) for tt in np.linspace(0.08, 0.92, 24))
        return points

    def nodes_(self) -> None:
        """One scatter per kind (so the legend shows each kind once), above edges and edge labels."""
        import numpy as np
        from matplotlib.colors import to_rgba

        by_kind = defaultdict(list)
        for n in self.nodes:
            by_kind[self.g.nodes[n].get("kind")].append(n)
        for kind in sorted(by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, str(k))):
            members = by_kind[kind]
            self.kinds.append(kind)
            colour, marker = kind_style(kind)
            pts = np.array([self.pos[n] for n in members])
            faces = [to_rgba(colour, 0.35 if self.highlight and n not in self.path_set else 1.0) for n in members]
            self.ax.scatter(pts[:, 0], pts[:, 1], s=NODE_SIZE, c=faces, marker=marker, zorder=5.5,
                            edgecolors=["#111111" if self.strong(n) else "white" for n in members],
                            linewidths=[2.2 if self.strong(n) else 1.0 for n in members])

    def node_labels(self) -> dict:
        """Each label in the cheapest of eight places around its node (then eight farther ones)."""
        gap = self.node_r_px + 2.5 * self.px_per_pt
        diag = gap * 0.8
        near = [(0, -gap, "center", "top"), (0, gap, "center", "bottom"), (gap, 0, "left", "center"),
                (-gap, 0, "right", "center"), (diag, -diag, "left", "top"), (-diag, -diag, "right", "top"),
                (diag, diag, "left", "bottom"), (-diag, diag, "right", "bottom")]
        candidates = near + [(ox * 1.9, oy * 1.9, ha, va) for ox, oy, ha, va in near]
        texts = {}
        for n in sorted(self.nodes, key=lambda n: (not self.strong(n), n)):
            strong = self.strong(n)
            txt = self.ax.text(0, 0, wrap_label(node_label(self.g, n, self.lang)), fontsize=9, zorder=6,
                               fontweight="bold" if strong else "normal", linespacing=1.05,
                               color="#555555" if self.highlight and not strong else "#111111",
                               multialignment="center", gid=f"node-label:{n}",
                               bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
            ext = txt.get_window_extent(self.renderer)
            x, y = self.px(self.pos[n])
            best = None
            for i, (ox, oy, ha, va) in enumerate(candidates):
                box = _box_at(ext.width, ext.height, x + ox, y + oy, ha, va)
                c = self.placer.cost(box) + i * 0.5 + (40 if i >= len(near) else 0)
                if best is None or c < best[0]:
                    best = (c, box, ha, va, (x + ox, y + oy))
            _, box, ha, va, xy = best
            self.placer.add(box)
            txt.set_position(self.to_data(xy))
            txt.set_ha(ha)
            txt.set_va(va)
            texts[n] = txt
        return texts

    def edge_labels(self) -> dict:
        """Each relation name somewhere along its own arc, where it covers the least."""
        texts = {}
        for (u, v, k), (p0, p2, rad) in sorted(self.edge_geo.items()):
            d = self.g.edges[u, v, k]
            on_path = (u, v, k) in self.path_edges
            txt = self.ax.text(0, 0, edge_label(d, self.lang), fontsize=7, ha="center", va="center",
                               color=POLARITY_COLOURS.get(d.get("polarity", "0"), POLARITY_COLOURS["0"]),
                               alpha=0.55 if self.highlight and not on_path else 1.0, zorder=5,
                               fontweight="bold" if on_path else "normal", gid=f"edge-label:{u}|{k}|{v}",
                               bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
            ext = txt.get_window_extent(self.renderer)
            best = None
            for i, tt in enumerate((0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72)):
                x, y = _bezier(p0, p2, rad, tt)
                box = _box_at(ext.width, ext.height, x, y, "center", "center", pad=1.5)
                # a label sits on its own arc: crossing arcs do not count against it
                c = self.placer.cost(box, edges=False) + i * 3
                if best is None or c < best[0]:
                    best = (c, box, (x, y))
            _, box, xy = best
            self.placer.add(box)
            txt.set_position(self.to_data(xy))
            texts[(u, v, k)] = txt
        return texts

    def legend(self, own: bool):
        """Kinds, polarities and statement styles present; returns (legend, labels)."""
        from matplotlib.lines import Line2D

        t, handles, headers = self.t, [], []

        def header(label):
            headers.append(len(handles))
            handles.append(Line2D([], [], linestyle="none", label=label))

        header(t["actors"])
        for kind in self.kinds:
            colour, marker = kind_style(kind)
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=9, markerfacecolor=colour,
                                  markeredgecolor="white", label=t["kinds"].get(kind, str(kind or "?"))))
        header(t["relations"])
        for pol in POLARITY_ORDER:
            if pol in self.polarities:
                handles.append(Line2D([], [], color=POLARITY_COLOURS[pol], linewidth=2, label=t["polarity"][pol]))
        if set(self.styles) - {"solid"}:
            header(t["style"])
            for style, key in (("solid", "reviewed"), ("dashed", "attributed"), ("dotted", "proposed")):
                if style in self.styles:
                    handles.append(Line2D([], [], color="#444444", linewidth=1.5, linestyle=style, label=t[key]))
        if self.highlight:
            handles.append(Line2D([], [], color=PATH_COLOUR, linewidth=6, alpha=0.8, label=t["path"]))
        handles.append(Line2D([], [], linestyle="none", label=t["arrow"]))
        handles.append(Line2D([], [], linestyle="none", label=t["noarrow"]))
        style = dict(handles=handles, loc="upper left", frameon=False, fontsize=9, handlelength=2.2)
        if own:
            W, H = self.fig.get_size_inches()
            right_of_axes = self.ax.get_position().x1 + 0.15 / W
            legend = self.fig.legend(bbox_to_anchor=(right_of_axes, 1 - _TOP / H), **style)
        else:
            legend = self.ax.legend(bbox_to_anchor=(1.01, 1.0), **style)
        for i, txt in enumerate(legend.get_texts()):
            if i in headers:
                txt.set_fontweight("bold")
        return legend, [h.get_label() for h in handles]

    def notes(self, own: bool, title: str | None, note: str | None) -> None:
        fig = self.fig
        W, H = fig.get_size_inches()
        if title:
            if own:
                fig.text(_SIDE / W, 1 - 0.22 / H, title, fontsize=14, fontweight="bold", va="top", ha="left")
            else:
                self.ax.set_title(title, fontsize=13, fontweight="bold")
        if note:
            wrapped = "\n".join(textwrap.wrap(note, max(40, int((W - 2 * _SIDE) * 72 / (7.5 * 0.55)))))
            if own:
                fig.text(_SIDE / W, 0.12 / H, wrapped, fontsize=7.5, color="#444444", va="bottom", ha="left")
            else:
                self.ax.text(0, -0.02, wrapped, transform=self.ax.transAxes, fontsize=7.5, color="#444444",
                             va="top")


def draw_graph(g, ax=None, *, layout: str = "spring", seed: int = DEFAULT_SEED, lang: str = "en",
               edge_labels: bool = True, title: str | None = None, focus=(), path_nodes=(), path_edges=(),
               left_out=(), footnote: bool = True, drawn_on: date | str | None = None, dpi: int = 100):
    """Draw a projected graph; returns the matplotlib Figure (drawn into ``ax`` when given).

    ``focus`` and ``path_nodes`` are drawn emphasised, ``path_edges`` ((u, v, key) of g)
    highlighted; ``left_out`` (labels) and ``drawn_on`` (today by default) go to the footnote.
    What was placed is attached as ``fig.geokg`` (a :class:`Drawing`)."""
    text(lang)  # fails early on an unknown language
    if g.number_of_nodes() == 0:
        raise NotFoundError("nothing to draw: the selection is empty")
    pos = layout_positions(g, layout, seed)
    fig, ax, own = _frame(pos, ax, dpi)
    p = _Painter(g, fig, ax, pos, lang=lang, focus=focus, path_nodes=path_nodes, path_edges=path_edges)
    edge_points = p.edges()
    p.nodes_()
    p.placer = _Placer([p.px(pos[n]) for n in p.nodes], [p.node_r_px] * len(p.nodes), edge_points)
    node_texts = p.node_labels()  # node labels first: they matter most
    edge_texts = p.edge_labels() if edge_labels else {}
    legend, legend_labels = p.legend(own)
    p.notes(own, title, footnote_text(g, lang=lang, drawn_on=drawn_on, left_out=left_out) if footnote else None)
    fig.geokg = Drawing(positions=pos, node_radius_px=p.node_r_px, node_labels=node_texts, edge_labels=edge_texts,
                        legend=legend, legend_labels=legend_labels, left_out=list(left_out))
    return fig


def statement_sources(g) -> list[str]:
    """Titles of the sources behind the drawn edges (the graph's own list when edges name none)."""
    titles = []
    for _, _, d in g.edges(data=True):
        for st in d.get("statements") or ():
            title = st.get("source") or st.get("source_iri")
            if title:
                titles.append(str(title))
    found = sorted(set(titles))
    return found or sorted(set(map(str, g.graph.get("sources") or ())))


def footnote_text(g, *, lang: str = "en", drawn_on=None, left_out=(), max_sources: int = 4) -> str:
    from . import __version__

    t = text(lang)
    sources = statement_sources(g)
    shown = sources[:max_sources]
    if len(sources) > max_sources:
        shown.append(t["and_more"].format(n=len(sources) - max_sources))
    drawn = str(drawn_on or date.today().isoformat())
    parts = []
    if shown:
        parts.append(f"{t['sources']}: " + "; ".join(shown))
    parts.append(t["n_actors"].format(n=g.number_of_nodes()) + ", "
                 + t["n_relations"].format(n=g.number_of_edges()))
    if left_out:
        names = ", ".join(list(left_out)[:8]) + (f", {t['and_more'].format(n=len(left_out) - 8)}"
                                                  if len(left_out) > 8 else "")
        parts.append(t["left_out"].format(n=len(left_out), names=names))
    parts.append(f"{t['drawn']} {drawn} {t['by']} {__version__}")
    return ". ".join(parts) + "."


def draw_scene(scene: Scene, ax=None, **kw):
    """:func:`draw_graph` for a :class:`Scene` from :func:`select`."""
    kw.setdefault("lang", scene.lang)
    return draw_graph(scene.graph, ax, title=scene.title, focus=scene.focus, path_nodes=scene.path_nodes,
                      path_edges=scene.path_edges, left_out=scene.left_out, **kw)


# --------------------------------------------------------------------------------------- output


def check_output(path: str | Path, formats=FORMATS) -> Path:
    """A writable output path with a known extension, its folder created; else InputError."""
    import os

    p = Path(path)
    ext = p.suffix.lower()
    if ext not in formats:
        shown = ext or "none"
        raise InputError(f"{path}: unknown extension {shown!r}; use {', '.join(formats)}")
    if p.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{path}: cannot create folder {p.parent}: {e.strerror or e}") from None
    target = p if p.exists() else p.parent
    if not os.access(target, os.W_OK):
        raise InputError(f"{path}: not writable")
    return p


def save_figure(fig, path: str | Path, dpi: int = 150) -> Path:
    """Write a Figure as PNG, SVG or PDF (by extension); the file's metadata carry no date."""
    p = check_output(path)
    meta = {".png": {"Software": "geokg"}, ".svg": {"Date": None, "Creator": "geokg"},
            ".pdf": {"CreationDate": None, "Creator": "geokg"}}[p.suffix.lower()]
    try:
        fig.savefig(p, dpi=dpi, metadata=meta, facecolor="white")
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    return p
