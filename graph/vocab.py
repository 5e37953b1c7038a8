"""The gkg: vocabulary: namespaces, and the relation table read from ontology/geokg.ttl.

The namespace object fails on typos, like rdflib's generated namespaces:

>>> from graph.vocab import GKG, relation
>>> GKG.recognizes.value
'https://w3id.org/geokg/ontology#recognizes'
>>> GKG.recogniz
Traceback (most recent call last):
...
AttributeError: gkg:recogniz is not defined in ontology/geokg.ttl
>>> relation("suppliesArmsTo").inverse_of
'buysArmsFrom'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from . import resources
from .errors import UnknownRelation

BASE = "https://w3id.org/geokg/"
GKG_NS = BASE + "ontology#"
ACTOR_NS = BASE + "actor/"
STMT_NS = BASE + "statement/"
SRC_NS = BASE + "source/"
GRAPH_NS = BASE + "graph/"
INTERNAL_NS = GRAPH_NS + "_"  # graphs geokg keeps for itself, never listed
STAGING_NS = INTERNAL_NS + "staging/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV,
    "dcterms": DCTERMS, "sh": SH, "gkg": GKG_NS, "actor": ACTOR_NS, "stmt": STMT_NS, "src": SRC_NS,
}


def sparql_prologue() -> str:
    """PREFIX lines for every prefix the CLI predeclares."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@lru_cache(maxsize=1)
def _ontology_quads() -> tuple[ox.Triple, ...]:
    text = resources.read_text("geokg.ttl")
    return tuple(ox.parse(text, format=ox.RdfFormat.TURTLE))


@lru_cache(maxsize=1)
def defined_terms() -> frozenset[str]:
    """Local names of every gkg: term the ontology defines (as a subject)."""
    return frozenset(
        t.subject.value[len(GKG_NS):]
        for t in _ontology_quads()
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(GKG_NS)
    )


class _Namespace:
    """Attribute access to gkg: terms that raises on names the ontology lacks."""

    def __init__(self, base: str, check: bool):
        self._base = base
        self._check = check

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._check and name not in defined_terms():
            raise AttributeError(f"gkg:{name} is not defined in ontology/geokg.ttl")
        return ox.NamedNode(self._base + name)

    def __getitem__(self, name: str) -> ox.NamedNode:
        return self.__getattr__(name)


GKG = _Namespace(GKG_NS, check=True)


def ns(base: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(base + local)


@dataclass(frozen=True)
class Relation:
    """One relation of the vocabulary (a row of relations.md)."""

    name: str
    label_en: str
    label_fr: str
    polarity: str  # "+", "-" or "0"
    cameo: str | None
    symmetric: bool
    inverse_of: str | None
    comment_en: str = ""
    comment_fr: str = ""
    domain: str | None = None  # local name of the class, e.g. "Actor"
    range: str | None = None

    @property
    def iri(self) -> str:
        return GKG_NS + self.name

    def label(self, lang: str = "en") -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def comment(self, lang: str = "en") -> str:
        return (self.comment_fr if lang == "fr" else self.comment_en) or self.comment_en

    def as_dict(self) -> dict:
        """Plain data, for JSON: name, IRI, labels, comments, polarity, CAMEO code, OWL features."""
        return {
            "name": self.name, "iri": self.iri,
            "label": {"en": self.label_en, "fr": self.label_fr},
            "comment": {"en": self.comment_en, "fr": self.comment_fr},
            "polarity": self.polarity, "cameo": self.cameo, "symmetric": self.symmetric,
            "inverseOf": self.inverse_of, "domain": self.domain, "range": self.range,
        }

    def phrase(self, negated: bool = False, lang: str = "en") -> str:
        """The label as a verb phrase, negated when asked.

        >>> relation("recognizes").phrase(negated=True)
        'does not recognize'
        >>> relation("leaderOf").phrase(negated=True)
        'is not leader of'
        >>> relation("recognizes").phrase(negated=True, lang="fr")
        'ne reconnaît pas'
        """
        label = self.label(lang)
        if not negated:
            return label
        if lang == "fr":
            verb, _, rest = label.partition(" ")
            verb_fr = ("n'" + verb) if verb[:1] in "aeéèêiîoôuh" else ("ne " + verb)
            return f"{verb_fr} pas{(' ' + rest) if rest else ''}"
        verb, _, rest = label.partition(" ")
        if verb in ("is", "are", "has"):
            return f"{verb} not{(' ' + rest) if rest else ''}"
        if verb.endswith("ies"):
            base = verb[:-3] + "y"
        elif verb.endswith(("sses", "shes", "ches", "xes", "zzes")):
            base = verb[:-2]
        elif verb.endswith("s"):
            base = verb[:-1]
        else:
            base = verb
        return f"does not {base}{(' ' + rest) if rest else ''}"


@lru_cache(maxsize=1)
def relations() -> dict[str, Relation]:
    """Every gkg:Relation of the ontology, by local name."""
    props: dict[str, dict] = {}
    type_rel = (RDF + "type", GKG_NS + "Relation")
    for t in _ontology_quads():
        s = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
        if s is None or not s.startswith(GKG_NS):
            continue
        p, o = t.predicate.value, t.object
        d = props.setdefault(s[len(GKG_NS):], {})
        if (p, o.value) == type_rel:
            d["is_relation"] = True
        elif p == RDF + "type" and o.value == OWL + "SymmetricProperty":
            d["symmetric"] = True
        elif p in (RDFS + "label", RDFS + "comment") and isinstance(o, ox.Literal):
            d[p[len(RDFS):] + "_" + (o.language or "en")] = o.value
        elif p in (RDFS + "domain", RDFS + "range") and o.value.startswith(GKG_NS):
            d[p[len(RDFS):]] = o.value[len(GKG_NS):]
        elif p == GKG_NS + "polarity":
            d["polarity"] = o.value
        elif p == GKG_NS + "cameoCode":
            d["cameo"] = o.value
        elif p == OWL + "inverseOf":
            d["inverse_of"] = o.value[len(GKG_NS):]
    out = {}
    for name, d in props.items():
        if d.get("is_relation"):
            out[name] = Relation(
                name=name,
                label_en=d.get("label_en", name),
                label_fr=d.get("label_fr", d.get("label_en", name)),
                polarity=d.get("polarity", "0"),
                cameo=d.get("cameo"),
                symmetric=d.get("symmetric", False),
                inverse_of=d.get("inverse_of"),
                comment_en=d.get("comment_en", ""),
                comment_fr=d.get("comment_fr", ""),
                domain=d.get("domain"),
                range=d.get("range"),
            )
    # owl:inverseOf is symmetric in meaning: record it on both sides
    for name, rel in list(out.items()):
        if rel.inverse_of and rel.inverse_of in out and not out[rel.inverse_of].inverse_of:
            other = out[rel.inverse_of]
            out[other.name] = Relation(**{**other.__dict__, "inverse_of": name})
    return dict(sorted(out.items()))


def relation(name: str) -> Relation:
    """Look a relation up by local name, ``gkg:`` name or full IRI.

    An unknown name raises UnknownRelation with the nearest names (by spelling, labels included):

    >>> relation("buysArmFrom")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownRelation: unknown relation 'buysArmFrom'; did you mean buysArmsFrom?
    """
    key = name.removeprefix(GKG_NS).removeprefix("gkg:")
    try:
        return relations()[key]
    except KeyError:
        from .suggest import closest

        spellings = {n: (r.label_en, r.label_fr) for n, r in relations().items()}
        raise UnknownRelation(name, closest(key, spellings, n=3)) from None
