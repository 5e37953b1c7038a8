"""Diagram commands: draw (PNG, SVG, PDF or interactive HTML) and timeline."""

from __future__ import annotations

import click

from .common import get_store
from .filters import filter_options, filters_from_options

LAYOUTS = ("spring", "kamada-kawai", "circular", "shell")  # graph.render.LAYOUTS, without importing it


def _slug(text: str) -> str:
    from ..store.naming import slugify

    return slugify(text)


def _default_output(focus, path, html: bool, stem: str = "graph") -> str:
    if focus:
        stem = _slug(focus)
    elif path:
        stem = "path-" + _slug(path[0]) + "-" + _slug(path[1])
    return f"output/{stem}.{'html' if html else 'png'}"


@click.command("draw")
@click.option("--focus", metavar="ACTOR", help="Draw this actor and the actors around it (see --depth).")
@click.option("--path", nargs=2, metavar="FROM TO", help="Highlight a shortest path between two actors over its neighbourhood.")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True,
              help="Steps around the focus actor, or around the path's actors.")
@filter_options
@click.option("-o", "--output", metavar="FILE",
              help="File to write: .png, .svg, .pdf, or .html with --html. Default: output/<what>.png")
@click.option("--html", "as_html", is_flag=True, help="Write one self-contained interactive HTML page.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="spring", show_default=True)
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the layout (same seed, same picture).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True, help="Language of labels.")
@click.option("--no-edge-labels", is_flag=True, help="Do not write relation names on edges.")
@click.option("--max-nodes", type=click.IntRange(1), default=80, show_default=True,
              help="Keep at most this many actors, the most central ones.")
@click.option("--title", help="Title of the diagram (default: says what is drawn).")
@click.option("--dpi", type=click.IntRange(30, 600), default=150, show_default=True, help="Resolution of PNG output.")
def draw_cmd(focus, path, depth, output, as_html, layout, seed, lang, no_edge_labels, max_nodes, title, dpi,
             **filter_kw):
    """Draw relations between actors: a static diagram (PNG, SVG, PDF) or an interactive page.

    \b
    Node colour and shape give the actor's kind; edge colour the relation's polarity
    (cooperative, conflictual, structural); dashed edges are attributed claims, dotted ones
    unreviewed extracted statements; arrows show direction, symmetric relations have none.

    \b
    Examples:
      geokg draw --focus "North Korea" --depth 1 -o output/nk.png
      geokg draw --path Japan "Donetsk People's Republic" -o output/path.svg
      geokg draw --html -o output/graph.html
    """
    from ..render import check_output, draw_scene, save_figure, select

    if focus and path:
        raise click.UsageError("give --focus or --path, not both")
    output = output or _default_output(focus, path, as_html)
    # check the target before the (slower) work, so a bad path fails at once
    check_output(output, (".html", ".htm") if as_html else (".png", ".svg", ".pdf"))
    scene = select(get_store(), focus=focus, depth=depth, path=tuple(path) if path else None,
                   filters=filters_from_options(filter_kw), max_nodes=max_nodes, lang=lang)
    if title:
        scene.title = title
    if as_html:
        from ..html import scene_document, write_html

        written = write_html(scene_document(scene, layout=layout, seed=seed,
                                            edge_labels=False if no_edge_labels else None), output)
    else:
        fig = draw_scene(scene, layout=layout, seed=seed, edge_labels=not no_edge_labels)
        written = save_figure(fig, output, dpi=dpi)
    g = scene.graph
    click.echo(f"wrote {written} ({g.number_of_nodes()} actors, {g.number_of_edges()} relations)")
    if scene.path_nodes:
        labels = [g.nodes[n].get("label", n) for n in scene.path_nodes]
        click.echo("path: " + " — ".join(labels))
    if scene.left_out:
        shown = ", ".join(scene.left_out[:10]) + (f", … ({len(scene.left_out) - 10} more)" if len(scene.left_out) > 10 else "")
        click.echo(f"left out {len(scene.left_out)} less central actors (raise --max-nodes to draw them): {shown}")


@click.command("timeline")
@click.argument("actors", nargs=-1, metavar="[ACTOR]...")
@click.option("--between", is_flag=True, help="Only statements between the given actors (default: involving any).")
@click.option("--by", type=click.Choice(["pair", "relation"]), default="pair", show_default=True,
              help="One lane per actor pair, or per relation.")
@filter_options
@click.option("-o", "--output", metavar="FILE", help="File to write: .png, .svg or .pdf. Default: output/timeline.png")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--max-lanes", type=click.IntRange(1), default=40, show_default=True,
              help="Keep the busiest lanes when there are more.")
@click.option("--title", help="Title (default: says what is drawn).")
@click.option("--dpi", type=click.IntRange(30, 600), default=150, show_default=True)
def timeline_cmd(actors, between, by, output, lang, max_lanes, title, dpi, **filter_kw):
    """Draw dated statements over time, cooperative and conflictual in their colours.

    \b
    Examples:
      geokg timeline
      geokg timeline "North Korea" Russia --between -o output/nk-ru.png
      geokg timeline --by relation --relation buysArmsFrom
    """
    from ..render import check_output, save_figure
    from ..timeline import draw_timeline, select_timeline

    if between and len(actors) < 2:
        raise click.UsageError("--between needs at least two actors")
    output = output or ("output/timeline-" + "-".join(_slug(a) for a in actors) + ".png" if actors
                        else "output/timeline.png")
    check_output(output)
    g, iris, default_title = select_timeline(get_store(), actors, filters=filters_from_options(filter_kw), lang=lang)
    fig = draw_timeline(g, actors=iris, between=between, by=by, lang=lang, max_lanes=max_lanes,
                        title=title or default_title)
    written = save_figure(fig, output, dpi=dpi)
    info = fig.geokg_timeline
    click.echo(f"wrote {written} ({info['events']} dated statements in {len(info['lanes'])} lanes)")
    if info["undated"]:
        click.echo(f"{info['undated']} undated statements not shown")
    if info["hidden_lanes"]:
        click.echo(f"{info['hidden_lanes']} less busy lanes not shown (raise --max-lanes to draw them)")
