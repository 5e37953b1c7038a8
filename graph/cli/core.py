"""Foundation commands: build, load, drop, graphs, query, queries, show, stats, validate."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError, QueryError
from .common import compact, echo_json, get_store, progress, term_text, text_table


@click.command("build")
def build_cmd():
    """Load the ontology, reference countries and curated statements (idempotent).

    \b
    Examples:
      geokg build
      geokg --store /srv/geokg build
      geokg --store http://127.0.0.1:7878 build
    """
    from ..build import build

    counts = build(get_store())
    for name, n in counts.items():
        click.echo(f"{name}: {n} triples")


@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--graph", "graph_name", help="Named graph to load into (default: file/<name of the file>).")
@click.option("--format", "fmt", help="turtle, ntriples, nquads, trig, jsonld or rdfxml (default: from the extension).")
def load_cmd(files, graph_name, fmt):
    """Load RDF files, each into its own named graph (replacing what it held).

    A file that does not parse leaves the store unchanged. Quads of N-Quads and TriG files
    all land in the file's one graph.

    \b
    Examples:
      geokg load mydata.ttl                       # into graph file/mydata
      geokg load a.nt b.jsonld
      geokg load extra.ttl --graph curated-extra
      cat data.nq | geokg load - --format nquads --graph mine
    """
    import sys

    from ..files import check_file
    from ..store.formats import rdf_format
    from ..store.naming import graph_for_file, graph_iri, short_name

    if graph_name and len(files) > 1:
        raise click.UsageError("--graph names one graph: give one file with it")
    plans = []
    for f in files:  # check every file before touching the store
        if f != "-":
            check_file(f)
        elif not (fmt and graph_name):
            raise click.UsageError("reading standard input needs --format and --graph")
        plans.append((f, rdf_format(fmt, None if f == "-" else f),
                      graph_iri(graph_name) if graph_name else graph_for_file(f)))
    store = get_store()
    for f, rdf, graph in plans:
        size = None if f == "-" else Path(f).stat().st_size
        with progress(f"loading {Path(f).name}", size) as bar:
            source = sys.stdin.buffer if f == "-" else f
            n = store.replace_graph(graph, source, rdf, name=f, progress=bar)
        click.echo(f"{f}: {n} triples into {short_name(graph)}")


@click.command("drop")
@click.argument("graph_name")
def drop_cmd(graph_name):
    """Remove a named graph (short name such as file/mydata, or its IRI).

    \b
    Examples:
      geokg drop file/mydata
      geokg drop https://w3id.org/geokg/graph/import/sipri
    """
    from ..errors import NotFoundError
    from ..store.naming import graph_iri

    if not get_store().drop_graph(graph_iri(graph_name)):
        raise NotFoundError(f"no graph named {graph_name!r}; `geokg graphs` lists them")
    click.echo(f"dropped {graph_name}")


@click.command("graphs")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def graphs_cmd(fmt):
    """List named graphs and their number of triples.

    \b
    Examples:
      geokg graphs
      geokg graphs --format json
    """
    from ..store.naming import short_name

    graphs = get_store().graphs()
    if fmt == "json":
        echo_json([{"graph": short_name(g), "iri": g, "triples": n} for g, n in graphs.items()])
        return
    if not graphs:
        click.echo("the store is empty; run `geokg build`")
        return
    click.echo(text_table(["graph", "triples"], [[short_name(g), str(n)] for g, n in graphs.items()]))


@click.command("query")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read the query from a file ('-' for standard input).")
@click.option("--name", "named", metavar="NAME", help="Run a named query shipped with geokg (see `geokg queries`).")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Bind ?VAR to a value: an IRI in <...>, actor:X, or a plain string. Repeatable.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "turtle", "ntriples"]),
              help="table/csv/tsv/json (W3C SPARQL results JSON); CONSTRUCT/DESCRIBE print turtle or ntriples.")
@click.option("--update", is_flag=True, help="Allow SPARQL UPDATE (the store is read-only otherwise).")
@click.option("--allow-network", is_flag=True, help="Allow LOAD <url> and SERVICE, which fetch from the network.")
def query_cmd(query, query_file, named, binds, fmt, update, allow_network):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over all graphs.

    The prefixes rdf rdfs owl xsd skos prov dcterms sh gkg actor stmt src are predeclared.
    QUERY may be '-' to read standard input. A gkg: term the ontology does not define (a typo
    such as gkg:buysArmFrom) is named in a warning on stderr; `geokg relations` lists the
    relations.

    \b
    Examples:
      geokg query 'SELECT ?buyer WHERE { ?buyer gkg:buysArmsFrom actor:PRK }'
      geokg query 'SELECT ?o WHERE { ?a gkg:recognizes ?o }' --bind a=actor:PRK
      geokg query 'SELECT ?buyer WHERE { ?buyer gkg:buysArmsFrom ?seller }' \\
          --bind seller=actor:PRK --format csv
      geokg query --name recognitions --format csv
      geokg query -f my-query.rq --format json
    """
    import sys

    sources = [x for x in (query, query_file, named) if x]
    if len(sources) != 1:
        raise click.UsageError("give exactly one of QUERY, --file or --name")
    if named:
        from ..queries import named_query

        text = named_query(named).text
    elif query_file:
        if query_file == "-":
            text = sys.stdin.read()
        else:
            p = Path(query_file)
            if not p.is_file():
                raise InputError(f"{query_file}: no such file")
            text = p.read_text(encoding="utf-8")
    else:
        text = sys.stdin.read() if query == "-" else query
    if not text.strip():
        raise QueryError("empty query")
    bindings = dict(_parse_bind(b) for b in binds)
    store = get_store()
    warnings = _undefined_term_warnings(text, store)
    _run_query(store, text, bindings, fmt, update, allow_network)
    for line in warnings:  # after the answer, which they explain (a typo matches nothing)
        click.echo(line, err=True)


def _run_query(store, text: str, bindings: dict, fmt: str, update: bool, allow_network: bool) -> None:
    import sys

    from ..store import sparql

    form = sparql.query_form(text)
    if form == "UPDATE":
        if not update:
            raise QueryError("this is a SPARQL UPDATE; geokg query is read-only unless --update is given")
        if not allow_network and (kw := sparql.network_keywords(text)):
            raise QueryError(f"{' and '.join(kw)} makes the store fetch from the network; refused without --allow-network")
        store.update(text)
        click.echo("update done")
        return
    store.check_read_only(text, allow_network)
    if form in ("CONSTRUCT", "DESCRIBE"):
        out_fmt = fmt if fmt in ("turtle", "ntriples") else "turtle"
        click.echo(store.query(text, bindings).serialize(out_fmt).decode(), nl=False)
        return
    if fmt in ("csv", "tsv", "json"):
        serialized = (store.query_serialized(text, fmt, bindings) if hasattr(store, "query_serialized")
                      else store.query(text, bindings).serialize(fmt))
        sys.stdout.buffer.write(serialized)
        if fmt == "json":
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return
    result = store.query(text, bindings)
    if form == "ASK":
        click.echo("true" if result.boolean else "false")
        return
    click.echo(text_table(result.variables, [[term_text(t) for t in row] for row in result.rows]))
    click.echo(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")


def _undefined_term_warnings(text: str, store) -> list[str]:
    """One warning per gkg: term of the query that the ontology does not define."""
    from ..terms import undefined_terms

    out = []
    for term in undefined_terms(text, store):
        hint = f"; did you mean {term.suggestion}?" if term.suggestion else "; `geokg relations` lists the relations"
        out.append(f"warning: {term.written} is not defined by the ontology{hint}")
    return out


def _parse_bind(spec: str):
    import pyoxigraph as ox

    from ..vocab import PREFIXES

    if "=" not in spec:
        raise click.UsageError(f"--bind {spec!r}: use VAR=VALUE")
    var, value = spec.split("=", 1)
    var = var.lstrip("?$")
    if not var.isidentifier():
        raise click.UsageError(f"--bind {spec!r}: {var!r} is not a variable name")
    if value.startswith("<") and value.endswith(">"):
        return var, ox.NamedNode(value[1:-1])
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and " " not in value:
        return var, ox.NamedNode(PREFIXES[prefix] + local)
    return var, ox.Literal(value)


@click.command("queries")
def queries_cmd():
    """List the named queries shipped with geokg (run one with `geokg query --name NAME`).

    \b
    Examples:
      geokg queries
      geokg query --name recognitions --format csv
    """
    from ..queries import named_queries

    for q in named_queries().values():
        click.echo(f"{q.name:28} {q.title}")
        for p in q.params:
            click.echo(f"{'':28}   param {p}")


@click.command("show")
@click.argument("actor")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
def show_cmd(actor, fmt, lang):
    """Describe an actor found by any label or alias (any language, case and accents ignored).

    \b
    Examples:
      geokg show "North Korea"
      geokg show pyongyang --lang fr
      geokg show DPRK --format json
    """
    from ..sheet import actor_sheet

    sheet = actor_sheet(get_store(), actor)
    if fmt == "json":
        echo_json(sheet.as_dict())
        return
    a = sheet.actor
    click.echo(f"{a.label_in(lang)}  ({a.kind}{': ' + ', '.join(a.classes) if a.classes and a.classes != [a.kind] else ''})")
    click.echo(f"  IRI: {a.iri}")
    others = [f"{v}@{k}" for k, v in sorted(a.labels.items()) if v != a.label or k != "en"]
    if others:
        click.echo(f"  labels: {', '.join(others)}")
    if a.alt:
        click.echo(f"  also: {', '.join(a.alt)}")
    if a.codes:
        click.echo("  codes: " + ", ".join(f"{k} {v}" for k, v in sorted(a.codes.items())))
    if not sheet.statements:
        click.echo("  no statements")
        return
    click.echo(f"  statements ({len(sheet.statements)}):")
    for s in sheet.statements:
        flags = [s.status]
        if s.attribution:
            flags.append(f"according to {s.attribution}")
        if s.date:
            flags.append(s.date)
        click.echo(f"  - {s.describe(a.label)}  [{'; '.join(flags)}]")
        src = s.source
        if src:
            bits = [src.get("title") or compact(src.get("iri", ""))]
            bits += [src[k] for k in ("publisher", "srcdate", "url") if src.get(k)]
            click.echo(f"      source: {', '.join(bits)}")
        if s.quote:
            click.echo(f"      \"{s.quote}\"")


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats_cmd(fmt):
    """Counts: triples per graph, actors per kind, statements per status and relation.

    \b
    Examples:
      geokg stats
      geokg stats --format json
    """
    from ..stats import stats

    data = stats(get_store())
    if fmt == "json":
        echo_json(data)
        return
    click.echo(f"triples: {data['triples']}")
    for section in ("graphs", "actors", "statements", "relations"):
        if data[section]:
            click.echo(f"{section}:")
            for k, v in data[section].items():
                click.echo(f"  {k:40} {v}")


@click.command("validate")
@click.option("--graph", "graphs", multiple=True, help="Validate only these graphs (repeatable).")
def validate_cmd(graphs):
    """Check the data against the SHACL shapes; exit 1 with a report on violations.

    \b
    Examples:
      geokg validate
      geokg validate --graph curated --graph file/mydata
    """
    from ..errors import ValidationFailed
    from ..validate import validate

    try:
        n = validate(get_store(), list(graphs) or None)
    except ValidationFailed as e:
        click.echo(e.report, err=True)
        raise
    click.echo(f"valid: {n} nodes conform to the shapes")
