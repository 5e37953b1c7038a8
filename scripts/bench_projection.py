"""Benchmark of the projection and of path queries on a synthetic store.

Builds a store of N synthetic statements (default 300,000) among 5,000 actors (power-law
degrees, fixed seed; scripts/synth.py), then prints, measured in this one run:

- projection time / raw pyoxigraph execution of the same SELECT (target <= 1.5);
- path library call (graph.paths.find_paths) / raw networkx shortest path on the projected
  graph, over the same random pairs (target <= 1.2);
- peak memory of the projection (growth of the process's peak resident memory).

Usage: python scripts/bench_projection.py [--statements 300000] [--actors 5000] [--rounds 2]
       [--store DIR]  (reuse a store already holding the synthetic data)
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402

from graph.project import Filters, project, projection_query  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.vocab import PREFIXES  # noqa: E402


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def raw_select(store, text, bindings) -> tuple[float, int]:
    """Time of the bare engine: run the SELECT and consume every solution (the cyclic GC
    paused, as project() pauses it, so the ratio measures only what project adds)."""
    subs = {ox.Variable(k): v for k, v in bindings.items()} or None
    gc.disable()
    try:
        t = time.perf_counter()
        n = 0
        for _ in store._ox.query(text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs):
            n += 1
        return time.perf_counter() - t, n
    finally:
        gc.enable()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=300_000)
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=2, help="alternate raw/projection runs this many times")
    ap.add_argument("--pairs", type=int, default=2000, help="random actor pairs for the path benchmark")
    ap.add_argument("--store", help="a store that already holds the synthetic data (else built in a temp folder)")
    a = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="geokg-bench-")
    location = a.store or str(Path(tmp.name) / "store")
    store = open_store(location)
    if not a.store:
        from synth import write_synthetic

        nt = Path(tmp.name) / "synth.nt"
        t = time.perf_counter()
        n = write_synthetic(nt, a.statements, a.actors)
        print(f"synthetic data: {n} triples, {a.statements} statements, {a.actors} actors "
              f"({time.perf_counter() - t:.1f}s)")
        t = time.perf_counter()
        store.replace_graph("https://w3id.org/geokg/graph/file/synth", str(nt), ox.RdfFormat.N_TRIPLES)
        nt.unlink()
        print(f"loaded in {time.perf_counter() - t:.1f}s")

    text, bindings = projection_query(Filters())
    raws, projs, G = [], [], None
    for i in range(a.rounds):  # alternate, each run on the same footing (no graph held)
        G = None
        r, rows = raw_select(store, text, bindings)
        raws.append(r)
        if i == 0:
            rss_before = _rss_mib()
        t = time.perf_counter()
        G = project(store)
        projs.append(time.perf_counter() - t)
        if i == 0:  # the first projection sets the process peak: nothing before it was as big
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
            kept = _rss_mib() - rss_before
    print(f"projection: {G.number_of_nodes()} actors, {G.number_of_edges()} edges from {rows} statement rows")
    for i, (r, p) in enumerate(zip(raws, projs), 1):
        print(f"  round {i}: raw SELECT {r:.2f}s, projection {p:.2f}s, ratio {p / r:.2f}")
    ratio = min(projs) / min(raws)
    print(f"projection / raw SELECT (best of {a.rounds} each): {ratio:.2f}  (target <= 1.5)")
    print(f"projection peak memory: {peak:.0f} MiB above the process before it "
          f"({kept:.0f} MiB still held by the graph after it)")

    import networkx as nx

    from graph.paths import find_paths
    from graph.errors import NotFoundError

    rng = random.Random(42)
    nodes = sorted(G)
    pairs = [tuple(rng.sample(nodes, 2)) for _ in range(a.pairs)]
    U = G.to_undirected(as_view=True)

    def run_raw():
        t = time.perf_counter()
        for u, v in pairs:
            try:
                nx.shortest_path(U, u, v)
            except nx.NetworkXNoPath:
                pass
        return time.perf_counter() - t

    def run_lib():
        t = time.perf_counter()
        for u, v in pairs:
            try:
                find_paths(G, u, v, max_hops=10)
            except NotFoundError:
                pass
        return time.perf_counter() - t

    raw_p, lib_p = [], []
    for _ in range(5):  # cheap: best of five
        raw_p.append(run_raw())
        lib_p.append(run_lib())
    print(f"paths over {len(pairs)} pairs (best of 5): raw networkx {min(raw_p) * 1000:.1f} ms, "
          f"find_paths {min(lib_p) * 1000:.1f} ms")
    print(f"path library / raw networkx shortest path: {min(lib_p) / min(raw_p):.2f}  (target <= 1.2)")
    store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
