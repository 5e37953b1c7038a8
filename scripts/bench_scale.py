"""Scale benchmark: geokg against raw pyoxigraph and rdflib, on synthetic stores of 10k, 100k
and 300k statements (scripts/synth.py: ~7-10 triples each, 5,000 actors, power-law degrees,
seed 42), plus the SIPRI and GDELT importers. Every figure is measured in this one run.

    python scripts/bench_scale.py            # 10k, 100k, 300k statements
    python scripts/bench_scale.py --quick    # 2k statements, 2 repeats: a smoke run
    python scripts/bench_scale.py --sizes 50000 --repeat 5 --no-rdflib

Ratios printed:
- load: `geokg load FILE` (parse check + bulk load into a named graph) against pyoxigraph's
  bulk_load of the same file: speed ratio = raw time / geokg time (target >= 0.7); and
  against rdflib's default in-memory Graph.parse (report);
- queries: five typical SELECTs run through `geokg query --format json` (click command on an
  open store, results serialised) against the same text on a raw pyoxigraph store
  (query + JSON serialisation): time ratio = geokg / raw (target <= 1.3); and rdflib's
  in-memory store (report). Each query's time is the median of --repeat runs after a warm-up;
  geokg and raw runs alternate in one process, so both see the same load on the machine;
- import: rows per second of `geokg import sipri` and `geokg import gdelt` (library call, into
  a freshly built store);
- peak memory: each measurement runs in its own process; its peak RSS (interpreter included)
  is printed beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

GRAPH = "https://w3id.org/geokg/graph/file/synthetic"
SHARED = ROOT.parent / "shared" / "data"


# --- the five typical queries ---------------------------------------------------------------

def queries(actor: str) -> dict[str, str]:
    """Query texts; ``actor`` is a mid-degree actor IRI of the synthetic data."""
    from graph.project import projection_query

    projection, bindings = projection_query()
    assert not bindings  # the default filters bind nothing: the same text runs everywhere
    return {
        "group by relation": """
            SELECT ?rel (COUNT(?st) AS ?n) WHERE { ?st gkg:relation ?rel } GROUP BY ?rel ORDER BY DESC(?n)""",
        "actor's dated statements": f"""
            SELECT ?st ?rel ?o ?date WHERE {{ ?st gkg:subject <{actor}> ; gkg:relation ?rel ; gkg:object ?o ;
            gkg:date ?date }} ORDER BY ?date""",
        "2-hop neighbourhood": f"""
            SELECT DISTINCT ?n WHERE {{
              {{ SELECT DISTINCT ?m WHERE {{ {{ ?x gkg:subject <{actor}> ; gkg:object ?m }}
                                           UNION {{ ?x gkg:object <{actor}> ; gkg:subject ?m }} }} }}
              {{ ?y gkg:subject ?m ; gkg:object ?n }} UNION {{ ?y gkg:object ?m ; gkg:subject ?n }}
              FILTER(?n != <{actor}>) }}""",
        "property path": f"""
            SELECT (COUNT(DISTINCT ?y) AS ?n) WHERE {{ <{actor}> (gkg:suppliesArmsTo|^gkg:buysArmsFrom)+ ?y }}""",
        "projection SELECT": projection,
    }


@lru_cache(maxsize=1)
def prologue() -> str:
    from graph.vocab import sparql_prologue

    return sparql_prologue()


# --- workers (each runs in its own process) ---------------------------------------------------

def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def _quiet():
    """Send stdout (text and bytes) to /dev/null while a CLI command runs."""
    with open(os.devnull, "w") as null:
        old = sys.stdout
        sys.stdout = null
        try:
            yield
        finally:
            sys.stdout = old


def w_geokg_load(nt: str, store: str) -> dict:
    from graph.cli import cli

    t = time.perf_counter()
    with _quiet():
        cli.main(["--store", store, "load", nt, "--graph", "file/synthetic"], prog_name="geokg", standalone_mode=False)
    return {"seconds": time.perf_counter() - t}


def w_raw_load(nt: str, store: str) -> dict:
    import pyoxigraph as ox

    t = time.perf_counter()
    s = ox.Store(store)
    s.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    s.flush()
    del s
    return {"seconds": time.perf_counter() - t}


def w_rdflib_load(nt: str) -> dict:
    import rdflib

    t = time.perf_counter()
    g = rdflib.Graph()
    g.parse(nt, format="nt")
    return {"seconds": time.perf_counter() - t, "triples": len(g)}


def _timed(fn, repeat: int) -> float:
    fn()  # warm-up (caches, lazy imports)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def geokg_query(store, text: str) -> None:
    """`geokg query TEXT --format json` on an open store (click command, output discarded)."""
    from graph.cli import cli

    with _quiet():
        cli.main(["query", text, "--format", "json"], prog_name="geokg", standalone_mode=False, obj={"store": store})


def raw_query(store, text: str) -> None:
    """The same query on a raw pyoxigraph store, results serialised as JSON."""
    import pyoxigraph as ox

    store.query(prologue() + text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)


def w_geokg_queries(store: str, actor: str, repeat: int) -> dict:
    from graph.store import open_store

    s = open_store(store)
    out = {name: _timed(lambda text=text: geokg_query(s, text), repeat) for name, text in queries(actor).items()}
    s.close()
    return {"queries": out}


def w_raw_queries(store: str, actor: str, repeat: int) -> dict:
    import pyoxigraph as ox

    s = ox.Store(store)
    return {"queries": {name: _timed(lambda text=text: raw_query(s, text), repeat)
                        for name, text in queries(actor).items()}}


def w_paired_queries(geokg_store: str, raw_store: str, actor: str, repeat: int) -> dict:
    """geokg query and raw pyoxigraph, run alternately (same load on the machine for both)."""
    import pyoxigraph as ox

    from graph.store import open_store

    g = open_store(geokg_store)
    r = ox.Store(raw_store)
    out = {}
    for name, text in queries(actor).items():
        def geokg(text=text):
            geokg_query(g, text)

        def raw(text=text):
            raw_query(r, text)

        geokg(), raw()  # warm-up
        times = {"geokg": [], "raw": []}
        for _ in range(repeat):
            for label, fn in (("geokg", geokg), ("raw", raw)):
                t = time.perf_counter()
                fn()
                times[label].append(time.perf_counter() - t)
        out[name] = {k: statistics.median(v) for k, v in times.items()}
    g.close()
    return {"queries": out}


def w_rdflib_queries(nt: str, actor: str, repeat: int, limit: float) -> dict:
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.graph(rdflib.URIRef(GRAPH)).parse(nt, format="nt")
    pre = prologue()
    out = {}
    for name, text in queries(actor).items():
        def run(text=pre + text):
            ds.query(text).serialize(format="json")
        t = time.perf_counter()
        run()  # warm-up, and a probe: slow queries run once
        first = time.perf_counter() - t
        out[name] = first if first > limit else _timed(run, repeat)
    return {"queries": out}


def w_pick_actor(store: str) -> dict:
    """A mid-degree actor (rank 100 by number of statements): typical, neither hub nor leaf."""
    import pyoxigraph as ox

    s = ox.Store(store)
    rows = list(s.query(prologue() + """
        SELECT ?a (COUNT(?st) AS ?n) WHERE { { ?st gkg:subject ?a } UNION { ?st gkg:object ?a } }
        GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 101""", use_default_graph_as_union=True))
    row = rows[min(100, len(rows) - 1)]
    return {"actor": row["a"].value, "degree": int(row["n"].value)}


def w_build(store: str) -> dict:
    from graph.build import build
    from graph.store import open_store

    with open_store(store) as s:
        build(s)
    return {}


def w_import(kind: str, path: str, store: str) -> dict:
    from graph.store import open_store

    module = __import__(f"graph.importers.{kind}", fromlist=["x"])
    fn = getattr(module, f"import_{kind}")
    with open_store(store) as s:
        t = time.perf_counter()
        report = fn(s, path)
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "rows": report.rows, "statements": report.statements}


WORKERS = {f.__name__[2:]: f for f in (w_geokg_load, w_raw_load, w_rdflib_load, w_geokg_queries, w_raw_queries,
                                       w_paired_queries, w_rdflib_queries, w_pick_actor, w_build, w_import)}


def worker_main(spec: str) -> None:
    task = json.loads(spec)
    result = WORKERS[task["name"]](*task["args"])
    result["peak_mb"] = _peak_mb()
    print("RESULT " + json.dumps(result))


def run(name: str, *args) -> dict:
    """Run one worker in a fresh process; its timings and peak memory."""
    cmd = [sys.executable, __file__, "--worker", json.dumps({"name": name, "args": list(args)})]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{proc.stderr[-3000:]}")
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT "))
    return json.loads(line[7:])


# --- the run ----------------------------------------------------------------------------------

def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def bench_size(n: int, work: Path, repeat: int, with_rdflib: bool, rdflib_limit: float) -> dict:
    from synth import write_synthetic

    nt = work / f"synthetic-{n}.nt"
    t = time.perf_counter()
    triples = write_synthetic(str(nt), n)
    print(f"\n== {n:,} statements: {triples:,} triples, {nt.stat().st_size / 1e6:.0f} MB "
          f"(generated in {time.perf_counter() - t:.1f} s)")
    geokg_store, raw_store = str(work / f"geokg-{n}"), str(work / f"raw-{n}")
    gl = run("geokg_load", str(nt), geokg_store)
    rl = run("raw_load", str(nt), raw_store)
    rd = run("rdflib_load", str(nt)) if with_rdflib else None
    print(f"load   geokg {gl['seconds']:.2f} s ({triples / gl['seconds']:,.0f} triples/s, peak {gl['peak_mb']:.0f} MB)"
          f" | pyoxigraph bulk_load {rl['seconds']:.2f} s (peak {rl['peak_mb']:.0f} MB)"
          + (f" | rdflib parse {rd['seconds']:.2f} s (peak {rd['peak_mb']:.0f} MB)" if rd else ""))
    print(f"       ratio geokg/raw pyoxigraph (speed, raw time / geokg time): {ratio(rl['seconds'], gl['seconds'])}"
          f"  [target >= 0.7]")
    if rd:
        print(f"       ratio geokg/rdflib (speed, rdflib time / geokg time): {ratio(rd['seconds'], gl['seconds'])}")
    # open each store once before timing queries (the engine settles its files after a load)
    run("pick_actor", geokg_store)
    pick = run("pick_actor", raw_store)
    actor = pick["actor"]
    gq = run("geokg_queries", geokg_store, actor, 1)  # each engine alone, for its peak memory
    rq = run("raw_queries", raw_store, actor, 1)
    pq = run("paired_queries", geokg_store, raw_store, actor, repeat)  # alternated: the ratio
    dq = run("rdflib_queries", str(nt), actor, repeat, rdflib_limit) if with_rdflib else None
    print(f"queries (median of {repeat}, geokg and raw pyoxigraph alternated in one process; "
          f"actor {actor.rsplit('/', 1)[1]} with {pick['degree']} statements)")
    print(f"  {'query':26} {'geokg':>9} {'raw oxi':>9} {'rdflib':>9}   geokg/raw [<= 1.3]  geokg-raw   geokg/rdflib")
    worst = 0.0
    for name in pq["queries"]:
        g, r = pq["queries"][name]["geokg"], pq["queries"][name]["raw"]
        d = dq["queries"][name] if dq else None
        worst = max(worst, g / r if r else 0)
        print(f"  {name:26} {g * 1000:7.1f}ms {r * 1000:7.1f}ms "
              + (f"{d * 1000:7.0f}ms" if d is not None else "        -")
              + f"   {ratio(g, r):>8}          {(g - r) * 1000:+7.1f}ms   " + (ratio(g, d) if d else "-"))
    print(f"  peak memory (each engine alone): geokg {gq['peak_mb']:.0f} MB, raw pyoxigraph {rq['peak_mb']:.0f} MB"
          + (f", rdflib {dq['peak_mb']:.0f} MB" if dq else ""))
    for store in (geokg_store, raw_store):
        shutil.rmtree(store, ignore_errors=True)
    nt.unlink()
    return {"load_ratio": rl["seconds"] / gl["seconds"], "worst_query_ratio": worst}


def bench_imports(work: Path) -> None:
    print("\n== importers (library call into a freshly built store)")
    template = work / "built"
    run("build", str(template))
    for kind, path in (("sipri", SHARED / "sipri" / "sipri-exports-processed.csv"),
                       ("gdelt", SHARED / "gdelt" / "events.csv")):
        if not path.exists():
            print(f"  {kind}: {path} is absent, skipped")
            continue
        store = work / f"import-{kind}"
        shutil.copytree(template, store)
        r = run("import", kind, str(path), str(store))
        print(f"  import {kind}: {r['rows']:,} rows -> {r['statements']:,} statements in {r['seconds']:.2f} s: "
              f"{r['rows'] / r['seconds']:,.0f} rows/s (peak {r['peak_mb']:.0f} MB)")
        shutil.rmtree(store, ignore_errors=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one small size (2,000 statements), 2 repeats")
    ap.add_argument("--sizes", help="comma-separated statement counts (default 10000,100000,300000)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per query (median; default 5)")
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baselines (slow on big sizes)")
    ap.add_argument("--rdflib-limit", type=float, default=20.0,
                    help="an rdflib query slower than this many seconds runs once (default 20)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        worker_main(a.worker)
        return
    sizes = [int(x) for x in a.sizes.split(",")] if a.sizes else ([2000] if a.quick else [10_000, 100_000, 300_000])
    repeat = a.repeat or (2 if a.quick else 5)
    import pyoxigraph
    import rdflib

    print(f"geokg scale benchmark: python {sys.version.split()[0]}, pyoxigraph {pyoxigraph.__version__}, "
          f"rdflib {rdflib.__version__}, {os.cpu_count()} CPUs")
    work = Path(tempfile.mkdtemp(prefix="geokg-bench-"))
    summary = []
    try:
        for n in sizes:
            summary.append((n, bench_size(n, work, repeat, not a.no_rdflib, a.rdflib_limit)))
        bench_imports(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n== summary")
    for n, s in summary:
        print(f"  {n:>9,} statements: load ratio {s['load_ratio']:.2f} (>= 0.7: "
              f"{'ok' if s['load_ratio'] >= 0.7 else 'MISSED'}), worst query ratio {s['worst_query_ratio']:.2f} "
              f"(<= 1.3: {'ok' if s['worst_query_ratio'] <= 1.3 else 'MISSED'})")


if __name__ == "__main__":
    main()
