"""The review queue of extracted statements: commit, list, accept, reject.

Each extracted source lives in its own named graph (graph/extract/<doc-stem>): its statements
(status "proposed" until reviewed), its source, and the actors proposed from it. Statement ids
are deterministic (Statement.key()), so extracting a source again finds the decisions already
taken: a rejected statement stays rejected, an accepted one stays accepted (not duplicated).
Writes replace the graph as a whole, atomically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .actors import ActorIndex
from .errors import InputError, NotFoundError
from .statements import Source, Statement, load_statements
from .vocab import ACTOR_NS, DCTERMS, GKG_NS, GRAPH_NS, RDF, RDFS, STMT_NS, relation, relations

EXTRACT_NS = GRAPH_NS + "extract/"
DECIDED = ("accepted", "rejected")
_ID = re.compile(r"^[0-9a-f]{16}$")

STATEMENTS_QUERY = """
SELECT ?g ?st ?s ?rel ?o ?neg ?status ?conf ?attr ?attrTo ?quote ?start ?end ?ext ?ver ?date
       ?src ?title ?publisher ?srcdate ?url ?lang
WHERE {
  GRAPH ?g {
    ?st a gkg:Statement ; gkg:subject ?s ; gkg:relation ?rel ; gkg:object ?o ; gkg:negated ?neg ;
        gkg:status ?status .
    OPTIONAL { ?st gkg:confidence ?conf }
    OPTIONAL { ?st gkg:attribution ?attr }
    OPTIONAL { ?st gkg:attributedTo ?attrTo }
    OPTIONAL { ?st gkg:quote ?quote }
    OPTIONAL { ?st gkg:startOffset ?start }
    OPTIONAL { ?st gkg:endOffset ?end }
    OPTIONAL { ?st gkg:extractor ?ext }
    OPTIONAL { ?st gkg:extractorVersion ?ver }
    OPTIONAL { ?st gkg:date ?date }
    OPTIONAL { ?st gkg:source ?src .
      OPTIONAL { ?src dcterms:title ?title }
      OPTIONAL { ?src dcterms:publisher ?publisher }
      OPTIONAL { ?src dcterms:date ?srcdate }
      OPTIONAL { ?src gkg:url ?url }
      OPTIONAL { ?src dcterms:language ?lang } }
  }
  FILTER(STRSTARTS(STR(?g), "%s"))
}
ORDER BY ?g ?start ?st
""" % EXTRACT_NS


def _v(row, key):
    t = row.get(key)
    return None if t is None else t.value


def read_statements(store, graph: str | None = None) -> list[tuple[str, Statement]]:
    """(graph IRI, Statement) for the extracted statements of one graph, or of every extract graph."""
    bindings = {"g": ox.NamedNode(graph)} if graph else None
    out = []
    for r in store.select(STATEMENTS_QUERY, bindings):
        src = None
        if _v(r, "src"):
            src = Source(id=_v(r, "src"), title=_v(r, "title") or "", publisher=_v(r, "publisher"),
                         date=_v(r, "srcdate"), url=_v(r, "url"), language=_v(r, "lang"))
        st = Statement(
            subject=_v(r, "s"), relation=_v(r, "rel"), object=_v(r, "o"), negated=_v(r, "neg") == "true",
            attribution=_v(r, "attr"), attributed_to=_v(r, "attrTo"), source=src, quote=_v(r, "quote"),
            start=int(_v(r, "start")) if _v(r, "start") else None, end=int(_v(r, "end")) if _v(r, "end") else None,
            confidence=float(_v(r, "conf") or 1.0), status=_v(r, "status"), extractor=_v(r, "ext"),
            extractor_version=_v(r, "ver"), date=_v(r, "date"), id=_v(r, "st").removeprefix(STMT_NS),
        )
        out.append((_v(r, "g"), st))
    return out


def _other_triples(store, graph: str, statements: list[Statement]) -> list[ox.Triple]:
    """Triples of ``graph`` that are not statements, sources or truthy triples (proposed actors)."""
    st_iris = {s.iri for s in statements}
    src_iris = {s.source.iri for s in statements if s.source}
    rel_iris = {r.iri for r in relations().values()}
    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(graph)})
    return [t for t in res.triples
            if t.subject.value not in st_iris and t.subject.value not in src_iris and t.predicate.value not in rel_iris]


def _write(store, graph: str, statements: list[Statement], extra: Iterable[ox.Triple]) -> None:
    load_statements(store, graph, statements, extra_triples=list(extra))


@dataclass
class CommitReport:
    graph: str
    new: int  # statements proposed for the first time
    kept: int  # already in the graph (their review decision is kept)
    total: int


def proposed_actor_triples(proposed, source: Source) -> list[ox.Triple]:
    """A proposed actor: an IRI with its label and guessed kind, not yet a typed actor of the graph."""
    out = []
    for p in proposed:
        s = ox.NamedNode(p.iri)
        out += [
            ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(GKG_NS + "Actor")),
            ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(p.label, language="en")),
            ox.Triple(s, ox.NamedNode(DCTERMS + "type"), ox.NamedNode(GKG_NS + p.kind)),
            ox.Triple(s, ox.NamedNode(DCTERMS + "source"), ox.NamedNode(source.iri)),
            ox.Triple(s, ox.NamedNode(RDFS + "comment"),
                      ox.Literal(f"Proposed by geokg extract: a {p.kind} (guessed by named-entity recognition) "
                                 f"named in {source.title}.", language="en")),
        ]
    return out


def commit(store, result) -> CommitReport:
    """Store a DocumentResult in its own graph, keeping the decisions taken on earlier extractions."""
    graph = result.graph
    old = [s for _, s in read_statements(store, graph)]
    by_id = {s.id: s for s in old}
    merged: dict[str, Statement] = {}
    kept = 0
    for st in result.statements:
        k = st.key()
        prev = by_id.get(k)
        if prev is not None:
            kept += 1
            st.status = prev.status
        st.id = k
        merged[k] = st
    for s in old:  # decisions on statements the extractor no longer finds are kept too
        if s.id not in merged and s.status in DECIDED:
            merged[s.id] = s
    known_actors = {p.iri for p in result.proposed}
    extra = [t for t in (_other_triples(store, graph, old) if old else [])
             if not (t.subject.value.startswith(ACTOR_NS) and t.subject.value in known_actors)]
    extra += proposed_actor_triples(result.proposed, result.source)
    statements = sorted(merged.values(), key=lambda s: (s.start or 0, s.id))
    _write(store, graph, statements, extra)
    return CommitReport(graph, len(result.statements) - kept, kept, len(statements))


@dataclass
class Row:
    id: str
    graph: str
    statement: Statement
    subject: str
    object: str

    def text(self, lang: str = "en") -> str:
        """The statement as a sentence, with the relation's label: "China does not recognize Kosovo"."""
        verb = relation(self.statement.relation).phrase(self.statement.negated, lang)
        return f"{self.subject} {verb} {self.object}"


def queue(store, status: str | None = "proposed", graph: str | None = None, index: ActorIndex | None = None) -> list[Row]:
    """Extracted statements with their status, for review (all statuses when ``status`` is None)."""
    index = index or ActorIndex.from_store(store)

    def label(iri):
        a = index.get(iri)
        return a.label if a else iri.rsplit("/", 1)[-1]

    rows = []
    for g, st in read_statements(store, graph):
        if status and st.status != status:
            continue
        rows.append(Row(st.id, g.removeprefix(GRAPH_NS), st, label(st.subject), label(st.object)))
    return rows


def _locate(store, ids: list[str]) -> dict[str, list[str]]:
    """graph IRI -> statement ids, for ids given on the command line (all must exist)."""
    for i in ids:
        if not _ID.match(i):
            raise InputError(f"invalid statement id {i!r}: ids are 16 hexadecimal digits (see `geokg review`)")
    found: dict[str, str] = {}
    for g, st in read_statements(store):
        found[st.id] = g
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"no extracted statement with id {', '.join(missing)}")
    out: dict[str, list[str]] = {}
    for i in ids:
        out.setdefault(found[i], []).append(i)
    return out


def decide(store, ids: Iterable[str], status: str) -> int:
    """Set the status of these statements ('accepted' asserts their truthy triple); returns how many."""
    if status not in DECIDED:
        raise InputError(f"invalid decision {status!r}")
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise InputError("give at least one statement id")
    plan = _locate(store, ids)
    n = 0
    for graph, chosen in plan.items():
        n += _set_status(store, graph, set(chosen), status)
    return n


def accept_min_confidence(store, minimum: float, graph: str | None = None) -> int:
    """Accept every proposed statement whose confidence is at least ``minimum``."""
    if not 0.0 <= minimum <= 1.0:
        raise InputError(f"--min-confidence {minimum} is outside [0, 1]")
    plan: dict[str, set[str]] = {}
    for g, st in read_statements(store, graph):
        if st.status == "proposed" and st.confidence >= minimum:
            plan.setdefault(g, set()).add(st.id)
    return sum(_set_status(store, g, ids, "accepted") for g, ids in plan.items())


def _set_status(store, graph: str, ids: set[str], status: str) -> int:
    statements = [s for _, s in read_statements(store, graph)]
    extra = _other_triples(store, graph, statements)
    n = 0
    for s in statements:
        if s.id in ids and s.status != status:
            s.status = status
            n += 1
    _write(store, graph, statements, extra)
    return n
