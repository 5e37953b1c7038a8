"""Inverse and symmetric relations: every answer (path, --directed, neighbors, exports) speaks
the relation the user named, or the statement's own relation, in that relation's direction.

The pairs come from the ontology file itself (owl:inverseOf, owl:SymmetricProperty), so a
relation added there is tested here without a change. Everything runs on both backends
(embedded store and a real Oxigraph server).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, shared_path
from graph.errors import NotFoundError
from graph.statements import Source, Statement, load_statements
from graph.store import open_store
from graph.vocab import ACTOR_NS, GKG_NS, GRAPH_NS, OWL, RDF, RDFS

# --- the pairs, read from ontology/geokg.ttl --------------------------------------------------


def _ontology():
    triples = list(ox.parse(path=str(ROOT / "ontology" / "geokg.ttl"), format=ox.RdfFormat.TURTLE))
    local = lambda t: t.value.removeprefix(GKG_NS)  # noqa: E731
    inverse = sorted({tuple(sorted((local(t.subject), local(t.object)))) for t in triples
                      if t.predicate.value == OWL + "inverseOf"})
    symmetric = sorted(local(t.subject) for t in triples
                       if t.predicate.value == RDF + "type" and t.object.value == OWL + "SymmetricProperty")
    labels = {local(t.subject): t.object.value for t in triples
              if t.predicate.value == RDFS + "label" and getattr(t.object, "language", None) == "en"}
    return inverse, symmetric, labels


INVERSE, SYMMETRIC, LABEL = _ontology()
INVERSE_OF = {a: b for x, y in INVERSE for a, b in ((x, y), (y, x))}
# (stored relation, its inverse) for both sides of every pair
INVERSE_CASES = [(r, INVERSE_OF[r]) for pair in INVERSE for r in pair]


def test_the_ontology_declares_pairs_to_test():
    assert ("buysArmsFrom", "suppliesArmsTo") in INVERSE  # relations.md: suppliesArmsTo inverse of buysArmsFrom
    assert {"cooperatesWith", "communicatesWith", "negotiatesWith", "conductsExercisesWith"} <= set(SYMMETRIC)
    assert all(r in LABEL for pair in INVERSE for r in pair) and all(r in LABEL for r in SYMMETRIC)


# --- a tiny store: two or three actors and a few statements ------------------------------------

Z, A, M = ACTOR_NS + "ZZZ", ACTOR_NS + "AAA", ACTOR_NS + "MMM"  # Z > A: the projection flips symmetric pairs
NAMES = {Z: "Zland", A: "Aland", M: "Mland"}
SRC = Source("test-inverse", title="Test source")
GRAPH = GRAPH_NS + "file/inverse-test"


def _actor_triples():
    for iri, label in NAMES.items():
        s = ox.NamedNode(iri)
        yield ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(GKG_NS + "State"))
        yield ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(label, language="en"))


def _load(location, statements):
    with open_store(location) as s:
        load_statements(s, GRAPH, statements, extra_triples=list(_actor_triples()))


def _one(location, rel):
    """Zland <rel> Aland, dated 2020, with a value of 7.5."""
    _load(location, [Statement(Z, rel, A, source=SRC, date="2020", status="curated", extra={"value": 7.5})])


def _graphml_edges(cli, tmp_path, *args):
    out = tmp_path / "g.graphml"
    r = cli("export", "--format", "graphml", *args, "-o", out)
    assert r.exit_code == 0, r.output
    root = ET.parse(out).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    names = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns) if k.get("for") == "edge"}
    edges = []
    for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge"):
        data = {names[d.get("key")]: d.text for d in e.findall("g:data", ns)}
        edges.append((e.get("id"), e.get("source"), e.get("target"), data))
    return edges


def _csv_rows(cli, tmp_path, *args):
    out = tmp_path / "s.csv"
    r = cli("export", "--format", "csv", *args, "-o", out)
    assert r.exit_code == 0, r.output
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- one statement, either relation of every inverse pair -------------------------------------

@pytest.mark.parametrize("stored,inverse", INVERSE_CASES)
def test_inverse_pair_paths_speak_the_stored_or_named_relation(cli, store_location, stored, inverse):
    _one(store_location, stored)
    said = f"Zland —{LABEL[stored]}→ Aland  [1 source]\n"
    said_inverse = f"Aland —{LABEL[inverse]}→ Zland  [1 source]\n"
    # no --relation: the statement's own relation and direction, whichever end the path starts at
    for a, b in (("Zland", "Aland"), ("Aland", "Zland")):
        assert cli("path", a, b).output == said
        assert cli("path", a, b, "--relation", stored).output == said
        assert cli("path", a, b, "--relation", inverse).output == said_inverse
    # --directed follows the named relation's direction (or the statement's own)
    assert cli("path", "Zland", "Aland", "--directed").output == said
    assert cli("path", "Zland", "Aland", "--directed", "--relation", stored).output == said
    assert cli("path", "Aland", "Zland", "--directed", "--relation", inverse).output == said_inverse
    for args in (("Aland", "Zland"), ("Aland", "Zland", "--relation", stored),
                 ("Zland", "Aland", "--relation", inverse)):
        r = cli("path", *args, "--directed")
        assert r.exit_code == 1, r.output
        assert r.output.startswith(f"error: no path from {args[0]} to {args[1]} (directed"), r.output
    # JSON: the hop as named; each statement as stored
    out = cli("path", "Zland", "Aland", "--relation", inverse, "--format", "json").output
    hop = json.loads(out)["paths"][0]["hops"][0]
    assert (hop["subject"], hop["relation"], hop["object"]) == ("Aland", inverse, "Zland")
    assert [(s["subject"], s["relation"], s["object"]) for s in hop["statements"]] == [("Zland", stored, "Aland")]
    hop = json.loads(cli("path", "Aland", "Zland", "--format", "json").output)["paths"][0]["hops"][0]
    assert (hop["subject"], hop["relation"], hop["object"]) == ("Zland", stored, "Aland")
    # --evidence says how a statement was stored when the hop says it the other way
    lines = cli("path", "Zland", "Aland", "--relation", inverse, "--evidence").output.splitlines()
    assert lines[0] + "\n" == said_inverse and f"stated as: Zland {LABEL[stored]} Aland" in lines[1]


@pytest.mark.parametrize("stored,inverse", INVERSE_CASES)
def test_inverse_pair_neighbors_and_exports(cli, store_location, tmp_path, stored, inverse):
    _one(store_location, stored)
    for actor in ("Aland", "Zland"):
        r = cli("neighbors", actor)
        assert r.output.splitlines()[1:] == [f"{LABEL[stored]} ({stored}):", "  Zland → Aland  [1 source]"]
        r = cli("neighbors", actor, "--relation", inverse)
        assert r.output.splitlines()[1:] == [f"{LABEL[inverse]} ({inverse}):", "  Aland → Zland  [1 source]"]
    n = json.loads(cli("neighbors", "Aland", "--format", "json").output)["neighbors"]
    assert [(x["subject"], x["relation"], x["object"]) for x in n] == [("Zland", stored, "Aland")]
    # GraphML: the stored relation and direction, a unique id, the count, value and dates
    (eid, s, o, data), = _graphml_edges(cli, tmp_path)
    assert (eid, s, o) == (f"ZZZ {stored} AAA", Z, A)
    assert (data["relation"], data["label"]) == (stored, LABEL[stored])
    assert (int(data["statements"]), float(data["value"]), float(data["weight"])) == (1, 7.5, 7.5)
    assert (data["first_date"], data["last_date"]) == ("2020", "2020")
    # the relation the user names, in its direction
    (eid, s, o, data), = _graphml_edges(cli, tmp_path, "--relation", inverse)
    assert (eid, s, o, data["relation"]) == (f"AAA {inverse} ZZZ", A, Z, inverse)
    # GEXF the same
    out = tmp_path / "g.gexf"
    assert cli("export", "--format", "gexf", "-o", out).exit_code == 0
    h = nx.read_gexf(out)
    assert [(u, v, d["relation"]) for u, v, d in h.edges(data=True)] == [(Z, A, stored)]
    # CSV: one statement a row, as stored
    rows = _csv_rows(cli, tmp_path, "--relation", inverse)
    assert [(r["subject"], r["relation"], r["object"], r["value"]) for r in rows] == [(Z, stored, A, "7.5")]


# --- one statement of every symmetric relation ------------------------------------------------

@pytest.mark.parametrize("rel", SYMMETRIC)
def test_symmetric_relations_have_no_direction(cli, store_location, tmp_path, rel):
    _one(store_location, rel)
    line = re.compile(rf"^(Aland|Zland) —{re.escape(LABEL[rel])}— (Aland|Zland)  \[1 source\]$")
    for a, b in (("Zland", "Aland"), ("Aland", "Zland")):
        for extra in ((), ("--directed",), ("--relation", rel, "--directed")):
            out = cli("path", a, b, *extra).output.rstrip("\n")
            m = line.match(out)
            assert m and {m.group(1), m.group(2)} == {"Aland", "Zland"}, out
    hop = json.loads(cli("path", "Zland", "Aland", "--format", "json").output)["paths"][0]["hops"][0]
    assert hop["relation"] == rel and {hop["subject"], hop["object"]} == {"Aland", "Zland"}
    for actor in ("Aland", "Zland"):
        lines = cli("neighbors", actor).output.splitlines()
        assert lines[1] == f"{LABEL[rel]} ({rel}):"
        assert re.match(r"^  (Aland — Zland|Zland — Aland)  \[1 source\]$", lines[2]), lines
    (eid, s, o, data), = _graphml_edges(cli, tmp_path)
    assert {s, o} == {A, Z} and eid == f"{s.removeprefix(ACTOR_NS)} {rel} {o.removeprefix(ACTOR_NS)}"
    assert (data["relation"], data["symmetric"].lower()) == (rel, "true")


# --- any mix of statements: the library's answers -----------------------------------------------

PAIR_RELATIONS = sorted({r for pair in INVERSE for r in pair} | set(SYMMETRIC))
ACTORS = [Z, A, M]
STATEMENTS = st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(PAIR_RELATIONS), st.sampled_from(ACTORS)),
                      min_size=1, max_size=6).map(lambda xs: [x for x in xs if x[0] != x[2]]).filter(bool)
NAMED = st.one_of(st.none(), st.sampled_from([r for pair in INVERSE for r in pair]))


def _as_named(triple, named):
    """The fact a stored triple states, said with relation ``named`` (None: as stored)."""
    s, r, o = triple
    if named is None or r == named:
        return triple
    return (o, named, s) if INVERSE_OF.get(r) == named else None


def _unordered(triple):
    s, r, o = triple
    return (min(s, o), r, max(s, o)) if r in SYMMETRIC else triple


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(triples=STATEMENTS, named=NAMED)
def test_any_mix_of_statements_is_answered_as_stored_or_as_named(store_location, triples, named):
    from graph.export import network_graph
    from graph.neighbors import neighborhood
    from graph.paths import find_paths
    from graph.project import Filters, project
    from graph.readings import readings

    _load(store_location, [Statement(s, r, o, source=SRC, date=str(2000 + i), status="curated")
                           for i, (s, r, o) in enumerate(triples)])
    facts = {_unordered(t) for t in (_as_named(t, named) for t in triples) if t is not None}
    with open_store(store_location) as store:
        G = project(store, Filters(relations=[named] if named else None))
    # every reading is a fact; every statement sits in exactly one reading
    said = [(r, d) for u, v, k, d in G.edges(keys=True, data=True) for r in readings(u, v, d, k)]
    assert {_unordered(r.triple) for r, _ in said} == facts
    assert sorted(st["iri"] for r, _ in said for st in r.statements) == \
        sorted(st["iri"] for *_, d in G.edges(data=True) for st in d["statements"])
    # exports: one edge per fact, unique ids, every statement counted once
    h = network_graph(G)
    assert {_unordered((u, d["relation"], v)) for u, v, d in h.edges(data=True)} == facts
    assert len({k for *_, k in h.edges(keys=True)}) == h.number_of_edges() == len(facts)
    assert sum(d["statements"] for *_, d in h.edges(data=True)) == \
        sum(len(d["statements"]) for *_, d in G.edges(data=True))
    # a one-hop directed path x -> y exists exactly when a fact says x ... y; its hop is that fact
    for x in ACTORS:
        for y in ACTORS:
            if x == y or x not in G or y not in G:
                continue
            direct = {f for f in facts if (f[0], f[2]) == (x, y) or (f[1] in SYMMETRIC and {f[0], f[2]} == {x, y})}
            try:
                hop = find_paths(G, x, y, directed=True, max_hops=1)[0].hops[0]
            except NotFoundError:
                assert not direct
                continue
            assert _unordered((hop.subject, hop.relation, hop.object)) in direct
            if hop.relation not in SYMMETRIC:
                assert (hop.subject, hop.object) == (x, y)
    # neighbours: every line is a fact
    for x in ACTORS:
        if x in G:
            assert {_unordered((n.subject, n.relation, n.object)) for n in neighborhood(G, x)} <= facts


# --- the done-when line: SIPRI through the importer's real code ----------------------------------

def _sipri_rows(pairs):
    """Real rows of the SIPRI file for these (supplier, recipient) pairs, years 2020-2021."""
    path = shared_path("data", "sipri", "sipri-exports-processed.csv")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if (r[0], r[1]) in pairs and r[2] in ("2020", "2021")]
    return header, rows


@pytest.fixture
def sipri_cli(built_cli, tmp_path):
    header, rows = _sipri_rows({("United States", "Israel"), ("Israel", "United States"), ("Germany", "Israel")})
    assert len(rows) == 6
    path = tmp_path / "sipri-sample.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    r = built_cli("import", "sipri", path)
    assert r.exit_code == 0, r.output
    built_cli.rows = rows
    return built_cli


def test_sipri_directed_path_says_supplies_arms_to(sipri_cli):
    r = sipri_cli("path", "United States", "Israel", "--relation", "suppliesArmsTo", "--directed")
    assert (r.exit_code, r.output) == (0, "United States —supplies arms to→ Israel  [1 source]\n")
    r = sipri_cli("path", "Germany", "Israel", "--relation", "suppliesArmsTo", "--directed")
    assert r.output == "Germany —supplies arms to→ Israel  [1 source]\n"
    r = sipri_cli("path", "Israel", "Germany", "--relation", "buysArmsFrom", "--directed")
    assert r.output == "Israel —buys arms from→ Germany  [1 source]\n"
    r = sipri_cli("path", "Israel", "Germany", "--relation", "suppliesArmsTo", "--directed")
    assert r.exit_code == 1 and r.output.startswith("error: no path from Israel to Germany (directed")
    assert sipri_cli("path", "Israel", "Germany", "--directed").exit_code == 1  # stored: Germany supplies Israel
    assert sipri_cli("path", "Israel", "Germany").output == "Germany —supplies arms to→ Israel  [1 source]\n"


def test_sipri_graphml_has_unique_ids_and_tiv_weights(sipri_cli, tmp_path):
    edges = _graphml_edges(sipri_cli, tmp_path, "--relation", "suppliesArmsTo")
    ids = [e[0] for e in edges]
    assert len(ids) == len(set(ids)) == 4
    by_id = {e[0]: e for e in edges}
    # the curated "Russia buys arms from North Korea", said as named; no value: weighed by its statements
    _, s, o, data = by_id["PRK suppliesArmsTo RUS"]
    assert (s, o) == (ACTOR_NS + "PRK", ACTOR_NS + "RUS")
    assert (data["statements"], data["weight"], "value" in data) == ("1", "1.0", False)
    codes = {"United States": "USA", "Israel": "ISR", "Germany": "DEU"}
    for supplier, recipient in (("United States", "Israel"), ("Israel", "United States"), ("Germany", "Israel")):
        rows = [r for r in sipri_cli.rows if (r[0], r[1]) == (supplier, recipient)]
        eid = f"{codes[supplier]} suppliesArmsTo {codes[recipient]}"
        _, s, o, data = by_id[eid]
        assert (s, o) == (ACTOR_NS + codes[supplier], ACTOR_NS + codes[recipient])
        assert data["relation"] == "suppliesArmsTo" and int(data["statements"]) == len(rows) == 2
        tiv = sum(float(r[3]) for r in rows)
        assert float(data["value"]) == float(data["weight"]) == tiv > 0
        assert (data["first_date"], data["last_date"]) == ("2020", "2021")


def test_sipri_evidence_is_one_group_per_pair_and_relation(sipri_cli):
    """--evidence: one line per thing said (count, dates, summed TIV, best confidence), then
    the sources with their own counts and dates; --evidence all lists every statement."""
    rows = [r for r in sipri_cli.rows if (r[0], r[1]) == ("United States", "Israel")]
    tiv = sum(float(r[3]) for r in rows)
    r = sipri_cli("path", "United States", "Israel", "--relation", "suppliesArmsTo", "--evidence")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("United States —supplies arms to→ Israel  [1 source]")
    assert lines[1] == f"    - 2 statements, 2020 to 2021, value {tiv:g}, best confidence 1"
    assert re.fullmatch(r"      source: SIPRI .+ \(2 statements, 2020 to 2021\)", lines[2]), lines[2]
    assert len(lines) == 3
    # said the other way: the group says how its statements are stored
    r = sipri_cli("path", "Israel", "United States", "--relation", "buysArmsFrom", "--directed", "--evidence")
    assert r.output.splitlines()[1] == (f"    - 2 statements, 2020 to 2021, value {tiv:g}, best confidence 1; "
                                        "stated as: United States supplies arms to Israel")
    every = sipri_cli("path", "United States", "Israel", "--relation", "suppliesArmsTo", "--evidence", "all")
    assert len(every.output.splitlines()) == 1 + len(rows)
    # alone, --evidence means grouped, wherever it stands
    first = sipri_cli("path", "--evidence", "United States", "Israel", "--relation", "suppliesArmsTo")
    assert first.output.splitlines() == lines
    js = json.loads(sipri_cli("path", "United States", "Israel", "--relation", "suppliesArmsTo", "--evidence",
                              "--format", "json").output)
    [group] = js["paths"][0]["hops"][0]["evidence"]
    assert (group["subject"], group["relation"], group["object"], group["statements"], group["value"]) == (
        "United States", "suppliesArmsTo", "Israel", 2, tiv)
    assert [(s["statements"], s["first_date"], s["last_date"]) for s in group["sources"]] == [(2, "2020", "2021")]
