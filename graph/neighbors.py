"""An actor's neighbourhood on the projection, ring by ring, grouped by relation.

Ring 1 holds the edges between the actor and its direct neighbours; ring N the edges that
reach actors first met at distance N (from an actor at distance N-1). Edges keep their true
direction and are said as their reading (graph.readings): the relation the user named, else
the statements' own relation.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in "abc": G.add_node(n, label=n.upper(), kind="State")
>>> _ = G.add_edge("b", "a", key="supports", relation="supports", polarity="+", sources=1, confidence=1.0)
>>> _ = G.add_edge("b", "c", key="invades", relation="invades", polarity="-", sources=1, confidence=1.0)
>>> [(r.depth, r.relation, r.other) for r in neighborhood(G, "a", depth=2)]
[(1, 'supports', 'b'), (2, 'invades', 'c')]
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError
from .readings import reading_from, relation_label

MAX_DEPTH = 5


@dataclass
class Neighbor:
    depth: int
    subject: str
    relation: str
    object: str
    other: str  # the actor this edge reaches (first met at ``depth``)
    data: dict

    def label(self, lang: str = "en") -> str:
        """The relation's label (English or French)."""
        return relation_label(self.relation, self.data, lang)

    def as_dict(self, G) -> dict:
        lab = lambda n: G.nodes[n].get("label", n)  # noqa: E731
        return {"depth": self.depth, "subject": lab(self.subject), "relation": self.relation,
                "object": lab(self.object), "other": lab(self.other), "other_iri": self.other,
                "kind": G.nodes[self.other].get("kind"), "polarity": self.data.get("polarity"),
                "sources": self.data.get("sources", 0), "confidence": self.data.get("confidence"),
                "first_date": self.data.get("first_date"), "last_date": self.data.get("last_date")}


def neighborhood(G, actor: str, depth: int = 1) -> list[Neighbor]:
    """Edges reaching actors up to ``depth`` steps away (undirected steps), ring by ring,
    sorted by depth, relation, then the other actor's label."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"--depth {depth} is out of range: use 1 to {MAX_DEPTH}")
    if actor not in G:
        return []
    dist = {actor: 0}
    ring = [actor]
    out: list[Neighbor] = []
    for d in range(1, depth + 1):
        new: list[str] = []
        for u in ring:
            for s, o, k, data in _incident(G, u):
                v = o if s == u else s
                if dist.get(v, d) < d:  # already in an inner ring
                    continue
                if v not in dist:
                    dist[v] = d
                    new.append(v)
                r = reading_from(u, s, o, data, key=k)
                out.append(Neighbor(d, r.subject, r.relation, r.object, v, data))
        ring = new
        if not ring:
            break
    lab = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    out.sort(key=lambda n: (n.depth, n.relation, lab(n.other), n.subject))
    return out


def _incident(G, u):
    yield from G.out_edges(u, keys=True, data=True)
    for s, o, k, d in G.in_edges(u, keys=True, data=True):
        if s != u:
            yield s, o, k, d


def neighbors(store, name: str, depth: int = 1, filters=None, index=None):
    """Resolve ``name``, project the store, return (actor IRI, projection, neighbours)."""
    from .actors import ActorIndex
    from .errors import NotFoundError
    from .project import project, require_edges

    index = index or ActorIndex.from_store(store)
    actor = index.resolve(name)
    G = project(store, filters, index=index)
    require_edges(G)
    found = neighborhood(G, actor.iri, depth)
    if not found:
        f = G.graph.get("filters")
        under = f" that pass the filters ({f.describe()})" if f is not None and f.describe() else ""
        raise NotFoundError(f"{actor.label} has no relations{under}")
    return actor.iri, G, found
