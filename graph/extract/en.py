"""English rules over tokens, without a statistical parser.

No English spaCy pipeline is published on PyPI by its authors (the en-core-web-* names there
are third-party re-uploads of unknown provenance), so English uses spaCy's rule-based
tokenizer and sentencizer and surface patterns: the subject is the nearest actor left of the
trigger in its clause (past auxiliaries, adverbs, negation, inserted clauses between commas,
phrases after a preposition, a previous verb's object), the object the first actor after it,
directly or after the trigger's preposition, up to the next clause; 'was ... by X' and
'X, backed by Y,' are passive; 'X, Y and Z' coordinate (a conjunct followed by a verb starts a
new clause); '<actor adjective> <noun>', "<actor>'s <noun>", a support verb ('imposed
sanctions on', 'severed ties with') or 'by X' give a nominalisation's subject.

Negation: a negator, a negating governor ('refused to', 'denied that'), 'yet to', 'rather
than', 'neither ... nor'. Not asserted, so not extracted: what follows 'if', 'whether',
'must', 'should'; the complement of a verb of wish, plan or request ('wants to buy', 'urged
Japan to sanction'; the lexicon's 'modals'); an -ing verb modifying a noun ('a resolution
condemning Syria'). 'ethnic Albanians', 'anti-Syria', 'pro-Russian' do not name the state.
"""

from __future__ import annotations

from .discourse import (SYMMETRIC, Candidate, Discourse, best_candidates, extend_coordination, make_candidate,
                        speaker_name)
from .discourse import unique_actors as _unique
from .lexicon import Lexicon, Trigger, fold
from .mentions import Mention

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "got", "get", "gets"})
_PUNCT_BREAK = frozenset({".", ";", ":", "!", "?", "(", ")", "\"", "“", "”", "—", "–"})
_COORD = frozenset({"and", ",", "or", "nor"})
_PREPS = frozenset({"to", "from", "with", "on", "against", "of", "for", "by", "in", "between", "at", "into", "toward",
                    "towards", "over", "targeting", "about", "among", "across", "near", "along", "off", "outside",
                    "inside", "around", "through", "during", "under", "within", "amid", "despite", "beyond", "behind",
                    "onto", "upon", "without", "via"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_IRREALIS = frozenset({"if", "whether", "unlikely", "unthinkable", "impossible", "must", "should", "ought"})
_FINITE = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may",
                     "might", "did", "does", "do", "says", "said"})
_PURPOSE = frozenset({"negotiatesWith", "communicatesWith"})  # nouns of a purpose: 'came for talks with'
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "these", "those"})
# 'ethnic Albanians', 'anti-Syria journalist', 'pro-Russian separatists' do not name the state
_NOT_THE_STATE = frozenset({"ethnic", "anti", "pro"})


def _f(tok) -> str:
    return fold(tok.text)


def inflections(lemma: str) -> set[str]:
    """Regular forms of an English verb: recognise -> recognises, recognised, recognising."""
    words = lemma.split()
    head, rest = words[0], words[1:]
    forms = {head}
    if head.endswith("e"):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {head + "es", head + "ed", head + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
    return {" ".join([f, *rest]) for f in forms}


class EnglishRules:
    """Candidates of one tokenised paragraph (a spaCy Doc from a blank English pipeline)."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.verbs: dict[str, list[Trigger]] = {}
        for lemma, triggers in lexicon.verbs.items():
            for t in triggers:
                for form in inflections(lemma) | set(t.forms):
                    bucket = self.verbs.setdefault(form, [])
                    if t not in bucket:
                        bucket.append(t)
        self.nouns: dict[str, list[Trigger]] = {}
        for lemma, triggers in lexicon.nouns.items():
            for form in (lemma, lemma + "s", lemma + "es"):
                self.nouns.setdefault(form, []).extend(t for t in triggers if t not in self.nouns.get(form, []))
        self.longest = max(len(k.split()) for k in [*self.verbs, *self.nouns])
        words = lexicon.words
        # support verbs of nominalisations, inflected; the 'negating governors' among them
        # ('severed ties with', 'suspended talks with') negate the relation
        self.breaking = {f for v in words["negating_governors"] for f in inflections(v)}
        self.support = {f.split()[0] for v in words["support_verbs"] for f in inflections(v)} | \
            set(words["support_verbs"]) | self.breaking
        self.adverbs = words["auxiliaries"] - {"to", "on"}
        self.person_nouns = words["leader_titles"] | words["titles_before_names"] | set(lexicon.speaker_roles)

    # --- entry point --------------------------------------------------------------------------
    def candidates(self, doc, mentions: list[Mention], ctx: Discourse, offset: int) -> list[Candidate]:
        self.doc, self.offset, self.ctx = doc, offset, ctx
        self.at: dict[int, list[Mention]] = {}
        names_at = {m.start: m for m in mentions if m.how == "name" and m.actor.kind in ("State", "Territory")}
        for m in mentions:
            if m.actor.kind == "State" and self._not_the_state(doc, m.start):
                continue
            if m.how == "alias" and m.end in names_at:
                continue  # 'Western Cambodia': a part of the place named next
            for i in range(m.start, m.end):
                self.at.setdefault(i, []).append(m)
        out: list[Candidate] = []
        for sent in doc.sents:
            found = self._sentence(sent)
            found += self._titles(sent)
            speaker = self._speaker(sent)
            for c in found:
                if speaker and c.rule != "title":
                    c.attribution, c.attributed_to = speaker
            out += found
            ctx.saw([m for m in mentions if sent.start <= m.start < sent.end])
        return out

    @staticmethod
    def _not_the_state(doc, i: int) -> bool:
        """'ethnic Albanian', 'anti-Syria', 'pro-Russian': a people or a stance, not the state."""
        k = i - 1
        if k >= 0 and doc[k].text in ("-", "‐", "–"):
            k -= 1
        return k >= 0 and _f(doc[k]) in _NOT_THE_STATE

    def _cand(self, s: Mention, rel: str, o: Mention, neg: bool, sent, conf: float, rule: str) -> Candidate | None:
        return make_candidate(s, rel, o, neg, sent, self.offset, conf, rule)

    # --- triggers ------------------------------------------------------------------------------
    def _triggers(self, sent):
        doc = sent.doc
        i = sent.start
        while i < sent.end:
            if i in self.at:
                i += 1
                continue
            hit = None
            for n in range(min(self.longest, sent.end - i), 0, -1):
                key = " ".join(_f(t) for t in doc[i:i + n])
                if key in self.verbs:
                    hit = (n, "verb", self.verbs[key])
                    break
                if key in self.nouns:
                    hit = (n, "noun", self.nouns[key])
                    break
            if hit is None:
                i += 1
                continue
            n, pos, triggers = hit
            before = _f(doc[i - 1]) if i > sent.start else ""
            after_det = before in self.lex.words["determiners"]
            no_verb = before in _ARTICLES or before in _PREPS and before != "to" and not key.endswith("ing") or \
                i > sent.start and doc[i - 1].text in ("-", "‐")  # 'long-threatened': an adjective
            if pos == "verb" and (key in self.nouns or no_verb):
                # 'sanctions', 'attacks': read both ways; 'the fight', 'a series of bombs', 'long-threatened': no verb
                if not after_det and not no_verb:
                    for t in triggers:
                        yield i, i + n, t, "verb"
                if key not in self.nouns:
                    i += n
                    continue
                pos, triggers = "noun", self.nouns[key]
            for t in triggers:
                yield i, i + n, t, pos
            i += n

    def _sentence(self, sent) -> list[Candidate]:
        out: list[Candidate] = []
        # 'if', 'whether', 'unlikely': what follows is not asserted (the main clause before is)
        irrealis = next((t.i for t in sent if _f(t) in _IRREALIS), sent.end)
        for start, end, t, pos in self._triggers(sent):
            if start > irrealis:
                break
            if pos == "verb":
                out += self._verb(start, end, t, sent)
            else:
                out += self._noun(start, end, t, sent)
        return best_candidates(out)

    # --- arguments -----------------------------------------------------------------------------
    def _group_after(self, i: int, sent, role: str) -> list[Mention]:
        """Actors after token i, with their conjuncts: introduced by the preposition ``role``;
        for 'obj' by none (or by 'of' after a noun: 'the leaders of Japan', not 'in a suburb of
        Beirut'); for 'any' by whatever."""
        doc = sent.doc
        direct = role in ("obj", "")
        j = i
        prep = ""
        other = False  # a preposition other than 'of' was passed: no direct object any more
        shifted = False  # 'denounced as a crime Serbia's ...': the object after an 'as' phrase
        limit = min(sent.end, i + 14)
        while j < limit:
            t = doc[j]
            w = _f(t)
            if w == "as" and j == i and direct:
                shifted = True
                j += 1
                continue
            if t.text in _PUNCT_BREAK or w in self.lex.words["clause_breaks"] and w != "that" or \
                    t.text == "," and role == "by":
                return []
            ms = self.at.get(j)
            if ms:
                if role == "any" or prep == role or direct and not other and prep in ("", "of") and \
                        not (shifted and prep):
                    return self._coordinated(list(ms), sent, between=role == "between")
                if direct:
                    return []
                prep = ""
                j = max(m.end for m in ms)
                if j < sent.end and _f(doc[j]) in _POSSESSIVE:
                    j += 1
                continue
            if w == "to" and role != "any" and self._infinitive(j, sent):
                return []  # 'met in Cairo to discuss the dam with Ethiopia': another clause
            if direct and j > i and w.endswith("ing") and w in self.verbs:
                return []  # 'vetoed a resolution condemning Syria': the resolution's object
            if j > i and role != "by" and self._verbish(j, sent) and _f(doc[j - 1]) not in \
                    _PREPS | _BE | {"and", "or", "nor"} and _f(doc[j - 1]) not in self.lex.words["determiners"]:
                return []  # 'hosts many refugees, criticized ...': another verb's clause
                # (not 'attacked and occupied Crimea', 'the occupied territories')
            if w in _PREPS:
                prep = w
                other = other or w != "of"
            elif w == "," and not direct:
                prep = ""
            j += 1
        return []

    def _reduced_relative(self, i: int, sent) -> bool:
        """Whether the -ing verb at token i modifies the noun before it ('a resolution condemning
        Syria'), rather than continuing an auxiliary or verb ('is attacking', 'denied selling')."""
        doc = sent.doc
        if not _f(doc[i]).endswith("ing") or i == sent.start or i - 1 in self.at:
            return False
        w = _f(doc[i - 1])
        return doc[i - 1].is_alpha and w not in _BE and w not in self.lex.words["auxiliaries"] and \
            w not in _PREPS and not w.endswith("ed") and w not in self.support

    def _infinitive(self, j: int, sent) -> bool:
        """Whether 'to' at token j opens an infinitive ('to discuss', 'to be'), not a phrase."""
        doc = sent.doc
        if j + 1 >= sent.end or j + 1 in self.at or not doc[j + 1].is_alpha:
            return False
        w = _f(doc[j + 1])
        return w not in _PREPS and w not in self.lex.words["determiners"] and not doc[j + 1].text[:1].isupper()

    def _coordinated(self, found: list[Mention], sent, between: bool = False) -> list[Mention]:
        """``found`` and the actors coordinated after it. A conjunct followed by a verb starts a
        clause ('attacked Ukraine and Poland condemned ...'); commas alone link only in a list
        closed by 'and'/'or' ('invaded Kuwait, the United States attacked ...')."""
        doc = sent.doc
        group = extend_coordination(
            found, sent.end, lambda j: self.at.get(j), lambda j: _f(doc[j]) in _COORD,
            lambda j: _f(doc[j]) in self.lex.words["determiners"] or _f(doc[j]) in _PREPS)
        out = [m for m in group if m in found]
        rest = [m for m in group if m not in found]
        prev_end = max(m.end for m in found)
        for n, m in enumerate(rest):
            links = {_f(x) for x in doc[prev_end:m.start]}
            closed = bool(links - {","}) or any(
                {_f(x) for x in doc[a.end:b.start]} - {","} for a, b in zip(rest[n:], rest[n + 1:]))
            if not closed or not between and m.end < sent.end and self._verbish(m.end, sent):
                break
            out.append(m)
            prev_end = m.end
        return out

    def _verbish(self, j: int, sent) -> bool:
        """Whether token j looks like a finite verb (the mention before it is a subject)."""
        t = sent.doc[j]
        w = _f(t)
        return w in self.verbs or w in self.lex.words["speech_verbs"] or w in _FINITE or \
            w.endswith("ed") and t.text.islower() and t.is_alpha

    def _subject_before(self, i: int, sent) -> tuple[list[Mention], bool]:
        """Actors left of token i in its clause (and whether a negation sits between)."""
        doc = sent.doc
        j = i - 1
        neg = False
        while j >= sent.start:
            t = doc[j]
            w = _f(t)
            if w in ("not", "n't", "never"):
                neg = True
            if w in self.lex.words["relative_pronouns"] and j > sent.start:
                k = j - 1
                while k > sent.start and doc[k].text == ",":
                    k -= 1
                return list(self.at.get(k, [])), neg
            if t.text in _PUNCT_BREAK or (w in self.lex.words["clause_breaks"] and w not in ("that", "as")):
                return [], neg
            if t.text == "," and j == i - 1:
                j = self._before_inserted(j, sent)
                continue
            ms = self.at.get(j)
            if ms:
                first = min(m.start for m in ms)
                p = first - 1  # the word before the mention's noun phrase ('in the United States')
                while p >= sent.start and _f(doc[p]) in self.lex.words["determiners"]:
                    p -= 1
                before = _f(doc[p]) if p >= sent.start else ""
                if before == "of" and p - 1 >= sent.start and _f(doc[p - 1]) in self.nouns:
                    # "Russia's invasion of Ukraine was condemned": the event's doer is meant
                    k = p - 2
                    while k >= sent.start and (_f(doc[k]) in self.lex.words["determiners"] or _f(doc[k]) in _POSSESSIVE):
                        k -= 1
                    return (self._left_group(k, sent) if k in self.at else []), neg
                possessor = max(m.end for m in ms) < i and _f(doc[max(m.end for m in ms)]) in _POSSESSIVE
                if (before in _PREPS and before not in ("of",) or before in self.verbs and p == first - 1) \
                        and not possessor:
                    j = p  # in a phrase ('in the United States'), or a verb's object ('accused Iran')
                    continue
                return self._left_group(j, sent), neg
            j -= 1
        return [], neg

    def _before_inserted(self, comma: int, sent) -> int:
        """'Turkey, which hosts many Syrians, criticized ...', 'Iran, the main supplier, denied ...',
        'the army, backed by Russia, attacked ...': from the comma closing an inserted relative
        clause, apposition or participle phrase, the token before the one opening it (else the
        token before the comma)."""
        doc = sent.doc
        k = comma - 1
        while k > sent.start and doc[k].text != "," and doc[k].text not in _PUNCT_BREAK:
            k -= 1
        if k <= sent.start or doc[k].text != ",":
            return comma - 1
        first = _f(doc[k + 1])
        if first in ("who", "which", "whose") or first in self.lex.words["determiners"] or \
                first.endswith("ed") and k + 2 < comma and _f(doc[k + 2]) == "by":
            return k - 1
        return comma - 1

    def _passive(self, start: int, end: int, sent) -> bool:
        doc = sent.doc
        w = _f(doc[start])
        if not (w.endswith(("ed", "en")) or w in ("sold", "sent", "bought", "met", "struck", "shot", "fought", "cut", "given")):
            return False
        if end < sent.end and _f(doc[end]) == "by":
            return True  # a participle before its agent: 'the Syrian army, backed by Russia, ...'
        j = start - 1
        while j >= sent.start and j >= start - 4:
            x = _f(doc[j])
            if x in _BE:
                return True
            if x not in ("not", "n't", "never", "also", "reportedly", "being", "been", "already", "allegedly"):
                return False
            j -= 1
        return False

    def _negated(self, start: int, sent, subj_end: int) -> bool:
        """A negator, a negating governor ('refused to') or 'yet to', 'rather than' within five
        words before the trigger (after its subject)."""
        doc = sent.doc
        lo = max(sent.start, subj_end, start - 5)
        words = [_f(t) for t in doc[lo:start]]
        pairs = set(zip(words, words[1:]))
        return any(w in self.lex.words["negators"] or w == "no" or w in self.lex.words["negating_governors"]
                   for w in words) or bool(pairs & {("yet", "to"), ("rather", "than")})

    def _denied(self, subs: list[Mention], sent) -> bool:
        """'Moscow denied that Russian troops were fighting in Ukraine': the clause is negated."""
        doc = sent.doc
        k = min((m.start for m in subs), default=sent.start) - 1
        while k > sent.start and _f(doc[k]) in _ARTICLES:
            k -= 1
        return k > sent.start and _f(doc[k]) == "that" and _f(doc[k - 1]) in self.lex.words["negating_governors"]

    def _theme(self, t: Trigger, start: int, end: int, sent) -> bool:
        if not t.theme:
            return True
        doc = sent.doc
        window = doc[max(sent.start, start - 3):min(sent.end, end + 10)]
        return any(self.lex.in_class(t.theme, x.text) for x in window)

    def _verb(self, start: int, end: int, t: Trigger, sent) -> list[Candidate]:
        if not self._theme(t, start, end, sent):
            return []
        passive = self._passive(start, end, sent)
        left, _ = self._subject_before(start, sent)
        if self._reduced_relative(start, sent):  # 'a resolution condemning Syria': not Russia's act
            left = [m for m in left if m.end >= start - 2]
        subj_end = max((m.end for m in left), default=sent.start)
        neg = self._negated(start, sent, subj_end) or self._denied(left, sent)
        if passive:
            subs = self._group_after(end, sent, "by")
            objs = left
        else:
            subs = left
            objs = []
            for role in t.object:
                objs = self._group_after(end, sent, role)
                if objs:
                    break
            k = end  # 'threatened (today) to break relations with Russia': the action's target
            while k < sent.end and _f(sent.doc[k]) in self.adverbs and k not in self.at:
                k += 1
            if not objs and k < sent.end and _f(sent.doc[k]) == "to" and self._infinitive(k, sent):
                objs = self._group_after(k + 2, sent, "any")
            if t.relation == "communicatesWith":  # 'met Japan's prime minister', not 'welcomed Japan's support'
                objs = [o for o in objs if not self._possessed_thing(o, sent)]
            if t.relation == "occupies":  # 'seized the Congolese city of Goma', not 'seized a Greek tanker'
                objs = [o for o in objs if not self._adjective_of_thing(o, sent, "places")]
        if t.object_kinds:
            objs = [o for o in objs if o.actor.kind in t.object_kinds]
        if objs and not passive and any(_f(x) in ("neither", "nor") for x in sent.doc[end:objs[0].start]):
            neg = True  # 'supports neither Russia nor Ukraine'
        if subs and not passive and any(_f(x) in ("neither", "nor") for x in
                                        sent.doc[max(sent.start, min(m.start for m in subs) - 1):start]):
            neg = True  # 'Neither France nor Germany recognized Kosovo'
        if self._unasserted(start, left, sent):
            return []
        if t.relation in SYMMETRIC and not objs and len(subs) >= 2:
            return [c for i, s in enumerate(subs) for o in subs[i + 1:]
                    if (c := self._cand(s, t.relation, o, neg, sent, 0.6, "coordinated"))]
        return [c for s in subs for o in objs if (c := self._cand(s, t.relation, o, neg, sent, 0.65, "verb"))]

    def _unasserted(self, start: int, left: list[Mention], sent) -> bool:
        """'Turkey wants to buy jets', 'urged Japan to sanction Russia': a governing verb of wish,
        plan or request (the lexicon's 'modals') leaves the action unasserted."""
        doc = sent.doc
        subj_end = max((m.end for m in left), default=sent.start)
        window = [_f(x) for x in doc[max(sent.start, subj_end, start - 4):start]]
        if any(w in self.lex.words["modals"] for w in window):
            return True
        k = min((m.start for m in left), default=sent.start) - 1
        return k >= sent.start and _f(doc[k]) in self.lex.words["modals"]

    def _noun(self, start: int, end: int, t: Trigger, sent) -> list[Candidate]:
        doc = sent.doc
        if t.qualifiers:
            near = [_f(x) for x in doc[max(sent.start, start - 3):min(sent.end, end + 2)]]
            if not any(q in near for q in t.qualifiers):
                return []
        if not self._theme(t, start, end, sent):
            return []
        subs: list[Mention] = []
        # '<actor> <adjectives> <noun>', "<actor>'s <noun>"
        j = start - 1
        while j >= sent.start and (_f(doc[j]) in self.lex.words["determiners"] or _f(doc[j]) in _POSSESSIVE
                                   or doc[j].text.istitle() and j not in self.at and False):
            j -= 1
        if j >= sent.start and j in self.at:
            subs = self._left_group(j, sent)
        neg = False
        if not subs:
            by = self._group_after(end, sent, "by")
            subs = by
        if not subs:  # support verb: 'imposed new sanctions on', 'held talks with', 'severed ties with'
            k = start - 1
            while k >= max(sent.start, start - 5):
                w = _f(doc[k])
                if w in self.support:
                    subs, _ = self._subject_before(k, sent)
                    if self._unasserted(k, subs, sent):
                        return []  # 'threatened to break off relations with ...'
                    neg = self._negated(k, sent, max((m.end for m in subs), default=sent.start)) or \
                        w in self.breaking or any(_f(x) in self.lex.words["negators"] for x in doc[k + 1:start])
                    break
                if k in self.at:
                    break
                k -= 1
        if not subs and t.relation in _PURPOSE and start > sent.start and _f(doc[start - 1]) == "for":
            # "arrived in Seoul for talks with ...": the clause's subject
            subs, _ = self._subject_before(start - 1, sent)
        objs: list[Mention] = []
        for role in t.object:
            if role == "between":
                continue
            objs = [o for o in self._group_after(end, sent, role) if o not in subs]
            if objs:
                break
        if "between" in t.object and not objs and len(subs) < 2:
            pair = self._group_after(end, sent, "between")
            return [c for i, s in enumerate(pair) for o in pair[i + 1:]
                    if (c := self._cand(s, t.relation, o, neg, sent, 0.6, "between"))]
        if t.relation in SYMMETRIC and not objs and len(subs) >= 2:
            return [c for i, s in enumerate(subs) for o in subs[i + 1:]
                    if (c := self._cand(s, t.relation, o, neg, sent, 0.6, "coordinated"))]
        if t.object_kinds:
            objs = [o for o in objs if o.actor.kind in t.object_kinds]
        return [c for s in subs for o in objs if (c := self._cand(s, t.relation, o, neg, sent, 0.6, "noun"))]

    def _possessed_thing(self, m: Mention, sent) -> bool:
        """Whether the mention is the possessor of a following noun that is not a person
        ("Japan's support"; "Japan's prime minister" is a person)."""
        doc = sent.doc
        if m.end >= sent.end or _f(doc[m.end]) not in _POSSESSIVE:
            return False
        k = m.end + 1
        while k < sent.end and _f(doc[k]) in self.lex.words["determiners"]:
            k += 1
        words = [_f(x) for x in doc[k:min(sent.end, k + 2)]]
        return not any(" ".join(words[:n]) in self.person_nouns for n in (1, 2)) and k not in self.at

    def _adjective_of_thing(self, m: Mention, sent, allowed: str) -> bool:
        """Whether the mention is an adjective ('Greek') before a noun not of class ``allowed``."""
        doc = sent.doc
        if m.how != "alias" or m.end >= sent.end or m.end - m.start != 1:
            return False
        nxt = doc[m.end]
        return nxt.is_alpha and nxt.text[:1].islower() and not self.lex.in_class(allowed, nxt.text)

    def _left_group(self, j: int, sent) -> list[Mention]:
        """The mentions at token j with those coordinated on their left ('X, Y and the Z'); a
        comma links only inside a list closed by 'and'/'or' ('According to Seoul, Russia ...')."""
        doc = sent.doc
        ms = list(self.at[j])
        closed = False
        k = min(m.start for m in ms) - 1
        while k >= sent.start:
            links = []
            while k >= sent.start and k not in self.at and \
                    (_f(doc[k]) in _COORD or _f(doc[k]) in self.lex.words["determiners"]):
                links.append(_f(doc[k]))
                k -= 1
            conj = [w for w in links if w in _COORD]
            if k < sent.start or k not in self.at or not conj or not (closed or any(w != "," for w in conj)):
                break
            first = min(m.start for m in self.at[k])
            if first > sent.start and _f(doc[first - 1]) in self.verbs:
                break  # 'attacked Ukraine and Poland condemned': Ukraine is the object
            closed = True
            ms = list(self.at[k]) + ms
            k = min(m.start for m in self.at[k]) - 1
        return _unique(ms)

    # --- titles and attribution ---------------------------------------------------------------
    def _titles(self, sent) -> list[Candidate]:
        """"Russian President Vladimir Putin", "North Korea's leader Kim Jong Un" -> leaderOf."""
        out = []
        doc = sent.doc
        for i in range(sent.start, sent.end):
            ms = self.at.get(i)
            if not ms or ms[0].start != i or ms[0].actor.kind not in ("State", "Territory"):
                continue
            state = ms[0]
            j = state.end
            if j < sent.end and _f(doc[j]) in _POSSESSIVE:
                j += 1
            k = j
            while k < min(sent.end, j + 3) and k not in self.at:
                k += 1
            title = " ".join(_f(t) for t in doc[j:k])
            if k < sent.end and k in self.at and self.at[k][0].actor.kind == "Person" and \
                    title and self.lex.has("leader_titles", title):
                c = self._cand(self.at[k][0], "leaderOf", state, False, sent, 0.75, "title")
                if c:
                    out.append(c)
                    self.ctx.leader_of.setdefault(self.at[k][0].actor.iri, state.actor)
        return out

    def _speaker(self, sent) -> tuple[str, str | None] | None:
        words = [_f(t) for t in sent]
        for n, w in enumerate(words):
            i = sent.start + n
            if w == "according" and n + 1 < len(words) and words[n + 1] == "to":
                return self._speaker_at(i + 2, sent, forward=True)
            if w in self.lex.words["speech_verbs"]:
                # 'X said' / 'said X'
                left = self._speaker_at(i - 1, sent, forward=False)
                if left:
                    return left
                return self._speaker_at(i + 1, sent, forward=True)
        return None

    def _speaker_at(self, i: int, sent, forward: bool) -> tuple[str, str | None] | None:
        doc = sent.doc
        span = range(i, min(sent.end, i + 4)) if forward else range(i, max(sent.start - 1, i - 4), -1)
        roles: list[str] = []
        for j in span:
            w = _f(doc[j])
            if w in self.lex.speaker_roles:
                roles.append(self.lex.speaker_roles[w])
                continue
            if j in self.at:
                m = self.at[j][0]
                if not forward and m.start > sent.start and _f(doc[m.start - 1]) in _PREPS:
                    continue
                if m.actor.kind in ("Person", "Organization") and not roles:
                    return m.actor.label, m.actor.iri
                return speaker_name(m.actor, roles), None
            if w in self.lex.words["personal_pronouns"] and self.ctx.last_person:
                return self.ctx.last_person.label, self.ctx.last_person.iri
            if doc[j].is_punct:
                break
        if roles:
            return roles[0], None
        return None

