"""Actors: finding them by any label or alias, in any language, ignoring case and accents.

>>> fold("  Corée du  Nord ")
'coree du nord'
>>> fold("People’s Republic")
"people's republic"
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import ActorNotFound, InputError
from .vocab import ACTOR_NS, GKG_NS

KINDS = ("State", "Territory", "Person", "Organization", "Bloc")

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name."""
    text = text.translate(_APOS)
    if not text.isascii():  # ASCII has nothing to decompose (most names: a fast path)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.lower()).strip()


@lru_cache(maxsize=1 << 16)
def loose(text: str) -> str:
    """A looser form: punctuation dropped too ('Kim Jong-un' ~ 'kim jong un')."""
    return _NOT_ALNUM.sub(" ", fold(text)).strip()


@dataclass
class Actor:
    iri: str
    label: str  # English label
    kind: str  # State, Territory, Person, Organization or Bloc
    labels: dict[str, str] = field(default_factory=dict)  # lang -> label
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # iso2, iso3, isoNumeric, cowCode, wikidata
    classes: list[str] = field(default_factory=list)

    def label_in(self, lang: str) -> str:
        return self.labels.get(lang) or self.label

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.labels.values(), self.label, *self.alt, *self.hidden]))


ACTORS_QUERY = """
SELECT ?a ?cls ?p ?v WHERE {
  VALUES ?cls { gkg:State gkg:Territory gkg:Person gkg:Organization gkg:Bloc gkg:IntergovernmentalOrganization
                gkg:ThinkTank gkg:GovernmentBody gkg:ArmedGroup gkg:Alliance }
  ?a a ?cls .
  FILTER(STRSTARTS(STR(?a), "%s"))
  OPTIONAL {
    VALUES ?p { rdfs:label skos:altLabel skos:hiddenLabel gkg:iso2 gkg:iso3 gkg:isoNumeric gkg:cowCode skos:exactMatch }
    ?a ?p ?v
  }
}
""" % ACTOR_NS

_KIND_OF = {
    "State": "State", "Territory": "Territory", "Person": "Person", "Bloc": "Bloc",
    "Organization": "Organization", "IntergovernmentalOrganization": "Organization",
    "ThinkTank": "Organization", "GovernmentBody": "Organization", "ArmedGroup": "Organization",
    "Alliance": "Organization",
}


class ActorIndex:
    """Every actor of the store, searchable by name.

    Priority on a name shared by several actors: English label, other labels,
    alternative labels, hidden labels (metonyms, adjectives); then states first.
    """

    def __init__(self, actors: list[Actor]):
        self.actors = {a.iri: a for a in actors}
        self._by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._by_loose: dict[str, list[tuple[int, str]]] = defaultdict(list)
        kind_rank = {k: i for i, k in enumerate(KINDS)}
        for a in actors:
            ranked = [(0, a.label)] + [(1, v) for v in a.labels.values()] + [(2, v) for v in a.alt] + [
                (3, v) for v in a.hidden
            ] + [(4, v) for k, v in a.codes.items() if k in ("iso2", "iso3")]
            for prio, name in ranked:
                key = (prio, kind_rank.get(a.kind, 9))
                self._by_name[fold(name)].append((key, a.iri))
                self._by_loose[loose(name)].append((key, a.iri))
        for table in (self._by_name, self._by_loose):
            for k in table:
                table[k] = sorted(set(table[k]))

    @classmethod
    def from_store(cls, store) -> "ActorIndex":
        acc: dict[str, Actor] = {}
        for row in store.select(ACTORS_QUERY):
            iri = row["a"].value
            a = acc.setdefault(iri, Actor(iri=iri, label="", kind=""))
            cls_local = row["cls"].value.removeprefix(GKG_NS)
            if cls_local in _KIND_OF:
                a.classes.append(cls_local)
                kind = _KIND_OF[cls_local]
                if not a.kind or (a.kind == "Organization" and kind != "Organization"):
                    a.kind = kind
            p, v = row.get("p"), row.get("v")
            if p is None or v is None:
                continue
            p = p.value
            if p.endswith("#label"):
                lang = getattr(v, "language", None) or "en"
                a.labels.setdefault(lang, v.value)
            elif p.endswith("#altLabel"):
                a.alt.append(v.value)
            elif p.endswith("#hiddenLabel"):
                a.hidden.append(v.value)
            elif p.endswith("exactMatch"):
                a.codes["wikidata"] = v.value.rsplit("/", 1)[-1]
            else:
                a.codes[p.rsplit("#", 1)[-1]] = v.value
        actors = []
        for a in acc.values():
            if not a.kind:
                continue
            a.label = a.labels.get("en") or next(iter(a.labels.values()), a.iri.rsplit("/", 1)[-1])
            a.alt = sorted(set(a.alt))
            a.hidden = sorted(set(a.hidden))
            a.classes = sorted(set(a.classes))
            actors.append(a)
        return cls(actors)

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, iri: str) -> Actor | None:
        return self.actors.get(iri)

    def candidates(self, name: str) -> list[Actor]:
        """Actors answering to ``name``, best first (empty when none)."""
        hits = self._by_name.get(fold(name)) or self._by_loose.get(loose(name)) or []
        return [self.actors[iri] for _, iri in hits]

    def resolve(self, name: str) -> Actor:
        """The actor named ``name`` (label, alias, code or IRI), or ActorNotFound with suggestions."""
        if not name or not name.strip():
            raise InputError("empty actor name")
        if name.startswith(ACTOR_NS) and name in self.actors:
            return self.actors[name]
        if name.startswith("actor:") and ACTOR_NS + name[6:] in self.actors:
            return self.actors[ACTOR_NS + name[6:]]
        found = self.candidates(name)
        if found:
            return found[0]
        raise ActorNotFound(name, self.suggest(name))

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The nearest display names to a name that matched nothing."""
        key = fold(name)
        names = {fold(x): x for a in self.actors.values() for x in [a.label, *a.labels.values(), *a.alt]}
        close = difflib.get_close_matches(key, list(names), n=n, cutoff=0.6)
        if not close:
            close = [k for k in names if key and (key in k or k in key)][:n]
        out = []
        for k in close:
            label = self.candidates(names[k])[0].label
            if label not in out:
                out.append(label)
        return out
