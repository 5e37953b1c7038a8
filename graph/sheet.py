"""An actor's sheet: labels, kind, codes and its statements in both directions with sources."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .actors import Actor, ActorIndex
from .vocab import relation as relation_info

SHEET_QUERY = """
SELECT ?st ?dir ?rel ?other ?negated ?status ?confidence ?attribution ?date ?from ?until
       ?src ?title ?publisher ?srcdate ?url ?quote ?g
WHERE {
  { GRAPH ?g { ?st gkg:subject ?actor ; gkg:object ?other } BIND("out" AS ?dir) }
  UNION
  { GRAPH ?g { ?st gkg:object ?actor ; gkg:subject ?other } BIND("in" AS ?dir) }
  GRAPH ?g {
    ?st gkg:relation ?rel ; gkg:negated ?negated ; gkg:status ?status .
    OPTIONAL { ?st gkg:confidence ?confidence }
    OPTIONAL { ?st gkg:attribution ?attribution }
    OPTIONAL { ?st gkg:date ?date }
    OPTIONAL { ?st gkg:validFrom ?from }
    OPTIONAL { ?st gkg:validUntil ?until }
    OPTIONAL { ?st gkg:quote ?quote }
    OPTIONAL { ?st gkg:source ?src .
      OPTIONAL { ?src dcterms:title ?title }
      OPTIONAL { ?src dcterms:publisher ?publisher }
      OPTIONAL { ?src dcterms:date ?srcdate }
      OPTIONAL { ?src gkg:url ?url } }
  }
  FILTER(?status != "rejected")
}
ORDER BY ?dir ?rel ?other ?st
"""


@dataclass
class SheetStatement:
    iri: str
    direction: str  # "out" (actor is subject) or "in"
    relation: str
    other: str  # IRI
    other_label: str
    negated: bool
    status: str
    confidence: float | None
    attribution: str | None
    date: str | None
    source: dict = field(default_factory=dict)
    quote: str | None = None
    graph: str = ""

    def describe(self, actor_label: str) -> str:
        verb = relation_info(self.relation).phrase(self.negated)
        s, o = (actor_label, self.other_label) if self.direction == "out" else (self.other_label, actor_label)
        return f"{s} {verb} {o}"


@dataclass
class Sheet:
    actor: Actor
    statements: list[SheetStatement]

    def as_dict(self) -> dict:
        a = self.actor
        return {
            "iri": a.iri, "label": a.label, "kind": a.kind, "classes": a.classes, "labels": a.labels,
            "altLabels": a.alt, "codes": a.codes,
            "statements": [
                {"iri": s.iri, "text": s.describe(a.label), "direction": s.direction, "relation": s.relation,
                 "other": s.other, "otherLabel": s.other_label, "negated": s.negated, "status": s.status,
                 "confidence": s.confidence, "attribution": s.attribution, "date": s.date,
                 "source": s.source, "quote": s.quote, "graph": s.graph}
                for s in self.statements
            ],
        }


def _v(row, k):
    t = row.get(k)
    return None if t is None else t.value


def actor_sheet(store, name: str, index: ActorIndex | None = None) -> Sheet:
    """The sheet of the actor called ``name`` (any label or alias)."""
    index = index or ActorIndex.from_store(store)
    actor = index.resolve(name)
    rows = store.select(SHEET_QUERY, {"actor": ox.NamedNode(actor.iri)})
    out = []
    for r in rows:
        other = r["other"].value
        o = index.get(other)
        src = {k: _v(r, k) for k in ("title", "publisher", "srcdate", "url") if _v(r, k)}
        if _v(r, "src"):
            src["iri"] = _v(r, "src")
        date = _v(r, "date") or "/".join(x for x in (_v(r, "from"), _v(r, "until")) if x) or None
        out.append(SheetStatement(
            iri=r["st"].value, direction=r["dir"].value, relation=r["rel"].value.rsplit("#", 1)[-1],
            other=other, other_label=o.label if o else other.rsplit("/", 1)[-1],
            negated=_v(r, "negated") == "true", status=_v(r, "status"),
            confidence=float(_v(r, "confidence")) if _v(r, "confidence") else None,
            attribution=_v(r, "attribution"), date=date, source=src, quote=_v(r, "quote"), graph=_v(r, "g"),
        ))
    return Sheet(actor, out)
