"""What the extractor remembers while reading one document, and the candidates it emits.

A candidate is a relation between two mentions found in one sentence; the pipeline turns the
candidates into statements (actor labels, evidence, offsets, attribution, confidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..actors import Actor
from .mentions import Mention

# relations between states (or organisations and blocs): a person as their subject stands for
# the state he or she leads, when the text said which one, and is dropped otherwise
STATE_LEVEL = frozenset({"recognizes", "invades", "occupies", "sanctions", "buysArmsFrom", "suppliesArmsTo",
                         "violatesSanctionsOn", "conductsExercisesWith", "partOf"})
# relations whose subject must be a person, and the kinds their object may have
PERSON_SUBJECT = {"leaderOf": ("State", "Territory", "Organization", "Bloc"),
                  "affiliatedWith": ("Organization",), "ambassadorTo": ("State",)}
SYMMETRIC = frozenset({"cooperatesWith", "communicatesWith", "negotiatesWith", "conductsExercisesWith"})
# adjective-like English names (North Korean, Western) end like this
_ADJ_ENDINGS = ("an", "ese", "ish", "ern", "ch", "i", "ic")


@dataclass
class Candidate:
    """subject relation object, as read in one sentence."""

    subject: Mention
    relation: str
    object: Mention
    negated: bool
    sent_start: int  # character offsets of the evidence sentence in the document
    sent_end: int
    confidence: float
    rule: str  # which rule found it (for debugging and review)
    evidence: str = ""  # the sentence
    attribution: str | None = None
    attributed_to: str | None = None  # IRI of a known speaker


@dataclass
class Discourse:
    """Document-level memory: leaders named so far, territories, the last person mentioned."""

    leader_of: dict[str, Actor] = field(default_factory=dict)  # person IRI -> state
    territories: list[Actor] = field(default_factory=list)  # in order of first mention
    last_person: Actor | None = None
    proposed: dict[str, Actor] = field(default_factory=dict)  # folded name -> proposed actor

    def saw(self, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.actor.kind == "Territory" and m.actor not in self.territories and m.how != "anaphor":
                self.territories.append(m.actor)
            if m.actor.kind == "Person":
                self.last_person = m.actor


def make_candidate(s: Mention, rel: str, o: Mention, neg: bool, sent, offset: int, conf: float,
                   rule: str) -> Candidate | None:
    """A candidate with the sentence (a spaCy Span) as evidence; None when both ends are one actor."""
    if s.actor.iri == o.actor.iri:
        return None
    text = sent.text.strip()
    start = sent.start_char + offset + len(sent.text) - len(sent.text.lstrip())
    return Candidate(s, rel, o, neg, start, start + len(text), conf, rule, evidence=text)


def best_candidates(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per (subject, relation, object, negated): the most confident."""
    best: dict[tuple, Candidate] = {}
    for c in cands:
        k = (c.subject.actor.iri, c.relation, c.object.actor.iri, c.negated)
        if k not in best or c.confidence > best[k].confidence:
            best[k] = c
    return list(best.values())


def unique_actors(ms: list[Mention]) -> list[Mention]:
    """Mentions with their actor's first occurrence only, in order."""
    seen, out = set(), []
    for m in ms:
        if m.actor.iri not in seen:
            seen.add(m.actor.iri)
            out.append(m)
    return out


def extend_coordination(found: list[Mention], end: int, mentions_at, is_conj, is_filler) -> list[Mention]:
    """Add the actors coordinated after ``found`` ('X, Y et Z', 'X and the Y'), scanning tokens
    from the last found one up to ``end``: a conjunction, then fillers (articles, prepositions),
    then a mention; anything else stops."""
    if not found:
        return found
    out = list(found)
    j = max(m.end for m in found)
    conj = False
    while j < end:
        if is_conj(j):
            conj = True
            j += 1
            continue
        if conj and is_filler(j):
            j += 1
            continue
        ms = mentions_at(j)
        if ms and conj:
            out += ms
            j = max(m.end for m in ms)
            conj = False
            continue
        break
    return unique_actors(out)


def speaker_name(actor: Actor, roles: list[str]) -> str:
    """An English name for a speaker: 'US officials', 'Western analysts and diplomats', 'Aaron Arnold'."""
    if not roles:
        return actor.label
    roles = list(dict.fromkeys(roles))
    role_text = " and ".join(roles) if len(roles) <= 2 else ", ".join(roles[:-1]) + " and " + roles[-1]
    return f"{adjective_name(actor)} {role_text}"


def adjective_name(actor: Actor) -> str:
    """The English word used before a noun: US, UN, North Korean, Western; else the label."""
    short = [a for a in actor.alt if 2 <= len(a.replace(".", "")) <= 2 and a.replace(".", "").isupper()]
    if short:
        return sorted(short, key=len)[0]
    label = actor.label
    cands = [h for h in actor.hidden if h[:1].isupper() and h.endswith(_ADJ_ENDINGS) and not h.endswith("s")]
    if not cands:
        return label

    def prefix(h: str) -> int:
        n = 0
        for x, y in zip(h.lower(), label.lower()):
            if x != y:
                break
            n += 1
        return n

    return sorted(cands, key=lambda h: (-prefix(h), len(h)))[0]
