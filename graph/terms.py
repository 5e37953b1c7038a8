"""Ontology terms named by a SPARQL text that the ontology does not define (typos such as
``gkg:buysArmFrom``, which would silently match nothing).

Prefixed names (``gkg:`` or any prefix the text binds to the ontology namespace) and full IRIs
are checked; comments, strings and variables are skipped.

>>> [(t.written, t.suggestion) for t in undefined_terms("SELECT * { ?a gkg:buysArmFrom ?b }")]
[('gkg:buysArmFrom', 'gkg:buysArmsFrom')]
>>> undefined_terms('SELECT * { ?a gkg:recognizes ?b # gkg:nope\\n FILTER(?x != "gkg:nope") }')
[]
>>> [t.name for t in undefined_terms("PREFIX g: <https://w3id.org/geokg/ontology#> ASK { ?a g:Stat ?b }")]
['Stat']
>>> undefined_terms("PREFIX gkg: <http://example.org/> ASK { ?a gkg:anything ?b }")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .vocab import GKG_NS, RDF, defined_terms

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<pname>(?:[A-Za-z][A-Za-z0-9_.-]*)?:(?:[A-Za-z0-9_:%-]|\\.)*(?:\.(?:[A-Za-z0-9_:%-]|\\.)+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class UndefinedTerm:
    """A term of the ontology namespace that the ontology does not define."""

    name: str  # local name, e.g. "buysArmFrom"
    written: str  # as the text names it: "gkg:buysArmFrom" or "<https://...#buysArmFrom>"
    closest: str | None  # local name of the nearest defined term, if any is near

    @property
    def suggestion(self) -> str | None:
        """The nearest defined term, written the way the text wrote this one."""
        if self.closest is None:
            return None
        if self.written.startswith("<"):
            return f"<{GKG_NS}{self.closest}>"
        return self.written.split(":", 1)[0] + ":" + self.closest


@lru_cache(maxsize=1)
def shipped_terms() -> frozenset[str]:
    """Local names defined by the shipped ontology: the vocabulary and the SHACL shapes."""
    import pyoxigraph as ox

    from . import resources

    shapes = ox.parse(resources.read_text("shapes.ttl"), format=ox.RdfFormat.TURTLE)
    return defined_terms() | {t.subject.value[len(GKG_NS):] for t in shapes
                              if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(GKG_NS)}


def undefined_terms(text: str, store=None, defined: frozenset[str] | set[str] | None = None) -> list[UndefinedTerm]:
    """Terms of the ontology namespace named in ``text`` that the ontology does not define,
    each once, in order of appearance. ``gkg:`` is taken as predeclared (as by `geokg query`).

    ``defined`` (local names) replaces the shipped ontology's terms when given. With a
    ``store``, a term some graph of it types (``gkg:x a ...``, a user's own extension of the
    vocabulary) counts as defined.
    """
    from .suggest import closest

    defined = shipped_terms() if defined is None else defined
    prefixes = {"gkg": GKG_NS}
    found: dict[str, UndefinedTerm] = {}
    significant = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)
                   if m.lastgroup != "comment" and not m.group().isspace()]
    for i, (kind, value) in enumerate(significant):
        if kind == "word" and value.upper() == "PREFIX" and i + 2 < len(significant):
            (k1, v1), (k2, v2) = significant[i + 1], significant[i + 2]
            if k1 == "pname" and v1.endswith(":") and k2 == "iri":
                prefixes[v1[:-1]] = v2[1:-1]
            continue
        if kind == "pname":
            prefix, _, local = value.partition(":")
            if prefixes.get(prefix) != GKG_NS or not local:
                continue
            local = local.replace("\\", "")
        elif kind == "iri" and value.startswith("<" + GKG_NS) and len(value) > len(GKG_NS) + 2:
            local = value[len(GKG_NS) + 1:-1]
        else:
            continue
        if local in defined or value in found:
            continue
        near = closest(local, sorted(defined), cutoff=0.7, fallback=0.7)
        found[value] = UndefinedTerm(local, value, near[0] if near else None)
    out = list(found.values())
    if store is not None and out:
        import pyoxigraph as ox

        def typed_in_store(term: UndefinedTerm) -> bool:
            try:
                iri = ox.NamedNode(GKG_NS + term.name)
            except ValueError:  # not an IRI: the engine will say so
                return False
            return store.ask(f"ASK {{ ?t <{RDF}type> ?type }}", {"t": iri})

        out = [t for t in out if not typed_in_store(t)]
    return out
