"""The projection filters shared by every command that projects the store.

    @click.command("rank")
    @filter_options
    def rank_cmd(**kwargs):
        filters = filters_from_options(kwargs)   # pops the filter options
        graph = project(get_store(), filters)
"""

from __future__ import annotations

import click

FILTER_KEYS = ("relation", "polarity", "as_of", "min_confidence", "include_proposed", "graph")


def filter_options(f):
    """Add --relation, --polarity, --as-of, --min-confidence, --include-proposed, --graph."""
    options = [
        click.option("--relation", multiple=True, metavar="NAME",
                     help="Keep only this relation (repeatable); an inverse relation names the same "
                          "edges (suppliesArmsTo = buysArmsFrom reversed)."),
        click.option("--polarity", type=click.Choice(["+", "-", "0"]),
                     help="Keep only cooperative (+), conflictual (-) or structural (0) relations."),
        click.option("--as-of", "as_of", metavar="DATE",
                     help="Keep statements valid at DATE (YYYY-MM-DD; YYYY or YYYY-MM mean the end of "
                          "that period): dated on or before it, validity interval around it; undated ones stay."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X",
                     help="Keep statements with confidence >= X (0 to 1)."),
        click.option("--include-proposed", is_flag=True,
                     help="Also use unreviewed extracted statements (status proposed); rejected ones never."),
        click.option("--graph", multiple=True, metavar="NAME",
                     help="Use only statements of this named graph (short name such as curated, or IRI; repeatable)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def filters_from_options(kwargs: dict):
    """Pop the filter options out of a command's kwargs and make a graph.project.Filters.

    Bad values (unknown relation, malformed date) raise graph.errors exceptions, which the
    CLI prints as one-line errors (exit 1).
    """
    from ..project import Filters

    relations = kwargs.pop("relation", ()) or None
    graphs = kwargs.pop("graph", ()) or None
    return Filters(
        relations=list(relations) if relations else None,
        polarity=kwargs.pop("polarity", None),
        as_of=kwargs.pop("as_of", None),
        min_confidence=kwargs.pop("min_confidence", None),
        include_proposed=bool(kwargs.pop("include_proposed", False)),
        graphs=list(graphs) if graphs else None,
    )
