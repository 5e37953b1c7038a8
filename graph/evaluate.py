"""Precision and recall of extracted statements against a gold file.

The matching rule is the one of ../shared/eval/score.py: subjects and objects compared after
folding case, accents, punctuation and a leading article, through an optional aliases file
(canonical name -> other surface forms); symmetric relations match in either direction and an
inverse relation is read as its counterpart (suppliesArmsTo X->Y is buysArmsFrom Y->X);
negation must agree. precision = matched predictions / predictions; recall = matched required
gold / required gold.

>>> g = [{"doc": "d", "subject": "Russia", "relation": "buysArmsFrom", "object": "North Korea", "required": True}]
>>> p = [{"doc": "d", "subject": "North Korea", "relation": "suppliesArmsTo", "object": "Russia"}]
>>> score(g, p).f1
1.0
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .vocab import relations


def fold_name(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"^(the|la|le|les|l)\s+", "", re.sub(r"[^a-z0-9]+", " ", s).strip())


def canonicalizer(aliases: dict[str, list[str]] | None):
    table = {}
    for name, forms in (aliases or {}).items():
        for form in [name, *forms]:
            table[fold_name(form)] = fold_name(name)
    return lambda s: table.get(fold_name(s), fold_name(s))


def _relation_rules() -> tuple[frozenset[str], dict[str, str]]:
    rels = relations()
    symmetric = frozenset(n for n, r in rels.items() if r.symmetric)
    # each inverse pair is read as its alphabetically first member (suppliesArmsTo -> buysArmsFrom)
    inverse = {n: r.inverse_of for n, r in rels.items() if r.inverse_of and r.inverse_of < n}
    return symmetric, inverse


def match_key(t: dict, canon) -> tuple[str, str, str, bool]:
    symmetric, inverse = _relation_rules()
    s, r, o = canon(t.get("subject")), t.get("relation"), canon(t.get("object"))
    if r in inverse:
        s, r, o = o, inverse[r], s
    if r in symmetric and o < s:
        s, o = o, s
    return (s, r, o, bool(t.get("negated", False)))


@dataclass
class DocScore:
    doc: str
    predicted: int
    correct: int
    required: int
    found: int
    wrong: list[tuple] = field(default_factory=list)
    missed: list[tuple] = field(default_factory=list)


@dataclass
class Score:
    docs: list[DocScore]
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "docs": [{**d.__dict__, "wrong": [list(k) for k in d.wrong], "missed": [list(k) for k in d.missed]}
                         for d in self.docs]}

    def lines(self, show: bool = True) -> list[str]:
        out = []
        for d in self.docs:
            out.append(f"{d.doc}: predicted {d.predicted} correct {d.correct} required {d.required} found {d.found}")
            if show:
                out += [f"  wrong   {k}" for k in d.wrong]
                out += [f"  missed  {k}" for k in d.missed]
        out.append(f"precision {self.precision:.3f} recall {self.recall:.3f} f1 {self.f1:.3f}")
        return out


def score(gold: list[dict], pred: list[dict], aliases: dict | None = None, doc: str | None = None) -> Score:
    """Score predictions against gold records (dicts with doc, subject, relation, object, negated, required)."""
    canon = canonicalizer(aliases)
    gold = [g for g in gold if not doc or g.get("doc") == doc]
    pred = [p for p in pred if not doc or p.get("doc", doc) == doc]
    docs = sorted({g.get("doc") for g in gold})
    tp = n_pred = n_req = hit = 0
    out = []
    for d in docs:
        gk = {match_key(g, canon) for g in gold if g.get("doc") == d}
        rk = {match_key(g, canon) for g in gold if g.get("doc") == d and g.get("required")}
        pk = {match_key(p, canon) for p in pred if p.get("doc", d) == d}
        t, h = len(pk & gk), len(pk & rk)
        tp, n_pred, n_req, hit = tp + t, n_pred + len(pk), n_req + len(rk), hit + h
        out.append(DocScore(d, len(pk), t, len(rk), h, sorted(pk - gk), sorted(rk - pk)))
    p = tp / n_pred if n_pred else 0.0
    r = hit / n_req if n_req else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(out, p, r, f)


def read_jsonl(path: str | Path, what: str) -> list[dict]:
    """Records of a JSON-lines file; InputError names the file and line of a bad one."""
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{path}: line {n}, column {e.colno}: not JSON ({e.msg})") from None
                if not isinstance(rec, dict):
                    raise InputError(f"{path}: line {n}: expected a JSON object")
                missing = [k for k in ("subject", "relation", "object") if k not in rec]
                if missing:
                    raise InputError(f"{path}: line {n}: {what} record lacks {', '.join(missing)}")
                out.append(rec)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    return out


def read_aliases(path: str | Path) -> dict[str, list[str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not a JSON aliases file ({e})") from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise InputError(f"{path}: aliases must map each canonical name to a list of other names")
    return data
