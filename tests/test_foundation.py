"""The foundation: build, load, drop, graphs, query, queries, show, stats, validate."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import ROOT, shared_path

NK_TTL = """@prefix gkg: <https://w3id.org/geokg/ontology#> .
@prefix actor: <https://w3id.org/geokg/actor/> .
@prefix stmt: <https://w3id.org/geokg/statement/> .
stmt:t1 a gkg:Statement ; gkg:subject actor:FRA ; gkg:relation gkg:supports ; gkg:object actor:UKR ;
    gkg:negated false ; gkg:status "curated" ; gkg:confidence 0.8 ; gkg:source <https://example.org/src> .
<https://example.org/src> a gkg:Source ; <http://purl.org/dc/terms/title> "A test source" .
actor:FRA gkg:supports actor:UKR .
"""


def dump(location: str) -> list[str]:
    """A canonical dump of the store: sorted N-Quads lines."""
    from graph.store import open_store
    from graph.store.canonical import canonical_lines

    with open_store(location) as s:
        return canonical_lines(s)


# --- build --------------------------------------------------------------------------


def test_build_is_idempotent(cli, store_location):
    first = cli("build")
    assert first.exit_code == 0, first.output
    assert re.search(r"^curated: \d+ triples$", first.output, re.M)
    before = dump(store_location)
    again = cli("build")
    assert again.exit_code == 0
    assert dump(store_location) == before


def test_graphs_lists_one_graph_per_origin(built_cli):
    out = built_cli("graphs", "--format", "json")
    names = {g["graph"] for g in json.loads(out.output)}
    assert {"ontology", "reference", "curated"} <= names


def test_every_relation_has_labels_in_both_languages():
    table = shared_path("spec", "relations.md").read_text(encoding="utf-8")
    names = re.findall(r"^\| (\w+)(?: \(sym\))? \|", table, re.M)
    names = [n for n in names if n != "local"]
    assert len(names) >= 23
    from graph.vocab import relations

    rels = relations()
    for name in names:
        assert name in rels, name
        assert rels[name].label_en.strip(), name
        assert rels[name].label_fr and rels[name].label_fr != rels[name].label_en, name
    assert rels["cooperatesWith"].symmetric and not rels["recognizes"].symmetric
    assert rels["suppliesArmsTo"].inverse_of == "buysArmsFrom"
    assert rels["buysArmsFrom"].inverse_of == "suppliesArmsTo"
    assert rels["invades"].polarity == "-" and rels["recognizes"].polarity == "+"
    assert rels["recognizes"].cameo == "054"


def test_reference_states_have_codes_and_short_names(open_built):
    s = open_built()
    rows = s.select("SELECT (COUNT(?s) AS ?n) WHERE { ?s a gkg:State ; gkg:iso3 ?c }")
    assert int(rows[0]["n"].value) >= 190
    rows = s.select("SELECT ?l WHERE { actor:KOR rdfs:label ?l FILTER(LANG(?l) = 'en') }")
    assert [r["l"].value for r in rows] == ["South Korea"]
    rows = s.select("SELECT ?l WHERE { actor:RUS rdfs:label ?l FILTER(LANG(?l) = 'fr') }")
    assert [r["l"].value for r in rows] == ["Russie"]


def test_donetsk_is_not_an_alias_of_ukraine(open_built):
    from graph.actors import ActorIndex

    index = ActorIndex.from_store(open_built())
    dpr = index.resolve("Donetsk People's Republic")
    assert dpr.kind == "Territory"
    assert index.resolve("Donetsk").iri == dpr.iri
    assert index.resolve("Ukraine").iri.endswith("/UKR")
    assert "Donetsk" not in index.resolve("Ukraine").names


# --- query ------------------------------------------------------------------------


def test_query_csv_finds_russia_as_buyer(built_cli):
    out = built_cli("query", "--format", "csv",
                    'SELECT ?s WHERE { ?s gkg:buysArmsFrom ?o . ?o rdfs:label "North Korea"@en }')
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["s", "https://w3id.org/geokg/actor/RUS"]


def test_query_json_is_w3c_results(built_cli):
    out = built_cli("query", "--format", "json", "SELECT ?l WHERE { actor:JPN rdfs:label ?l } ORDER BY ?l")
    data = json.loads(out.output)
    assert data["head"]["vars"] == ["l"]
    langs = {b["l"]["xml:lang"] for b in data["results"]["bindings"]}
    assert {"en", "fr"} <= langs


def test_query_table_tsv_ask_construct(built_cli):
    table = built_cli("query", "SELECT ?iso WHERE { actor:PRK gkg:iso2 ?iso }")
    assert "KP" in table.output and "(1 row)" in table.output
    tsv = built_cli("query", "--format", "tsv", "SELECT ?iso WHERE { actor:PRK gkg:iso2 ?iso }")
    assert tsv.output.splitlines() == ["?iso", '"KP"']
    ask = built_cli("query", "ASK { actor:RUS gkg:buysArmsFrom actor:PRK }")
    assert ask.output.strip() == "true"
    ttl = built_cli("query", "CONSTRUCT { actor:RUS ?p ?o } WHERE { actor:RUS ?p ?o FILTER(?p = gkg:iso3) }")
    assert ttl.exit_code == 0
    triples = list(ox.parse(ttl.output.encode(), format=ox.RdfFormat.TURTLE))
    assert [t.object.value for t in triples] == ["RUS"]


def test_query_from_file_and_stdin_and_bind(built_cli, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT DISTINCT ?iso WHERE { ?a gkg:iso3 ?iso ; rdfs:label ?name }")
    out = built_cli("query", "-f", q, "--format", "csv", "--bind", "name=Japan@en".replace("@en", ""))
    assert out.output.splitlines() == ["iso"]  # a plain literal does not match a tagged label
    out = built_cli("query", "-f", q, "--format", "csv", "--bind", "a=actor:JPN")
    assert out.output.splitlines() == ["iso", "JPN"]
    out = built_cli("query", "-", "--format", "csv", input="SELECT ?iso WHERE { actor:CHN gkg:iso3 ?iso }")
    assert out.output.splitlines() == ["iso", "CHN"]


def test_named_queries_are_listed_and_run(built_cli):
    listing = built_cli("queries")
    assert listing.exit_code == 0
    names = [line.split()[0] for line in listing.output.splitlines() if line and not line.startswith(" ")]
    assert len(names) >= 5
    for name in names:
        out = built_cli("query", "--name", name, "--format", "json")
        assert out.exit_code == 0, (name, out.output)
        json.loads(out.output)


def test_recognition_query_shows_china_negated(built_cli):
    listing = built_cli("queries").output
    name = next(line.split()[0] for line in listing.splitlines() if "recogni" in line.split()[0])
    out = built_cli("query", "--format", "json", "--name", name)
    rows = json.loads(out.output)["results"]["bindings"]
    china = [r for r in rows if any(v["value"].endswith("/CHN") for v in r.values())]
    assert len(china) == 2
    for r in china:
        negated = next(v for k, v in r.items() if k.lower().startswith("negated"))
        assert negated["value"] == "true"
    nk = [r for r in rows if any(v["value"].endswith("/PRK") for v in r.values())]
    assert nk and all(next(v for k, v in r.items() if k.lower().startswith("negated"))["value"] == "false" for r in nk)


def test_update_needs_flag_and_leaves_store_unchanged(built_cli, built_location):
    before = dump(built_location)
    update = "INSERT DATA { GRAPH <urn:x> { actor:FRA gkg:invades actor:DEU } }"
    refused = built_cli("query", update)
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "error: this is a SPARQL UPDATE; geokg query is read-only unless --update is given")
    assert dump(built_location) == before
    done = built_cli("query", "--update", update)
    assert done.exit_code == 0 and "update done" in done.output
    assert built_cli("query", "ASK { actor:FRA gkg:invades actor:DEU }").output.strip() == "true"


def test_network_operations_are_refused(built_cli):
    out = built_cli("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert out.exit_code == 1
    assert "SERVICE makes the store fetch from the network" in out.stderr
    out = built_cli("query", "--update", "LOAD <http://example.org/data.ttl>")
    assert out.exit_code == 1 and "LOAD makes the store fetch" in out.stderr


def test_invalid_sparql_names_line_and_column(built_cli):
    out = built_cli("query", "SELECT ?s\nWHERE { ?s ?p }")
    assert out.exit_code == 1
    assert re.fullmatch(r"error: invalid SPARQL at line 2, column \d+: .+\n", out.stderr)


# --- load / drop ----------------------------------------------------------------------


def _in_dataset(g):
    import rdflib

    ds = rdflib.Dataset()
    named = ds.graph(rdflib.URIRef("https://example.org/g"))
    for t in g:
        named.add(t)
    return ds


FORMATS = {
    "data.ttl": lambda g: g.serialize(format="turtle"),
    "data.nt": lambda g: g.serialize(format="nt"),
    "data.nq": lambda g: _in_dataset(g).serialize(format="nquads"),
    "data.trig": lambda g: _in_dataset(g).serialize(format="trig"),
    "data.jsonld": lambda g: g.serialize(format="json-ld"),
    "data.rdf": lambda g: g.serialize(format="xml"),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_load_every_format_and_reload_is_stable(cli, store_location, tmp_path, name):
    import rdflib

    g = rdflib.Graph().parse(data=NK_TTL, format="turtle")
    f = tmp_path / name
    f.write_text(FORMATS[name](g), encoding="utf-8")
    first = cli("load", f)
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"{f}: {len(g)} triples into file/data"
    before = dump(store_location)
    assert cli("load", f).exit_code == 0
    assert dump(store_location) == before


def test_load_into_named_graph_then_drop(cli, tmp_path):
    f = tmp_path / "x.ttl"
    f.write_text(NK_TTL)
    assert cli("load", f, "--graph", "mine").exit_code == 0
    assert "mine" in cli("graphs").output
    out = cli("drop", "mine")
    assert out.exit_code == 0 and out.output.strip() == "dropped mine"
    assert "mine" not in cli("graphs").output
    missing = cli("drop", "mine")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == "error: no graph named 'mine'; `geokg graphs` lists them"


def test_malformed_rdf_names_file_and_line_and_changes_nothing(built_cli, built_location, tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(NK_TTL)
    assert built_cli("load", good).exit_code == 0
    before = dump(built_location)
    bad = tmp_path / "good.ttl"  # the same graph: a failed reload must keep the old content
    bad.write_text(NK_TTL + "actor:FRA gkg:supports [ ;\n")
    out = built_cli("load", bad)
    assert out.exit_code == 1
    assert re.fullmatch(rf"error: malformed Turtle in {re.escape(str(bad))} at line 8, column \d+: .+\n", out.stderr)
    assert dump(built_location) == before


def test_load_refuses_unknown_format_missing_file_and_directory(built_cli, built_location, tmp_path):
    before = dump(built_location)
    f = tmp_path / "data.xyz"
    f.write_text("x")
    out = built_cli("load", f)
    assert out.exit_code == 1
    assert out.stderr.strip() == f"error: {f}: cannot tell the RDF format from the extension .xyz; pass --format"
    out = built_cli("load", f, "--format", "yaml")
    assert out.exit_code == 1 and out.stderr.startswith("error: unknown format 'yaml'; use one of ")
    out = built_cli("load", tmp_path / "nope.ttl")
    assert out.exit_code == 1 and out.stderr.strip() == f"error: {tmp_path / 'nope.ttl'}: no such file"
    out = built_cli("load", tmp_path)
    assert out.exit_code == 2 or "is a directory" in out.stderr
    assert dump(built_location) == before


# --- show -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pyongyang", "Corée du Nord", "COREE DU NORD", "North Korea", "DPRK", "nord-coréen"])
def test_show_finds_north_korea_by_any_name(built_cli, name):
    out = built_cli("show", name)
    assert out.exit_code == 0, out.output
    assert out.output.startswith("North Korea  (State)")
    assert "North Korea recognizes Donetsk People's Republic" in out.output
    assert "source: Kim Jong Un cultivates closer ties with Vladimir Putin after war in Ukraine" in out.output


def test_show_json_and_french(built_cli):
    data = json.loads(built_cli("show", "Moscou", "--format", "json").output)
    assert data["label"] == "Russia" and data["codes"]["iso3"] == "RUS"
    buy = [s for s in data["statements"] if s["relation"] == "buysArmsFrom"]
    assert buy and buy[0]["attribution"] == "US officials" and buy[0]["source"]["publisher"] == "Financial Times"
    assert built_cli("show", "Japan", "--lang", "fr").output.startswith("Japon")


def test_show_unknown_actor_suggests(built_cli):
    out = built_cli("show", "Coree du Nordd")
    assert out.exit_code == 1
    assert out.stderr.startswith("error: unknown actor 'Coree du Nordd'; did you mean 'North Korea'")


def test_show_name_with_quotes_does_not_alter_the_query(built_cli):
    out = built_cli("show", 'x" } ?s ?p ?o . FILTER(true) #')
    assert out.exit_code == 1 and "unknown actor" in out.stderr


# --- stats / validate -------------------------------------------------------------------


def test_stats(built_cli):
    data = json.loads(built_cli("stats", "--format", "json").output)
    assert data["actors"]["State"] >= 190
    assert data["statements"]["curated (negated)"] == 2
    assert data["relations"]["recognizes"] == 4


def test_validate_passes_after_build_and_fails_on_statement_without_subject(built_cli, built_location, tmp_path):
    ok = built_cli("validate")
    assert ok.exit_code == 0, ok.output + ok.stderr
    assert ok.output.startswith("valid: ")
    bad = tmp_path / "bad.ttl"
    bad.write_text(NK_TTL.replace("gkg:subject actor:FRA ;", ""))
    assert built_cli("load", bad).exit_code == 0
    out = built_cli("validate")
    assert out.exit_code == 1
    assert "subject" in out.stderr and "https://w3id.org/geokg/statement/t1" in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("error: ")


# --- store location ----------------------------------------------------------------------


def test_store_path_that_is_a_file(tmp_path):
    from click.testing import CliRunner

    from graph.cli import cli as app

    f = tmp_path / "afile"
    f.write_text("x")
    out = CliRunner().invoke(app, ["--store", str(f), "graphs"])
    assert out.exit_code == 1
    assert out.stderr.strip() == f"error: store path {f} is a file, not a directory"


@pytest.mark.parametrize("where", ["/proc/geokg-test/store", "/proc/geokg-store"])
def test_unwritable_store_path(where):
    from click.testing import CliRunner

    from graph.cli import cli as app

    out = CliRunner().invoke(app, ["--store", where, "build"])
    assert out.exit_code == 1
    assert out.stderr.startswith("error: ") and ("not writable" in out.stderr or "cannot create" in out.stderr)
    assert "Traceback" not in out.output


def test_env_variable_selects_the_store(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from graph.cli import cli as app

    monkeypatch.setenv("GEOKG_STORE", str(tmp_path / "envstore"))
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    assert (tmp_path / "envstore").is_dir()


# --- the command line itself ---------------------------------------------------------------


def test_every_command_has_help():
    from click.testing import CliRunner

    from graph.cli import COMMANDS, cli as app

    for name in COMMANDS:
        out = CliRunner().invoke(app, [name, "--help"])
        assert out.exit_code == 0, name
        cmd = app.get_command(None, name)
        assert (cmd.help or "").strip(), f"{name} has no help"


def test_help_imports_nothing_heavy():
    code = ("import sys; from graph.cli import cli; "
            "heavy = [m for m in ('pyoxigraph', 'rdflib', 'networkx', 'matplotlib', 'spacy') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_installed_console_script(tmp_path):
    import shutil

    exe = shutil.which("geokg") or str(ROOT / ".venv" / "bin" / "geokg")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == "geokg, version 0.1.0"
    store = tmp_path / "s"
    built = subprocess.run([exe, "--store", str(store), "build"], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    shown = subprocess.run([exe, "--store", str(store), "show", "Pékin"], capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.startswith("China  (State)")
    assert "China does not recognize Donetsk People's Republic" in shown.stdout
