"""The vocabulary: `geokg relations` (read from the ontology through graph.vocab)."""

from __future__ import annotations

import click

from .common import echo_json, text_table

POLARITY = {"+": "+ cooperative", "-": "- conflictual", "0": "0 structural"}


@click.command("relations")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
              help="Language of labels and descriptions (json gives both).")
def relations_cmd(fmt, lang):
    """List every relation of the ontology, with its labels and polarity.

    Also its inverse, whether it is symmetric, its CAMEO code (csv and json add the
    description, domain, range and IRI). Use a name with --relation (path, neighbors, rank,
    blocs, draw, export...), with `geokg import csv --relation`, or in SPARQL as gkg:NAME.
    Read from ontology/geokg.ttl, the one source of the vocabulary (no store needed).

    \b
    Examples:
      geokg relations
      geokg relations --lang fr
      geokg relations --format csv > relations.csv
      geokg relations --format json
    """
    from ..vocab import relations

    rels = list(relations().values())
    if fmt == "json":
        echo_json([r.as_dict() for r in rels])
        return
    if fmt == "csv":
        import csv
        import sys

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["name", "label", "polarity", "inverse_of", "symmetric", "cameo", "domain", "range", "comment",
                    "iri"])
        for r in rels:
            w.writerow([r.name, r.label(lang), r.polarity, r.inverse_of or "", str(r.symmetric).lower(), r.cameo or "",
                        r.domain or "", r.range or "", r.comment(lang), r.iri])
        return
    rows = [[r.name, r.label(lang), POLARITY.get(r.polarity, r.polarity), r.inverse_of or "",
             "yes" if r.symmetric else "", r.cameo or ""] for r in rels]
    click.echo(text_table(["relation", "label", "polarity", "inverse of", "symmetric", "CAMEO"], rows))
    click.echo(f"({len(rels)} relations; use them as --relation NAME or gkg:NAME in SPARQL)")
