"""Actor mentions: spans of tokens that name an actor of the store, in any language.

Names come from the ActorIndex (labels, alternative and hidden labels: metonyms such as
Pyongyang or Kremlin, adjectives such as nord-coréen or Russian). Matching ignores accents,
punctuation and elision (l'Ukraine); capitalised names need a capitalised mention, acronyms
an upper-case one (so "us" is not the United States), and a hidden one-word name followed by
another capitalised word is taken as part of a longer name (Washington Post, West Bank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..actors import Actor, ActorIndex, loose

_PIECE = re.compile(r"[^\W_]+")
_ACRONYM, _PROPER, _ANY = 0, 1, 2
# capitalised words after a one-word hidden name that do not make a longer name of it:
# "Israeli President ...", "Russian Foreign Ministry", "Iraqi Army"
_TITLE_WORDS = frozenset("""president prime premier foreign defence defense interior finance army navy
    air armed military government ministry minister secretary embassy ambassador envoy king queen
    emir crown supreme leader parliament senate chancellor officials troops forces police
    authorities vice deputy chief commander delegation""".split())
_KIND_RANK = {"State": 0, "Territory": 1, "Organization": 2, "Bloc": 3, "Person": 4}


@dataclass
class Mention:
    """A span of tokens [start, end) of a doc naming ``actor``."""

    start: int
    end: int
    actor: Actor
    text: str
    char_start: int
    char_end: int
    how: str = "name"  # name, alias (hidden label), anaphor, proposed

    @property
    def iri(self) -> str:
        return self.actor.iri


def _case_of(name: str) -> int:
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6:
        return _ACRONYM
    return _PROPER if letters and letters[0].isupper() else _ANY


@lru_cache(maxsize=1 << 17)
def atoms_of(text: str) -> tuple[tuple[str, str], ...]:
    """(folded atom, original piece) pairs of a text: 'l’Occident' -> [('l','l'), ('occident','Occident')]."""
    out = []
    for piece in _PIECE.findall(text):
        for atom in loose(piece).split():
            out.append((atom, piece))
    return tuple(out)


class ActorMatcher:
    """Finds actor mentions in a tokenised text (a spaCy Doc or any list of tokens)."""

    def __init__(self, index: ActorIndex):
        self.index = index
        self._table: dict[tuple[str, ...], tuple[tuple, Actor, int, bool]] = {}
        for a in index.actors.values():
            ranked = [(0, a.label)] + [(1, v) for v in a.labels.values()] + [(2, v) for v in a.alt] + [
                (3, v) for v in a.hidden]
            for prio, name in ranked:
                self._add(name, a, prio)
                if _case_of(name) == _ANY and not name.endswith(("s", "x")):
                    self._add(name + "s", a, prio)  # plural of an adjective (russes, occidentaux aside)
        self.max_len = max((len(k) for k in self._table), default=1)
        self._first = {k[0] for k in self._table}

    def _add(self, name: str, actor: Actor, prio: int) -> None:
        key = tuple(a for a, _ in atoms_of(name))
        if not key:
            return
        rank = (prio, _KIND_RANK.get(actor.kind, 9))
        case = _case_of(name)
        old = self._table.get(key)
        if old is None or rank < old[0]:
            hidden = prio == 3 and len(key) == 1
            self._table[key] = (rank, actor, case, hidden)
        elif old is not None and rank == old[0] and case > old[2]:
            self._table[key] = (old[0], old[1], case, old[3])

    def find(self, doc, offset: int = 0) -> list[Mention]:
        """Mentions in ``doc`` (tokens with .text, .idx, .i), longest first, left to right."""
        atoms: list[tuple[str, str, int]] = []  # (atom, piece, token index)
        toks = list(doc)
        for i, tok in enumerate(toks):
            for atom, piece in atoms_of(tok.text):
                atoms.append((atom, piece, i))
        out: list[Mention] = []
        n = len(atoms)
        i = 0
        while i < n:
            if atoms[i][0] not in self._first:
                i += 1
                continue
            found = None
            for length in range(min(self.max_len, n - i), 0, -1):
                key = tuple(a[0] for a in atoms[i:i + length])
                hit = self._table.get(key)
                if hit is None:
                    continue
                _, actor, case, hidden = hit
                pieces = [a[1] for a in atoms[i:i + length]]
                if case == _ACRONYM and not all(p.isupper() or p.isdigit() for p in pieces):
                    continue
                if case == _PROPER and not pieces[0][:1].isupper():
                    continue
                if hidden and case != _ANY and i + length < n:
                    nxt = atoms[i + length][1]
                    adjacent = atoms[i + length][2] == atoms[i + length - 1][2] + 1
                    if adjacent and nxt[:1].isupper() and atoms[i + length][0] not in self._first \
                            and atoms[i + length][0] not in _TITLE_WORDS:
                        continue
                found = (length, actor, hidden)
                break
            if found is None:
                i += 1
                continue
            length, actor, hidden = found
            t0, t1 = atoms[i][2], atoms[i + length - 1][2]
            c0, c1 = toks[t0].idx, toks[t1].idx + len(toks[t1].text)
            out.append(Mention(t0, t1 + 1, actor, doc.text[c0:c1], c0 + offset, c1 + offset,
                               "alias" if hidden else "name"))
            i += length
        return out
