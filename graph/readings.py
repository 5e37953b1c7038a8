"""How an edge of the projection is said: its readings (subject, relation, object).

The projection stores the two relations of an inverse pair as one edge under the canonical
name (``graph.project.canonical``): "A suppliesArmsTo B" is the edge B -buysArmsFrom-> A.
Answers never speak that internal form. An edge is read

- as the relation the user named, in that relation's direction, when the filters name exactly
  one relation of the pair (``--relation suppliesArmsTo``: A —supplies arms to→ B);
- otherwise as its statements say it: one reading per stored relation, each with the
  statements stored that way (most statements first).

A symmetric relation has one reading and no direction. An edge of any other relation has one
reading: itself. The projection sets ``readings`` on inverse-pair edges only; ``readings()``
gives the single reading of every other edge.

>>> st = [{"iri": "s1", "relation": "suppliesArmsTo"}, {"iri": "s2", "relation": "suppliesArmsTo"}]
>>> [(r.subject, r.relation, r.object) for r in make_readings("b", "a", "buysArmsFrom", st, None, {})]
[('a', 'suppliesArmsTo', 'b')]
>>> [(r.subject, r.relation, r.object) for r in make_readings("b", "a", "buysArmsFrom", st, ["buysArmsFrom"], {})]
[('b', 'buysArmsFrom', 'a')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import relations


@dataclass(slots=True)
class Reading:
    """One way to say an edge: ``subject relation object`` and the statements behind it."""

    subject: str
    relation: str
    object: str
    statements: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    symmetric: bool = False

    @property
    def triple(self) -> tuple[str, str, str]:
        return self.subject, self.relation, self.object

    @property
    def first_date(self):
        return self.dates[0] if self.dates else None

    @property
    def last_date(self):
        return self.dates[-1] if self.dates else None


def relation_label(name: str, data: dict | None = None, lang: str = "en") -> str:
    """The label of relation ``name`` (the edge's own label when it is the edge's relation).

    >>> relation_label("suppliesArmsTo"), relation_label("buysArmsFrom", lang="fr")
    ('supplies arms to', 'achète des armes à')
    """
    key = "label" if lang == "en" else "label_fr"
    if data is not None and data.get("relation") == name and data.get(key):
        return data[key]
    r = relations().get(name)
    if r is None:
        return name
    return r.label_fr if lang == "fr" else r.label_en


def make_readings(s: str, o: str, rel: str, statements: list, named, dates_of: dict) -> list[Reading]:
    """The readings of the inverse-pair edge ``s -rel-> o`` (``rel`` canonical).

    ``statements`` carry their stored ``relation``; ``named`` are the relation names the
    filters give (or None); ``dates_of`` maps a statement IRI to its dates.
    """
    inv = relations()[rel].inverse_of
    chosen = {rel, inv} & set(named or ())
    if len(chosen) == 1:
        groups = {chosen.pop(): statements}
    else:
        groups = {}
        for st in statements:
            groups.setdefault(st.get("relation") or rel, []).append(st)
    out = []
    for name, sts in groups.items():
        dates = sorted({d for st in sts for d in dates_of.get(st["iri"], ())})
        if name == rel:
            out.append(Reading(s, rel, o, sts, dates))
        else:
            out.append(Reading(o, name, s, sts, dates))
    out.sort(key=lambda r: (-len(r.statements), r.relation != rel))
    return out


def readings(s: str, o: str, data: dict, key: str | None = None) -> list[Reading]:
    """Every reading of the edge ``s -> o`` (networkx ``key``) with attributes ``data``, best first."""
    got = data.get("readings")
    if got:
        return got
    return [Reading(s, data.get("relation") or key or "", o, data.get("statements") or [],
                    data.get("dates") or [], bool(data.get("symmetric")))]


def walks(data: dict, forward: bool) -> bool:
    """Whether a directed walk may follow this edge forward (s -> o) or backward (o -> s):
    in the direction of one of its readings; a symmetric relation both ways."""
    if data.get("symmetric"):
        return True
    got = data.get("readings")
    if not got:
        return forward
    rel = data.get("relation")
    return any((r.relation == rel) == forward for r in got)


def reading_from(u: str, s: str, o: str, data: dict, directed: bool = False, key: str | None = None) -> Reading | None:
    """The reading of edge ``s -> o`` to speak when a path steps from ``u``: the best supported,
    then the one in the walk's direction; ``directed``: only readings whose subject is ``u``
    (None when there is none)."""
    cands = readings(s, o, data, key)
    if directed:
        cands = [r for r in cands if r.symmetric or r.subject == u]
        if not cands:
            return None
    if len(cands) == 1:
        return cands[0]
    return min(cands, key=lambda r: (-len(r.statements), r.subject != u, r.relation != data.get("relation")))


def statement_triple(s: str, o: str, data: dict, st: dict) -> tuple[str, str, str]:
    """A statement of edge ``s -> o`` as it is stored: (subject, relation, object)."""
    rel = data.get("relation")
    own = st.get("relation") or rel
    if own == rel:
        return s, rel, o
    return o, own, s
