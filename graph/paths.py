"""Paths between actors on the projection: shortest, K shortest, all up to N hops.

A path is undirected by default (a relation connects both ends) but each hop keeps the true
direction of its relation; ``directed=True`` follows relation direction only (symmetric
relations both ways). A hop is said as one of its edge's readings (graph.readings): the
relation the user named, in that relation's direction, else the statements' own relation;
``directed`` follows those directions, never the projection's internal one. Paths are
generated shortest first (networkx shortest_simple_paths, capped), never by unbounded
enumeration.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="A"); G.add_node("b", label="B"); G.add_node("c", label="C")
>>> G.add_edge("b", "a", key="supports", relation="supports", label="supports", symmetric=False,
...            statements=[], sources=1, confidence=0.9)
'supports'
>>> G.add_edge("b", "c", key="invades", relation="invades", label="invades", symmetric=False,
...            statements=[], sources=2, confidence=1.0)
'invades'
>>> [h.text(G) for h in find_paths(G, "a", "c")[0].hops]
['B —supports→ A', 'B —invades→ C']
>>> find_paths(G, "a", "c", directed=True)
Traceback (most recent call last):
...
graph.errors.NotFoundError: no path from A to C (directed)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from .errors import InputError, NotFoundError
from .readings import reading_from, relation_label, statement_triple, walks

MAX_HOPS = 10  # the largest --max-hops accepted
ALL_CAP = 100  # --all lists at most this many paths (shortest first)


@dataclass(slots=True)
class Hop:
    """One step of a path as it is said: (subject, relation, object) in that relation's direction.

    ``edge`` is the projection's edge behind it, (u, v, key), which may be stored the other way
    round under the inverse relation.
    """

    subject: str
    relation: str
    object: str
    data: dict  # the projection's edge attributes
    also: list[tuple[str, str, str]]  # other edges between the two actors, as said
    edge: tuple[str, str, str] | None = None

    def text(self, G, lang: str = "en") -> str:
        key = "label" if lang == "en" else "label_fr"
        s, o = G.nodes[self.subject].get(key, self.subject), G.nodes[self.object].get(key, self.object)
        label = relation_label(self.relation, self.data, lang)
        arrow = "—" if self.data.get("symmetric") else "→"
        return f"{s} —{label}{arrow} {o}"

    def stated(self, st: dict) -> tuple[str, str, str]:
        """A statement of this hop as it is stored: (subject, relation, object)."""
        u, v, _ = self.edge or (self.subject, self.object, self.relation)
        return statement_triple(u, v, self.data, st)

    def stated_text(self, G, st: dict, lang: str = "en") -> str | None:
        """How a statement of this hop is stored, in words, when the hop says it otherwise
        (the inverse relation): 'Israel buys arms from United States'; else None."""
        s, r, o = self.stated(st)
        if r == self.relation:
            return None
        key = "label" if lang == "en" else "label_fr"
        return f"{G.nodes[s].get(key, s)} {relation_label(r, self.data, lang)} {G.nodes[o].get(key, o)}"

    def as_dict(self, G) -> dict:
        return {
            "subject": G.nodes[self.subject].get("label", self.subject), "subject_iri": self.subject,
            "relation": self.relation,
            "object": G.nodes[self.object].get("label", self.object), "object_iri": self.object,
            "polarity": self.data.get("polarity"), "sources": self.data.get("sources", 0),
            "confidence": self.data.get("confidence"),
            "statements": [self._statement(G, st) for st in self.data.get("statements", [])],
            "also": [{"subject": G.nodes[s].get("label", s), "relation": r, "object": G.nodes[o].get("label", o)}
                     for s, r, o in self.also],
        }

    def _statement(self, G, st: dict) -> dict:
        out = {k: st.get(k) for k in ("iri", "source", "source_iri", "attributed_to", "date", "confidence", "status",
                                       "quote")}
        s, r, o = self.stated(st)
        out.update(subject=G.nodes[s].get("label", s), relation=r, object=G.nodes[o].get("label", o))
        return out


@dataclass(slots=True)
class Path:
    nodes: list[str]
    hops: list[Hop]

    @property
    def length(self) -> int:
        return len(self.hops)

    @property
    def confidence(self) -> float:
        """Product of the best confidence of each hop."""
        c = 1.0
        for h in self.hops:
            c *= float(h.data.get("confidence", 1.0))
        return c

    def as_dict(self, G) -> dict:
        return {"length": self.length, "confidence": round(self.confidence, 4),
                "hops": [h.as_dict(G) for h in self.hops]}


def traversal_graph(G, directed: bool = False):
    """The graph paths walk on: an undirected view of G, or a DiGraph with an arc in the
    direction of each reading of an edge (symmetric relations both ways)."""
    import networkx as nx

    if not directed:
        return G.to_undirected(as_view=True)
    S = nx.DiGraph()
    S.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        if walks(d, True):
            S.add_edge(u, v)
        if walks(d, False):
            S.add_edge(v, u)
    return S


def _steps(G, directed: bool):
    """Neighbour tables (forward, backward) for a breadth-first search on G itself: each maps
    a node to the adjacency dicts whose keys are its next nodes."""
    succ, pred = G._succ, G._pred  # networkx's adjacency dicts: no view to build

    if not directed:
        def both(u):
            return succ[u], pred[u]
        return both, both

    def along(adj, u, forward):
        return {v: None for v, keys in adj[u].items() if any(walks(d, forward) for d in keys.values())}

    def fwd(u):  # where a walk goes from u: edges u -> v walked forward, v -> u walked backward
        return along(succ, u, True), along(pred, u, False)

    def bwd(u):  # where a walk to u comes from
        return along(pred, u, True), along(succ, u, False)
    return fwd, bwd


def shortest_node_path(G, a: str, b: str, directed: bool = False, avoid=frozenset()) -> list[str] | None:
    """One shortest path a..b as a node list (bidirectional breadth-first search), or None.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> shortest_node_path(G, "a", "c"), shortest_node_path(G, "a", "c", directed=True)
    (['a', 'b', 'c'], None)
    """
    if a == b:
        return [a]
    fwd, bwd = _steps(G, directed)
    pa, pb = {a: None}, {b: None}  # parents on each side
    fa, fb = [a], [b]
    while fa and fb:
        if len(fa) <= len(fb):
            step, mine, other, frontier = fwd, pa, pb, fa
        else:
            step, mine, other, frontier = bwd, pb, pa, fb
        nxt = []
        for u in frontier:
            for adj in step(u):
                for v in adj:
                    if v in mine or v in avoid:
                        continue
                    mine[v] = u
                    if v in other:
                        return _join(pa, pb, v)
                    nxt.append(v)
        if frontier is fa:
            fa = nxt
        else:
            fb = nxt
    return None


def _join(pa, pb, meet):
    left, n = [], meet
    while n is not None:
        left.append(n)
        n = pa[n]
    left.reverse()
    n = pb[meet]
    while n is not None:
        left.append(n)
        n = pb[n]
    return left


def _simple(T):
    """shortest_simple_paths needs a simple graph."""
    from .project import simple_graph

    return simple_graph(T) if T.is_multigraph() else T


def _rank(data: dict, said: str | None = None) -> tuple:
    return (-data.get("sources", 0), -float(data.get("confidence", 0)), said or data.get("relation", ""))


def make_hop(G, u: str, v: str, directed: bool = False) -> Hop:
    """The best edge for a step u -> v (most sources, then confidence, then one said in the
    walk's direction), as said by its reading; the others go in ``also``."""
    cands = []
    for s, o, adj in ((u, v, G._succ[u]), (v, u, G._pred[u])):  # edges u -> v, then v -> u
        for k, d in (adj.get(v) or {}).items():
            r = reading_from(u, s, o, d, directed, k)
            if r is not None:
                cands.append((d, r, (s, o, k)))
    if not cands:
        raise NotFoundError(f"no relation from {_label(G, u)} to {_label(G, v)}")
    best = cands[0] if len(cands) == 1 else min(cands, key=lambda c: (*_rank(c[0], c[1].relation), c[1].subject != u))
    d, r, edge = best
    return Hop(r.subject, r.relation, r.object, d, [c[1].triple for c in cands if c is not best], edge)


def _label(G, n: str) -> str:
    return G.nodes[n].get("label", n) if n in G else n


def _why(G, a, b, directed) -> str:
    f = G.graph.get("filters")
    bits = ["directed"] if directed else []
    if f is not None and f.describe():
        bits.append(f.describe())
    ctx = f" ({'; '.join(bits)})" if bits else ""
    return f"no path from {_label(G, a)} to {_label(G, b)}{ctx}"


def find_paths(G, source: str, target: str, *, directed: bool = False, max_hops: int = 4, k: int = 1,
               all_paths: bool = False, via: str | None = None, avoid=(), cap: int = ALL_CAP) -> list[Path]:
    """Paths from ``source`` to ``target`` (actor IRIs), shortest first.

    Default: the one shortest path. ``k``: the K shortest. ``all_paths``: every simple path of
    at most ``max_hops`` hops (at most ``cap``), shortest first then by confidence. ``via``
    must be on the path; ``avoid`` actors are not. Raises NotFoundError when there is none.
    """
    import networkx as nx

    if not 1 <= max_hops <= MAX_HOPS:
        raise InputError(f"--max-hops {max_hops} is out of range: use 1 to {MAX_HOPS}")
    if k < 1:
        raise InputError(f"--k {k} is out of range: use 1 or more")
    if source == target:
        raise InputError(f"{_label(G, source)!r} is both ends of the path: name two different actors")
    avoid = set(avoid)
    for name, n in (("from", source), ("to", target), ("via", via)):
        if n is not None and n in avoid:
            raise InputError(f"{_label(G, n)} is both avoided and the {name} end of the path")
    if via is not None and via in (source, target):
        raise InputError(f"--via {_label(G, via)} is an end of the path")
    for n in (source, target, via):
        if n is not None and (n not in G or not (G._succ[n] or G._pred[n])):
            f = G.graph.get("filters")
            under = " that pass the filters" if f is not None and f.describe() else ""
            raise NotFoundError(f"{_why(G, source, target, directed)}: "
                                f"{_label(G, n)} has no relations{under}")
    want = cap if all_paths else k
    if via is None and want == 1 and not all_paths:  # the common case: no graph to build
        p = shortest_node_path(G, source, target, directed, avoid)
        if p is not None and len(p) - 1 <= max_hops:
            return [Path(p, [make_hop(G, u, v, directed) for u, v in zip(p, p[1:])])]
        msg = _why(G, source, target, directed)
        if p is not None:
            raise NotFoundError(f"{msg} within {max_hops} hops; the shortest has {len(p) - 1} "
                                f"(use --max-hops {len(p) - 1})")
        raise NotFoundError(msg)
    T = traversal_graph(G, directed)
    if avoid:
        T = nx.subgraph_view(T, filter_node=lambda n: n not in avoid)
    if via is None:
        node_paths = _node_paths(T, source, target, max_hops, want, single=False)
    else:
        first = _node_paths(T, source, via, max_hops - 1, cap, single=False)
        second = _node_paths(T, via, target, max_hops - 1, cap, single=False)
        node_paths = [p + q[1:] for p in first for q in second
                      if len(p) + len(q) - 2 <= max_hops and not (set(p[:-1]) & set(q[1:]))]
    if not node_paths:
        shortest = _shortest_length(T, source, target) if via is None else None
        msg = _why(G, source, target, directed)
        if shortest is not None and shortest > max_hops:
            raise NotFoundError(f"{msg} within {max_hops} hops; the shortest has {shortest} (use --max-hops {shortest})")
        if via is not None:
            raise NotFoundError(f"{msg} through {_label(G, via)} within {max_hops} hops")
        raise NotFoundError(msg)
    paths = [Path(p, [make_hop(G, u, v, directed) for u, v in zip(p, p[1:])]) for p in node_paths]
    paths.sort(key=lambda p: (p.length, -p.confidence))
    return paths[:want]


def _shortest_length(T, a, b) -> int | None:
    import networkx as nx

    try:
        return nx.shortest_path_length(T, a, b)
    except nx.NetworkXNoPath:
        return None


def _node_paths(T, a, b, max_hops, limit, single) -> list[list[str]]:
    import networkx as nx

    try:
        if single:
            p = nx.shortest_path(T, a, b)
            return [p] if len(p) - 1 <= max_hops else []
        out = []
        for p in islice(nx.shortest_simple_paths(_simple(T), a, b), limit):
            if len(p) - 1 > max_hops:
                break
            out.append(p)
        return out
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


@dataclass
class PathResult:
    source: str
    target: str
    paths: list[Path]
    graph: object  # the projection

    def as_dict(self) -> dict:
        G = self.graph
        return {"from": _label(G, self.source), "to": _label(G, self.target),
                "from_iri": self.source, "to_iri": self.target,
                "paths": [p.as_dict(G) for p in self.paths]}


def connect(store, a: str, b: str, filters=None, *, via: str | None = None, avoid=(), index=None,
            **options) -> PathResult:
    """Resolve two actor names (any label or alias), project the store, find the paths.

    ``options`` go to find_paths (directed, max_hops, k, all_paths, cap).
    """
    from .actors import ActorIndex
    from .project import project, require_edges

    index = index or ActorIndex.from_store(store)
    src, dst = index.resolve(a), index.resolve(b)
    if src.iri == dst.iri:
        same = f"{a!r} and {b!r} both name" if a != b else f"{a!r} names"
        raise InputError(f"{same} {src.label}: a path needs two different actors")
    via_iri = index.resolve(via).iri if via else None
    avoid_iris = [index.resolve(x).iri for x in avoid]
    G = project(store, filters, index=index)
    require_edges(G)
    for iri, actor in ((src.iri, src), (dst.iri, dst)):
        if iri not in G:  # keep the actor's label for the message
            G.add_node(iri, label=actor.label)
    return PathResult(src.iri, dst.iri,
                      find_paths(G, src.iri, dst.iri, via=via_iri, avoid=avoid_iris, **options), G)
