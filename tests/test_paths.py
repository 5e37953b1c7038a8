"""`geokg path` and graph.paths: shortest, all, K shortest, via/avoid, directed, bad input."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import InputError, NotFoundError
from graph.paths import find_paths, shortest_node_path, traversal_graph

@pytest.fixture(scope="module")
def ro_cli(_built_template):
    """The CLI on the one built store of the session (embedded): these commands only read it."""
    from conftest import _runner

    return _runner(str(_built_template))


DPR = "Donetsk People's Republic"


def test_path_prints_each_hop(ro_cli):
    r = ro_cli("path", "Russia", DPR)
    assert r.exit_code == 0, r.output
    assert r.output == "Russia —occupies→ Donetsk People's Republic  [1 source]\n"


def test_path_json_every_hop_has_sourced_statements(built_cli):
    r = built_cli("path", "Russia", DPR, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert (data["from"], data["to"]) == ("Russia", DPR)
    hops = [h for p in data["paths"] for h in p["hops"]]
    assert hops and all(h["statements"] and all(s["source"] for s in h["statements"]) for h in hops)
    assert set(hops[0]["statements"][0]) >= {"iri", "source", "attributed_to", "date", "confidence"}


def test_hops_keep_their_true_direction_when_walked_backwards(ro_cli):
    r = ro_cli("path", "Ukraine", "Russia", "--relation", "invades")
    assert r.output == "Russia —invades→ Ukraine  [1 source]\n"


def test_inverse_relation_is_said_as_named(ro_cli):
    # stored: Russia buysArmsFrom North Korea
    said = "North Korea —supplies arms to→ Russia  [1 source; attributed claim]\n"
    assert ro_cli("path", "Russia", "North Korea", "--relation", "suppliesArmsTo").output == said
    assert ro_cli("path", "North Korea", "Russia", "--relation", "suppliesArmsTo", "--directed").output == said
    r = ro_cli("path", "Russia", "North Korea", "--relation", "suppliesArmsTo", "--directed")
    assert r.exit_code == 1 and "(directed; relation suppliesArmsTo)" in r.output
    assert ro_cli("path", "Russia", "North Korea", "--relation", "buysArmsFrom", "--directed").output == \
        "Russia —buys arms from→ North Korea  [1 source; attributed claim]\n"


def test_directed_path_that_does_not_exist(built_cli):
    r = built_cli("path", "China", "Ukraine", "--directed", "--relation", "recognizes")
    assert r.exit_code == 1
    assert r.output == ("error: no path from China to Ukraine (directed; relation recognizes): "
                        "China has no relations that pass the filters\n")


def test_all_paths_shortest_first(ro_cli):
    r = ro_cli("path", "Japan", "North Korea", "--all", "--max-hops", "3", "--format", "json")
    assert r.exit_code == 0, r.output
    paths = json.loads(r.output)["paths"]
    assert len(paths) >= 2
    lengths = [p["length"] for p in paths]
    assert lengths == sorted(lengths) and max(lengths) <= 3
    assert len({tuple((h["subject"], h["object"]) for h in p["hops"]) for p in paths}) == len(paths)
    text = ro_cli("path", "Japan", "North Korea", "--all", "--max-hops", "3").output
    assert text.startswith("path 1: 3 hops, confidence 1.00\n  Japan —is member of→ Southern Triangle")


def test_k_via_avoid(ro_cli):
    r = ro_cli("path", "Japan", "North Korea", "--k", "3", "--max-hops", "5", "--format", "json")
    paths = json.loads(r.output)["paths"]
    assert 1 <= len(paths) <= 3 and [p["length"] for p in paths] == sorted(p["length"] for p in paths)
    r = ro_cli("path", "Japan", "North Korea", "--via", "Russia", "--max-hops", "5", "--format", "json")
    assert r.exit_code == 0, r.output
    nodes = [h[k] for h in json.loads(r.output)["paths"][0]["hops"] for k in ("subject", "object")]
    assert "Russia" in nodes
    r = ro_cli("path", "Japan", "North Korea", "--avoid", "United States", "--format", "json")
    for p in json.loads(r.output)["paths"]:
        assert all("United States" not in (h["subject"], h["object"]) for h in p["hops"])


def test_evidence_lists_sources_and_attribution(ro_cli):
    r = ro_cli("path", "Russia", "North Korea", "--relation", "buysArmsFrom", "--evidence")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "Russia —buys arms from→ North Korea  [1 source; attributed claim]"
    assert "according to US officials" in lines[1] and "2022-09" in lines[1]


@pytest.mark.parametrize("args,code,message", [
    (("Russia", "Moscow"), 1, "error: 'Russia' and 'Moscow' both name Russia: a path needs two different actors\n"),
    (("Russia", "Russia"), 1, "error: 'Russia' names Russia: a path needs two different actors\n"),
    (("Rusia", "Ukraine"), 1, "error: unknown actor 'Rusia'; did you mean 'Russia'"),
    (("Russia", "Ukraine", "--relation", "threatens"), 1,
     "error: no relations match the filters (relation threatens)\n"),
    (("Japan", "North Korea", "--max-hops", "2"), 1,
     "error: no path from Japan to North Korea within 2 hops; the shortest has 3 (use --max-hops 3)\n"),
    (("Russia", "Ukraine", "--relation", "recognise"), 1, "error: unknown relation 'recognise'; did you mean recognizes"),
    (("Russia", "Ukraine", "--as-of", "yesterday"), 1, "error: invalid date 'yesterday' for --as-of"),
    (("Russia", "Ukraine", "--graph", "nope"), 1, "error: no graph named 'nope'"),
])
def test_bad_input(ro_cli, args, code, message):
    r = ro_cli("path", *args)
    assert r.exit_code == code
    assert r.output.startswith(message), r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("hops", ["0", "11", "x"])
def test_max_hops_out_of_range_is_a_usage_error(ro_cli, hops):
    r = ro_cli("path", "Russia", "Ukraine", "--max-hops", hops)
    assert r.exit_code == 2
    assert "--max-hops" in r.output


@pytest.mark.parametrize("name", ['Russia" } ; DROP ALL ; {', "Nowhere\n} DROP ALL {", "{?s ?p ?o}", "Zed' ; ?x", "<urn:x>"])
def test_hostile_names_never_alter_a_query(built_cli, name):
    before = built_cli("graphs", "--format", "json").output
    for args in (("path", name, "Ukraine"), ("path", "Ukraine", name), ("path", "Russia", "Ukraine", "--via", name),
                 ("path", "Russia", "Ukraine", "--graph", name), ("neighbors", name)):
        r = built_cli(*args)
        assert r.exit_code == 1, (args, r.output)
        assert r.output.startswith("error: ") and r.output.count("\n") == 1, r.output
    assert built_cli("graphs", "--format", "json").output == before


# --- the library on synthetic graphs --------------------------------------------------------

def _graph(edges):
    G = nx.MultiDiGraph()
    for u, v, sym in edges:
        if u != v:
            G.add_edge(u, v, key="supports" if not sym else "cooperatesWith", relation="r", symmetric=sym,
                       statements=[], sources=1, confidence=1.0)
    return G


EDGES = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.booleans()), max_size=40)


@settings(max_examples=80, deadline=None)
@given(EDGES, st.integers(0, 11), st.integers(0, 11), st.booleans())
def test_breadth_first_search_matches_networkx(edges, a, b, directed):
    G = _graph(edges)
    G.add_nodes_from([a, b])
    T = traversal_graph(G, directed)
    try:
        expected = nx.shortest_path_length(T, a, b)
    except nx.NetworkXNoPath:
        expected = None
    p = shortest_node_path(G, a, b, directed)
    assert (None if p is None else len(p) - 1) == expected
    if p:
        assert p[0] == a and p[-1] == b and all(T.has_edge(u, v) for u, v in zip(p, p[1:]))


@settings(max_examples=60, deadline=None)
@given(EDGES, st.integers(0, 11), st.integers(0, 11), st.integers(1, 4))
def test_all_paths_are_simple_bounded_and_shortest_first(edges, a, b, max_hops):
    G = _graph(edges)
    if a == b or a not in G or b not in G:
        return
    try:
        paths = find_paths(G, a, b, all_paths=True, max_hops=max_hops)
    except NotFoundError:
        return
    lengths = [p.length for p in paths]
    assert lengths == sorted(lengths) and lengths[-1] <= max_hops
    assert lengths[0] == nx.shortest_path_length(G.to_undirected(as_view=True), a, b)
    for p in paths:
        assert len(set(p.nodes)) == len(p.nodes) and p.nodes[0] == a and p.nodes[-1] == b
        for h, (u, v) in zip(p.hops, zip(p.nodes, p.nodes[1:])):
            assert {h.subject, h.object} == {u, v} and G.has_edge(*h.edge)
            assert h.relation == G.edges[h.edge]["relation"]  # no inverse pair here: said as stored


def test_library_errors():
    G = _graph([(1, 2, False), (2, 3, False)])
    with pytest.raises(InputError, match="out of range"):
        find_paths(G, 1, 3, max_hops=0)
    with pytest.raises(InputError, match="both ends"):
        find_paths(G, 1, 1)
    with pytest.raises(NotFoundError, match="no path from 3 to 1 \\(directed\\)"):
        find_paths(G, 3, 1, directed=True)
    assert [p.nodes for p in find_paths(G, 1, 3, k=5)] == [[1, 2, 3]]
    with pytest.raises(NotFoundError):
        find_paths(G, 1, 3, avoid=[2])
