"""The statement model: one place that knows how a statement is written in RDF.

A statement is a node (Wikidata style) carrying subject, relation, object and qualifiers;
next to it the plain triple ``subject relation object`` is asserted exactly when the
statement is curated or accepted and not negated.

>>> s = Statement("https://w3id.org/geokg/actor/RUS", "buysArmsFrom",
...               "https://w3id.org/geokg/actor/PRK", attribution="US officials",
...               source=Source("src-1", title="An article"))
>>> truthy = [t for t in s.triples() if t.predicate.value.endswith("#buysArmsFrom")]
>>> len(truthy)
0
>>> s.status = "accepted"
>>> [t.object.value for t in s.triples() if t.predicate.value.endswith("#buysArmsFrom")]
['https://w3id.org/geokg/actor/PRK']
"""

from __future__ import annotations

import hashlib
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import InputError
from .vocab import DCTERMS, GKG_NS, RDF, RDFS, SRC_NS, STMT_NS, XSD, relation

STATUSES = ("curated", "proposed", "accepted", "rejected")
ASSERTED = ("curated", "accepted")

_T = ox.NamedNode
_TYPE = _T(RDF + "type")


def _g(local: str) -> ox.NamedNode:
    return _T(GKG_NS + local)


def _lit(value, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype:
        return ox.Literal(str(value), datatype=_T(XSD + datatype))
    return ox.Literal(str(value))


def date_literal(value: str) -> ox.Literal:
    """'2022' → xsd:gYear, '2022-09' → xsd:gYearMonth, '2022-09-06' → xsd:date."""
    value = str(value).strip()
    n = len(value)
    if n == 4 and value.isdigit():
        return _lit(value, "gYear")
    if n == 7 and value[4] == "-":
        return _lit(value, "gYearMonth")
    if n == 10 and value[4] == "-" and value[7] == "-":
        return _lit(value, "date")
    if n == 8 and value.isdigit():  # GDELT's YYYYMMDD
        return _lit(f"{value[:4]}-{value[4:6]}-{value[6:]}", "date")
    raise InputError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")


@dataclass
class Source:
    """Where statements come from: an article, a dataset, a file."""

    id: str
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def iri(self) -> str:
        return self.id if self.id.startswith(("http://", "https://")) else SRC_NS + self.id

    def triples(self) -> Iterator[ox.Triple]:
        s = _T(self.iri)
        yield ox.Triple(s, _TYPE, _g("Source"))
        yield ox.Triple(s, _T(DCTERMS + "title"), _lit(self.title))
        if self.publisher:
            yield ox.Triple(s, _T(DCTERMS + "publisher"), _lit(self.publisher))
        if self.date:
            yield ox.Triple(s, _T(DCTERMS + "date"), date_literal(self.date))
        if self.url:
            yield ox.Triple(s, _g("url"), _lit(self.url, "anyURI"))
        if self.language:
            yield ox.Triple(s, _T(DCTERMS + "language"), _lit(self.language))


@dataclass
class Statement:
    """One relation between two actors, with its qualifiers and references."""

    subject: str
    relation: str
    object: str
    negated: bool = False
    attribution: str | None = None
    attributed_to: str | None = None
    date: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    source: Source | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float = 1.0
    status: str = "proposed"
    extractor: str | None = None
    extractor_version: str | None = None
    comment: str | None = None
    extra: dict[str, object] = field(default_factory=dict)  # gkg:<local> -> value (cameoCode, goldstein...)
    id: str | None = None

    def __post_init__(self):
        self.relation = relation(self.relation).name
        if self.status not in STATUSES:
            raise InputError(f"invalid status {self.status!r}: use one of {', '.join(STATUSES)}")
        if not 0.0 <= float(self.confidence) <= 1.0:
            raise InputError(f"confidence {self.confidence} is outside [0, 1]")

    def key(self) -> str:
        """Identity of the claim: same source, same actors, same relation, same words."""
        src = self.source.iri if self.source else ""
        parts = [self.subject, self.relation, self.object, str(self.negated), self.attribution or "",
                 src, self.date or "", self.quote or "", str(self.start or "")]
        parts += [f"{k}={v}" for k, v in sorted(self.extra.items())]
        return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]

    @property
    def iri(self) -> str:
        return STMT_NS + (self.id or self.key())

    @property
    def asserted(self) -> bool:
        return self.status in ASSERTED and not self.negated

    def triples(self, with_source: bool = True) -> Iterator[ox.Triple]:
        s = _T(self.iri)
        yield ox.Triple(s, _TYPE, _g("Statement"))
        yield ox.Triple(s, _g("subject"), _T(self.subject))
        yield ox.Triple(s, _g("relation"), _g(self.relation))
        yield ox.Triple(s, _g("object"), _T(self.object))
        yield ox.Triple(s, _g("negated"), _lit("true" if self.negated else "false", "boolean"))
        yield ox.Triple(s, _g("status"), _lit(self.status))
        yield ox.Triple(s, _g("confidence"), _lit(f"{float(self.confidence):.4g}", "decimal"))
        if self.attribution:
            yield ox.Triple(s, _g("attribution"), _lit(self.attribution))
        if self.attributed_to:
            yield ox.Triple(s, _g("attributedTo"), _T(self.attributed_to))
        for local, value in (("date", self.date), ("validFrom", self.valid_from), ("validUntil", self.valid_until)):
            if value:
                yield ox.Triple(s, _g(local), date_literal(value))
        if self.source:
            yield ox.Triple(s, _g("source"), _T(self.source.iri))
            if with_source:
                yield from self.source.triples()
        if self.quote:
            yield ox.Triple(s, _g("quote"), _lit(self.quote))
        if self.start is not None:
            yield ox.Triple(s, _g("startOffset"), _lit(int(self.start), "integer"))
        if self.end is not None:
            yield ox.Triple(s, _g("endOffset"), _lit(int(self.end), "integer"))
        if self.extractor:
            yield ox.Triple(s, _g("extractor"), _lit(self.extractor))
        if self.extractor_version:
            yield ox.Triple(s, _g("extractorVersion"), _lit(self.extractor_version))
        if self.comment:
            yield ox.Triple(s, _T(RDFS + "comment"), _lit(self.comment, lang="en"))
        for local, value in sorted(self.extra.items()):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                lit = _lit("true" if value else "false", "boolean")
            elif isinstance(value, int):
                lit = _lit(value, "integer")
            elif isinstance(value, float):
                lit = _lit(repr(value), "double")
            else:
                lit = _lit(value)
            yield ox.Triple(s, _g(local), lit)
        if self.asserted:
            yield ox.Triple(_T(self.subject), _g(self.relation), _T(self.object))


def statement_triples(statements: Iterable[Statement]) -> Iterator[ox.Triple]:
    """Triples of many statements, each source written once."""
    seen: set[str] = set()
    for st in statements:
        if st.source and st.source.iri not in seen:
            seen.add(st.source.iri)
            yield from st.source.triples()
        yield from st.triples(with_source=False)


def load_statements(store, graph: str, statements: Iterable[Statement], *, extra_triples: Iterable[ox.Triple] = (),
                    progress=None) -> int:
    """Replace ``graph`` with these statements, atomically, through the store's bulk loader."""
    fd, path = tempfile.mkstemp(prefix="geokg-", suffix=".nt")
    try:
        with os.fdopen(fd, "wb") as f:
            ox.serialize(itertools.chain(statement_triples(statements), extra_triples), f, format=ox.RdfFormat.N_TRIPLES)
        return store.replace_graph(graph, path, ox.RdfFormat.N_TRIPLES, name=graph, progress=progress)
    finally:
        os.unlink(path)

