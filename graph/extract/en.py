"""English rules over tokens, without a statistical parser.

No English spaCy pipeline is published on PyPI by its authors (the en-core-web-* names there
are third-party re-uploads of unknown provenance), so English uses spaCy's rule-based
tokenizer and sentencizer and surface patterns: the subject is the nearest actor left of the
trigger in its clause (past auxiliaries, adverbs, negation), the object the first actor after
it, directly or after the trigger's preposition; 'was ... by X' is passive; 'X and Y'
coordinates; '<actor adjective> <noun>' and "<actor>'s <noun>" give a nominalisation's subject.
"""

from __future__ import annotations

from .discourse import (SYMMETRIC, Candidate, Discourse, best_candidates, extend_coordination, make_candidate,
                        speaker_name)
from .discourse import unique_actors as _unique
from .lexicon import Lexicon, Trigger, fold
from .mentions import Mention

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "got", "get", "gets"})
_PUNCT_BREAK = frozenset({".", ";", ":", "!", "?", "(", ")", "\"", "“", "”", "—", "–"})
_COORD = frozenset({"and", ",", "or", "as well as"})
_PREPS = frozenset({"to", "from", "with", "on", "against", "of", "for", "by", "in", "between", "at", "into", "toward",
                    "towards", "over", "targeting", "about", "among", "across"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_IRREALIS = frozenset({"if", "whether", "unlikely", "unthinkable", "impossible"})


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

    # --- entry point --------------------------------------------------------------------------
    def candidates(self, doc, mentions: list[Mention], ctx: Discourse, offset: int) -> list[Candidate]:
        self.doc, self.offset, self.ctx = doc, offset, ctx
        self.at: dict[int, list[Mention]] = {}
        for m in mentions:
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
            after_det = i > sent.start and _f(doc[i - 1]) in self.lex.words["determiners"]
            if pos == "verb" and key in self.nouns:  # 'sanctions', 'attacks': read both ways
                if not after_det:
                    for t in triggers:
                        yield i, i + n, t, "verb"
                pos, triggers = "noun", self.nouns[key]
            for t in triggers:
                yield i, i + n, t, pos
            i += n

    def _sentence(self, sent) -> list[Candidate]:
        out: list[Candidate] = []
        if any(_f(t) in _IRREALIS for t in sent):
            return []
        for start, end, t, pos in self._triggers(sent):
            if pos == "verb":
                out += self._verb(start, end, t, sent)
            else:
                out += self._noun(start, end, t, sent)
        return best_candidates(out)

    # --- arguments -----------------------------------------------------------------------------
    def _group_after(self, i: int, sent, role: str) -> list[Mention]:
        """Actors after token i: introduced by preposition ``role`` ('' or 'obj': none), with conjuncts."""
        doc = sent.doc
        j = i
        prep = ""
        limit = min(sent.end, i + 14)
        while j < limit:
            t = doc[j]
            w = _f(t)
            if t.text in _PUNCT_BREAK or w in self.lex.words["clause_breaks"] and w != "that":
                return []
            ms = self.at.get(j)
            if ms:
                if (role in ("obj", "") and prep in ("", "of")) or prep == role or role == "any":
                    return self._coordinated(list(ms), sent)
                if role == "obj":
                    return []
                prep = ""
                j = max(m.end for m in ms)
                if j < sent.end and _f(doc[j]) in _POSSESSIVE:
                    j += 1
                continue
            if w in _PREPS:
                prep = w
            elif w in ("," ,) and role not in ("obj", ""):
                prep = ""
            j += 1
        return []

    def _coordinated(self, found: list[Mention], sent) -> list[Mention]:
        doc = sent.doc
        return extend_coordination(
            found, sent.end, lambda j: self.at.get(j), lambda j: _f(doc[j]) in _COORD,
            lambda j: _f(doc[j]) in self.lex.words["determiners"] or _f(doc[j]) in _PREPS)

    def _subject_before(self, i: int, sent) -> tuple[list[Mention], bool]:
        """Actors left of token i in its clause (and whether a negation sits between)."""
        doc = sent.doc
        j = i - 1
        neg = False
        skipped = 0
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
            ms = self.at.get(j)
            if ms:
                first = min(m.start for m in ms)
                before = _f(doc[first - 1]) if first > sent.start else ""
                if before == "of" and first - 2 >= sent.start and _f(doc[first - 2]) in self.nouns:
                    # "Russia's invasion of Ukraine was condemned": the event's doer is meant
                    k = first - 3
                    while k >= sent.start and (_f(doc[k]) in self.lex.words["determiners"] or _f(doc[k]) in _POSSESSIVE):
                        k -= 1
                    return (self._left_group(k, sent) if k in self.at else []), neg
                if before in _PREPS and before not in ("of",):
                    j = first - 1
                    skipped += 1
                    continue
                out = list(ms)
                k = first - 1
                while k > sent.start and _f(doc[k]) in _COORD | self.lex.words["determiners"]:
                    k -= 1
                    if k in self.at and any(_f(x) in _COORD for x in doc[k + 1:first]):
                        more = self.at[k]
                        out = list(more) + out
                        first = min(m.start for m in more)
                        k = first - 1
                return _unique(out), neg
            if t.text == "," and skipped == 0 and j < i - 1:
                # an apposition or adverbial between commas: keep looking left
                pass
            j -= 1
        return [], neg

    def _passive(self, start: int, sent) -> bool:
        doc = sent.doc
        w = _f(doc[start])
        if not (w.endswith(("ed", "en")) or w in ("sold", "sent", "bought", "met", "struck", "shot", "fought", "cut", "given")):
            return False
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
        doc = sent.doc
        lo = max(sent.start, subj_end, start - 5)
        words = [_f(t) for t in doc[lo:start]]
        return any(w in ("not", "n't", "never", "no") for w in words) or \
            any(w in self.lex.words["negating_governors"] for w in words)

    def _theme(self, t: Trigger, start: int, end: int, sent) -> bool:
        if not t.theme:
            return True
        doc = sent.doc
        window = doc[max(sent.start, start - 3):min(sent.end, end + 10)]
        return any(self.lex.in_class(t.theme, x.text) for x in window)

    def _verb(self, start: int, end: int, t: Trigger, sent) -> list[Candidate]:
        if not self._theme(t, start, end, sent):
            return []
        passive = self._passive(start, sent)
        left, _ = self._subject_before(start, sent)
        subj_end = max((m.end for m in left), default=sent.start)
        neg = self._negated(start, sent, subj_end)
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
            if not objs and end + 1 < sent.end and _f(sent.doc[end]) == "to" and _f(sent.doc[end + 1]) not in _PREPS \
                    and end + 1 not in self.at:
                # 'threatened to break relations with Russia': the action's target
                objs = self._group_after(end + 2, sent, "any")
        if t.object_kinds:
            objs = [o for o in objs if o.actor.kind in t.object_kinds]
        if t.relation in SYMMETRIC and not objs and len(subs) >= 2:
            return [c for i, s in enumerate(subs) for o in subs[i + 1:]
                    if (c := self._cand(s, t.relation, o, neg, sent, 0.6, "coordinated"))]
        return [c for s in subs for o in objs if (c := self._cand(s, t.relation, o, neg, sent, 0.65, "verb"))]

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
        if not subs:  # support verb: 'imposed new sanctions on', 'held talks with'
            k = start - 1
            while k >= max(sent.start, start - 5):
                w = _f(doc[k])
                if w in self.lex.words["support_verbs"] or any(w in inflections(v) for v in ("impose", "hold", "sign")):
                    subs, _ = self._subject_before(k, sent)
                    neg = self._negated(k, sent, max((m.end for m in subs), default=sent.start))
                    break
                if k in self.at:
                    break
                k -= 1
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

    def _left_group(self, j: int, sent) -> list[Mention]:
        ms = list(self.at[j])
        first = min(m.start for m in ms)
        k = first - 1
        while k > sent.start and _f(sent.doc[k]) in _COORD:
            k -= 1
            if k in self.at:
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

