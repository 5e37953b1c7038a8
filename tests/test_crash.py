"""Crash safety of loads: SIGKILL at random moments never loses data or half-writes a source."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import open_store
from graph.store.canonical import dump_lines, same_content

GEOKG = [sys.executable, "-m", "graph.cli"]
N_TRIPLES = 40_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.nt"
    with open(path, "w") as f:
        for i in range(N_TRIPLES):
            f.write(f'<https://example.org/s{i % 9973}> <https://example.org/p{i % 17}> "v{i}" .\n')
    return path


def _graph_lines(lines: list[str], graph: str) -> list[str]:
    return [ln for ln in lines if ln.endswith(f"<{graph}> .")]


def test_sigkill_during_load_keeps_store_whole(built_folder, big_file, tmp_path):
    """20 trials, fixed seed: the store opens, old content is intact, the new graph is all or nothing."""
    rng = random.Random(20221)
    target = "https://w3id.org/geokg/graph/file/big"
    with open_store(built_folder) as s:
        before = dump_lines(s)
    # how long a whole load takes here, to spread the kills over it
    t0 = time.monotonic()
    subprocess.run([*GEOKG, "--store", built_folder, "load", str(big_file)], check=True, capture_output=True)
    full = time.monotonic() - t0
    with open_store(built_folder) as s:
        assert s.graphs()[target] == N_TRIPLES
        s.drop_graph(target)
    outcomes = {"absent": 0, "complete": 0}
    for trial in range(20):
        delay = rng.uniform(0.05, full)
        proc = subprocess.Popen([*GEOKG, "--store", built_folder, "load", str(big_file)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with open_store(built_folder) as s:
            graphs = s.graphs()
            after = dump_lines(s)
            n = graphs.get(target)
            assert n in (None, N_TRIPLES), f"trial {trial}: half-written graph with {n} triples"
            outcomes["absent" if n is None else "complete"] += 1
            assert same_content([ln for ln in after if f"<{target}>" not in ln], before), f"trial {trial}: old data changed"
            if n is not None:
                s.drop_graph(target)
    assert sum(outcomes.values()) == 20
    print(f"crash trials: {outcomes}")


def _kill_trials(location: str, argv: list[str], trials: int, seed: int, check, reset=None) -> dict:
    """Run ``argv`` ``trials`` times, SIGKILL it at a random moment of its usual run time, and
    call ``check(store, trial)`` after each kill, then ``reset(store)`` to start the next trial
    from the same state; returns how the trials ended."""
    rng = random.Random(seed)
    t0 = time.monotonic()
    subprocess.run([*GEOKG, "--store", location, *argv], check=True, capture_output=True)
    full = time.monotonic() - t0
    if reset:
        with open_store(location) as s:
            reset(s)
    outcomes: dict[str, int] = {}
    for trial in range(trials):
        proc = subprocess.Popen([*GEOKG, "--store", location, *argv],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, full))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with open_store(location) as s:
            outcome = check(s, trial)
            if reset:
                reset(s)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def test_sigkill_during_import(built_folder):
    from conftest import shared_path

    sipri = shared_path("data", "sipri", "sipri-exports-processed.csv")
    target = "https://w3id.org/geokg/graph/import/sipri"
    with open_store(built_folder) as s:
        before = dump_lines(s)
    full_size = {}

    def check(s, trial):
        n = s.graphs().get(target)
        if n is not None:
            full_size.setdefault("n", n)
            assert n == full_size["n"], f"trial {trial}: half-written import ({n} triples)"
        rest = [ln for ln in dump_lines(s) if f"<{target}>" not in ln]
        assert same_content(rest, before), f"trial {trial}: other data changed"
        return "absent" if n is None else "complete"

    def drop_import(s):
        s.drop_graph(target)

    outcomes = _kill_trials(built_folder, ["import", "sipri", str(sipri)], 5, 3180, check, drop_import)
    print(f"import crash trials: {outcomes}")


def test_sigkill_during_extract_commit_and_review_accept(built_folder):
    from conftest import shared_path

    article = shared_path("corpus", "000_85c7f74f522fdcf4.txt")
    with open_store(built_folder) as s:
        before = dump_lines(s)

    def graph_of(s):
        return next((g for g in s.graphs() if "/graph/extract/" in g), None)

    sizes = {}

    def check_extract(s, trial):
        g = graph_of(s)
        n = s.graphs().get(g) if g else None
        if n is not None:
            sizes.setdefault("n", n)
            assert n == sizes["n"], f"trial {trial}: half-written extraction ({n} triples)"
        rest = [ln for ln in dump_lines(s) if "/graph/extract/" not in ln]
        assert same_content(rest, before)
        return "absent" if n is None else "complete"

    def drop_extract(s):
        g = graph_of(s)
        if g:
            s.drop_graph(g)

    outcomes = _kill_trials(built_folder, ["extract", str(article), "--commit", "--format", "table"], 5, 54,
                            check_extract, drop_extract)
    print(f"extract --commit crash trials: {outcomes}")

    # review accept: every proposed statement accepted, or none
    subprocess.run([*GEOKG, "--store", built_folder, "extract", str(article), "--commit"], check=True,
                   capture_output=True)
    statuses = "SELECT ?status (COUNT(*) AS ?n) WHERE { ?st a gkg:Statement ; gkg:status ?status ; gkg:extractor ?e } GROUP BY ?status"

    def counts(s):
        return {r["status"].value: int(r["n"].value) for r in s.select(statuses)}

    with open_store(built_folder) as s:
        proposed = counts(s)
        snapshot = dump_lines(s)
    assert set(proposed) == {"proposed"}

    def check_review(s, trial):
        now = counts(s)
        if now == proposed:
            assert same_content(dump_lines(s), snapshot), f"trial {trial}: store changed without the review"
            return "none"
        assert now == {"accepted": proposed["proposed"]}, f"trial {trial}: partial review {now}"
        # undo for the next trial
        s.update("DELETE { GRAPH ?g { ?st gkg:status ?x } } INSERT { GRAPH ?g { ?st gkg:status \"proposed\" } } "
                 "WHERE { GRAPH ?g { ?st gkg:status ?x ; gkg:extractor ?e } }")
        s.update("DELETE { GRAPH ?g { ?s ?r ?o } } WHERE { GRAPH ?g { ?st gkg:subject ?s ; gkg:relation ?r ; "
                 "gkg:object ?o ; gkg:extractor ?e } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/geokg/graph/extract/')) }")
        assert same_content(dump_lines(s), snapshot)
        return "all"

    outcomes = _kill_trials(built_folder, ["review", "accept", "--min-confidence", "0"], 5, 8, check_review)
    print(f"review accept crash trials: {outcomes}")
