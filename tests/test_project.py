"""The projection: edges, folding of inverse and symmetric relations, filters."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import InputError, NotFoundError
from graph.project import Filters, project, projection_query, require_edges
from graph.statements import Source, Statement, load_statements
from graph.store import open_store
from graph.vocab import ACTOR_NS, GKG_NS, GRAPH_NS, RDF, RDFS

A, B, C, D = (ACTOR_NS + x for x in ("AAA", "BBB", "CCC", "DDD"))
S1 = Source("test-s1", title="First source")
S2 = Source("test-s2", title="Second source")


def _actors():
    for iri, label in ((A, "Aland"), (B, "Bland"), (C, "Cland"), (D, "Dland")):
        s = ox.NamedNode(iri)
        yield ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(GKG_NS + "State"))
        yield ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(label, language="en"))
        yield ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(label + " (fr)", language="fr"))
    yield ox.Triple(ox.NamedNode(A), ox.NamedNode(GKG_NS + "iso3"), ox.Literal("AAA"))


MAIN = [
    Statement(A, "suppliesArmsTo", B, source=S1, date="2020-01-05", status="curated"),
    Statement(B, "buysArmsFrom", A, source=S2, attribution="officials", date="2021", status="accepted"),
    Statement(A, "cooperatesWith", C, source=S1, status="curated"),
    Statement(C, "cooperatesWith", A, source=S2, status="curated"),
    Statement(A, "invades", D, source=S1, negated=True, status="curated"),
    Statement(A, "sanctions", D, source=S1, status="proposed", confidence=0.7),
    Statement(A, "criticizes", D, source=S1, status="rejected"),
    Statement(C, "recognizes", D, source=S1, valid_from="2010", valid_until="2015", status="curated"),
    Statement(D, "interactsWith", A, source=S2, status="curated", extra={"goldstein": -5.0}),
    Statement(A, "supports", C, source=S2, confidence=0.4, status="curated"),
    Statement(B, "endorses", C, source=S2, attribution="a spokesman", status="curated"),
]
OTHER = [Statement(C, "opposes", A, source=S1, status="curated")]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(str(tmp_path_factory.mktemp("proj") / "store"))
    load_statements(s, GRAPH_NS + "file/main", MAIN, extra_triples=list(_actors()))
    load_statements(s, GRAPH_NS + "file/other", OTHER)
    yield s
    s.close()


def edges(G):
    return {(u.rsplit("/", 1)[-1], k, v.rsplit("/", 1)[-1]) for u, v, k in G.edges(keys=True)}


def test_inverse_relations_fold_into_one_canonical_edge(store):
    G = project(store)
    e = G.edges[B, A, "buysArmsFrom"]
    assert ("AAA", "suppliesArmsTo", "BBB") not in edges(G)
    assert len(e["statements"]) == 2
    assert e["sources"] == 2
    assert e["dates"] == ["2020-01-05", "2021"] and e["first_date"] == "2020-01-05" and e["last_date"] == "2021"
    assert e["attributed"] is False  # one of its two statements is not an attributed claim
    assert e["label"] == "buys arms from" and e["polarity"] == "+" and e["symmetric"] is False
    assert sorted(s["source"] for s in e["statements"]) == ["First source", "Second source"]


def test_inverse_edge_is_read_as_stored_or_as_named(store):
    def said(G):
        return [(r.subject.rsplit("/", 1)[-1], r.relation, r.object.rsplit("/", 1)[-1],
                 sorted(s["relation"] for s in r.statements), r.dates)
                for r in G.edges[B, A, "buysArmsFrom"]["readings"]]

    # as stored: one reading per stored relation, each with its own statements and dates
    assert sorted(said(project(store))) == [("AAA", "suppliesArmsTo", "BBB", ["suppliesArmsTo"], ["2020-01-05"]),
                                            ("BBB", "buysArmsFrom", "AAA", ["buysArmsFrom"], ["2021"])]
    # as named: one reading, every statement, in the named relation's direction
    assert said(project(store, Filters(relations=["suppliesArmsTo"]))) == [
        ("AAA", "suppliesArmsTo", "BBB", ["buysArmsFrom", "suppliesArmsTo"], ["2020-01-05", "2021"])]
    assert said(project(store, Filters(relations=["buysArmsFrom"]))) == [
        ("BBB", "buysArmsFrom", "AAA", ["buysArmsFrom", "suppliesArmsTo"], ["2020-01-05", "2021"])]
    # naming both is naming neither
    both = Filters(relations=["buysArmsFrom", "suppliesArmsTo"])
    assert sorted(said(project(store, both))) == sorted(said(project(store)))
    assert "readings" not in project(store).edges[A, C, "cooperatesWith"]  # only inverse pairs have several


def test_a_filter_on_either_name_of_an_inverse_pair_matches(store):
    for name in ("suppliesArmsTo", "buysArmsFrom"):
        assert edges(project(store, Filters(relations=[name]))) == {("BBB", "buysArmsFrom", "AAA")}


def test_symmetric_relation_is_one_edge_per_pair(store):
    G = project(store)
    coop = [(u, v) for u, v, k in G.edges(keys=True) if k == "cooperatesWith"]
    assert coop == [(A, C)]
    assert G.edges[A, C, "cooperatesWith"]["symmetric"] is True
    assert len(G.edges[A, C, "cooperatesWith"]["statements"]) == 2


def test_negated_and_rejected_never_edges_proposed_only_on_request(store):
    assert not {("AAA", "invades", "DDD"), ("AAA", "criticizes", "DDD"), ("AAA", "sanctions", "DDD")} & edges(project(store))
    G = project(store, Filters(include_proposed=True))
    assert ("AAA", "sanctions", "DDD") in edges(G)
    assert G.edges[A, D, "sanctions"]["proposed"] is True
    assert ("AAA", "invades", "DDD") not in edges(G) and ("AAA", "criticizes", "DDD") not in edges(G)


@pytest.mark.parametrize("as_of,kept", [("2012-06-01", True), ("2015", True), ("2016-01-01", False), ("2009-12-31", False)])
def test_as_of_keeps_statements_valid_at_the_date(store, as_of, kept):
    assert (("CCC", "recognizes", "DDD") in edges(project(store, Filters(as_of=as_of)))) is kept


def test_as_of_drops_later_dated_statements_and_keeps_undated_ones(store):
    G = project(store, Filters(as_of="2020-06"))
    assert [s["date"] for s in G.edges[B, A, "buysArmsFrom"]["statements"]] == ["2020-01-05"]
    assert ("AAA", "cooperatesWith", "CCC") in edges(G)  # undated


def test_min_confidence(store):
    assert ("AAA", "supports", "CCC") in edges(project(store))
    assert ("AAA", "supports", "CCC") not in edges(project(store, Filters(min_confidence=0.5)))


def test_polarity_filter_and_event_polarity_from_goldstein(store):
    G = project(store, Filters(polarity="-"))
    assert edges(G) == {("DDD", "interactsWith", "AAA"), ("CCC", "opposes", "AAA")}
    assert G.edges[D, A, "interactsWith"]["polarity"] == "-"
    assert ("DDD", "interactsWith", "AAA") not in edges(project(store, Filters(polarity="+")))


def test_graph_filter_and_unknown_graph(store):
    assert edges(project(store, Filters(graphs=["file/other"]))) == {("CCC", "opposes", "AAA")}
    with pytest.raises(NotFoundError, match="no graph named 'file/nope'"):
        project(store, Filters(graphs=["file/nope"]))


def test_node_and_graph_attributes(store):
    G = project(store)
    assert G.nodes[A] == {"label": "Aland", "label_fr": "Aland (fr)", "kind": "State", "iso3": "AAA"}
    assert G.nodes[B]["iso3"] is None
    assert G.graph["sources"] == ["First source", "Second source"]
    assert isinstance(G.graph["filters"], Filters)
    e = G.edges[B, C, "endorses"]
    assert e["attributed"] is True and e["statements"][0]["attributed_to"] == "a spokesman"


def test_filter_leaving_no_edges_says_so(store):
    G = project(store, Filters(relations=["threatens"]))
    assert G.number_of_edges() == 0
    with pytest.raises(NotFoundError, match=r"^no relations match the filters \(relation threatens\)$"):
        require_edges(G)
    G = project(store, Filters(relations=["recognizes"], polarity="-"))  # contradictory filters
    assert G.number_of_edges() == 0


@pytest.mark.parametrize("kwargs,message", [
    ({"as_of": "2022-13-01"}, "invalid date '2022-13-01' for --as-of"),
    ({"as_of": '2020" } ; DROP ALL'}, "invalid date"),
    ({"polarity": "++"}, "invalid polarity"),
    ({"min_confidence": 1.5}, "outside [0, 1]"),
    ({"graphs": ['x" } DROP ALL {']}, "invalid graph name"),
])
def test_bad_filters_raise_before_any_query(kwargs, message):
    with pytest.raises(InputError) as e:
        Filters(**kwargs)
    assert message in str(e.value)


def test_unknown_relation_suggests():
    with pytest.raises(NotFoundError, match="unknown relation 'recognize'; did you mean recognizes"):
        Filters(relations=["recognize"])


def test_user_values_travel_as_bindings_not_query_text():
    text, bindings = projection_query(Filters(relations=["recognizes"], as_of="2020-01-02", min_confidence=0.5,
                                              graphs=["file/main"]))
    assert "2020" not in text and "0.5" not in text and "file/main" not in text and "recognizes" not in text
    assert bindings["asof"].value == "2020-01-02"
    assert {b.value for k, b in bindings.items() if k.startswith("r")} == {GKG_NS + "recognizes"}


def test_select_values_matches_select(store):
    q = "SELECT DISTINCT ?s ?t WHERE { ?s a gkg:Source . OPTIONAL { ?s dcterms:title ?t } } ORDER BY ?s"
    fast = list(store.select_values(q))
    slow = [tuple(None if r.get(k) is None else r[k].value for k in ("s", "t")) for r in store.select(q)]
    assert fast == slow and len(fast) == 2
