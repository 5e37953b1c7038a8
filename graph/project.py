"""The projection: one SPARQL SELECT over the statements makes a networkx MultiDiGraph of actors.

Nodes are actor IRIs with ``label`` (English), ``label_fr``, ``kind`` and ``iso3``. Edges are
one per (subject, relation, object), keyed by the relation's local name, and carry the
statements that support them (with their sources) and aggregates over those statements.

Canonical directions:

- Inverse relations are one edge: of a pair declared owl:inverseOf (suppliesArmsTo /
  buysArmsFrom), the alphabetically first name is canonical, so "North Korea suppliesArmsTo
  Russia" becomes the edge Russia -buysArmsFrom-> North Korea. A filter on either name matches.
  That is storage only: such an edge carries ``readings`` (graph.readings), how answers say
  it: the relation the filters name, in its direction, else each statement's own relation
  and direction. Every statement keeps its stored ``relation``.
- A symmetric relation (cooperatesWith...) is one edge per pair, oriented from the smaller IRI
  to the larger, with ``symmetric=True``: it may be traversed both ways.

Which statements count: curated and accepted ones (plus proposed ones with
``include_proposed``), never rejected or negated ones. ``Filters`` narrows them further.

>>> from graph.store import open_store
>>> from graph.build import build
>>> import tempfile
>>> with open_store(tempfile.mkdtemp() + "/s") as store:
...     _ = build(store)
...     g = project(store, Filters(relations=["suppliesArmsTo"]))
>>> e = g.edges["https://w3id.org/geokg/actor/RUS", "https://w3id.org/geokg/actor/PRK", "buysArmsFrom"]
>>> e["relation"], e["polarity"], e["sources"] >= 1
('buysArmsFrom', '+', True)
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InputError, NotFoundError
from .vocab import GKG_NS, XSD, relation, relations

POLARITIES = ("+", "-", "0")
STATUSES_ASSERTED = ("curated", "accepted")
# interactsWith (imported CAMEO events) takes its polarity from the statements' Goldstein scores
EVENT_RELATION = "interactsWith"

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_MONTH_END = {"02": "29", "04": "30", "06": "30", "09": "30", "11": "30"}


@dataclass
class Filters:
    """What the projection keeps; every field None/False keeps every asserted statement.

    >>> Filters(relations=["gkg:suppliesArmsTo"], polarity="+").relations
    ['suppliesArmsTo']
    >>> Filters(as_of="2022-13-01")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: invalid date '2022-13-01' for --as-of: use YYYY-MM-DD, YYYY-MM or YYYY
    """

    relations: list[str] | None = None
    polarity: str | None = None
    as_of: str | None = None
    min_confidence: float | None = None
    include_proposed: bool = False
    graphs: list[str] | None = None

    def __post_init__(self):
        if self.relations is not None:
            self.relations = list(dict.fromkeys(relation(r).name for r in self.relations)) or None
        if self.polarity is not None and self.polarity not in POLARITIES:
            raise InputError(f"invalid polarity {self.polarity!r}: use +, - or 0")
        if self.as_of is not None:
            self.as_of = str(self.as_of).strip()
            if not _DATE.match(self.as_of):
                raise InputError(f"invalid date {self.as_of!r} for --as-of: use YYYY-MM-DD, YYYY-MM or YYYY")
        if self.min_confidence is not None:
            self.min_confidence = float(self.min_confidence)
            if not 0.0 <= self.min_confidence <= 1.0:
                raise InputError(f"--min-confidence {self.min_confidence} is outside [0, 1]")
        if self.graphs is not None:
            from .store.naming import graph_iri

            self.graphs = list(dict.fromkeys(graph_iri(g) for g in self.graphs)) or None

    def describe(self) -> str:
        """The active filters in words ('' when none).

        >>> Filters(relations=["recognizes"], as_of="2020").describe()
        'relation recognizes, as of 2020'
        """
        from .store.naming import short_name

        bits = []
        if self.relations:
            bits.append("relation " + " or ".join(self.relations))
        if self.polarity:
            bits.append(f"polarity {self.polarity}")
        if self.as_of:
            bits.append(f"as of {self.as_of}")
        if self.min_confidence is not None:
            bits.append(f"confidence >= {self.min_confidence:g}")
        if self.include_proposed:
            bits.append("proposed statements included")
        if self.graphs:
            bits.append("graph " + " or ".join(short_name(g) for g in self.graphs))
        return ", ".join(bits)


def canonical(name: str) -> str:
    """The relation an edge is stored under: of an inverse pair, the alphabetically first.

    >>> canonical("suppliesArmsTo"), canonical("recognizes")
    ('buysArmsFrom', 'recognizes')
    """
    rel = relation(name)
    if rel.inverse_of and rel.inverse_of < rel.name:
        return rel.inverse_of
    return rel.name


def as_of_bound(value: str) -> str:
    """A partial --as-of date stands for the last day of its period.

    >>> as_of_bound("2022"), as_of_bound("2022-02"), as_of_bound("2022-09-06")
    ('2022-12-31', '2022-02-29', '2022-09-06')
    """
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        return f"{value}-{_MONTH_END.get(value[5:], '31')}"
    return value


# One row per statement (the engine joins, Python only folds rows into edges).
# Placeholders are filled with FILTER lines built from bound variables, never from user text.
PROJECTION_QUERY = """
SELECT ?st ?s ?rel ?o ?status ?conf ?attr ?attrTo ?date ?from ?until ?src ?quote ?gold ?g
WHERE {
  GRAPH ?g {
    ?st gkg:relation ?rel ; gkg:subject ?s ; gkg:object ?o ; gkg:negated false ; gkg:status ?status .
    OPTIONAL { ?st gkg:confidence ?conf }
    OPTIONAL { ?st gkg:attribution ?attr }
    OPTIONAL { ?st gkg:attributedTo ?attrTo }
    OPTIONAL { ?st gkg:date ?date }
    OPTIONAL { ?st gkg:validFrom ?from }
    OPTIONAL { ?st gkg:validUntil ?until }
    OPTIONAL { ?st gkg:quote ?quote }
    OPTIONAL { ?st gkg:goldstein ?gold }
    OPTIONAL { ?st gkg:source ?src }
  }
%(filters)s}
"""

SOURCES_QUERY = "SELECT ?src ?title WHERE { ?src a gkg:Source ; dcterms:title ?title }"


def projection_query(filters: Filters | None = None) -> tuple[str, dict]:
    """The SELECT of the projection and its bindings for these filters.

    >>> text, b = projection_query(Filters(relations=["recognizes"], min_confidence=0.5))
    >>> "?rel IN (?r0, ?r1)" in text or "?rel IN (?r0)" in text, sorted(b)
    (True, ['minconf', 'r0'])
    """
    f = filters or Filters()
    lines, bindings = [], {}
    statuses = STATUSES_ASSERTED + (("proposed",) if f.include_proposed else ())
    lines.append("FILTER(?status IN (%s))" % ", ".join(f'"{s}"' for s in statuses))
    rels = selected_relations(f)
    if rels is not None:
        names = sorted({n for r in rels for n in (r, relation(r).inverse_of) if n})
        for i, n in enumerate(names):
            bindings[f"r{i}"] = ox.NamedNode(GKG_NS + n)
        lines.append("FILTER(?rel IN (%s))" % ", ".join(f"?r{i}" for i in range(len(names))))
    if f.graphs:
        for i, g in enumerate(f.graphs):
            bindings[f"g{i}"] = ox.NamedNode(g)
        lines.append("FILTER(?g IN (%s))" % ", ".join(f"?g{i}" for i in range(len(f.graphs))))
    if f.min_confidence is not None:
        bindings["minconf"] = ox.Literal(repr(f.min_confidence), datatype=ox.NamedNode(XSD + "double"))
        lines.append("FILTER(!BOUND(?conf) || ?conf >= ?minconf)")
    if f.as_of:
        bindings["asof"] = ox.Literal(as_of_bound(f.as_of))
        lines.append("FILTER(!BOUND(?date) || STR(?date) <= ?asof)")
        lines.append("FILTER(!BOUND(?from) || STR(?from) <= ?asof)")
        lines.append("FILTER(!BOUND(?until) || SUBSTR(?asof, 1, STRLEN(STR(?until))) <= STR(?until))")
    text = PROJECTION_QUERY % {"filters": "".join(f"  {line}\n" for line in lines)}
    return text, bindings


def selected_relations(f: Filters) -> set[str] | None:
    """Canonical relation names the filters allow (None: all); may be empty."""
    allowed = None
    if f.relations:
        allowed = {canonical(r) for r in f.relations}
    if f.polarity:
        by_pol = {canonical(r.name) for r in relations().values()
                  if r.polarity == f.polarity or r.name == EVENT_RELATION}
        allowed = by_pol if allowed is None else allowed & by_pol
    return allowed


def _sign(x: float) -> str:
    return "+" if x > 0 else "-" if x < 0 else "0"


def project(store, filters: Filters | None = None, index=None):
    """The actor graph of ``store`` under ``filters`` (networkx.MultiDiGraph).

    ``index`` is an ActorIndex to reuse (loaded from the store when None). An unknown
    ``--graph`` name raises NotFoundError; a filter that keeps nothing gives an empty graph
    (see ``require_edges``).
    """
    import networkx as nx

    filters = filters or Filters()
    if filters.graphs:
        for g in filters.graphs:
            if not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(g)}):
                from .store.naming import short_name

                raise NotFoundError(f"no graph named {short_name(g)!r}; `geokg graphs` lists them")
    G = nx.MultiDiGraph(filters=filters, sources=[])
    rels = selected_relations(filters)
    if rels is not None and not rels:
        return G
    text, bindings = projection_query(filters)
    # building hundreds of thousands of containers: the cyclic GC would rescan them again
    # and again for nothing (none of them form cycles); pause it for the build
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(store, G, filters, text, bindings, index)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(store, G, filters, text, bindings, index):
    import networkx as nx

    from .actors import ActorIndex

    from .readings import make_readings

    info = relations()
    canon = {name: canonical(name) for name in info}
    sym = {name: r.symmetric for name, r in info.items()}
    local = {GKG_NS + name: name for name in info}  # one shared string per relation name

    # fold statements into edges: (s, o, rel) -> [statement row, ...]
    grouped: dict[tuple[str, str, str], list[tuple]] = {}
    skip = len(GKG_NS)
    for row in store.select_values(text, bindings):
        st, s, rel, o = row[0], row[1], row[2][skip:], row[3]
        c = canon.get(rel)
        if c is None:  # not a relation of the vocabulary
            continue
        if c != rel:
            s, o = o, s
        elif sym[rel] and o < s:
            s, o = o, s
        key = (s, o, c)
        lst = grouped.get(key)
        if lst is None:
            grouped[key] = [row]
        elif lst[-1][0] != st:  # a statement with two values of a qualifier comes twice
            lst.append(row)

    titles = {}
    if grouped:
        titles = {r[0]: r[1] for r in store.select_values(SOURCES_QUERY)}
    index = index or ActorIndex.from_store(store)
    attr_labels: dict[str, str] = {}
    used_sources: set[str] = set()
    nodes: dict[str, dict] = {}
    succ: dict[str, dict] = {}
    pred: dict[str, dict] = {}
    want = filters.polarity
    # the engine's result order is not stable across runs (hash-seeded): sort so that equal
    # questions get equal answers (paths, layouts) every time
    for (s, o, rel), rows in sorted(grouped.items()):
        r = info[rel]
        polarity = r.polarity
        if rel == EVENT_RELATION:
            polarity = _sign(sum(float(x[13]) for x in rows if x[13] is not None))
        if want and polarity != want:
            continue
        statements = []
        srcs, dates = set(), set()
        best, attributed, proposed = 0.0, True, True
        paired = r.inverse_of is not None and not r.symmetric
        dates_of: dict[str, tuple] = {}  # statement -> its dates (inverse-pair edges only)
        for (st, _s, srel, _o, status, conf, attr, attr_to, date, vfrom, vuntil, src, quote, _gl, g) in rows:
            conf = float(conf) if conf is not None else 1.0
            if conf > best:
                best = conf
            if attr is None:
                if attr_to is not None:
                    attr = attr_labels.get(attr_to)
                    if attr is None:
                        a = index.get(attr_to)
                        attr = attr_labels[attr_to] = a.label if a else attr_to
                else:
                    attributed = False
            if status != "proposed":
                proposed = False
            if src is not None:
                srcs.add(src)
            if date is not None:
                dates.add(date)
            if paired:
                dates_of[st] = tuple(x for x in (date, vfrom, vuntil) if x is not None)
            if vfrom is not None or vuntil is not None:
                dates.update(x for x in (vfrom, vuntil) if x is not None)
                if date is None:
                    date = "/".join(x for x in (vfrom, vuntil) if x)
            statements.append({
                "iri": st, "relation": local[srel], "source": titles.get(src, src) if src else None,
                "source_iri": src, "attributed_to": attr, "date": date, "confidence": conf, "status": status,
                "quote": quote, "graph": g,
            })
        statements.sort(key=lambda x: x["iri"])
        used_sources |= srcs
        d = sorted(dates) if len(dates) > 1 else list(dates)
        data = {
            "relation": rel, "label": r.label_en, "label_fr": r.label_fr, "polarity": polarity,
            "symmetric": r.symmetric, "statements": statements, "sources": len(srcs),
            "confidence": best, "dates": d, "first_date": d[0] if d else None,
            "last_date": d[-1] if d else None, "attributed": attributed, "proposed": proposed,
        }
        if paired:
            data["readings"] = make_readings(s, o, rel, statements, filters.relations, dates_of)
        # fill networkx's adjacency directly (what add_edges_from does, without its per-edge
        # view lookups and attribute copies): succ[s][o] and pred[o][s] share one key dict
        for iri in (s, o):
            if iri not in nodes:
                nodes[iri] = _node_attrs(iri, index)
                succ[iri] = {}
                pred[iri] = {}
        keydict = succ[s].get(o)
        if keydict is None:
            keydict = succ[s][o] = pred[o][s] = {}
        keydict[rel] = data
    G._node.update(nodes)
    G._succ.update(succ)
    G._pred.update(pred)
    nx._clear_cache(G)
    G.graph["sources"] = sorted({titles.get(s, s) for s in used_sources})
    return G


def _node_attrs(iri: str, index) -> dict:
    a = index.get(iri)
    if a is None:
        local = iri.rsplit("/", 1)[-1]
        return {"label": local, "label_fr": local, "kind": None, "iso3": None}
    return {"label": a.label, "label_fr": a.labels.get("fr", a.label), "kind": a.kind,
            "iso3": a.codes.get("iso3")}


def simple_graph(G, directed: bool = False):
    """The projection reduced to who is tied to whom (no keys, no attributes, no self-loops):
    an undirected nx.Graph, or an nx.DiGraph where symmetric relations go both ways."""
    import networkx as nx

    S = nx.DiGraph() if directed else nx.Graph()
    S.add_nodes_from(G)
    S.add_edges_from((u, v) for u, v in G.edges() if u != v)
    if directed:
        S.add_edges_from((v, u) for u, v, sym in G.edges(data="symmetric") if sym and u != v)
    return S


def require_edges(G) -> None:
    """Raise NotFoundError when the projection is empty, naming the filters that emptied it."""
    if G.number_of_edges():
        return
    f = G.graph.get("filters")
    why = f.describe() if f else ""
    if why:
        raise NotFoundError(f"no relations match the filters ({why})")
    raise NotFoundError("the store holds no relations between actors; run `geokg build` or load data")
