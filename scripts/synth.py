"""Synthetic geokg data for benchmarks: actors and statements with power-law degrees.

Writes N-Triples of actors (gkg:State / gkg:Person / gkg:Organization with English and French
labels) and statements written through graph.statements.Statement (about 7-10 triples each),
with a fixed seed so that two runs write the same file.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "s.nt")
>>> n = write_synthetic(path, 100, n_actors=50)
>>> n > 700
True

Command line: ``python scripts/synth.py OUT.nt --statements 300000 [--actors 5000] [--seed 42]``.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.statements import Source, Statement  # noqa: E402
from graph.vocab import ACTOR_NS, GKG_NS, RDF, RDFS, relations  # noqa: E402

KINDS = (("State", 0.5), ("Organization", 0.3), ("Person", 0.2))


def actor_iri(i: int) -> str:
    return f"{ACTOR_NS}synth-{i:06d}"


def _actor_triples(i: int, kind: str):
    s = ox.NamedNode(actor_iri(i))
    yield ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(GKG_NS + kind))
    yield ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(f"{kind} {i}", language="en"))
    yield ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(f"{kind} {i} (fr)", language="fr"))


def _random_date(rng: random.Random) -> str:
    return f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def synthetic_triples(n_statements: int, n_actors: int = 5000, seed: int = 42, n_sources: int = 200):
    """Yield the triples of the synthetic dataset (actors first, then statements)."""
    rng = random.Random(seed)
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    for i in range(n_actors):
        yield from _actor_triples(i, rng.choices(kinds, weights)[0])
    sources = [Source(f"synth-{j:04d}", title=f"Synthetic source {j}", publisher="geokg synth", date="2022")
               for j in range(n_sources)]
    for src in sources:
        yield from src.triples()
    # power-law degrees: actor of rank r drawn with weight 1 / (r + 1) ** 0.9 (shuffled ranks)
    ranks = list(range(n_actors))
    rng.shuffle(ranks)
    cum = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in ranks))
    total = cum[-1]

    def pick() -> int:
        return bisect.bisect_left(cum, rng.random() * total)

    names = [r for r in relations() if r != "interactsWith"]
    for k in range(n_statements):
        s = pick()
        o = pick()
        while o == s:
            o = pick()
        roll = rng.random()
        st = Statement(
            actor_iri(s), rng.choice(names), actor_iri(o),
            negated=roll < 0.05,
            date=_random_date(rng) if rng.random() < 0.4 else None,
            attribution="officials" if rng.random() < 0.1 else None,
            source=sources[rng.randrange(n_sources)],
            confidence=round(rng.uniform(0.5, 1.0), 2),
            status="curated" if rng.random() < 0.7 else "accepted",
            id=f"synth-{k:08d}",
        )
        yield from st.triples(with_source=False)


class _Counter:
    def __init__(self, it):
        self.it = it
        self.n = 0

    def __iter__(self):
        for t in self.it:
            self.n += 1
            yield t


def write_synthetic(path, n_statements: int, n_actors: int = 5000, seed: int = 42) -> int:
    """Write the synthetic dataset to ``path`` as N-Triples; return the number of triples."""
    counter = _Counter(synthetic_triples(n_statements, n_actors, seed))
    with open(path, "wb") as f:
        ox.serialize(counter, f, format=ox.RdfFormat.N_TRIPLES)
    return counter.n


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Write a synthetic geokg dataset as N-Triples.")
    p.add_argument("out", help="output .nt file")
    p.add_argument("--statements", type=int, default=300_000)
    p.add_argument("--actors", type=int, default=5000)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    if a.statements < 0 or a.actors < 2:
        p.error("--statements must be >= 0 and --actors >= 2")
    n = write_synthetic(a.out, a.statements, a.actors, a.seed)
    print(f"{a.out}: {n} triples ({a.statements} statements, {a.actors} actors)")


if __name__ == "__main__":
    main()
