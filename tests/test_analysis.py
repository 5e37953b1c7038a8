"""`geokg neighbors`, `geokg rank`, `geokg blocs` and the signed partition behind blocs."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.blocs import _cost, _local_moves, _spectral, _adjacency, partition, signed_weights, edge_sign

@pytest.fixture(scope="module")
def ro_cli(_built_template):
    """The CLI on the one built store of the session (embedded): these commands only read it."""
    from conftest import _runner

    return _runner(str(_built_template))



def test_neighbors_grouped_by_relation(ro_cli):
    r = ro_cli("neighbors", "North Korea")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "North Korea: 10 neighbour(s)"
    i = lines.index("buys arms from (buysArmsFrom):")
    assert lines[i + 1] == "  Russia → North Korea  [1 source; attributed claim]"
    assert "  North Korea — Russia  [1 source]" in lines  # symmetric cooperatesWith


def test_neighbors_depth_json(built_cli):
    r = built_cli("neighbors", "Japan", "--depth", "2", "--format", "json")
    data = json.loads(r.output)
    ring = {(n["depth"], n["other"]) for n in data["neighbors"]}
    assert ring == {(1, "Southern Triangle"), (2, "South Korea"), (2, "United States")}


@pytest.mark.parametrize("args,code,start", [
    (("Narnia",), 1, "error: unknown actor 'Narnia'"),
    (("Japan", "--depth", "9"), 2, "error: Invalid value for '--depth'"),
    (("Japan", "--relation", "invades"), 1, "error: Japan has no relations that pass the filters (relation invades)"),
])
def test_neighbors_bad_input(ro_cli, args, code, start):
    r = ro_cli("neighbors", *args)
    assert (r.exit_code, r.output.startswith(start)) == (code, True), r.output


def test_rank_by_degree_and_pagerank(ro_cli):
    r = ro_cli("rank", "--top", "2", "--format", "json")
    top = [a["label"] for a in json.loads(r.output)["actors"]]
    assert top == ["Russia", "North Korea"]
    r = ro_cli("rank", "--by", "pagerank", "--kind", "Bloc")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].split() == ["rank", "actor", "kind", "pagerank", "degree"]
    assert "Southern Triangle" in r.output and "Russia" not in r.output
    r = ro_cli("rank", "--by", "betweenness", "--top", "1")
    assert r.output.splitlines()[2].split()[:2] == ["1", "Russia"]
    assert ro_cli("rank", "--polarity", "-", "--relation", "supports").exit_code == 1


def test_blocs_split_the_northern_and_southern_triangles(built_cli):
    r = built_cli("blocs", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    bloc = {m["label"]: b["bloc"] for b in data["blocs"] for m in b["members"]}
    north = {bloc[x] for x in ("North Korea", "Russia", "China")}
    south = {bloc[x] for x in ("United States", "South Korea", "Japan")}
    assert len(north) == 1 and len(south) == 1 and north != south
    frustrated = {(f["subject"], f["relation"], f["object"]) for f in data["frustrated"]}
    assert ("North Korea", "opposes", "China") in frustrated
    assert data["frustration"]["frustrated"] == len(data["frustrated"]) > 0
    t = data["triads"]
    assert t["balanced"] + t["unbalanced"] == t["triads"] > 0
    assert data["signs"]["memberOf"] == "+" and data["signs"]["leaderOf"] == "ignored"


def test_blocs_text_and_polarity_filter(ro_cli):
    r = ro_cli("blocs")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("bloc 1 (")
    assert "  North Korea opposes China  (conflict inside a bloc)" in r.output
    r = ro_cli("blocs", "--polarity", "+", "--format", "json")
    assert json.loads(r.output)["frustration"]["frustrated"] == 0  # cooperation alone never frustrates
    r = ro_cli("blocs", "--relation", "leaderOf")
    assert r.exit_code == 1 and r.output.startswith("error: no cooperative or conflictual relations")
    assert "memberOf counts as cooperative" in " ".join(ro_cli("blocs", "--help").output.split())


# --- the partition method ---------------------------------------------------------------------

def _signed(edges):
    G = nx.MultiDiGraph()
    for u, v, s in edges:
        G.add_edge(u, v, key="supports" if s > 0 else "invades", polarity="+" if s > 0 else "-")
    return G


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 30), st.integers(2, 4), st.integers(0, 10_000))
def test_balanced_graphs_are_recovered_without_frustration(n, k, seed):
    rng = random.Random(seed)
    side = {i: rng.randrange(k) for i in range(n)}
    edges = [(u, v, 1 if side[u] == side[v] else -1) for u in range(n) for v in range(u + 1, n) if rng.random() < 0.4]
    if not edges:
        return
    p = partition(_signed(edges))
    assert p.frustration == 0
    if k == 2:  # two camps: every triad is balanced (three mutual enemies are not, with 3+ camps)
        assert p.triads["unbalanced"] == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(5, 25), st.integers(0, 10_000))
def test_local_moves_never_increase_frustration(n, seed):
    rng = random.Random(seed)
    edges = [(u, v, rng.choice((1, -1))) for u in range(n) for v in range(u + 1, n) if rng.random() < 0.3]
    G = _signed(edges)
    adj = _adjacency(signed_weights(G))
    nodes = sorted(adj)
    if len(nodes) < 3:
        return
    start = _spectral(nodes, adj, 2)
    assert _cost(adj, _local_moves(nodes, adj, start)) <= _cost(adj, start)


def test_signs_of_relations():
    assert [edge_sign(*x) for x in (("supports", "+"), ("invades", "-"), ("memberOf", "0"), ("partOf", "0"))] == [1, -1, 1, 0]
