"""`geokg import csv|sipri|atop`: mappings, bad rows, COW codes, SIPRI and ATOP in full."""

from __future__ import annotations

import csv
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner

from conftest import shared_path

ACTOR = "https://w3id.org/geokg/actor/"


def run(location, *args):
    from graph.cli import cli

    return CliRunner().invoke(cli, ["--store", str(location), *map(str, args)])


@pytest.fixture(scope="module")
def datasets(_built_template, tmp_path_factory):
    """A built store with SIPRI and ATOP imported once for the module (each takes seconds)."""
    sipri = shared_path("data", "sipri", "sipri-exports-processed.csv")
    atop = shared_path("data", "atop", "atop-alliance-level.csv")
    location = tmp_path_factory.mktemp("datasets") / "store"
    shutil.copytree(_built_template, location)
    out = {"location": location, "sipri": sipri, "atop": atop}
    for name, path in (("sipri", sipri), ("atop", atop)):
        result = run(location, "import", name, path)
        assert result.exit_code == 0, result.output
        out[name + "_output"] = result.output
    return out


def select(location, query, bindings=None):
    from graph.store import open_store

    with open_store(str(location)) as s:
        return s.select(query, bindings)


# --- generic CSV ---------------------------------------------------------------------------

DEALS = """buyer,seller,kind,year,tiv,url
Russia,North Korea,buys arms from,2023,12,https://example.org/a
Russie,PRK,buysArmsFrom,2023-09,3.5,
Iran,Russia,gkg:suppliesArmsTo,2022,,https://example.org/b
"""


def test_csv_with_relation_column_labels_and_codes(built_cli, open_built, tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text(DEALS, encoding="utf-8")
    result = built_cli("import", "csv", p, "--subject", "buyer", "--object", "seller", "--relation-column", "kind",
                       "--date", "year", "--value", "tiv", "--source", "url")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{p}: 3 rows, 3 statements, ")
    assert result.output.rstrip().endswith("triples into import/csv-deals")
    rows = open_built().select("""
        SELECT ?s ?rel ?o ?date ?value ?url WHERE { GRAPH <https://w3id.org/geokg/graph/import/csv-deals> {
          ?st gkg:subject ?s ; gkg:relation ?rel ; gkg:object ?o ; gkg:date ?date ; gkg:source ?src .
          OPTIONAL { ?st gkg:value ?value } OPTIONAL { ?src gkg:url ?url } ?s ?rel ?o } } ORDER BY ?date""")
    got = [(r["s"].value[len(ACTOR):], r["rel"].value.rsplit("#")[1], r["o"].value[len(ACTOR):], r["date"].value,
            r["value"].value if r["value"] else None, r["url"].value if r["url"] else None) for r in rows]
    assert got == [
        ("IRN", "suppliesArmsTo", "RUS", "2022", None, "https://example.org/b"),
        ("RUS", "buysArmsFrom", "PRK", "2023", "12", "https://example.org/a"),
        ("RUS", "buysArmsFrom", "PRK", "2023-09", "3.5", None),
    ]


def test_csv_bad_rows_are_named_and_change_nothing(built_cli, tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("a,b,when\nRussia,North Korea,2023\nRussia,Atlantis,2023\nFrance,Ukraine,last year\n",
                 encoding="utf-8")
    before = built_cli("graphs").output
    result = built_cli("import", "csv", p, "--subject", "a", "--object", "b", "--relation", "supports",
                       "--date", "when")
    assert result.exit_code == 1
    assert result.output == ("error: bad.csv, line 3: unknown actor 'Atlantis' (2 bad rows; fix them or pass "
                             "--skip-bad)\n")
    assert built_cli("graphs").output == before
    result = built_cli("import", "csv", p, "--subject", "a", "--object", "b", "--relation", "supports",
                       "--date", "when", "--skip-bad")
    assert result.exit_code == 0
    assert ("  bad rows skipped: 2 (line 3: unknown actor 'Atlantis'; line 4: invalid date 'last year': "
            "use YYYY, YYYY-MM or YYYY-MM-DD)") in result.output
    result = built_cli("import", "csv", p, "--subject", "a", "--object", "b", "--relation", "supports",
                       "--create-actors", "--graph", "test/atlantis")
    assert result.exit_code == 0, result.output
    assert "  actors created in the graph: 1" in result.output


def test_csv_mapping_file_and_usage_errors(built_cli, built_location, tmp_path):
    data = tmp_path / "alliances.tsv"
    data.write_text("member\tbloc_cow\tname\n2\t200\tUK\n20\tNA\tFrance\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text('subject = "member"\nobject = "bloc_cow"\nobject-label = "name"\nrelation = "cooperatesWith"\n'
                       'codes = "cow"\ndelimiter = "tab"\n', encoding="utf-8")
    result = built_cli("import", "csv", data, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    rows = select(built_location, "SELECT ?s ?o WHERE { GRAPH ?g { ?st gkg:subject ?s ; gkg:object ?o } "
                  "FILTER(STRENDS(STR(?g), 'csv-alliances')) } ORDER BY ?s")
    assert [(r["s"].value[len(ACTOR):], r["o"].value[len(ACTOR):]) for r in rows] == [("CAN", "FRA"), ("USA", "GBR")]

    result = built_cli("import", "csv", data, "--subject", "member")
    assert result.exit_code == 2
    assert result.output == ("error: give --subject and --object columns, or a --mapping file "
                             "(see 'cli import csv --help')\n")
    result = built_cli("import", "csv", data, "--subject", "member", "--object", "name")
    assert result.exit_code == 2
    assert result.output == ("error: give --relation NAME or --relation-column COL (one of them) "
                             "(see 'cli import csv --help')\n")
    result = built_cli("import", "csv", data, "--subject", "nope", "--object", "name", "--relation", "supports",
                       "--delimiter", "tab")
    assert result.exit_code == 1
    assert result.output == "error: alliances.tsv, line 1: no column 'nope' (columns: member, bloc_cow, name)\n"
    mapping.write_text('subject = "member"\nobjet = "x"\n', encoding="utf-8")
    result = built_cli("import", "csv", data, "--mapping", mapping)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {mapping}: unknown key 'objet'; keys are ")


# --- SIPRI ---------------------------------------------------------------------------------

def test_sipri_loads_every_row_with_its_tiv(datasets):
    with open(datasets["sipri"], encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 21324
    first = datasets["sipri_output"].splitlines()[0]
    assert first.startswith(f"{datasets['sipri']}: 21324 rows, 21324 statements, ")
    assert first.endswith(" triples into import/sipri")
    got = select(datasets["location"], """
        SELECT ?year ?value WHERE { GRAPH <https://w3id.org/geokg/graph/import/sipri> {
          ?st gkg:relation gkg:suppliesArmsTo ; gkg:date ?year ; gkg:value ?value ; gkg:status "curated" } }""")
    assert len(got) == 21324
    assert Counter((r["year"].value, float(r["value"].value)) for r in got) == \
        Counter((r["year"], float(r["value"])) for r in rows)


def test_sipri_resolves_cow_codes_and_marked_parties(datasets):
    loc = datasets["location"]
    usa_iran = select(loc, """SELECT ?year ?v WHERE { ?st gkg:subject actor:USA ; gkg:relation gkg:suppliesArmsTo ;
                             gkg:object actor:IRN ; gkg:date ?year ; gkg:value ?v . actor:USA gkg:suppliesArmsTo actor:IRN }""")
    assert {r["year"].value for r in usa_iran} >= {"1970", "1978"}
    # USSR (COW 365) leads to Russia; SIPRI's '*' parties are never the state of their COW code
    ussr = select(loc, "SELECT (COUNT(*) AS ?n) WHERE { ?st gkg:subject actor:RUS ; gkg:object actor:CUB ; gkg:date ?y "
                       "FILTER(?y < '1991'^^xsd:gYear) }")
    assert int(ussr[0]["n"].value) > 20
    kinds = {r["a"].value[len(ACTOR):]: r["k"].value.rsplit("#")[1] for r in select(loc, """
        SELECT ?a ?k WHERE { GRAPH <https://w3id.org/geokg/graph/import/sipri> { ?a a ?k } FILTER(?k != gkg:Statement && ?k != gkg:Source) }""")}
    assert kinds["sipri-mujahedin-afghanistan"] == "ArmedGroup"
    assert kinds["sipri-african-union"] == "IntergovernmentalOrganization"
    assert "sipri-nato" not in kinds  # NATO** is the reference's NATO
    nato = select(loc, "SELECT (COUNT(*) AS ?n) WHERE { ?st gkg:object actor:nato ; gkg:relation gkg:suppliesArmsTo }")
    assert int(nato[0]["n"].value) == 32


def test_sipri_path_through_the_arms_trade(datasets):
    from graph.cli import COMMANDS

    if "path" not in COMMANDS:
        pytest.skip("`geokg path` is not registered yet")
    result = run(datasets["location"], "path", "United States", "Iran", "--relation", "suppliesArmsTo")
    assert result.exit_code == 0, result.output
    assert "Iran" in result.output and "United States" in result.output


# --- ATOP ----------------------------------------------------------------------------------

def test_atop_nato_has_its_30_members(datasets):
    with open(datasets["atop"], encoding="utf-8") as f:
        nato_row = next(r for r in csv.DictReader(f) if r["atopid"] == "3180")
    codes = [nato_row[f"mem{i}"] for i in range(1, 60) if nato_row[f"mem{i}"]]
    assert len(codes) == 30
    cow = {r["c"].value: r["a"].value for r in select(datasets["location"], "SELECT ?a ?c WHERE { ?a gkg:cowCode ?c }")}
    rows = select(datasets["location"], """
        SELECT ?m ?from ?until ?comment (GROUP_CONCAT(?ob; separator=" ") AS ?obs) WHERE {
          ?st gkg:relation gkg:memberOf ; gkg:object actor:nato ; gkg:subject ?m ; gkg:validFrom ?from ;
              rdfs:comment ?comment ; gkg:obligation ?ob .
          OPTIONAL { ?st gkg:validUntil ?until }
          ?m gkg:memberOf actor:nato } GROUP BY ?m ?from ?until ?comment""")
    assert len(rows) == 30
    assert sorted(r["comment"].value.rsplit(" ", 1)[1] for r in rows) == sorted(codes)
    assert {r["m"].value for r in rows} == {cow[c] for c in codes}  # 255 and 260 are both Germany
    assert {r["from"].value for r in rows} == {"1949-04-04"} and all(r["until"] is None for r in rows)
    assert {" ".join(sorted(r["obs"].value.split())) for r in rows} == {"consultation defense non-aggression"}


def test_atop_alliances_are_actors(datasets):
    out = datasets["atop_output"].splitlines()
    assert out[0].startswith(f"{datasets['atop']}: 745 rows, ")
    assert "  alliances: 745" in out
    assert "  codes matching no reference actor: 730 (1), 8152 (1)" in out
    rows = select(datasets["location"], """
        SELECT ?label (COUNT(?st) AS ?n) WHERE { actor:atop-1005 a gkg:Alliance ; rdfs:label ?label .
          ?st gkg:object actor:atop-1005 ; gkg:relation gkg:memberOf . FILTER(LANG(?label) = "en") } GROUP BY ?label""")
    assert [(r["label"].value, int(r["n"].value)) for r in rows] == [("ATOP alliance 1005 (1815)", 6)]
    rows = select(datasets["location"], "SELECT ?a WHERE { ?a skos:altLabel 'ATOP 3180'@en }")
    assert [r["a"].value for r in rows] == [ACTOR + "nato"]


def test_atop_bad_file_is_refused(built_cli, tmp_path):
    p = tmp_path / "not-atop.csv"
    p.write_text("atopid,year\n1,1900\n", encoding="utf-8")
    result = built_cli("import", "atop", p)
    assert result.exit_code == 1
    assert result.output == ("error: not-atop.csv, line 1: no column 'begyr'; is this the ATOP alliance-level "
                             "file?\n")
