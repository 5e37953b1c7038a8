"""Crash safety of loads: SIGKILL at random moments never loses data or half-writes a source."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import open_store
from graph.store.canonical import canonical_lines

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
        before = canonical_lines(s)
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
            after = canonical_lines(s)
            n = graphs.get(target)
            assert n in (None, N_TRIPLES), f"trial {trial}: half-written graph with {n} triples"
            outcomes["absent" if n is None else "complete"] += 1
            assert [ln for ln in after if f"<{target}>" not in ln] == before, f"trial {trial}: old data changed"
            if n is not None:
                s.drop_graph(target)
    assert sum(outcomes.values()) == 20
    print(f"crash trials: {outcomes}")
