"""geokg draw: static diagrams (graph.render) of the curated graph, and the command's bad input.

Baseline images live in tests/baseline/ and are compared with matplotlib's image comparison
(with a tolerance). After a deliberate change of the look, regenerate them with

    GEOKG_UPDATE_BASELINES=1 .venv/bin/python -m pytest tests/test_draw.py tests/test_timeline.py -k baseline

and look at every new picture before committing it.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BASELINE = Path(__file__).resolve().parent / "baseline"
TOLERANCE = 6.0  # RMS over 0..255 grey levels: absorbs anti-aliasing, not a moved node or label
DRAWN_ON = "2024-01-01"
A = "https://w3id.org/geokg/actor/"
PRK, RUS = A + "PRK", A + "RUS"


def compare_with_baseline(fig, name: str, tmp_path: Path) -> None:
    """Save ``fig`` and compare it with tests/baseline/NAME (written instead when updating)."""
    from matplotlib.testing.compare import compare_images

    expected = BASELINE / name
    if os.environ.get("GEOKG_UPDATE_BASELINES"):
        BASELINE.mkdir(exist_ok=True)
        fig.savefig(expected, dpi=60, metadata={"Software": None})
        pytest.skip(f"baseline {name} written")
    if not expected.exists():
        pytest.fail(f"no baseline {expected}: run with GEOKG_UPDATE_BASELINES=1 (see this module's docstring)")
    actual = tmp_path / name
    fig.savefig(actual, dpi=60, metadata={"Software": None})
    diff = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert diff is None, diff


@pytest.fixture
def store(open_built):
    return open_built()


def scene(store, **kw):
    from graph.render import select

    return select(store, **kw)


def draw(sc, **kw):
    from graph.render import draw_scene

    kw.setdefault("drawn_on", DRAWN_ON)
    return draw_scene(sc, **kw)


def label_boxes(fig):
    """Display-pixel boxes of the node labels, by node."""
    renderer = fig.canvas.get_renderer()
    return {n: t.get_window_extent(renderer) for n, t in fig.geokg.node_labels.items()}


def overlaps_of_labels_and_nodes(fig) -> list[tuple[str, str]]:
    """(label's node, covered node) for every node label that covers a node marker."""
    ax = fig.axes[0]
    r = fig.geokg.node_radius_px
    centres = {n: ax.transData.transform(p) for n, p in fig.geokg.positions.items()}
    bad = []
    for owner, box in label_boxes(fig).items():
        for n, (x, y) in centres.items():
            dx = max(box.x0 - x, 0, x - box.x1)
            dy = max(box.y0 - y, 0, y - box.y1)
            if math.hypot(dx, dy) < r * 0.9:
                bad.append((owner.rsplit("/", 1)[-1], n.rsplit("/", 1)[-1]))
    return bad


# --- the pictures ----------------------------------------------------------------------


def test_focus_north_korea_labels_every_neighbour_and_has_a_legend(store):
    sc = scene(store, focus="North Korea", depth=1)
    fig = draw(sc)
    g = sc.graph
    und = g.to_undirected(as_view=True)
    neighbours = set(und[PRK])
    assert {RUS, A + "CHN", A + "USA", A + "KOR", A + "donetsk-peoples-republic"} <= neighbours
    texts = {n: t.get_text().replace("\n", " ") for n, t in fig.geokg.node_labels.items()}
    for n in neighbours | {PRK}:
        assert texts[n] == g.nodes[n]["label"]
    assert fig.geokg.legend is not None and fig.geokg.legend.get_visible()
    assert sc.title == "North Korea and its neighbours"


def test_legend_lists_every_kind_and_polarity_present(store):
    from graph.render import TEXT

    sc = scene(store)
    fig = draw(sc)
    g = sc.graph
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    polarities = {d["polarity"] for _, _, d in g.edges(data=True)}
    assert kinds == {"State", "Territory", "Person", "Organization", "Bloc"}
    assert polarities == {"+", "-", "0"}
    legend_texts = [t.get_text() for t in fig.geokg.legend.get_texts()]
    for kind in kinds:
        assert TEXT["en"]["kinds"][kind] in legend_texts
    for pol in polarities:
        assert TEXT["en"]["polarity"][pol] in legend_texts
    assert TEXT["en"]["attributed"] in legend_texts  # "US officials said Russia bought..."


def test_labels_do_not_cover_nodes(store):
    fig = draw(scene(store))
    assert overlaps_of_labels_and_nodes(fig) == []


def test_parallel_relations_are_separate_arcs(store):
    from graph.render import edge_curvatures

    g = scene(store, focus="North Korea").graph
    curv = edge_curvatures(g)
    bundle = [e for e in g.edges(keys=True) if {e[0], e[1]} == {PRK, RUS}]
    assert len(bundle) >= 4  # supports both ways, cooperates with, buys arms from, ...
    # arc3 bends left of the direction of travel: express every arc in the PRK -> RUS direction
    absolute = [curv[e] if e[0] == PRK else -curv[e] for e in bundle]
    assert len(set(absolute)) == len(bundle)


def test_layout_is_deterministic_and_seeded(store):
    from graph.render import LAYOUTS, layout_positions

    g = scene(store).graph
    for layout in LAYOUTS:
        assert layout_positions(g, layout, seed=3) == layout_positions(g.copy(), layout, seed=3)
    assert layout_positions(g, "spring", seed=3) != layout_positions(g, "spring", seed=4)


def test_baseline_focus_north_korea(store, tmp_path):
    compare_with_baseline(draw(scene(store, focus="North Korea", depth=1)), "focus-north-korea.png", tmp_path)


def test_baseline_path_japan_donetsk(store, tmp_path):
    sc = scene(store, path=("Japan", "Donetsk People's Republic"), depth=1)
    compare_with_baseline(draw(sc), "path-japan-donetsk.png", tmp_path)


def test_baseline_whole_graph_french_kamada_kawai(store, tmp_path):
    sc = scene(store, lang="fr")
    compare_with_baseline(draw(sc, layout="kamada-kawai"), "whole-fr-kamada-kawai.png", tmp_path)


def test_unreviewed_extracted_statements_are_dotted(store):
    from graph.project import Filters
    from graph.statements import Source, Statement, load_statements
    from graph.store.naming import graph_iri

    src = Source("test-extract", title="An extracted article")
    load_statements(store, graph_iri("extract/test"), [
        Statement(A + "FRA", "criticizes", RUS, source=src, status="proposed", confidence=0.7,
                  quote="France criticized Russia", date="2023-05-02")])
    sc = scene(store, focus="France", filters=Filters(include_proposed=True))
    fig = draw(sc)
    edge = sc.graph.edges[A + "FRA", RUS, "criticizes"]
    assert edge["proposed"] is True
    assert "unreviewed (extracted)" in fig.geokg.legend_labels
    dotted = [p for p in fig.axes[0].patches if p.get_linestyle() in (":", "dotted")]
    assert len(dotted) == 1
    with pytest.raises(Exception, match="France has no relation"):
        scene(store, focus="France")  # proposed statements count only when asked for


def test_path_is_highlighted(store):
    sc = scene(store, path=("Japan", "Donetsk People's Republic"))
    assert sc.path_nodes[0] == A + "JPN" and sc.path_nodes[-1] == A + "donetsk-peoples-republic"
    assert sc.path_edges and all(sc.graph.has_edge(*e) for e in sc.path_edges)
    hops = {frozenset(e[:2]) for e in sc.path_edges}
    assert hops == {frozenset(p) for p in zip(sc.path_nodes, sc.path_nodes[1:])}
    fig = draw(sc)
    assert "path" in fig.geokg.legend_labels
    for n in sc.path_nodes:
        assert fig.geokg.node_labels[n].get_fontweight() == "bold"


def test_french_labels(store):
    fig = draw(scene(store, focus="Corée du Nord", lang="fr"))
    texts = {t.get_text().replace("\n", " ") for t in fig.geokg.node_labels.values()}
    assert "Corée du Nord" in texts
    assert "coopération" in fig.geokg.legend_labels
    edge_texts = {t.get_text() for t in fig.geokg.edge_labels.values()}
    assert "reconnaît" in edge_texts


def test_draws_into_a_given_axes_without_pyplot(store):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from graph.render import draw_graph

    own = Figure(figsize=(8, 6))
    FigureCanvasAgg(own)
    ax = own.add_axes((0.05, 0.05, 0.7, 0.9))
    fig = draw_graph(scene(store, focus="Russia").graph, ax, drawn_on=DRAWN_ON)
    assert fig is own
    assert ax.patches  # the edges


def test_max_nodes_keeps_the_most_central(store):
    from graph.render import centrality_order

    sc = scene(store, max_nodes=6)
    assert sc.graph.number_of_nodes() <= 6
    assert PRK in sc.graph and RUS in sc.graph
    assert len(sc.left_out) >= 19
    full = scene(store).graph
    assert centrality_order(full)[:2] in ([PRK, RUS], [RUS, PRK])


def test_sixty_actors_stay_readable(store, tmp_path):
    """A denser graph (60 states, ~100 relations, parallel ones) loaded into the real store."""
    import random

    from graph.render import edge_curvatures, layout_positions
    from graph.statements import Source, Statement, load_statements
    from graph.store.naming import graph_iri
    from graph.vocab import relations

    import networkx as nx

    rnd = random.Random(5)
    codes = sorted(r["a"].value for r in store.select("SELECT ?a WHERE { ?a a gkg:State }"))[:60]
    src = Source("test-sixty", title="Synthetic test data")
    rels = sorted(r for r in relations() if r != "interactsWith")
    statements = []
    for u, v in nx.barabasi_albert_graph(60, 2, seed=1).edges():
        for _ in range(rnd.choice([1, 1, 2, 3])):
            s, o = (codes[u], codes[v]) if rnd.random() < 0.5 else (codes[v], codes[u])
            statements.append(Statement(s, rnd.choice(rels), o, source=src, status="curated",
                                        date=f"20{rnd.randint(10, 23)}"))
    load_statements(store, graph_iri("file/sixty"), statements)
    from graph.project import Filters

    sc = scene(store, filters=Filters(graphs=["file/sixty"]))
    assert sc.graph.number_of_nodes() == 60
    fig = draw(sc)
    assert overlaps_of_labels_and_nodes(fig) == []
    curv = edge_curvatures(sc.graph, layout_positions(sc.graph))
    pairs = {}
    for (u, v, k), r in curv.items():
        a, b = sorted((u, v))
        pairs.setdefault((a, b), []).append(r if u == a else -r)
    assert all(len(set(rs)) == len(rs) for rs in pairs.values())
    fig.savefig(tmp_path / "sixty.png")


# --- the command -----------------------------------------------------------------------


def test_cli_draw_focus_png(built_cli, tmp_path):
    out = tmp_path / "nk.png"
    r = built_cli("draw", "--focus", "North Korea", "--depth", "1", "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {out}" in r.output


def test_cli_draw_path_svg(built_cli, tmp_path):
    out = tmp_path / "path.svg"
    r = built_cli("draw", "--path", "Japan", "Donetsk People's Republic", "-o", out)
    assert r.exit_code == 0, r.output
    assert "path: Japan — " in r.output and r.output.rstrip().endswith("Donetsk People's Republic")
    svg = out.read_text()
    assert svg.lstrip().startswith("<?xml") and "#ffbf00" in svg


def test_cli_draw_pdf_whole_graph_no_edge_labels(built_cli, tmp_path):
    out = tmp_path / "all.pdf"
    r = built_cli("draw", "--no-edge-labels", "--layout", "circular", "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:5] == b"%PDF-"


def test_cli_draw_filters_and_max_nodes(built_cli, tmp_path):
    r = built_cli("draw", "--polarity", "-", "--max-nodes", "4", "-o", tmp_path / "neg.png")
    assert r.exit_code == 0, r.output
    assert "left out" in r.output and "raise --max-nodes" in r.output


def test_cli_unknown_actor(built_cli, tmp_path):
    out = tmp_path / "x.png"
    r = built_cli("draw", "--focus", "Nord Korea", "-o", out)
    assert r.exit_code == 1
    assert r.output.startswith("error: unknown actor 'Nord Korea'; did you mean 'North Korea'")
    assert not out.exists()


def test_cli_empty_selection_writes_no_image(built_cli, tmp_path):
    out = tmp_path / "x.png"
    r = built_cli("draw", "--relation", "threatens", "-o", out)
    assert r.exit_code == 1 and r.output.startswith("error: no relations match the filters")
    assert not out.exists()
    r = built_cli("draw", "--focus", "Japan", "--depth", "0", "-o", out)
    assert r.exit_code == 1 and r.output.startswith("error: nothing to draw")
    assert not out.exists()
    r = built_cli("draw", "--focus", "France", "-o", out)  # a state with no relation
    assert r.exit_code == 1 and "France has no relation" in r.output
    assert not out.exists()


def test_cli_no_path(built_cli, tmp_path):
    out = tmp_path / "x.svg"
    r = built_cli("draw", "--path", "Japan", "Aaron Arnold", "-o", out)
    assert r.exit_code == 1 and r.output == "error: nothing to draw: no path from Japan to Aaron Arnold in the selection\n"
    assert not out.exists()


def test_cli_unwritable_output(built_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    r = built_cli("draw", "-o", blocker / "x.png")
    assert r.exit_code == 1 and r.output.startswith("error: ") and r.output.count("\n") == 1
    r = built_cli("draw", "-o", tmp_path)
    assert r.exit_code == 1 and r.output.startswith("error: ")


def test_cli_unknown_extension(built_cli, tmp_path):
    r = built_cli("draw", "-o", tmp_path / "x.jpg")
    assert r.exit_code == 1
    assert "unknown extension '.jpg'" in r.output
    r = built_cli("draw", "--html", "-o", tmp_path / "x.png")
    assert r.exit_code == 1 and ".html" in r.output


def test_cli_usage_errors(built_cli):
    r = built_cli("draw", "--focus", "Russia", "--path", "Japan", "China")
    assert r.exit_code == 2
    r = built_cli("draw", "--layout", "radial")
    assert r.exit_code == 2


def test_cli_layout_choices_match_the_library():
    from graph.cli.draw import LAYOUTS as CLI_LAYOUTS
    from graph.render import LAYOUTS

    assert CLI_LAYOUTS == LAYOUTS


def test_help_does_not_import_matplotlib():
    code = ("import sys; from graph.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported by --help'\n"
            "assert 'networkx' not in sys.modules\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "draw" in r.stdout and "timeline" in r.stdout
