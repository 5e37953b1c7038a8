"""Give the graph back: RDF (statements with their qualifiers), GraphML/GEXF (the projected
actor graph, for Gephi and Cytoscape) and CSV (one statement a row, for spreadsheets).

- ``ttl``, ``nt``: the triples of some graphs (``Filters(graphs=...)``) or of all; loading the file
  into an empty store gives an isomorphic graph;
- ``nq``, ``trig``, ``jsonld``: quads, each in its named graph;
- ``graphml``, ``gexf``: ``graph.project.project(store, filters)`` with attributes made
  scalar (lists become counts and ';'-joined text);
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
from .vocab import GKG_NS, INTERNAL_NS, PREFIXES

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

def scalar_graph(g):
    """A copy of a projection whose attributes are scalars (what GraphML and GEXF can hold).

    Lists become counts (``statements``) or ';'-joined text (``dates``); None is left out.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("a", label="A", iso3=None)
    >>> g.add_edge("a", "b", key="recognizes", statements=[{"iri": "x"}, {"iri": "y"}], dates=["2022", "2023"])
    'recognizes'
    >>> h = scalar_graph(g); h.nodes["a"], h.edges["a", "b", "recognizes"]
    ({'label': 'A'}, {'statements': 2, 'dates': '2022;2023'})
    """
    import json

    import networkx as nx

    def flat(data: dict) -> dict:
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

    h = nx.MultiDiGraph() if g.is_directed() else nx.MultiGraph()
    f = g.graph.get("filters")
    if f is not None and hasattr(f, "describe") and f.describe():
        h.graph["filters"] = f.describe()
    for n, data in g.nodes(data=True):
        h.add_node(n, **flat(data))
    for u, v, k, data in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **flat(data))
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
    """The projected actor graph as GraphML or GEXF; returns the number of edges."""
    import networkx as nx

    from .project import project

    g = scalar_graph(project(store, filters))
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
