"""`geokg export`: RDF round trips, GraphML/GEXF of the projection, CSV of statements."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import _runner, copy_of_template, shared_path

GDELT_GRAPH = "https://w3id.org/geokg/graph/import/gdelt-events"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers


def rdflib_union(location) -> rdflib.Graph:
    """Every triple of a store (all named graphs), read straight from the engine."""
    import pyoxigraph as ox

    from graph.store import open_store

    g = rdflib.Graph()
    with open_store(str(location)) as s:
        buf = io.BytesIO()
        s.dump(buf, ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=buf.getvalue().decode(), format="nquads")
    for s_, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s_, p, o))
    return g


@pytest.fixture(scope="session")
def _gdelt_template(_built_template, tmp_path_factory) -> Path:
    """The built store with the GDELT sample imported by the CLI, made once per session."""
    path = tmp_path_factory.mktemp("gdelt-template") / "store"
    shutil.copytree(_built_template, path)
    result = _runner(str(path))("import", "gdelt", shared_path("data", "gdelt", "events.csv"))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def built_location(backend, _gdelt_template, tmp_path, request) -> str:
    """In this module the built store also holds the GDELT import (every test exports it)."""
    return copy_of_template(backend, _gdelt_template, tmp_path, request, "built-gdelt")


@pytest.fixture
def with_gdelt(built_cli):
    return built_cli


def test_ttl_round_trip_is_isomorphic(with_gdelt, built_location, cli, store_location, tmp_path):
    out = tmp_path / "all.ttl"
    result = with_gdelt("export", "--format", "ttl", "-o", out)
    assert result.exit_code == 0, result.output
    original = rdflib_union(built_location)
    assert result.output == f"{out}: {len(original)} triples\n"
    loaded = cli("load", out, "--graph", "roundtrip")
    assert loaded.exit_code == 0, loaded.output
    copy = rdflib_union(store_location)
    assert len(copy) == len(original) > 10000
    assert any(isinstance(t, rdflib.BNode) for t in original.objects())  # shapes: the compare must match blank nodes
    assert isomorphic(original, copy)


@pytest.mark.parametrize("fmt,rdflib_format", [("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_quad_formats_keep_named_graphs(with_gdelt, built_location, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"gdelt.{fmt}"
    result = with_gdelt("export", "--format", fmt, "--graph", "import/gdelt-events", "-o", out)
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(out, format=rdflib_format)
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert graphs == {GDELT_GRAPH}
    n = sum(len(c) for c in ds.graphs())
    assert result.output == f"{out}: {n} quads\n"
    from graph.store import open_store

    with open_store(built_location) as s:
        assert n == s.graphs()[GDELT_GRAPH]


def test_gexf_and_graphml_match_the_projection(with_gdelt, built_location, tmp_path):
    import networkx as nx

    from graph.project import Filters, project
    from graph.store import open_store

    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"g.{fmt}"
        result = with_gdelt("export", "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        h = reader(out)
        with open_store(built_location) as s:
            g = project(s)
            arms = project(s, Filters(relations=["suppliesArmsTo"]))
        assert (h.number_of_nodes(), h.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
        assert result.output == f"{out}: {g.number_of_edges()} edges\n"
        u, v, k, data = next((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if len(d["statements"]) > 1)
        got = h.get_edge_data(u, v)
        got = next(d for d in got.values() if d["relation"] == k)
        assert got["statements"] == len(data["statements"])
        assert got["polarity"] == data["polarity"] and got["dates"] == ";".join(data["dates"])
        assert h.nodes[u]["kind"] == g.nodes[u]["kind"]
    out = tmp_path / "arms.gexf"
    assert with_gdelt("export", "--format", "gexf", "--relation", "buysArmsFrom", "-o", out).exit_code == 0
    h = nx.read_gexf(out)
    assert h.number_of_edges() == arms.number_of_edges() > 0
    assert {d["relation"] for *_, d in h.edges(data=True)} == {"buysArmsFrom"}


def test_csv_rows_are_statements(with_gdelt, built_location, tmp_path):
    out = tmp_path / "gdelt.csv"
    result = with_gdelt("export", "--format", "csv", "--graph", "import/gdelt-events", "-o", out)
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert result.output == f"{out}: {len(rows)} statements\n"
    events = {line.split("\t")[0]: line.rstrip("\n").split("\t")
              for line in shared_path("data", "gdelt", "events.csv").read_text(encoding="utf-8").splitlines()}
    assert len(rows) == 573 and {r["graph"] for r in rows} == {"import/gdelt-events"}
    for r in rows:
        f = events[r["identifier"]]
        assert float(r["goldstein"]) == float(f[30]) and r["quad_class"] == f[29] and r["cameo_code"] == f[26]
    r = next(r for r in rows if r["subject"] != r["object"])
    assert r["subject_label"] and r["object_label"] and r["status"] == "curated"


def test_filtered_rdf_export_keeps_whole_statements(built_cli, tmp_path):
    out = tmp_path / "rec.nt"
    result = built_cli("export", "--format", "nt", "--relation", "recognizes", "-o", out)
    assert result.exit_code == 0, result.output
    g = rdflib.Graph().parse(out, format="nt")
    gkg = rdflib.Namespace("https://w3id.org/geokg/ontology#")
    statements = set(g.subjects(rdflib.RDF.type, gkg.Statement))
    assert statements and set(g.objects(None, gkg.relation)) == {gkg.recognizes}
    for st in statements:
        s, o = g.value(st, gkg.subject), g.value(st, gkg.object)
        assert (s, gkg.recognizes, o) in g  # the truthy triple comes along
        src = g.value(st, gkg.source)
        assert src is None or g.value(src, rdflib.URIRef("http://purl.org/dc/terms/title")) is not None


def test_export_errors(built_cli, tmp_path):
    result = built_cli("export", "--format", "ttl", "--graph", "nope")
    assert result.exit_code == 1
    assert result.output == "error: no graph named 'nope'; `geokg graphs` lists them\n"
    result = built_cli("export", "--format", "xlsx")
    assert result.exit_code == 2
    result = built_cli("export", "--format", "ttl", "-o", tmp_path / "missing" / "out.ttl")
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path / 'missing' / 'out.ttl'}: no folder {tmp_path / 'missing'}\n"
    target = tmp_path / "keep.ttl"
    target.write_text("old", encoding="utf-8")
    result = built_cli("export", "--format", "ttl", "--relation", "notARelation", "-o", target)
    assert result.exit_code == 1 and result.output.startswith("error: unknown relation 'notARelation'")
    result = built_cli("export", "--format", "ttl", "--graph", "nope", "-o", target)  # fails once writing began
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "old"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".geokg-export-")]
