"""Data in and out: `geokg import gdelt|csv|sipri|atop` and `geokg export`."""

from __future__ import annotations

import click

from .common import SuggestingGroup, get_store, progress
from .filters import filter_options, filters_from_options

STATUS_CHOICE = click.Choice(["curated", "proposed"])


def _import_options(f):
    f = click.option("--status", type=STATUS_CHOICE, default="curated", show_default=True,
                     help="curated: asserted like the data set's own curation; proposed: left for review.")(f)
    f = click.option("--skip-bad", is_flag=True,
                     help="Import the good rows and list the bad ones (by default one bad row stops the import).")(f)
    f = click.option("--graph", "graph_name", metavar="NAME", help="Named graph to replace (default: import/<source>).")(f)
    return click.argument("file", type=click.Path(dir_okay=False))(f)


def _checked(file: str) -> str:
    """Fail on a missing or unreadable file before the store is opened."""
    from ..importers.common import check_file

    check_file(file)
    return file


def _report(report) -> None:
    for line in report.lines():
        click.echo(line)


def _graph(name):
    from ..store.naming import graph_iri

    return graph_iri(name) if name else None


@click.group("import", cls=SuggestingGroup)
def import_group():
    """Import a data set as statements, into its own named graph (replaced as a whole).

    Each import is atomic and reloadable: importing the same file again gives the same graph,
    and a file with a bad row changes nothing unless --skip-bad is given.

    \b
    Examples:
      geokg import gdelt ../shared/data/gdelt/events.csv
      geokg import sipri ../shared/data/sipri/sipri-exports-processed.csv
      geokg import atop ../shared/data/atop/atop-alliance-level.csv
      geokg import csv deals.csv --subject buyer --object seller --relation buysArmsFrom
    """


@import_group.command("gdelt")
@_import_options
def gdelt_cmd(file, graph_name, skip_bad, status):
    """GDELT events (1.0: 57/58 columns; 2.0: 61).

    Into import/gdelt-<file name>. States by Actor1/Actor2CountryCode; the CAMEO event code gives the relation where one fits
    (054 recognizes, 163 sanctions, 19x invades...), else interactsWith; each statement keeps
    the date, CAMEO code, Goldstein score, QuadClass, mention/source/article counts and the
    source URL. Events with one state only are kept with object = subject.

    \b
    Examples:
      geokg import gdelt ../shared/data/gdelt/events.csv
      geokg import gdelt 20220906.export.CSV --status proposed    # to review first
      geokg import gdelt events.csv --skip-bad --graph import/gdelt-sept
    """
    from ..importers.gdelt import import_gdelt

    _checked(file)
    _report(import_gdelt(get_store(), file, graph=_graph(graph_name), skip_bad=skip_bad, status=status,
                         progress=progress))


@import_group.command("csv")
@_import_options
@click.option("--mapping", "mapping_file", type=click.Path(dir_okay=False),
              help="TOML file mapping columns (keys as the options: subject, object, relation, ...).")
@click.option("--subject", metavar="COL", help="Column of the subject actor.")
@click.option("--object", "object_", metavar="COL", help="Column of the object actor.")
@click.option("--relation", metavar="NAME", help="Relation of every row (e.g. suppliesArmsTo).")
@click.option("--relation-column", metavar="COL", help="Column naming each row's relation.")
@click.option("--date", metavar="COL", help="Column of dates (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--value", metavar="COL", help="Column of a numeric value (gkg:value).")
@click.option("--source", metavar="COL", help="Column of each row's source (a URL or a title).")
@click.option("--codes", type=click.Choice(["name", "iso3", "iso2", "cow"]),
              help="What actor cells hold: names (labels, aliases, ISO codes; default) or codes of one kind.")
@click.option("--subject-label", metavar="COL", help="Column naming the subject when its code is missing.")
@click.option("--object-label", metavar="COL", help="Column naming the object when its code is missing.")
@click.option("--create-actors", is_flag=True, default=None,
              help="Create unknown actors in the import graph instead of rejecting their rows.")
@click.option("--delimiter", metavar="CHAR", help="Field separator (default ','; 'tab' for TSV).")
def csv_cmd(file, graph_name, skip_bad, status, mapping_file, subject, object_, relation, relation_column, date,
            value, source, codes, subject_label, object_label, create_actors, delimiter):
    """A CSV file of relations, through a column mapping.

    Into import/csv-<file name>. `geokg relations` lists the relation names.

    \b
    Examples:
      geokg import csv deals.csv --subject buyer --object seller --relation buysArmsFrom --date year
      geokg import csv events.tsv --delimiter tab --subject a --object b --relation-column rel
      geokg import csv deals.csv --mapping map.toml --create-actors
    """
    from ..importers.csvmap import import_csv, mapping_from

    _checked(file)
    if not mapping_file:
        if not (subject and object_):
            raise click.UsageError("give --subject and --object columns, or a --mapping file")
        if bool(relation) == bool(relation_column):
            raise click.UsageError("give --relation NAME or --relation-column COL (one of them)")
    mapping = mapping_from(mapping_file, subject=subject, object=object_, relation=relation,
                           relation_column=relation_column, date=date, value=value, source=source, codes=codes,
                           subject_label=subject_label, object_label=object_label, create_actors=create_actors,
                           delimiter=delimiter)
    _report(import_csv(get_store(), file, mapping, graph=_graph(graph_name), skip_bad=skip_bad, status=status,
                       progress=progress))


@import_group.command("sipri")
@_import_options
def sipri_cmd(file, graph_name, skip_bad, status):
    """SIPRI arms transfers: supplier suppliesArmsTo recipient.

    One statement per row and year, the TIV as gkg:value, into import/sipri.

    FILE: the processed export with COW codes, e.g. ../shared/data/sipri/sipri-exports-processed.csv.

    \b
    Examples:
      geokg import sipri ../shared/data/sipri/sipri-exports-processed.csv
      geokg import sipri sipri.csv --skip-bad --status proposed
    """
    from ..importers.sipri import import_sipri

    _checked(file)
    _report(import_sipri(get_store(), file, graph=_graph(graph_name), skip_bad=skip_bad, status=status,
                         progress=progress))


@import_group.command("atop")
@_import_options
def atop_cmd(file, graph_name, skip_bad, status):
    """ATOP alliances: each an actor, members memberOf it.

    From the alliance-level file, into import/atop.

    Memberships carry the alliance's dates and its obligations (defense, offense, neutrality,
    non-aggression, consultation). FILE: e.g. ../shared/data/atop/atop-alliance-level.csv.

    \b
    Examples:
      geokg import atop ../shared/data/atop/atop-alliance-level.csv
      geokg import atop atop.csv --graph import/atop-v5
    """
    from ..importers.atop import import_atop

    _checked(file)
    _report(import_atop(get_store(), file, graph=_graph(graph_name), skip_bad=skip_bad, status=status,
                        progress=progress))


@click.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv"]),
              help="RDF (ttl nt nq trig jsonld), the projected actor graph (graphml gexf) or statements as csv.")
@filter_options
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file (default: standard output). Written whole or not at all.")
def export_cmd(fmt, output, **kwargs):
    """Export statements (RDF, CSV) or the projected actor graph (GraphML, GEXF for Gephi/Cytoscape).

    ttl/nt hold triples, nq/trig/jsonld keep each triple's named graph; loading a ttl export
    into an empty store gives an isomorphic graph. --graph exports whole graphs; the other
    filters keep the statements the projection keeps (and narrow GraphML/GEXF the same way).

    \b
    Examples:
      geokg export --format ttl -o output/all.ttl
      geokg export --format trig --graph curated -o output/curated.trig
      geokg export --format graphml --polarity - -o output/conflicts.graphml
      geokg export --format csv --relation buysArmsFrom --as-of 2023
    """
    import sys

    from ..export import export, output_file

    filters = filters_from_options(kwargs)
    store = get_store()
    if output == "-":
        export(store, sys.stdout.buffer, fmt, filters)
        sys.stdout.flush()
        return
    with output_file(output) as f:
        n = export(store, f, fmt, filters)
    unit = {"graphml": "edges", "gexf": "edges", "csv": "statements", "nq": "quads", "trig": "quads",
            "jsonld": "quads"}.get(fmt, "triples")
    click.echo(f"{output}: {n} {unit}", err=True)
