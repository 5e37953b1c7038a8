"""Remote store speed against a real Oxigraph server on loopback.

Usage: python scripts/bench_remote.py [--triples 1000000] [--queries 300] [--keep DIR]

1. Load: `geokg --store URL load big.nt` (parse check, streamed upload into a staging graph,
   atomic MOVE; and with GEOKG_SWAP=transaction, one transactional PUT into the graph) against
   the same load done by hand: a plain Graph Store PUT of the whole file (one transaction, what
   an atomic replace costs on Oxigraph), a bulk PUT and `oxigraph load` (offline, server
   stopped; neither atomic). Prints the ratios (baseline time / geokg time; target >= 0.7
   against the plain PUT) and the peak memory of the geokg process.
2. Query round trip: RemoteStore.select against a bare HTTP request (requests.Session, same
   query text, body read but not parsed); prints the overhead per query.

Every server is started on 127.0.0.1 with a fresh folder and stopped by its process id.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the servers the tests use

from servers import OxigraphServer, oxigraph_binary  # noqa: E402

GRAPH = "https://w3id.org/geokg/graph/file/big"


def write_file(path: Path, n: int) -> None:
    rng = random.Random(1)
    with open(path, "w") as f:
        for i in range(n):
            s, o, p = rng.randrange(100_000), rng.randrange(100_000), rng.randrange(20)
            if i % 3 == 0:
                f.write(f'<https://w3id.org/geokg/actor/a{s}> <https://w3id.org/geokg/ontology#p{p}> '
                        f'"label {o} \\"q\\""@en .\n')
            else:
                f.write(f"<https://w3id.org/geokg/actor/a{s}> <https://w3id.org/geokg/ontology#p{p}> "
                        f"<https://w3id.org/geokg/actor/a{o}> .\n")


def count(url: str) -> int:
    r = requests.post(url + "/query", data={"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"},
                      headers={"Accept": "application/sparql-results+json"}, timeout=600)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def bench_load(work: Path, data: Path, n: int, rounds: int) -> None:
    size = data.stat().st_size
    print(f"load of {n:,} triples ({size / 1e6:.0f} MB of N-Triples) into a fresh Oxigraph server "
          f"(best of {rounds}):", flush=True)
    stored = set()
    peak = {}

    def geokg(url, swap):
        # the CLI in a child that reports its own peak memory (RUSAGE_CHILDREN would count the servers too)
        code = ("import resource, sys\nfrom graph.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n"
                "    code = e.code\nelse:\n    code = 0\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
                "sys.exit(code)\n")
        out = subprocess.run([sys.executable, "-c", code, "--store", url, "load", str(data), "--graph", GRAPH],
                             check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "GEOKG_SWAP": swap})
        peak[swap] = int(out.stderr.strip().splitlines()[-1]) / 1024

    def plain_put(url, bulk=False):
        with open(data, "rb") as f:
            requests.put(url + "/store", params={"graph": GRAPH, **({"no_transaction": ""} if bulk else {})},
                         data=f, headers={"Content-Type": "application/n-triples"}, timeout=None).raise_for_status()

    def offline(_url):
        subprocess.run([oxigraph_binary(), "load", "--location", str(work / "offline"), "--file", str(data),
                        "--graph", GRAPH], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    methods = {
        "geokg load (staging graph + MOVE, default)": lambda url: geokg(url, "move"),
        "geokg load (GEOKG_SWAP=transaction)": lambda url: geokg(url, "transaction"),
        "plain GSP PUT (one transaction)": plain_put,
        "GSP PUT ?no_transaction (bulk, not atomic)": lambda url: plain_put(url, bulk=True),
        "oxigraph load (offline, not atomic)": offline,
    }
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, fn in methods.items():
            server = None if fn is offline else OxigraphServer(work / "server").start()
            try:
                t0 = time.monotonic()
                fn(server.url if server else None)
                elapsed = time.monotonic() - t0
                if server:
                    stored.add(count(server.url))
                    assert len(stored) == 1, f"{name}: not the same triples as the other loads"
            finally:
                if server:
                    server.stop()
                shutil.rmtree(work / "server", ignore_errors=True)
                shutil.rmtree(work / "offline", ignore_errors=True)
            print(f"  {name:46} {elapsed:8.1f} s", flush=True)
            best[name] = min(best.get(name, elapsed), elapsed)
    move, tx = best["geokg load (staging graph + MOVE, default)"], best["geokg load (GEOKG_SWAP=transaction)"]
    print(f"  geokg peak memory {max(peak.values()):.0f} MB for a {size / 1e6:.0f} MB file")
    for base in ("plain GSP PUT (one transaction)", "GSP PUT ?no_transaction (bulk, not atomic)",
                 "oxigraph load (offline, not atomic)"):
        print(f"  ratio {base.split(' (')[0]} / geokg:  MOVE {best[base] / move:.2f}   transaction {best[base] / tx:.2f}"
              + ("   (target >= 0.7)" if base.startswith("plain") else ""))


QUERIES = {
    "ASK": "ASK { ?s a gkg:Statement }",
    "actor sheet (bound, ~40 rows)": "SELECT ?p ?o WHERE { ?a ?p ?o }",
    "all labels (~2,000 rows)": "SELECT ?a ?l WHERE { ?a rdfs:label ?l }",
}


def bench_queries(work: Path, repeat: int) -> None:
    import pyoxigraph as ox

    from graph.build import build
    from graph.store.remote import PROLOGUE, RemoteStore, inline_values

    server = OxigraphServer(work / "queries").start()
    try:
        store = RemoteStore(server.url)
        build(store)
        bare = requests.Session()
        actor = {"a": ox.NamedNode("https://w3id.org/geokg/actor/PRK")}
        print(f"query round trip over loopback, median of {repeat} (geokg = RemoteStore.select, rows as terms):")
        for label, text in QUERIES.items():
            bindings = actor if "bound" in label else None
            wire = PROLOGUE + (inline_values(text, bindings) if bindings else text)

            def http():
                r = bare.post(server.url + "/query?union-default-graph", data={"query": wire},
                              headers={"Accept": "application/sparql-results+json"})
                r.raise_for_status()
                return r.content

            def geokg():
                return store.query(text, bindings)

            for fn in (http, geokg):  # warm up
                fn()
            times = {}
            for name, fn in (("http", http), ("geokg", geokg)) * 1:
                samples = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    fn()
                    samples.append(time.perf_counter() - t0)
                times[name] = statistics.median(samples)
            over = times["geokg"] - times["http"]
            print(f"  {label:32} bare HTTP {times['http'] * 1e3:6.2f} ms   geokg {times['geokg'] * 1e3:6.2f} ms   "
                  f"overhead {over * 1e3:+.2f} ms ({over / times['http'] * 100:+.0f} %)")
        store.close()
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=300, help="repetitions per query")
    ap.add_argument("--rounds", type=int, default=1, help="load rounds (the best time counts)")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--keep", help="work folder to keep")
    a = ap.parse_args()
    if oxigraph_binary() is None:
        sys.exit("the oxigraph server is not installed (pip install oxigraph)")
    work = Path(a.keep or tempfile.mkdtemp(prefix="geokg-bench-remote-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench_queries(work, a.queries)
        if not a.skip_load:
            data = work / "big.nt"
            if not data.exists():
                write_file(data, a.triples)
            bench_load(work, data, a.triples, a.rounds)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
