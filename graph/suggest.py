"""Nearest names for "did you mean": commands, relations, ontology terms (difflib, no heavy import).

>>> closest("pathh", ["path", "neighbors", "rank"])
['path']
>>> closest("BUYSARMSFROM", ["buysArmsFrom", "suppliesArmsTo"])
['buysArmsFrom']
>>> closest("zzz", ["path", "rank"])
[]
>>> closest("buys arms from", {"buysArmsFrom": ["buys arms from"], "recognizes": ["recognizes"]})
['buysArmsFrom']
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def _fold(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def closest(word: str, candidates: Iterable[str] | Mapping[str, Iterable[str]], n: int = 1,
            cutoff: float = 0.6, fallback: float = 0.5) -> list[str]:
    """Up to ``n`` candidates near ``word`` (case, spaces and punctuation ignored), best first.

    ``candidates`` is a list of names, or a mapping name -> other spellings of it (labels),
    compared too; names are returned. An exact match after folding wins alone. When no
    spelling is within ``cutoff``, the one name nearest within ``fallback`` is given.
    """
    key = _fold(word)
    if not key:
        return []
    names = list(candidates)
    others = candidates if isinstance(candidates, Mapping) else {}
    best: dict[str, float] = {}  # name -> its best score
    for name in names:
        spellings = [(_fold(name), True)] + [(_fold(o), False) for o in others.get(name, ())]
        for spelling, is_name in spellings:
            if spelling == key:
                return [name]
            r = _ratio(key, spelling)
            if r >= cutoff or (is_name and r >= fallback):
                best[name] = max(best.get(name, 0.0), r)
    ranked = sorted(best, key=lambda k: -best[k])
    strong = [k for k in ranked if best[k] >= cutoff]
    return strong[:n] if strong else ranked[:1]
