"""geokg against a second engine: Virtuoso open source, started on loopback by the tests.

Install it with .ci/virtuoso.sh (Debian package virtuoso-opensource); without the
``virtuoso-t`` binary these tests are skipped. The same commands must give the same answers as
on the embedded store.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.store.remote import RemoteStore
from servers import VirtuosoServer, virtuoso_binary

pytestmark = [
    pytest.mark.virtuoso,
    pytest.mark.skipif(virtuoso_binary() is None,
                       reason="Virtuoso is not installed (virtuoso-t not found; run .ci/virtuoso.sh)"),
]

GRAPH = "https://w3id.org/geokg/graph/"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


@pytest.fixture
def vcli(virtuoso, monkeypatch):
    """The CLI against an emptied Virtuoso (its own system graphs stay)."""
    virtuoso.clear()
    for name in ("GEOKG_QUERY_URL", "GEOKG_UPDATE_URL", "GEOKG_GSP_URL", "GEOKG_USER", "GEOKG_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GEOKG_ENGINE", "virtuoso")
    from graph.cli import cli as app

    def run(*args, input=None):
        return CliRunner().invoke(app, ["--store", virtuoso.url, *map(str, args)], input=input)

    return run


@pytest.fixture
def ecli(built_folder):
    """The same CLI against an embedded store holding the same build."""
    from graph.cli import cli as app

    def run(*args, input=None):
        return CliRunner().invoke(app, ["--store", built_folder, *map(str, args)], input=input)

    return run


def ok(result):
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_build_lists_the_same_graphs_as_embedded(vcli, ecli):
    first = ok(vcli("build"))
    assert re.fullmatch(r"ontology: \d+ triples\nreference: \d+ triples\ncurated: \d+ triples\n", first)
    assert ok(vcli("build")) == first  # idempotent
    assert ok(vcli("graphs")) == ok(ecli("graphs"))  # Virtuoso's own graphs are not listed
    assert ok(vcli("stats", "--format", "json")) == ok(ecli("stats", "--format", "json"))


def test_load_query_and_dump(vcli, ecli, virtuoso, built_folder, tmp_path):
    ok(vcli("build"))
    data = tmp_path / "extra.ttl"
    data.write_text('@prefix actor: <https://w3id.org/geokg/actor/> .\n@prefix gkg: <https://w3id.org/geokg/ontology#> .\n'
                    'actor:FRA gkg:supports actor:UKR .\n[] a gkg:Note ; gkg:about actor:FRA, "caf\u00e9 \\"quoted\\""@fr .\n')
    for run in (vcli, ecli):
        assert ok(run("load", data)) == f"{data}: 4 triples into file/extra\n"
    q = ("SELECT ?o WHERE { GRAPH <https://w3id.org/geokg/graph/file/extra> { ?n gkg:about ?o } } ORDER BY STR(?o)")
    assert ok(vcli("query", q, "--format", "json")) == ok(ecli("query", q, "--format", "json"))
    assert ok(vcli("query", q)) == ok(ecli("query", q))
    bound = "SELECT ?l WHERE { ?a rdfs:label ?l } ORDER BY STR(?l)"
    assert ok(vcli("query", bound, "--bind", "a=actor:PRK", "--format", "csv")) == \
        ok(ecli("query", bound, "--bind", "a=actor:PRK", "--format", "csv"))
    assert ok(vcli("query", "ASK { actor:FRA gkg:supports actor:UKR }")) == "true\n"
    with RemoteStore(virtuoso.url) as s:
        lines = _canonical(s, GRAPH + "file/extra")
    from graph.store import open_store

    with open_store(built_folder) as e:
        assert lines == _canonical(e, GRAPH + "file/extra")
    assert ok(vcli("drop", "file/extra")) == "dropped file/extra\n"
    assert "file/extra" not in ok(vcli("graphs"))


def _canonical(store, graph):
    import io

    import rdflib
    from rdflib.compare import to_canonical_graph

    buf = io.BytesIO()
    store.dump(buf, ox.RdfFormat.N_TRIPLES, graph=graph)
    return sorted(to_canonical_graph(rdflib.Graph().parse(data=buf.getvalue().decode(), format="nt"))
                  .serialize(format="nt").splitlines())


def test_show_and_path_match_embedded(vcli, ecli):
    ok(vcli("build"))
    assert ok(vcli("show", "North Korea")) == ok(ecli("show", "North Korea"))
    for args in (["path", "Russia", "North Korea"], ["path", "France", "North Korea", "--format", "json"],
                 ["path", "Russia", "Ukraine", "--directed"], ["path", "Russia", "Ukraine", "--k", "3"]):
        v, e = vcli(*args), ecli(*args)
        assert (v.exit_code, _paths(v.output)) == (e.exit_code, _paths(e.output))


def _paths(text: str) -> list[str]:
    """Paths as a sorted list: equally good paths come in the projection's row order, which is
    the engine's own."""
    blocks = re.split(r"^path \d+: ", text, flags=re.M)
    return sorted(blocks)


def test_failed_loads_change_nothing(vcli, ecli, virtuoso, tmp_path):
    ok(vcli("build"))
    before = ok(vcli("graphs"))
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> \"open .\n")
    v, e = vcli("load", bad), ecli("load", bad)
    assert (v.exit_code, v.output) == (1, e.output)
    assert v.output.startswith(f"error: malformed Turtle in {bad} at line 2, column ")
    assert ok(vcli("graphs")) == before
    # data the server refuses (an RDF 1.2 triple term): its message is shown, nothing changes
    refused = tmp_path / "refused.nt"
    refused.write_text("<urn:a> <urn:b> <<( <urn:x> <urn:y> <urn:z> )>> .\n")
    out = vcli("load", refused, "--graph", "curated")
    assert out.exit_code == 1
    assert re.fullmatch(r"error: the SPARQL endpoint answered HTTP 500 Request Failed: The PUT request for graph "
                        r"<https://w3id.org/geokg/graph/_staging/\w+> is rejected: .+ while loading "
                        + re.escape(str(refused)) + r"; curated was left as it was\n", out.output), out.output
    assert ok(vcli("graphs")) == before
    with RemoteStore(virtuoso.url) as s:
        assert not [g for g in s.graphs(include_internal=True) if "/_" in g]


def test_query_errors_are_one_line(vcli):
    out = vcli("query", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?x = ) }")
    assert (out.exit_code, out.output) == (1, "error: invalid SPARQL at line 3: syntax error at ')' before '}'\n")
    out = vcli("query", "--format", "json", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:nothing> { ?s ?p ?o } }")
    assert json.loads(out.output)["results"]["bindings"][0]["n"]["value"] == "0"
