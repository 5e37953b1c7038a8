"""The trigger lexicon: per language, the verbs and nouns that signal each relation.

It is data (ontology/lexicon/<lang>.json, shipped as graph.ontology); this module loads and
checks it. Words are compared in folded form (case and accents ignored).

>>> lex = load_lexicon("fr")
>>> lex.verb("reconnaître")[0].relation
'recognizes'
>>> lex.noun("Sanctions")[0].relation
'sanctions'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from .. import resources
from ..actors import fold as _fold
from ..errors import InputError, NotFoundError
from ..vocab import relation as relation_info

LANGUAGES = ("fr", "en")


@lru_cache(maxsize=1 << 17)
def fold(word: str) -> str:
    """graph.actors.fold, memoised: the extractor folds every token several times."""
    return _fold(word)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a word that signals ``relation`` with where its object is found."""

    lemma: str  # folded
    relation: str
    pos: str  # "verb" or "noun"
    object: tuple[str, ...]  # "obj" or prepositions (folded)
    theme: str | None = None  # word class the direct object must belong to
    qualifiers: frozenset[str] = frozenset()  # one must modify the noun
    object_kinds: tuple[str, ...] = ()
    members_from_agent: bool = False  # "composé de X et Y": X, Y memberOf the head noun
    bloc_subject: bool = False  # active voice names the bloc first: "le bloc regroupe X et Y"
    target_of_governed_verb: bool = False  # "les sanctions occidentales frappent Moscou"
    forms: tuple[str, ...] = ()  # English surface forms (folded), beside the lemma


@dataclass
class Lexicon:
    language: str
    extractor: str
    verbs: dict[str, list[Trigger]]
    nouns: dict[str, list[Trigger]]
    classes: dict[str, frozenset[str]]
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # other word lists, folded
    speaker_roles: dict[str, str] = field(default_factory=dict)
    max_trigger_words: int = 1

    def verb(self, word: str) -> list[Trigger]:
        return self.verbs.get(fold(word), [])

    def noun(self, word: str) -> list[Trigger]:
        w = fold(word)
        return self.nouns.get(w) or (self.nouns.get(w[:-1], []) if w.endswith(("s", "x")) else [])

    def in_class(self, name: str, word: str) -> bool:
        w = fold(word)
        cls = self.classes.get(name, frozenset())
        return w in cls or (w.endswith(("s", "x")) and w[:-1] in cls)

    def has(self, name: str, word: str) -> bool:
        """Whether ``word`` belongs to the word list ``name`` (e.g. "negators")."""
        return fold(word) in self.words.get(name, frozenset())


_LIST_KEYS = ("support_verbs", "echo_verbs", "speech_verbs", "according_to", "negators", "negating_governors",
              "relative_pronouns", "personal_pronouns", "leader_titles", "affiliation_roles",
              "separatist_modifiers", "separatist_heads", "regime_nouns", "auxiliaries", "determiners",
              "prepositions", "clause_breaks", "modals", "speech_forms", "titles_before_names")


def parse_lexicon(data: dict, name: str) -> Lexicon:
    """Build a Lexicon from its JSON data; InputError names the entry that is wrong."""
    if not isinstance(data, dict) or "verbs" not in data or "nouns" not in data:
        raise InputError(f"{name}: a lexicon is a JSON object with 'verbs' and 'nouns'")
    tables: dict[str, dict[str, list[Trigger]]] = {"verb": {}, "noun": {}}
    longest = 1
    for pos, key in (("verb", "verbs"), ("noun", "nouns")):
        for n, entry in enumerate(data[key]):
            where = f"{name}: {key}[{n}]"
            try:
                rel = relation_info(entry["relation"]).name
                lemmas = entry["lemmas"]
            except KeyError as e:
                raise InputError(f"{where}: missing {e.args[0]!r}") from None
            except NotFoundError as e:
                raise InputError(f"{where}: {e}") from None
            if not lemmas or not all(isinstance(x, str) and x.strip() for x in lemmas):
                raise InputError(f"{where}: 'lemmas' must be a non-empty list of words")
            theme = entry.get("theme")
            if theme and theme not in data.get("classes", {}):
                raise InputError(f"{where}: theme {theme!r} is not a class of the lexicon")
            for lemma in lemmas:
                t = Trigger(
                    lemma=fold(lemma), relation=rel, pos=pos,
                    object=tuple(fold(o) for o in entry.get("object", ["obj"])),
                    theme=theme, qualifiers=frozenset(fold(q) for q in entry.get("qualifiers", [])),
                    object_kinds=tuple(entry.get("object_kinds", [])),
                    members_from_agent=bool(entry.get("members_from_agent")),
                    bloc_subject=bool(entry.get("bloc_subject")),
                    target_of_governed_verb=bool(entry.get("target_of_governed_verb")),
                    forms=tuple(fold(f) for f in entry.get("forms", {}).get(lemma, [])),
                )
                keys = {t.lemma, *t.forms}
                for k in keys:
                    bucket = tables[pos].setdefault(k, [])
                    if t not in bucket:
                        bucket.append(t)
                    longest = max(longest, len(k.split()))
    classes = {k: frozenset(fold(w) for w in v) for k, v in data.get("classes", {}).items()}
    words = {k: frozenset(fold(w) for w in data.get(k, [])) for k in _LIST_KEYS}
    return Lexicon(
        language=data.get("language", name), extractor=data.get("extractor", f"geokg-{name}-rules"),
        verbs=tables["verb"], nouns=tables["noun"], classes=classes, words=words,
        speaker_roles={fold(k): v for k, v in data.get("speaker_roles", {}).items()},
        max_trigger_words=longest,
    )


@lru_cache(maxsize=None)
def load_lexicon(language: str) -> Lexicon:
    """The lexicon shipped for ``language`` (ontology/lexicon/<language>.json)."""
    if language not in LANGUAGES:
        raise InputError(f"no lexicon for language {language!r}: use one of {', '.join(LANGUAGES)}")
    name = f"ontology/lexicon/{language}.json"
    try:
        data = json.loads(resources.read_text("lexicon", f"{language}.json"))
    except FileNotFoundError:
        raise NotFoundError(f"{name} is missing from the installation") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{name}: malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    return parse_lexicon(data, name)
