"""The remote backend against real Oxigraph servers on loopback: endpoints, bindings, staging
graphs, and faults (server stopped mid-load, endpoint unreachable, server answering an error).

The whole CLI suite also runs against a server through the ``backend`` fixture of conftest.py;
this file holds what only a remote store has.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import QueryError, StoreError
from graph.store import open_store
from graph.store.base import Progress
from graph.store.remote import LEASE_NS, LEASE_UNTIL, Endpoints, RemoteStore, inline_values, sparql_term
from graph.vocab import INTERNAL_NS, STAGING_NS
from servers import HOST, OxigraphServer, free_port, oxigraph_binary

pytestmark = pytest.mark.remote

GEOKG = [sys.executable, "-m", "graph.cli"]
GRAPH = "https://w3id.org/geokg/graph/"
NEEDS_OXIGRAPH = pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server binary is not installed")


@pytest.fixture
def server(oxigraph_servers):
    """The session's spare server, emptied."""
    s = oxigraph_servers("remote-tests")
    s.clear()
    return s


@pytest.fixture
def own_server(tmp_path):
    """A server of this test alone (for stopping it in the middle of things)."""
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server binary is not installed")
    s = OxigraphServer(tmp_path / "own").start()
    yield s
    s.stop()


def geokg(*args, env=None, timeout=120):
    full = {**os.environ, **(env or {})}
    return subprocess.run([*GEOKG, *map(str, args)], capture_output=True, text=True, env=full, timeout=timeout)


def union_count(url: str) -> int:
    r = requests.post(url + "/query?union-default-graph", data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def data_count(url: str) -> int:
    """Triples in the graphs that hold data: internal ones (staging, leases) left out."""
    q = ('SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } FILTER(!STRSTARTS(STR(?g), "%s")) }' % INTERNAL_NS)
    r = requests.post(url + "/query", data={"query": q}, headers={"Accept": "application/sparql-results+json"},
                      timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def all_graphs(url: str) -> set[str]:
    r = requests.post(url + "/query", data={"query": "SELECT ?g { GRAPH ?g {} }"},
                      headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return {b["g"]["value"] for b in r.json()["results"]["bindings"]}


# --- endpoints -----------------------------------------------------------------------------------

def test_endpoints_from_url_and_environment():
    e = Endpoints.resolve("http://127.0.0.1:7878/", env={})
    assert (e.engine, e.query, e.update, e.gsp) == (
        "oxigraph", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    e = Endpoints.resolve("http://127.0.0.1:8890/sparql", env={"GEOKG_USER": "dba"})
    assert (e.engine, e.query, e.gsp, e.graph_param) == (
        "virtuoso", "http://127.0.0.1:8890/sparql-auth", "http://127.0.0.1:8890/sparql-graph-crud-auth", "graph-uri")
    env = {"GEOKG_QUERY_URL": "http://127.0.0.1:7200/repositories/geo",
           "GEOKG_UPDATE_URL": "http://127.0.0.1:7200/repositories/geo/statements",
           "GEOKG_GSP_URL": "http://127.0.0.1:7200/repositories/geo/rdf-graphs/service"}
    e = Endpoints.resolve("http://127.0.0.1:7200/repositories/geo", env=env)
    assert (e.engine, e.query, e.update, e.gsp, e.graph_param) == (
        "generic", env["GEOKG_QUERY_URL"], env["GEOKG_UPDATE_URL"], env["GEOKG_GSP_URL"], "graph")
    assert Endpoints.resolve("http://127.0.0.1:1/x", env={"GEOKG_GSP_URL": "none"}).gsp is None
    with pytest.raises(StoreError, match=r"^GEOKG_ENGINE='neptune': use oxigraph, virtuoso or generic$"):
        Endpoints.resolve("http://127.0.0.1:1", env={"GEOKG_ENGINE": "neptune"})
    with pytest.raises(StoreError, match=r"^GEOKG_TIMEOUT='soon' is not a number of seconds$"):
        RemoteStore("http://127.0.0.1:1", env={"GEOKG_TIMEOUT": "soon"})


def test_open_store_picks_the_remote_backend():
    s = open_store("http://127.0.0.1:7878")
    assert isinstance(s, RemoteStore) and s.location == "http://127.0.0.1:7878"
    s.close()


# --- bindings become an escaped VALUES block -----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("SELECT ?n WHERE { ?a rdfs:label ?n }", "SELECT ?n WHERE { VALUES (?a) { (<urn:x>) }  ?a rdfs:label ?n }"),
    ("SELECT * { ?a ?p ?o }", "SELECT * { VALUES (?a) { (<urn:x>) }  ?a ?p ?o }"),
    ("ASK { ?a ?p ?o }", "ASK { VALUES (?a) { (<urn:x>) }  ?a ?p ?o }"),
    ("CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }", "CONSTRUCT { ?a ?p ?o } WHERE { VALUES (?a) { (<urn:x>) }  ?a ?p ?o }"),
    ("CONSTRUCT WHERE { ?a ?p ?o }", "CONSTRUCT WHERE { ?a ?p ?o } VALUES (?a) { (<urn:x>) }"),
    ("# a { comment WHERE\nSELECT (EXISTS { ?a ?p ?o } AS ?e) WHERE { BIND(\"{WHERE\" AS ?s) }",
     "# a { comment WHERE\nSELECT (EXISTS { ?a ?p ?o } AS ?e) WHERE { VALUES (?a) { (<urn:x>) }  BIND(\"{WHERE\" AS ?s) }"),
    ("PREFIX ex: <urn:WHERE#> SELECT ?where WHERE { { SELECT ?a WHERE { ?a ?b ?c } } }",
     "PREFIX ex: <urn:WHERE#> SELECT ?where WHERE { VALUES (?a) { (<urn:x>) }  { SELECT ?a WHERE { ?a ?b ?c } } }"),
    ("DESCRIBE ?a", "DESCRIBE ?a VALUES (?a) { (<urn:x>) }"),
])
def test_values_block_goes_at_the_head_of_the_where_group(text, expected):
    assert inline_values(text, {"a": ox.NamedNode("urn:x")}) == expected


def test_terms_that_cannot_be_sent_are_refused():
    with pytest.raises(QueryError, match="^a blank node cannot be bound"):
        sparql_term(ox.BlankNode("b1"))
    with pytest.raises(QueryError, match=r"^'a b' is not a variable name$"):
        inline_values("SELECT * {}", {"a b": ox.Literal("x")})


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_literals = st.one_of(
    _text.map(ox.Literal),
    st.tuples(_text, st.sampled_from(["en", "fr", "zh-Hant-TW"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.integers().map(lambda i: ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    st.sampled_from(['"} } ; DROP ALL ; #', "\\u0022) } ; CLEAR ALL #", "'''\"\"\"", "\\", "\\\\u0041", "\n\r\t\x00\x0b"])
    .map(ox.Literal),
)


@NEEDS_OXIGRAPH
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_literals)
def test_any_bound_literal_comes_back_unchanged(server, value):
    """Escaping holds for any text: the value round-trips and nothing else runs."""
    with RemoteStore(server.url) as s:
        s.update("INSERT DATA { GRAPH <urn:canary> { <urn:a> <urn:b> <urn:c> } }")
        rows = s.select("SELECT ?x ?n WHERE { BIND(STRLEN(STR(?x)) AS ?n) }", {"x": value})
        assert rows == [{"x": value, "n": ox.Literal(str(len(value.value)),
                                                     datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}]
        assert s.graphs() == {"urn:canary": 1}


def test_bindings_select_like_the_embedded_store(built_location, backend):
    """A bound variable that is not projected still restricts the rows (SEP-0007 on the embedded store)."""
    with open_store(built_location) as s:
        rows = s.select("SELECT ?l WHERE { ?a rdfs:label ?l } ORDER BY ?l",
                        {"a": ox.NamedNode("https://w3id.org/geokg/actor/PRK")})
        assert [r["l"] for r in rows] == [ox.Literal("Corée du Nord", language="fr"),
                                          ox.Literal("North Korea", language="en")]
        assert s.ask("ASK { ?a a gkg:State }", {"a": ox.NamedNode("https://w3id.org/geokg/actor/FRA")})
        assert not s.ask("ASK { ?a a gkg:State }", {"a": ox.Literal("FRA")})


# --- loads -----------------------------------------------------------------------------------------

def test_load_streams_into_staging_and_reports_progress(server, tmp_path):
    path = tmp_path / "data.nt"
    path.write_text("".join(f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(1000)))
    progress = Progress()
    with RemoteStore(server.url) as s:
        n = s.replace_graph(GRAPH + "file/data", str(path), ox.RdfFormat.N_TRIPLES, progress=progress)
        assert n == 1000
        assert progress.total == progress.done == 2 * path.stat().st_size
        assert s.graphs() == {GRAPH + "file/data": 1000}
    # nothing left behind: no staging graph, no lease
    assert all_graphs(server.url) == {GRAPH + "file/data"}


def test_quads_of_a_dataset_file_land_in_one_graph(server, tmp_path):
    path = tmp_path / "data.trig"
    path.write_text("<urn:g1> { <urn:a> <urn:b> <urn:c> } <urn:g2> { <urn:a> <urn:b> _:x . _:x <urn:d> 1 . }")
    with RemoteStore(server.url) as s:
        assert s.replace_graph(GRAPH + "file/data", str(path), ox.RdfFormat.TRIG) == 3
        assert s.graphs() == {GRAPH + "file/data": 3}
        assert s.ask("ASK { GRAPH <https://w3id.org/geokg/graph/file/data> { <urn:a> <urn:b> ?x . ?x <urn:d> 1 } }")


def test_a_syntax_error_sends_nothing(own_server, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> \"open .\n")
    before = own_server.log_tail(100_000)
    out = geokg("--store", own_server.url, "load", path)
    assert out.returncode == 1
    assert out.stderr == f"error: malformed Turtle in {path} at line 2, column 17: unterminated string\n" or \
        re.fullmatch(rf"error: malformed Turtle in {re.escape(str(path))} at line 2, column \d+: .+\n", out.stderr)
    assert all_graphs(own_server.url) == set()
    assert own_server.log_tail(100_000) == before


def test_empty_file_makes_an_empty_graph_and_stdin_works(server, tmp_path):
    empty = tmp_path / "empty.nt"
    empty.write_text("")
    out = geokg("--store", server.url, "load", empty)
    assert (out.returncode, out.stdout) == (0, f"{empty}: 0 triples into file/empty\n")
    out = subprocess.run([*GEOKG, "--store", server.url, "load", "-", "--format", "nt", "--graph", "piped"],
                         input="<urn:a> <urn:b> <urn:c> .\n", capture_output=True, text=True)
    assert (out.returncode, out.stdout) == (0, "-: 1 triples into piped\n")
    with RemoteStore(server.url) as s:
        assert s.graphs() == {GRAPH + "file/empty": 0, GRAPH + "piped": 1}


@pytest.mark.parametrize("has_bnodes", [False, True])
def test_without_graph_store_loads_go_by_insert_data(server, tmp_path, has_bnodes):
    """A generic endpoint with no Graph Store Protocol: batched INSERT DATA into the staging graph
    (one request when blank nodes must keep their identity), then the same MOVE."""
    env = {"GEOKG_ENGINE": "generic", "GEOKG_QUERY_URL": server.url + "/query?union-default-graph",
           "GEOKG_UPDATE_URL": server.url + "/update", "GEOKG_GSP_URL": "none", "GEOKG_BATCH": "7"}
    path = tmp_path / "data.ttl"
    lines = [f'<urn:s{i}> <urn:p> "v{i}\\" \\"q\\"" .' for i in range(30)]
    if has_bnodes:
        lines += [f"<urn:s{i}> <urn:knows> _:b{i % 3} ." for i in range(30)] + ["_:b0 <urn:name> 'zero' ."]
    path.write_text("\n".join(lines) + "\n")
    with RemoteStore(server.url, env=env) as s:
        assert s.endpoints.gsp is None
        n = s.replace_graph(GRAPH + "file/data", str(path), ox.RdfFormat.TURTLE)
        assert n == len(lines)
        assert s.graphs() == {GRAPH + "file/data": n}
        if has_bnodes:  # the ten subjects that know _:b0 know the one node named 'zero'
            assert s.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <urn:knows> ?b . ?b <urn:name> 'zero' }")[0]["n"].value == "10"
        buf = __import__("io").BytesIO()
        s.dump(buf, ox.RdfFormat.N_TRIPLES, GRAPH + "file/data")
        assert len(buf.getvalue().splitlines()) == n  # dumps by CONSTRUCT when there is no graph store
    assert all_graphs(server.url) == {GRAPH + "file/data"}


def test_transaction_swap_loads_straight_into_the_target(server, tmp_path):
    path = tmp_path / "data.nt"
    path.write_text("".join(f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(100)))
    out = geokg("--store", server.url, "load", path, "--graph", "t", env={"GEOKG_SWAP": "transaction"})
    assert (out.returncode, out.stdout) == (0, f"{path}: 100 triples into t\n")
    assert all_graphs(server.url) == {GRAPH + "t"}
    out = geokg("--store", "http://127.0.0.1:9/sparql", "graphs", env={"GEOKG_SWAP": "transaction"})
    assert (out.returncode, out.stderr) == (
        1, "error: GEOKG_SWAP=transaction needs an Oxigraph server (its Graph Store PUT is one transaction)\n")




def test_stale_staging_graphs_are_hidden_then_swept(server):
    stale, live = STAGING_NS + "dead", STAGING_NS + "alive"
    now = int(time.time())
    requests.post(server.url + "/update", headers={"Content-Type": "application/sparql-update"}, data=f"""
        INSERT DATA {{ GRAPH <{stale}> {{ <urn:half> <urn:written> 1 }}
                       GRAPH <{live}> {{ <urn:still> <urn:loading> 2 }}
                       GRAPH <{LEASE_NS}dead> {{ <{stale}> <{LEASE_UNTIL}> {now - 5} }}
                       GRAPH <{LEASE_NS}alive> {{ <{live}> <{LEASE_UNTIL}> {now + 600} }}
                       GRAPH <{GRAPH}kept> {{ <urn:a> <urn:b> <urn:c> }} }}""", timeout=30).raise_for_status()
    with RemoteStore(server.url) as s:
        assert s.graphs() == {GRAPH + "kept": 1}  # staging and internal graphs never listed
        assert not s.ask("ASK { <urn:half> ?p ?o }")  # the first request swept the dead load
        assert s.ask("ASK { <urn:still> ?p ?o }")  # a live load is left alone
    assert all_graphs(server.url) == {live, LEASE_NS + "alive", GRAPH + "kept"}


def lease_quads(url: str) -> list[str]:
    """Quads in lease graphs, found by scanning quads (not the engine's list of graphs)."""
    q = 'SELECT ?g { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "%s")) }' % LEASE_NS
    r = requests.post(url + "/query", data={"query": q}, headers={"Accept": "application/sparql-results+json"},
                      timeout=30)
    return [b["g"]["value"] for b in r.json()["results"]["bindings"]]


def test_lease_renewals_racing_the_swap_leave_no_lease(server, tmp_path):
    """A renewal in flight while the swap drops the lease can write it again (updates read a
    snapshot); the load removes what is left once its renewals have stopped. With a 30 ms lease
    (a renewal every 10 ms) this raced in about one load in four before the fix: 20 loads
    without a leftover lease would have happened by chance 3 times in 1,000."""
    path = tmp_path / "data.nt"
    path.write_text("".join(f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(2000)))
    env = {"GEOKG_SWAP": "move", "GEOKG_STAGING_LEASE": "0.03"}
    with RemoteStore(server.url, env=env) as s:
        for _ in range(20):
            assert s.replace_graph(GRAPH + "file/data", str(path), ox.RdfFormat.N_TRIPLES) == 2000
            assert lease_quads(server.url) == []
    assert all_graphs(server.url) == {GRAPH + "file/data"}


# --- faults -------------------------------------------------------------------------------------------

def test_unreachable_endpoint_is_one_line(tmp_path):
    port = free_port()
    t0 = time.monotonic()
    out = geokg("--store", f"http://{HOST}:{port}", "graphs")
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == f"error: cannot reach the SPARQL endpoint http://{HOST}:{port}: connection refused\n"
    assert time.monotonic() - t0 < 30


def test_silent_endpoint_times_out_with_one_line():
    """A server that accepts connections and never answers: the message comes within the timeout."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        t0 = time.monotonic()
        out = geokg("--store", f"http://{HOST}:{port}", "show", "France", env={"GEOKG_TIMEOUT": "1.5"})
        elapsed = time.monotonic() - t0
    finally:
        stop.set()
        thread.join()
        for c in held:
            c.close()
        listener.close()
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == f"error: the SPARQL endpoint http://{HOST}:{port} did not answer within 1.5 s\n"
    assert elapsed < 15


def test_server_errors_are_shown(server, tmp_path):
    """The server's messages, one line, positions in the user's lines: as on the embedded store."""
    for args in (["query", "SELECT * WHERE {\n  ?s ?p }"],
                 ["query", "PREFIX ex: <urn:x>\nSELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?x = ) }"],
                 ["query", "--update", "MOVE GRAPH <urn:nowhere> TO GRAPH <urn:x>"]):
        out = geokg("--store", server.url, *args)
        embedded = geokg("--store", tmp_path / "store", *args)
        assert (out.returncode, out.stdout, out.stderr) == (1, "", embedded.stderr)
        assert out.stderr.startswith(("error: invalid SPARQL at line 2, column ", "error: invalid SPARQL at line 4, column ",
                                      "error: update failed: The graph <urn:nowhere> does not exist\n"))
    out = geokg("--store", server.url + "/nowhere", "graphs", env={"GEOKG_ENGINE": "generic"})
    assert out.returncode == 1
    assert re.fullmatch(r"error: the SPARQL endpoint answered HTTP 404 Not Found: .+\n", out.stderr), out.stderr
    assert "Traceback" not in out.stderr


@pytest.fixture(scope="module")
def big_nt(tmp_path_factory) -> tuple[Path, int]:
    n = 20_000
    path = tmp_path_factory.mktemp("remote-big") / "big.nt"
    with open(path, "w") as f:
        for i in range(n):
            f.write(f'<https://example.org/s{i}> <https://example.org/p{i % 13}> "value number {i}" .\n')
    return path, n


def _wait_for_load(url: str, proc, swap: str, timeout: float = 60) -> None:
    """Until the load talks to the server: its lease exists (move), or its PUT is under way (transaction)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if swap == "transaction":  # some 100 kB of the PUT body have reached the server
            info = subprocess.run(["ss", "-tniH", "state", "established", "dst", url.split("//")[1]],
                                  capture_output=True, text=True).stdout
            if any(int(n) > 100_000 for n in re.findall(r"bytes_acked:(\d+)", info)):
                return
        else:
            try:
                if any(g.startswith(LEASE_NS) for g in all_graphs(url)):
                    return
            except requests.RequestException:
                pass
        assert proc.poll() is None, "the load ended before the server was stopped"
        time.sleep(0.01)
    raise AssertionError("the load never started")


@pytest.mark.parametrize("swap", ["move", "transaction"])
def test_server_stopped_in_the_middle_of_a_load(own_server, big_nt, swap):
    """SIGKILL the server at moments spread over a load: geokg exits 1 with one line; once the
    server is back the store holds what it held before (or, when the kill came after the swap
    had committed, the whole new graph), never part of it, not even in the union default graph."""
    path, n = big_nt
    url = own_server.url
    assert geokg("--store", url, "build").returncode == 0
    with RemoteStore(url) as s:
        graphs_before = s.graphs()
    count_before = data_count(url)
    env = {"GEOKG_STAGING_LEASE": "1", "GEOKG_SWAP": swap}
    outcomes = []
    for delay in (0.0, 0.05, 0.3, 0.8, 3.0):
        proc = subprocess.Popen([*GEOKG, "--store", url, "load", str(path)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
        _wait_for_load(url, proc, swap)
        time.sleep(delay)
        own_server.kill()
        out, err = proc.communicate(timeout=120)
        own_server.start()
        time.sleep(1.5)  # the dead load's lease (1 s) runs out
        with RemoteStore(url, env=env) as s:
            graphs_after = s.graphs()  # the first request sweeps what the dead load left
            count_after = data_count(url)
            leftover = union_count(url) - count_after  # internal triples (a dead load's lease)
        assert leftover == 0, leftover  # the sweep left no lease, whatever the outcome
        assert not [g for g in all_graphs(url) if g.startswith(STAGING_NS)]
        if proc.returncode == 0:  # the kill came after the swap: the graph is whole
            assert graphs_after == {**graphs_before, GRAPH + "file/big": n}
            outcomes.append("done")
        else:
            assert proc.returncode == 1 and out == ""
            assert re.fullmatch(
                rf"error: (lost the connection to|cannot reach) the SPARQL endpoint {re.escape(url)}"
                r"(: connection refused)?( while (loading .*big\.nt; file/big was left as it was|swapping in "
                r".*big\.nt; the swap is atomic: file/big holds either its old or its new content|loading .*big\.nt; "
                r"the load is one transaction: file/big holds either its old or its new content)| after loading "
                r".*big\.nt into file/big: the load went through, but its triples could not be counted)\n", err), err
            if "the load went through" in err:  # the kill came between the swap and the count
                assert graphs_after == {**graphs_before, GRAPH + "file/big": n}
            if GRAPH + "file/big" in graphs_after:
                assert graphs_after == {**graphs_before, GRAPH + "file/big": n}
                assert count_after == count_before + n
                outcomes.append("failed, swapped")
            else:
                assert graphs_after == graphs_before
                assert count_after == count_before  # no half-written staging data in the union either
                outcomes.append("failed, absent")
        with RemoteStore(url) as s:
            s.drop_graph(GRAPH + "file/big")
    assert "failed, absent" in outcomes, outcomes
    # and the same load then goes through
    again = geokg("--store", url, "load", path)
    assert (again.returncode, again.stdout) == (0, f"{path}: {n} triples into file/big\n")
