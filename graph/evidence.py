"""Evidence grouped: the statements behind an answer, one group per thing they say.

An imported dataset says the same thing many times (SIPRI: one statement per deal and year),
so the statements behind a hop are grouped by what they say (subject, relation, object, as
stored) with their count, date range, summed value (gkg:value, e.g. SIPRI TIV), best
confidence and their sources, each with its own count and dates, the oldest first.

>>> sts = [{"iri": "s1", "source": "SIPRI", "date": "2001", "confidence": 1.0},
...        {"iri": "s2", "source": "SIPRI", "date": "1999", "confidence": 0.9},
...        {"iri": "s3", "source": "FT", "date": "2022-09", "confidence": 0.8}]
>>> [g] = group_statements(sts, lambda st: ("a", "suppliesArmsTo", "b"), {"s1": 10.0, "s2": 5.5})
>>> g.count, g.first_date, g.last_date, g.value, g.confidence
(3, '1999', '2022-09', 15.5, 1.0)
>>> [(s.name, s.count, s.first_date, s.last_date) for s in g.sources]
[('SIPRI', 2, '1999', '2001'), ('FT', 1, '2022-09', '2022-09')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

VALUES_QUERY = "SELECT ?st ?v WHERE { GRAPH ?g { ?st a gkg:Statement ; gkg:value ?v } }"


@dataclass
class SourceSummary:
    """One source of a group: how many of the group's statements cite it, and when."""

    name: str
    count: int = 0
    dates: list[str] = field(default_factory=list)

    @property
    def first_date(self) -> str | None:
        return min(self.dates) if self.dates else None

    @property
    def last_date(self) -> str | None:
        return max(self.dates) if self.dates else None


@dataclass
class EvidenceGroup:
    """Statements that say the same thing: ``subject relation object`` (IRIs and a name)."""

    subject: str
    relation: str
    object: str
    statements: list[dict] = field(default_factory=list)
    value: float | None = None

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def dates(self) -> list[str]:
        return sorted(st["date"] for st in self.statements if st.get("date"))

    @property
    def first_date(self) -> str | None:
        return self.dates[0] if self.dates else None

    @property
    def last_date(self) -> str | None:
        return self.dates[-1] if self.dates else None

    @property
    def confidence(self) -> float:
        return max((st.get("confidence", 1.0) for st in self.statements), default=0.0)

    @property
    def attributions(self) -> list[str]:
        return sorted({st["attributed_to"] for st in self.statements if st.get("attributed_to")})

    @property
    def reviewed(self) -> int:
        """How many were accepted in review (not curated or imported as they stand)."""
        return sum(1 for st in self.statements if st.get("status") == "accepted")

    @property
    def sources(self) -> list[SourceSummary]:
        """Each source once, the oldest first (undated ones last, then by name)."""
        by_name: dict[str, SourceSummary] = {}
        for st in self.statements:
            name = st.get("source") or st.get("source_iri") or "no source"
            s = by_name.setdefault(name, SourceSummary(name))
            s.count += 1
            if st.get("date"):
                s.dates.append(st["date"])
        return sorted(by_name.values(), key=lambda s: (s.first_date is None, s.first_date or "", s.name))

    def as_dict(self, label: Callable[[str], str] = str) -> dict:
        return {
            "subject": label(self.subject), "relation": self.relation, "object": label(self.object),
            "statements": self.count, "first_date": self.first_date, "last_date": self.last_date,
            "value": self.value, "confidence": self.confidence, "attributions": self.attributions,
            "sources": [{"source": s.name, "statements": s.count, "first_date": s.first_date,
                         "last_date": s.last_date} for s in self.sources],
        }


def group_statements(statements: list[dict], stated: Callable[[dict], tuple[str, str, str]],
                     values: dict[str, float] | None = None) -> list[EvidenceGroup]:
    """Group ``statements`` by what ``stated(st)`` says they say; the biggest group first.

    ``values`` maps a statement IRI to its gkg:value; a group's value is their sum, or None
    when none of its statements has one.
    """
    groups: dict[tuple[str, str, str], EvidenceGroup] = {}
    for st in statements:
        key = stated(st)
        g = groups.get(key)
        if g is None:
            g = groups[key] = EvidenceGroup(*key)
        g.statements.append(st)
        v = (values or {}).get(st.get("iri"))
        if v is not None:
            g.value = (g.value or 0.0) + v
    return sorted(groups.values(), key=lambda g: (-g.count, g.first_date or "", g.relation))


def statement_values(store) -> dict[str, float]:
    """Statement IRI -> gkg:value, for every statement that has one (summed when it has several)."""
    out: dict[str, float] = {}
    for st, v in store.select_values(VALUES_QUERY):
        try:
            out[st] = out.get(st, 0.0) + float(v)
        except (TypeError, ValueError):
            continue
    return out


def date_range(first: str | None, last: str | None) -> str:
    """'1999', '1999 to 2001', or '' without dates.

    >>> date_range("1999", "2001"), date_range("2022-09", "2022-09"), date_range(None, None)
    ('1999 to 2001', '2022-09', '')
    """
    if not first:
        return ""
    return first if first == last else f"{first} to {last}"


def hop_evidence(hop, values: dict[str, float] | None = None) -> list[EvidenceGroup]:
    """The statements behind a path hop (graph.paths.Hop), grouped as they are stored."""
    return group_statements(hop.data.get("statements", []), hop.stated, values)
