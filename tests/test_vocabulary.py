"""A vocabulary you can discover: `geokg relations`, "did you mean" for commands, relations and
SPARQL terms, and an example in every command's --help."""

from __future__ import annotations

import csv
import io
import json

import click
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import ROOT


def run(*args, store=None):
    from graph.cli import cli as app

    return CliRunner().invoke(app, [*(["--store", str(store)] if store else []), *map(str, args)], prog_name="geokg")


def _walk(command: click.Command, path: tuple[str, ...] = ()):
    """(path, command) for a command and, for groups, every subcommand, depth first."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _walk(command.get_command(ctx, name), path + (name,))


def _every_command():
    from graph.cli import cli as app

    return list(_walk(app))


def test_the_walk_reaches_every_registered_command_and_subcommand():
    from graph.cli import COMMANDS

    paths = {" ".join(p) for p, _ in _every_command()}
    assert set(COMMANDS) <= paths
    assert {"import gdelt", "import sipri", "import atop", "import csv", "review accept", "review reject",
            "relations"} <= paths


@pytest.mark.parametrize("path", [p for p, _ in _every_command()], ids=lambda p: " ".join(p) or "geokg")
def test_every_command_has_an_example_in_its_help(path):
    res = run(*path, "--help")
    assert res.exit_code == 0, res.output
    assert "  Examples:\n" in res.output, f"geokg {' '.join(path)} --help has no Examples"
    block = res.output.split("  Examples:\n", 1)[1].split("\n\n", 1)[0]
    own = " ".join(("geokg",) + path)
    assert any(line.strip().startswith(own) for line in block.splitlines()), block


def test_query_help_has_an_example_with_bind():
    res = run("query", "--help")
    block = res.output.split("Examples:\n", 1)[1]
    assert "geokg query 'SELECT ?o WHERE { ?a gkg:recognizes ?o }' --bind a=actor:PRK" in block


# --- geokg relations ---------------------------------------------------------------------------

def _ontology_relations() -> set[str]:
    """The relations of ontology/geokg.ttl, read here with a query of our own."""
    store = ox.Store()
    store.load(path=str(ROOT / "ontology" / "geokg.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query("SELECT ?r WHERE { ?r a <https://w3id.org/geokg/ontology#Relation> }")
    return {row["r"].value.rsplit("#", 1)[1] for row in rows}


def test_relations_table_lists_every_relation_of_the_ontology(tmp_path):
    store = tmp_path / "never-created"
    res = run("relations", store=store)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split() == ["relation", "label", "polarity", "inverse", "of", "symmetric", "CAMEO"]
    names = {line.split()[0] for line in lines[2:-1]}
    assert names == _ontology_relations()
    rows = {line.split("  ")[0]: line for line in lines[2:-1]}
    assert " ".join(rows["buysArmsFrom"].split()) == "buysArmsFrom buys arms from + cooperative suppliesArmsTo 062"
    assert " ".join(rows["suppliesArmsTo"].split()) == "suppliesArmsTo supplies arms to + cooperative buysArmsFrom 062"
    assert " ".join(rows["communicatesWith"].split()) == "communicatesWith communicates with + cooperative yes 04"
    assert lines[-1] == f"({len(names)} relations; use them as --relation NAME or gkg:NAME in SPARQL)"
    assert not store.exists()  # the vocabulary comes from the ontology: no store is opened


def test_relations_csv_in_french():
    res = run("relations", "--format", "csv", "--lang", "fr")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert {r["name"] for r in rows} == _ontology_relations()
    rec = next(r for r in rows if r["name"] == "recognizes")
    assert (rec["label"], rec["polarity"], rec["cameo"], rec["symmetric"], rec["inverse_of"]) == (
        "reconnaît", "+", "054", "false", "")
    assert rec["iri"] == "https://w3id.org/geokg/ontology#recognizes"
    assert next(r for r in rows if r["name"] == "negotiatesWith")["symmetric"] == "true"


def test_relations_json_has_both_languages():
    res = run("relations", "--format", "json")
    assert res.exit_code == 0, res.output
    data = {r["name"]: r for r in json.loads(res.output)}
    assert set(data) == _ontology_relations()
    assert data["buysArmsFrom"]["label"] == {"en": "buys arms from", "fr": "achète des armes à"}
    assert data["suppliesArmsTo"]["inverseOf"] == "buysArmsFrom"
    assert data["cooperatesWith"]["symmetric"] is True and data["cooperatesWith"]["cameo"] == "03/05/06"
    assert data["occupies"]["polarity"] == "-"


def test_relations_bad_format_is_a_usage_error():
    res = run("relations", "--format", "yaml")
    assert res.exit_code == 2
    assert res.stderr.startswith("error: Invalid value for '--format'")


# --- did you mean ------------------------------------------------------------------------------

@pytest.mark.parametrize("args,message", [
    (["pathh", "Russia", "Japan"], "error: No such command 'pathh'; did you mean 'path'? (see 'geokg --help')\n"),
    (["relation"], "error: No such command 'relation'; did you mean 'relations'? (see 'geokg --help')\n"),
    (["frobnicate"], "error: No such command 'frobnicate' (see 'geokg --help')\n"),
    (["import", "sipr", "x.csv"], "error: No such command 'sipr'; did you mean 'sipri'? (see 'geokg import --help')\n"),
    (["review", "acept", "0123456789abcdef"],
     "error: No such command 'acept'; did you mean 'accept'? (see 'geokg review --help')\n"),
])
def test_unknown_command_suggests_the_nearest(tmp_path, args, message):
    res = run(*args, store=tmp_path / "store")
    assert (res.exit_code, res.stderr, res.stdout) == (2, message, "")


@pytest.mark.parametrize("args,message", [
    (["path", "Russia", "Japan", "--relation", "allyOf"],
     "error: unknown relation 'allyOf'; did you mean partOf? (`geokg relations` lists them all)\n"),
    (["neighbors", "Russia", "--relation", "buysArmFrom"],
     "error: unknown relation 'buysArmFrom'; did you mean buysArmsFrom? (`geokg relations` lists them all)\n"),
    (["rank", "--relation", "buys arms from"],
     "error: unknown relation 'buys arms from'; did you mean buysArmsFrom? (`geokg relations` lists them all)\n"),
    (["blocs", "--relation", "befriends"], "error: unknown relation 'befriends' (`geokg relations` lists them all)\n"),
    (["export", "--format", "csv", "--relation", "alliedWith"],
     "error: unknown relation 'alliedWith'; did you mean affiliatedWith? (`geokg relations` lists them all)\n"),
])
def test_unknown_relation_names_the_nearest_and_the_list(tmp_path, args, message):
    res = run(*args, store=tmp_path / "store")
    assert (res.exit_code, res.stderr, res.stdout) == (1, message, "")


def test_unknown_relation_exception_is_neutral():
    from graph.errors import NotFoundError, UnknownRelation
    from graph.vocab import relation

    with pytest.raises(UnknownRelation) as e:
        relation("gkg:recognise")
    assert isinstance(e.value, NotFoundError)
    assert (e.value.name, e.value.suggestions) == ("gkg:recognise", ["recognizes"])
    assert str(e.value) == "unknown relation 'gkg:recognise'; did you mean recognizes?"


def test_undefined_terms_of_a_query():
    from graph.terms import undefined_terms

    text = """PREFIX g: <https://w3id.org/geokg/ontology#>
    SELECT * WHERE {
      ?a gkg:buysArmFrom ?b ; <https://w3id.org/geokg/ontology#recognise> ?c ; a g:Stat .
      ?a gkg:buysArmFrom ?d .                                   # gkg:inAComment
      ?s a gkg:Statement ; gkg:relation gkg:recognizes ; gkg:quote "gkg:inAString" .
      ?shape a gkg:StatementShape .
    }"""
    found = [(t.written, t.name, t.suggestion) for t in undefined_terms(text)]
    assert found == [
        ("gkg:buysArmFrom", "buysArmFrom", "gkg:buysArmsFrom"),
        ("<https://w3id.org/geokg/ontology#recognise>", "recognise", "<https://w3id.org/geokg/ontology#recognizes>"),
        ("g:Stat", "Stat", "g:State"),
    ]
    assert undefined_terms("SELECT * { ?a gkg:qwxzzy ?b }")[0].suggestion is None


def test_query_warns_on_a_term_the_ontology_does_not_define_and_still_runs(built_cli):
    res = built_cli("query", "SELECT ?s ?o WHERE { ?s gkg:buysArmFrom ?o }")
    assert res.exit_code == 0, res.output
    assert res.stdout == "s  o\n-  -\n(0 rows)\n"
    assert res.stderr == "warning: gkg:buysArmFrom is not defined by the ontology; did you mean gkg:buysArmsFrom?\n"
    res = built_cli("query", "--format", "csv",
                    "SELECT ?s WHERE { ?s <https://w3id.org/geokg/ontology#buysArmsFrom> ?o }")
    assert (res.exit_code, res.stdout.splitlines(), res.stderr) == (0, ["s", "https://w3id.org/geokg/actor/RUS"], "")


def test_a_term_defined_in_the_store_is_not_warned_about(built_cli, tmp_path):
    ext = tmp_path / "extension.ttl"
    ext.write_text("@prefix gkg: <https://w3id.org/geokg/ontology#> .\n"
                   "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "gkg:tradesWith a owl:ObjectProperty .\n")
    assert built_cli("load", ext).exit_code == 0
    res = built_cli("query", "ASK { ?a gkg:tradesWith ?b }")
    assert (res.exit_code, res.stdout, res.stderr) == (0, "false\n", "")
