"""geokg timeline: the dated statements of the curated graph over time (graph.timeline).

Baseline: tests/baseline/timeline-*.png (see tests/test_draw.py for how to regenerate them).
"""

from __future__ import annotations

import datetime as dt

import pytest

from test_draw import DRAWN_ON, compare_with_baseline

A = "https://w3id.org/geokg/actor/"


@pytest.fixture
def graph(open_built):
    from graph.project import project

    return project(open_built())


def test_every_dated_statement_is_drawn(graph):
    from graph.timeline import draw_timeline, timeline_events

    dated = undated = 0
    for _, _, d in graph.edges(data=True):
        for st in d["statements"]:
            if st["date"]:
                dated += 1
            else:
                undated += 1
    assert dated >= 40
    lanes, n_undated = timeline_events(graph)
    assert sum(len(ln.events) for ln in lanes) == dated and n_undated == undated
    fig = draw_timeline(graph, drawn_on=DRAWN_ON, max_lanes=100)
    assert fig.geokg_timeline["events"] == dated
    assert len(fig.geokg_timeline["lanes"]) == len(lanes)
    # the UN General Assembly vote of 2 March 2022 is a day, in its lane
    un = [e for ln in lanes for e in ln.events if e.object == A + "RUS" and e.relation == "condemns"]
    assert un and un[0].start == dt.date(2022, 3, 2) and un[0].end == dt.date(2022, 3, 3)


def test_lanes_by_pair_and_by_relation(graph):
    from graph.timeline import timeline_events

    by_pair, _ = timeline_events(graph, [A + "PRK", A + "RUS"], between=True)
    assert [ln.label for ln in by_pair] == ["North Korea – Russia"]
    polarities = {e.polarity for e in by_pair[0].events}
    assert polarities == {"+"}
    by_rel, _ = timeline_events(graph, [A + "PRK"], by="relation", lang="fr")
    labels = {ln.label for ln in by_rel}
    assert {"reconnaît", "critique"} <= labels
    involving, _ = timeline_events(graph, [A + "PRK"])
    assert all(A + "PRK" in ln.key for ln in involving)


def test_legend_shows_cooperative_and_conflictual(graph):
    from graph.render import TEXT
    from graph.timeline import draw_timeline

    fig = draw_timeline(graph, drawn_on=DRAWN_ON)
    texts = [t.get_text() for t in fig.geokg_timeline["legend"].get_texts()]
    for pol in "+-0":
        assert TEXT["en"]["polarity"][pol] in texts


def test_baseline_timeline(graph, tmp_path):
    from graph.timeline import draw_timeline

    fig = draw_timeline(graph, actors=[A + "PRK"], drawn_on=DRAWN_ON, title="North Korea")
    compare_with_baseline(fig, "timeline-north-korea.png", tmp_path)


def test_max_lanes_says_what_it_left_out(graph):
    from graph.timeline import draw_timeline

    fig = draw_timeline(graph, max_lanes=3, drawn_on=DRAWN_ON)
    info = fig.geokg_timeline
    assert len(info["lanes"]) == 3 and info["hidden_lanes"] >= 20


def test_no_dated_statement_is_an_error():
    import networkx as nx

    from graph.errors import NotFoundError
    from graph.timeline import draw_timeline

    g = nx.MultiDiGraph()
    g.add_node("a", label="A")
    g.add_node("b", label="B")
    g.add_edge("a", "b", key="supports", relation="supports", polarity="+",
               statements=[{"iri": "s", "date": None, "status": "curated"}])
    with pytest.raises(NotFoundError, match="no dated statement"):
        draw_timeline(g)


def test_cli_timeline(built_cli, tmp_path):
    out = tmp_path / "t.png"
    r = built_cli("timeline", "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert "dated statements in" in r.output and "undated statements not shown" in r.output
    r = built_cli("timeline", "North Korea", "Russia", "--between", "--by", "relation", "-o", tmp_path / "t.svg")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "t.svg").exists()


def test_cli_timeline_default_output(built_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = built_cli("timeline", "Corée du Nord", "--lang", "fr")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "output" / "timeline-coree-du-nord.png").exists()


def test_cli_timeline_bad_input(built_cli, tmp_path):
    r = built_cli("timeline", "Atlantis", "-o", tmp_path / "t.png")
    assert r.exit_code == 1 and r.output.startswith("error: unknown actor 'Atlantis'")
    r = built_cli("timeline", "France", "-o", tmp_path / "t.png")
    assert r.exit_code == 1 and "France has no relation" in r.output
    r = built_cli("timeline", "--relation", "threatens", "-o", tmp_path / "t.png")
    assert r.exit_code == 1 and r.output.startswith("error: no relations match")
    r = built_cli("timeline", "-o", tmp_path / "t.gif")
    assert r.exit_code == 1 and "unknown extension" in r.output
    r = built_cli("timeline", "Russia", "--between")
    assert r.exit_code == 2
    assert not (tmp_path / "t.png").exists()
