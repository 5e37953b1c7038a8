"""`geokg import gdelt`: real GDELT 1.0 rows (57 and 58 columns), 2.0 rows (61), bad rows."""

from __future__ import annotations

import re

import pytest

from conftest import shared_path

GRAPH = "https://w3id.org/geokg/graph/import/gdelt-events"

VALUES_QUERY = """
SELECT ?id ?s ?rel ?o ?date ?cameo ?goldstein ?quad ?mentions ?sources ?articles ?url ?status ?truthy WHERE {
  GRAPH ?g {
    ?st dcterms:identifier ?id ; gkg:subject ?s ; gkg:relation ?rel ; gkg:object ?o ; gkg:date ?date ;
        gkg:cameoCode ?cameo ; gkg:goldstein ?goldstein ; gkg:quadClass ?quad ; gkg:status ?status ;
        gkg:negated false ; gkg:numMentions ?mentions ; gkg:numSources ?sources ; gkg:numArticles ?articles .
    OPTIONAL { ?st gkg:source/gkg:url ?url }
    BIND(EXISTS { ?s ?rel ?o } AS ?truthy)
  }
}
"""


def gdelt_rows():
    path = shared_path("data", "gdelt", "events.csv")
    return path, [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def iso3_table(store) -> dict[str, str]:
    return {r["c"].value: r["a"].value for r in store.select("SELECT ?a ?c WHERE { ?a gkg:iso3 ?c }")}


def test_gdelt_rows_keep_goldstein_quadclass_and_counts(built_cli, open_built):
    path, rows = gdelt_rows()
    result = built_cli("import", "gdelt", path)
    assert result.exit_code == 0, result.output
    s = open_built()
    iso3 = iso3_table(s)
    # what the file says, worked out here from the raw columns
    expected, pairs, one, none = {}, 0, 0, 0
    for f in rows:
        a1, a2 = iso3.get(f[7]), iso3.get(f[17])
        if not (a1 or a2):
            none += 1
            continue
        if a1 and a2 and a1 != a2:
            pairs += 1
        else:
            one += 1
        expected[f[0]] = f
    assert result.output.splitlines()[0] == (
        f"{path}: 710 rows, {pairs + one} statements, {result.output.split(', ')[2].split()[0]} triples "
        "into import/gdelt-events")
    assert f"  state-to-state events: {pairs}" in result.output
    assert f"  one-actor events (kept with object = subject): {one}" in result.output
    assert f"  rows without a state actor (not imported): {none}" in result.output
    assert pairs == 125 and none > 0

    got = {r["id"].value: r for r in s.select(VALUES_QUERY)}
    assert set(got) == set(expected)
    for event_id, f in expected.items():
        r = got[event_id]
        assert float(r["goldstein"].value) == float(f[30]), event_id
        assert int(r["quad"].value) == int(f[29]), event_id
        assert r["cameo"].value == f[26]
        assert r["date"].value == f"{f[1][:4]}-{f[1][4:6]}-{f[1][6:]}"
        assert (int(r["mentions"].value), int(r["sources"].value), int(r["articles"].value)) == \
            (int(f[31]), int(f[32]), int(f[33]))
        # 58 columns: the row's SOURCEURL; 57: the file's source (the GDELT project)
        assert r["url"].value == (f[57] if len(f) == 58 else "https://www.gdeltproject.org/")
        assert r["status"].value == "curated" and r["truthy"].value == "true"
        a1, a2 = iso3.get(f[7]), iso3.get(f[17])
        if a1 and a2 and a1 != a2:
            assert (r["s"].value, r["o"].value) == (a1, a2)
        else:
            assert r["s"].value == r["o"].value == (a1 or a2)


def test_gdelt_event_codes_become_relations(built_cli, open_built):
    path, rows = gdelt_rows()
    assert built_cli("import", "gdelt", path).exit_code == 0
    s = open_built()
    rel = {r["id"].value: r["rel"].value.rsplit("#", 1)[1] for r in s.select(VALUES_QUERY)}
    by_code = {f[0]: f[26] for f in rows}
    for event_id, name in rel.items():
        code = by_code[event_id]
        if code.startswith("13"):
            assert name == "threatens", code
        elif code.startswith("163"):
            assert name == "sanctions", code
        elif code == "112":
            assert name == "accuses"
        elif code.startswith("19"):
            assert name in ("invades", "occupies")
        elif code[:2] in ("07", "08", "09", "10", "14", "15", "17", "18", "20") or code[:3] in ("010", "011", "012"):
            assert name == "interactsWith", code
    assert "interactsWith" in rel.values() and "threatens" in rel.values()


def test_gdelt_reimport_gives_the_same_graph(built_cli, open_built, built_location):
    from graph.export import store_quads
    from graph.store import open_store

    path, _ = gdelt_rows()
    assert built_cli("import", "gdelt", path).exit_code == 0
    with open_store(built_location) as s:
        first = sorted(str(q) for q in store_quads(s, [GRAPH]))
    again = built_cli("import", "gdelt", path)
    assert again.exit_code == 0
    with open_store(built_location) as s:
        assert sorted(str(q) for q in store_quads(s, [GRAPH])) == first
        assert len(first) > 5000


def _row(event_id: str, a1: str, a2: str, code: str = "0612", quad: str = "2", goldstein: str = "6.4",
         width: int = 58) -> str:
    f = [event_id, "20220906", "202209", "2022", "2022.68", a1, a1, a1] + [""] * 7 + [a2, a2, a2] + [""] * 7
    f += ["1", code, code[:3], code[:2], quad, goldstein, "4", "2", "4", "1.5"]
    f += [""] * (width - len(f))
    if width in (58, 61):
        f[-1] = f"https://example.org/{event_id}"
    assert len(f) == width
    return "\t".join(f)


def test_gdelt_2_rows_and_one_actor_events(built_cli, open_built, tmp_path):
    p = tmp_path / "20220906.export.CSV"
    p.write_text("\n".join([_row("1", "RUS", "PRK", width=61), _row("2", "USA", "", code="010", quad="1",
                                                                         goldstein="0.0", width=61),
                            _row("3", "EUR", "AFR", width=61)]) + "\n", encoding="utf-8")
    result = built_cli("import", "gdelt", p)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{p}: 3 rows, 2 statements, {result.output.split(', ')[2].split()[0]} triples into import/gdelt-20220906-export",
        "  state-to-state events: 1",
        "  one-actor events (kept with object = subject): 1",
        "  rows without a state actor (not imported): 1",
        "  codes matching no reference actor: AFR (1), EUR (1)",
    ]
    s = open_built()
    rows = {r["id"].value: r for r in s.select(VALUES_QUERY)}
    assert rows["1"]["rel"].value.endswith("#cooperatesWith")
    assert rows["1"]["url"].value == "https://example.org/1"
    assert rows["2"]["s"].value == rows["2"]["o"].value == "https://w3id.org/geokg/actor/USA"
    assert rows["2"]["rel"].value.endswith("#interactsWith")
    assert float(rows["2"]["goldstein"].value) == 0.0


def test_gdelt_bad_row_changes_nothing(built_cli, open_built, tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("\n".join([_row("1", "RUS", "PRK"), _row("2", "USA", "CHN"), _row("3", "USA", "IRN", goldstein="abc"),
                            _row("4", "USA", "IRN", width=40)]) + "\n", encoding="utf-8")
    before = built_cli("graphs").output
    result = built_cli("import", "gdelt", p)
    assert result.exit_code == 1
    assert result.output == ("error: bad.csv, line 3: GoldsteinScale 'abc' is not a number "
                             "(2 bad rows; fix them or pass --skip-bad)\n")
    assert built_cli("graphs").output == before

    result = built_cli("import", "gdelt", p, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "2 statements" in result.output.splitlines()[0]
    assert ("  bad rows skipped: 2 (line 3: GoldsteinScale 'abc' is not a number; line 4: 40 columns; "
            "GDELT rows have 57 or 58 (1.0) or 61 (2.0), tab-separated)") in result.output
    assert "import/gdelt-bad" in built_cli("graphs").output


@pytest.mark.parametrize("field,value,message", [
    (1, "20221345", "SQLDATE '20221345' is not a date YYYYMMDD"),
    (29, "7", "QuadClass 7 is not 1, 2, 3 or 4"),
    (30, "12.5", "GoldsteinScale 12.5 is outside [-10, 10]"),
    (26, "x1", "EventCode 'x1' is not a CAMEO code"),
])
def test_gdelt_bad_values_are_named(built_cli, tmp_path, field, value, message):
    f = _row("9", "RUS", "UKR").split("\t")
    f[field] = value
    p = tmp_path / "one.tsv"
    p.write_text("\t".join(f) + "\n", encoding="utf-8")
    result = built_cli("import", "gdelt", p)
    assert result.exit_code == 1
    assert result.output == f"error: one.tsv, line 1: {message} (1 bad row; fix them or pass --skip-bad)\n"


def test_gdelt_missing_file_and_unbuilt_store(built_cli, cli, tmp_path):
    result = built_cli("import", "gdelt", tmp_path / "nope.csv")
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path / 'nope.csv'}: no such file\n"
    p = tmp_path / "ev.csv"
    p.write_text(_row("1", "RUS", "PRK") + "\n", encoding="utf-8")
    result = cli("import", "gdelt", p)  # an empty store has no reference states
    assert result.exit_code == 1
    assert result.output == "error: no actor in the store has a gkg:iso3 code; run `geokg build` first\n"


def test_cameo_table_follows_the_ontology():
    from graph.importers.cameo import relation_for
    from graph.vocab import relations

    assert [relation_for(c) for c in ("054", "0541", "163", "111", "112", "130", "1385", "190", "192", "195")] == [
        "recognizes", "recognizes", "sanctions", "criticizes", "accuses", "threatens", "threatens", "invades",
        "occupies", "invades"]
    assert relation_for("0834") == relation_for("20") == "interactsWith"
    for rel in relations().values():  # a code claimed by one relation only leads to it
        codes = [c for c in (rel.cameo or "").split("/") if c]
        for code in codes:
            owners = [r.name for r in relations().values() if code in (r.cameo or "").split("/")]
            if owners == [rel.name]:
                assert relation_for(code) == rel.name, code
    assert re.fullmatch(r"\w+", relation_for("062"))


def test_paths_cross_imported_events(built_cli, built_location):
    """The projection sees imported state-to-state events: a two-hop path made only of them."""
    from graph.paths import connect
    from graph.project import Filters
    from graph.store import open_store

    path, _ = gdelt_rows()
    assert built_cli("import", "gdelt", path).exit_code == 0
    only_gdelt = Filters(graphs=["import/gdelt-events"])
    with open_store(built_location) as s:
        from graph.project import project

        g = project(s, only_gdelt)
        pairs = {frozenset((u, v)) for u, v in g.edges() if u != v}
        hub = {}
        for p in pairs:
            for x in p:
                hub.setdefault(x, set()).update(p - {x})
        # two actors with a common neighbour and no event between them
        a, c = next((a, c) for b, ns in sorted(hub.items()) for a in sorted(ns) for c in sorted(ns)
                    if a < c and frozenset((a, c)) not in pairs)
        result = connect(s, a, c, only_gdelt)
    hops = result.paths[0].hops
    assert len(hops) == 2
    assert all(GRAPH in {st["graph"] for st in h.data["statements"]} for h in hops)
    from graph.cli import COMMANDS

    if "path" in COMMANDS:
        label = {a: g.nodes[a]["label"], c: g.nodes[c]["label"]}
        out = built_cli("path", label[a], label[c], "--graph", "import/gdelt-events")
        assert out.exit_code == 0, out.output
        assert label[a] in out.output and label[c] in out.output
