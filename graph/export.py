"""Give the graph back: RDF (statements with their qualifiers), GraphML/GEXF (the projected
actor graph, for Gephi and Cytoscape) and CSV (one statement a row, for spreadsheets).

- ``ttl``, ``nt``: the triples of some graphs (``Filters(graphs=...)``) or of all; loading the file
  into an empty store gives an isomorphic graph;
- ``nq``, ``trig``, ``jsonld``: quads, each in its named graph;
- ``graphml``, ``gexf``: ``graph.project.project(store, filters)``, one edge per reading (the
  statements' own relation and direction, or the relation the filters name), with a unique id
  and scalar attributes (statement count, summed gkg:value, first and last date, weight);
- ``csv``: statements with subject/object labels, status, dates, source and import qualifiers.

With filters other than graphs, RDF and CSV exports keep the statements the projection keeps,
with everything said about them (qualifiers, source, truthy triple).

>>> import io, tempfile
>>> from graph.store import open_store
>>> from graph.build import build
>>> from graph.project import Filters
>>> with open_store(tempfile.mkdtemp() + "/s") as s:
...     _ = build(s)
...     out = io.BytesIO()
...     n = export(s, out, "nt", Filters(graphs=["curated"]))
>>> n == out.getvalue().count(b"\\n") > 10
True
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import InputError, NotFoundError
from .store.naming import short_name
from .vocab import ACTOR_NS, GKG_NS, INTERNAL_NS, PREFIXES

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS, "csv")


def export(store, out: BinaryIO, fmt: str, filters=None) -> int:
    """Write the store, the graphs ``filters.graphs`` names, or what the filters keep, to ``out``.

    ``filters`` is a ``graph.project.Filters``. Graphs alone select whole graphs (RDF) or all
    their statements (CSV); any other filter selects the statements the projection keeps.
    Returns what was written: triples or quads for RDF, edges for GraphML/GEXF, rows for CSV.
    """
    from .project import Filters

    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    filters = filters or Filters()
    graphs = filters.graphs
    if graphs:
        known = store.graphs()
        for g in graphs:
            if g not in known:
                raise NotFoundError(f"no graph named {short_name(g)!r}; `geokg graphs` lists them")
    if fmt in NETWORK_FORMATS:
        return export_network(store, out, fmt, filters=filters)
    iris = selected_statements(store, filters) if narrows(filters) else None
    if fmt == "csv":
        return export_csv(store, out, graphs=graphs, statements=iris)
    return export_rdf(store, out, fmt, graphs=graphs, statements=iris)


def narrows(filters) -> bool:
    """True when the filters select statements (not just whole graphs)."""
    from dataclasses import fields

    defaults = type(filters)()
    return any(getattr(filters, f.name) != getattr(defaults, f.name) for f in fields(filters) if f.name != "graphs")


# --- RDF ---------------------------------------------------------------------------------

def _is_internal(graph) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(INTERNAL_NS)


def store_quads(store, graphs: Iterable[str] | None = None) -> Iterator[ox.Quad]:
    """Every quad of the store (internal graphs left out), or of some named graphs."""
    for graph in (list(graphs) if graphs else [None]):
        if hasattr(store, "quads"):
            for q in store.quads(graph):
                if not _is_internal(q.graph_name) and not isinstance(q.graph_name, ox.DefaultGraph):
                    yield q
            continue
        text = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        for r in store.select(text, {"g": ox.NamedNode(graph)} if graph else None):
            g = ox.NamedNode(graph) if graph else r["g"]
            if not _is_internal(g):
                yield ox.Quad(r["s"], r["p"], r["o"], g)


STATEMENT_QUADS = """
SELECT ?g ?st ?p ?o WHERE { GRAPH ?g { ?st a gkg:Statement ; ?p ?o } }
"""
SOURCE_QUADS = """
SELECT ?g ?src ?p ?o WHERE { GRAPH ?g { ?src a gkg:Source ; ?p ?o } }
"""
TRUTHY_QUADS = """
SELECT ?g ?st ?s ?r ?o WHERE { GRAPH ?g { ?st a gkg:Statement ; gkg:subject ?s ; gkg:relation ?r ; gkg:object ?o .
                                          ?s ?r ?o } }
"""


def statement_quads(store, iris: Iterable[str]) -> Iterator[ox.Quad]:
    """What the store says about some statements: their triples, their sources', their truthy triples."""
    wanted = set(iris)
    sources: set[tuple] = set()
    src_p = GKG_NS + "source"
    for r in store.select(STATEMENT_QUADS):
        if r["st"].value in wanted and not _is_internal(r["g"]):
            if r["p"].value == src_p:
                sources.add((r["g"].value, r["o"].value))
            yield ox.Quad(r["st"], r["p"], r["o"], r["g"])
    for r in store.select(SOURCE_QUADS):
        if (r["g"].value, r["src"].value) in sources:
            yield ox.Quad(r["src"], r["p"], r["o"], r["g"])
    for r in store.select(TRUTHY_QUADS):
        if r["st"].value in wanted and not _is_internal(r["g"]):
            yield ox.Quad(r["s"], r["r"], r["o"], r["g"])


def export_rdf(store, out: BinaryIO, fmt: str, *, graphs: Iterable[str] | None = None,
               statements: Iterable[str] | None = None) -> int:
    """Serialise quads (nq, trig, jsonld) or triples (ttl, nt); returns how many."""
    rdf = RDF_FORMATS[fmt]
    quads = store_quads(store, graphs) if statements is None else statement_quads(store, statements)
    if graphs and statements is not None:
        keep = set(graphs)
        quads = (q for q in quads if q.graph_name.value in keep)
    counter = _Counter(quads)
    items = counter if rdf.supports_datasets else (ox.Triple(q.subject, q.predicate, q.object) for q in counter)
    kwargs = {"prefixes": PREFIXES} if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    ox.serialize(items, out, format=rdf, **kwargs)
    return counter.n


class _Counter:
    def __init__(self, it):
        self.it, self.n = it, 0

    def __iter__(self):
        for x in self.it:
            self.n += 1
            yield x


# --- selection by filters ----------------------------------------------------------------

def selected_statements(store, filters) -> list[str]:
    """IRIs of the statements behind the edges the projection keeps under ``filters``."""
    from .project import project

    g = project(store, filters)
    iris = []
    for _, _, data in g.edges(data=True):
        for st in data.get("statements") or []:
            iris.append(st["iri"])
    return list(dict.fromkeys(iris))


# --- GraphML / GEXF ----------------------------------------------------------------------

def _flat(data: dict) -> dict:
    """Attributes made scalar: lists become counts (``statements``) or ';'-joined text; None is
    left out."""
    import json

    out = {}
    for k, v in data.items():
        if v is None:
            continue
        if k == "statements" and isinstance(v, (list, tuple, set)):
            out[k] = len(v)
        elif isinstance(v, (list, tuple, set)):
            items = [x for x in v if x is not None]
            out[k] = ";".join(str(x) for x in items) if all(not isinstance(x, dict) for x in items) \
                else json.dumps(items, default=str)
        elif isinstance(v, dict):
            out[k] = json.dumps(v, default=str)
        elif isinstance(v, (bool, int, float, str)):
            out[k] = v
        else:
            out[k] = str(v)
    return out


def edge_id(subject: str, relation: str, obj: str) -> str:
    """A readable id, unique in an export: 'USA suppliesArmsTo ISR' (IRIs hold no spaces).

    >>> edge_id("https://w3id.org/geokg/actor/USA", "suppliesArmsTo", "https://w3id.org/geokg/actor/ISR")
    'USA suppliesArmsTo ISR'
    """
    return f"{subject.removeprefix(ACTOR_NS)} {relation} {obj.removeprefix(ACTOR_NS)}"


def reading_attributes(r, data: dict, values: dict[str, float] | None = None) -> dict:
    """What an exported edge says: its relation (as stored, or as the user named it), the number
    of its statements, their summed value (gkg:value, e.g. SIPRI TIV) where they have one, their
    dates; ``weight`` is that value, else the number of statements."""
    from .readings import relation_label

    sts = r.statements
    vals = [values[st["iri"]] for st in sts if values and st.get("iri") in values]
    confs = [float(st.get("confidence", 1.0)) for st in sts]
    attrs = {
        "relation": r.relation, "label": relation_label(r.relation, data),
        "label_fr": relation_label(r.relation, data, "fr"), "polarity": data.get("polarity"),
        "symmetric": bool(data.get("symmetric")), "statements": len(sts),
        "sources": len({st["source_iri"] for st in sts if st.get("source_iri")}),
        "confidence": max(confs) if confs else data.get("confidence"),
        "dates": list(r.dates), "first_date": r.first_date, "last_date": r.last_date,
        "attributed": bool(sts) and all(st.get("attributed_to") for st in sts),
        "proposed": bool(sts) and all(st.get("status") == "proposed" for st in sts),
    }
    if vals:
        attrs["value"] = float(sum(vals))
    attrs["weight"] = float(sum(vals)) if vals else float(len(sts))
    return attrs


def network_graph(g, values: dict[str, float] | None = None, *, ids_as_data: bool = False):
    """A projection as GraphML and GEXF hold it: scalar attributes, and one edge per reading
    (graph.readings), so each edge keeps its statements' relation and direction (or the
    relation the filters name), keyed by a unique id (``edge_id``). ``values``: statement
    IRI -> gkg:value. ``ids_as_data`` also puts the id in an ``id`` attribute (what GEXF reads).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("a", label="A", iso3=None)
    >>> g.add_edge("a", "b", key="recognizes", relation="recognizes", statements=[{"iri": "x"}, {"iri": "y"}],
    ...            dates=["2022", "2023"])
    'recognizes'
    >>> h = network_graph(g, {"x": 2.5}); h.nodes["a"]
    {'label': 'A'}
    >>> e = h.edges["a", "b", "a recognizes b"]; e["statements"], e["dates"], e["value"], e["weight"]
    (2, '2022;2023', 2.5, 2.5)
    """
    import networkx as nx

    from .readings import readings

    h = nx.MultiDiGraph()
    f = g.graph.get("filters")
    if f is not None and hasattr(f, "describe") and f.describe():
        h.graph["filters"] = f.describe()
    for n, data in g.nodes(data=True):
        h.add_node(n, **_flat(data))
    for u, v, k, data in g.edges(keys=True, data=True):
        for r in readings(u, v, data, k):
            key = edge_id(*r.triple)
            attrs = _flat(reading_attributes(r, data, values))
            if ids_as_data:
                attrs["id"] = key
            h.add_edge(r.subject, r.object, key=key, **attrs)
    _uniform_types(h)
    return h


def _uniform_types(h) -> None:
    """One type per attribute (GEXF declares it once): ints that sit beside floats become floats."""
    for items in (list(h.nodes(data=True)), [(None, d) for *_, d in h.edges(keys=True, data=True)]):
        kinds: dict[str, set] = {}
        for _, d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        for k, types in kinds.items():
            if len(types) <= 1:
                continue
            to = float if types <= {int, float} else str
            for _, d in items:
                if k in d:
                    d[k] = to(d[k]) if to is float else (str(d[k]).lower() if isinstance(d[k], bool) else str(d[k]))


def export_network(store, out: BinaryIO, fmt: str, *, filters=None) -> int:
    """The projected actor graph as GraphML or GEXF (``network_graph``); returns the number of edges."""
    import networkx as nx

    from .evidence import statement_values
    from .project import project

    g = network_graph(project(store, filters), statement_values(store), ids_as_data=fmt == "gexf")
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8")
    else:
        nx.write_gexf(g, out, encoding="utf-8")
    return g.number_of_edges()


# --- CSV ---------------------------------------------------------------------------------

CSV_QUERY = """
SELECT ?g ?st ?s ?rel ?o ?negated ?status ?confidence ?date ?from ?until ?attribution ?src ?title ?url
       ?cameo ?goldstein ?quad ?mentions ?sources ?articles ?value ?obligation ?id
WHERE {
  GRAPH ?g {
    ?st a gkg:Statement ; gkg:subject ?s ; gkg:relation ?rel ; gkg:object ?o .
    OPTIONAL { ?st gkg:negated ?negated }
    OPTIONAL { ?st gkg:status ?status }
    OPTIONAL { ?st gkg:confidence ?confidence }
    OPTIONAL { ?st gkg:date ?date }
    OPTIONAL { ?st gkg:validFrom ?from }
    OPTIONAL { ?st gkg:validUntil ?until }
    OPTIONAL { ?st gkg:attribution ?attribution }
    OPTIONAL { ?st gkg:source ?src OPTIONAL { ?src dcterms:title ?title } OPTIONAL { ?src gkg:url ?url } }
    OPTIONAL { ?st gkg:cameoCode ?cameo }
    OPTIONAL { ?st gkg:goldstein ?goldstein }
    OPTIONAL { ?st gkg:quadClass ?quad }
    OPTIONAL { ?st gkg:numMentions ?mentions }
    OPTIONAL { ?st gkg:numSources ?sources }
    OPTIONAL { ?st gkg:numArticles ?articles }
    OPTIONAL { ?st gkg:value ?value }
    OPTIONAL { ?st gkg:obligation ?obligation }
    OPTIONAL { ?st dcterms:identifier ?id }
  }
  FILTER(!STRSTARTS(STR(?g), "%s"))
}
ORDER BY ?g ?st
""" % INTERNAL_NS

LABELS_QUERY = """
SELECT ?a ?l WHERE { ?a rdfs:label ?l . FILTER(LANG(?l) = "en" || LANG(?l) = "") }
"""

CSV_COLUMNS = ["statement", "graph", "subject", "subject_label", "relation", "object", "object_label", "negated",
               "status", "confidence", "date", "valid_from", "valid_until", "attribution", "source", "source_title",
               "source_url", "cameo_code", "goldstein", "quad_class", "num_mentions", "num_sources", "num_articles",
               "value", "obligation", "identifier"]
_VARS = ["st", "g", "s", None, "rel", "o", None, "negated", "status", "confidence", "date", "from", "until",
         "attribution", "src", "title", "url", "cameo", "goldstein", "quad", "mentions", "sources", "articles",
         "value", "obligation", "id"]


def _csv_text(term, column: str) -> str:
    if term is None:
        return ""
    if column == "graph":
        return short_name(term.value)
    if column == "relation":
        return term.value.removeprefix(GKG_NS)
    return term.value


def export_csv(store, out: BinaryIO, *, graphs: Iterable[str] | None = None,
               statements: Iterable[str] | None = None) -> int:
    """One row per statement (multi-valued qualifiers ';'-joined); returns the number of rows."""
    labels: dict[str, str] = {}
    for r in store.select(LABELS_QUERY):
        labels.setdefault(r["a"].value, r["l"].value)
    wanted = set(statements) if statements is not None else None
    keep = set(graphs) if graphs else None
    rows: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in store.select(CSV_QUERY):
        if (wanted is not None and r["st"].value not in wanted) or (keep is not None and r["g"].value not in keep):
            continue
        key = (r["g"].value, r["st"].value)
        row = rows.get(key)
        if row is None:
            row = rows[key] = {c: [] for c in CSV_COLUMNS}
            row["subject_label"].append(labels.get(r["s"].value, ""))
            row["object_label"].append(labels.get(r["o"].value, ""))
        for col, var in zip(CSV_COLUMNS, _VARS):
            if var is not None:
                text = _csv_text(r.get(var), col)
                if text and text not in row[col]:
                    row[col].append(text)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        w = csv.writer(text, lineterminator="\r\n")
        w.writerow(CSV_COLUMNS)
        for row in rows.values():
            w.writerow([";".join(row[c]) for c in CSV_COLUMNS])
        text.flush()
    finally:
        text.detach()
    return len(rows)


# --- output file ---------------------------------------------------------------------------

@contextmanager
def output_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``path``, renamed over it only when all went well."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory")
    if not target.parent.exists():
        raise InputError(f"{path}: no folder {target.parent}")
    fd, tmp = tempfile.mkstemp(prefix=".geokg-export-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
