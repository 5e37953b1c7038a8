#!/usr/bin/env python3
"""English evaluation of `geokg extract` on the PLOVER gold-standard records.

Usage: python scripts/eval_plover.py [--store PATH] [--records ../shared/data/plover/PLOVER_GSR_CAMEO.txt] [--show]

Subset: records whose source and target actors are both states (their codes name state actors
of the store, and differ) and whose PLOVER category corresponds to relations of relations.md
(CATEGORY below; DEMAND, PROTEST, MOBILIZE, CONCEDE, RETREAT, INVESTIGATE have none).
Each sentence is extracted alone (--lang en). A prediction is correct when its subject is a
source and its object a target of the record (either way for symmetric relations, inverse
relations equated), its relation is one the category admits, and it is not negated.
precision = correct predictions / predictions made on the subset's sentences;
recall = records with at least one correct prediction / records of the subset.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.actors import ActorIndex  # noqa: E402
from graph.extract.pipeline import Extractor  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.vocab import relations  # noqa: E402

# PLOVER category -> relations of relations.md it corresponds to (the first is the main one)
CATEGORY = {
    "AGREE": ("cooperatesWith", "supports", "negotiatesWith"),
    "CONSULT": ("communicatesWith", "negotiatesWith"),
    "SUPPORT": ("supports", "endorses", "recognizes", "cooperatesWith"),
    "COOPERATE": ("cooperatesWith", "conductsExercisesWith", "suppliesArmsTo", "buysArmsFrom"),
    "AID": ("supports", "suppliesArmsTo"),  # the source gives, the target receives
    "DISAPPROVE": ("criticizes", "condemns", "accuses"),
    "ACCUSE": ("accuses", "criticizes"),
    "REJECT": ("opposes",),
    "THREATEN": ("threatens",),
    "SANCTION": ("sanctions",),
    "COERCE": ("sanctions", "occupies"),
    "FIGHT": ("invades", "occupies"),
    "ASSAULT": ("invades",),
}
CAMEO_TO_ISO = {"JAP": "JPN", "VTN": "VNM"}  # CAMEO country codes that differ from ISO alpha-3


def _actors(value) -> list[dict]:
    if not value:
        return []
    if isinstance(value, dict):
        value = [value]
    return [a for a in value if isinstance(a, dict)]


def state_iris(value, index: ActorIndex) -> list[str]:
    out = []
    for a in _actors(value):
        code = CAMEO_TO_ISO.get(a.get("code", ""), a.get("code", ""))
        iri = "https://w3id.org/geokg/actor/" + code
        actor = index.get(iri)
        if actor is not None and actor.kind == "State" and iri not in out:
            out.append(iri)
    return out


def normal(s: str, r: str, o: str) -> tuple[str, str, str]:
    rel = relations()[r]
    if rel.inverse_of and rel.inverse_of < r:
        s, r, o = o, rel.inverse_of, s
    if rel.symmetric and o < s:
        s, o = o, s
    return s, r, o


def half_of(rec_id: str) -> str:
    """A fixed split of the records: 'dev' (rules were tuned on it) or 'held' (held out)."""
    return "dev" if hashlib.sha1(rec_id.encode()).digest()[0] % 2 == 0 else "held"


def subset(records: list[dict], index: ActorIndex, half: str = "all") -> list[tuple[dict, list[str], list[str]]]:
    out = []
    for rec in records:
        if half != "all" and half_of(str(rec.get("id", ""))) != half:
            continue
        if rec.get("event") not in CATEGORY or not rec.get("text"):
            continue
        src, tgt = state_iris(rec.get("source"), index), state_iris(rec.get("target"), index)
        tgt = [t for t in tgt if t not in src]
        if src and tgt:
            out.append((rec, src, tgt))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="a built store (default: $GEOKG_STORE or the default location)")
    ap.add_argument("--records", default=str(ROOT.parent / "shared/data/plover/PLOVER_GSR_CAMEO.txt"))
    ap.add_argument("--show", action="store_true", help="print each sentence's predictions and gold")
    ap.add_argument("--half", choices=["all", "dev", "held"], default="all",
                    help="score the records the rules were tuned on (dev), the held-out ones, or all")
    a = ap.parse_args(argv)
    path = Path(a.records)
    if not path.exists():
        print(f"error: {path}: no such file (../shared/data/plover is needed)", file=sys.stderr)
        return 1
    records = json.loads(path.read_text(encoding="utf-8"))
    with open_store(a.store) as store:
        index = ActorIndex.from_store(store)
    extractor = Extractor(index, "en")
    chosen = subset(records, index, a.half)
    n_pred = n_correct = n_found = 0
    per_cat: dict[str, list[int]] = {}
    for rec, src, tgt in chosen:
        allowed = CATEGORY[rec["event"]]
        gold = {normal(s, r, o) for s in src for o in tgt for r in allowed} | \
               {normal(o, r, s) for s in src for o in tgt for r in allowed if relations()[r].symmetric}
        preds = extractor.extract_text(rec["text"], rec["id"], "en").statements
        correct = [p for p in preds if not p.negated and normal(p.subject, p.relation, p.object) in gold]
        n_pred += len(preds)
        n_correct += len(correct)
        n_found += bool(correct)
        c = per_cat.setdefault(rec["event"], [0, 0])
        c[0] += 1
        c[1] += bool(correct)
        if a.show:
            mark = "OK " if correct else "-- "
            print(f"{mark}{rec['event']:10} {rec['text'][:110]}")
            for p in preds:
                print(f"      {p.subject.rsplit('/', 1)[-1]} {p.relation}{' (negated)' if p.negated else ''} "
                      f"{p.object.rsplit('/', 1)[-1]}{'  ✓' if p in correct else ''}")
    p = n_correct / n_pred if n_pred else 0.0
    r = n_found / len(chosen) if chosen else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"PLOVER state-to-state subset ({a.half}): {len(chosen)} records of {len(records)}")
    for cat, (n, hit) in sorted(per_cat.items()):
        print(f"  {cat:10} {hit}/{n} found   ({', '.join(CATEGORY[cat])})")
    print(f"predictions {n_pred} correct {n_correct}")
    print(f"precision {p:.3f} recall {r:.3f} f1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
