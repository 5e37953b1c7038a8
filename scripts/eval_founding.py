#!/usr/bin/env python3
"""French evaluation of `geokg extract` on the founding article, as the quality target asks.

Usage: python scripts/eval_founding.py [--show]

Builds a fresh store in a temporary folder (ontology, reference countries, actors), drops the
curated graph so that the extractor cannot see the curated statements, extracts
../shared/corpus/000_85c7f74f522fdcf4.txt and scores it with ../shared/eval/score.py and
../shared/corpus/aliases.json (and with graph.evaluate, which must agree).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
DOC = "000_85c7f74f522fdcf4"

from graph.actors import ActorIndex  # noqa: E402
from graph.build import build  # noqa: E402
from graph.evaluate import read_aliases, read_jsonl, score  # noqa: E402
from graph.extract.pipeline import Extractor  # noqa: E402
from graph.store import graph_iri, open_store  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list the wrong and missed statements")
    a = ap.parse_args(argv)
    text, gold, aliases = (SHARED / "corpus" / f"{DOC}.txt", SHARED / "corpus" / f"{DOC}.gold.jsonl",
                           SHARED / "corpus" / "aliases.json")
    if not text.exists():
        print(f"error: {text}: no such file (../shared/corpus is needed)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"{tmp}/store") as store:
            build(store)
            store.drop_graph(graph_iri("curated"))
            assert not store.ask("ASK { ?s a gkg:Statement }"), "curated statements left in the store"
            index = ActorIndex.from_store(store)
        records = Extractor(index, "fr").extract_path(text).records()
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        cmd = [sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(pred), "--aliases", str(aliases)]
        print("../shared/eval/score.py:")
        subprocess.run(cmd + (["--show"] if a.show else []), check=True)
        ours = score(read_jsonl(gold, "gold"), read_jsonl(pred, "prediction"), read_aliases(aliases))
        print(f"graph.evaluate: precision {ours.precision:.3f} recall {ours.recall:.3f} f1 {ours.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
