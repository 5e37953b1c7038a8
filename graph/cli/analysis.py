"""Questions asked of the projection: path, neighbors, rank, blocs."""

from __future__ import annotations

import click

from .common import echo_json, get_store, text_table
from .filters import filter_options, filters_from_options

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _sources_note(data: dict) -> str:
    n = data.get("sources", 0)
    bits = [f"{n} source{'s' if n != 1 else ''}"]
    if data.get("attributed"):
        bits.append("attributed claim")
    if data.get("proposed"):
        bits.append("unreviewed")
    return "[" + "; ".join(bits) + "]"


EVIDENCE_KINDS = ("grouped", "all")


class _PathCommand(click.Command):
    """`--evidence` takes an optional value: alone (before the actors too) it means grouped."""

    def parse_args(self, ctx, args):
        args = list(args)
        for i, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--evidence" and (i + 1 == len(args) or args[i + 1] not in EVIDENCE_KINDS):
                args.insert(i + 1, "grouped")
                break
        return super().parse_args(ctx, args)


@click.command("path", cls=_PathCommand)
@click.argument("actor_a")
@click.argument("actor_b")
@click.option("--directed", is_flag=True, help="Follow relations in their direction only (symmetric ones both ways).")
@click.option("--max-hops", type=click.IntRange(1, 10), default=4, show_default=True, metavar="N",
              help="Longest path considered (1 to 10).")
@click.option("--all", "all_paths", is_flag=True,
              help="Every simple path of at most N hops (up to 100), shortest first, then by confidence.")
@click.option("--k", "k", type=click.IntRange(1, 100), default=1, show_default=True, metavar="K",
              help="The K shortest paths.")
@click.option("--via", metavar="ACTOR", help="The path must go through this actor.")
@click.option("--avoid", multiple=True, metavar="ACTOR", help="The path must not go through this actor (repeatable).")
@click.option("--evidence", type=click.Choice(EVIDENCE_KINDS), default=None,
              help="Under each hop, its statements grouped by what they say (count, dates, summed value, best "
                   "confidence, sources by date); `--evidence all` lists every one with its quote.")
@FORMAT
@filter_options
def path_cmd(actor_a, actor_b, directed, max_hops, all_paths, k, via, avoid, evidence, fmt, **kw):
    """Shortest connection between two actors (named by any label or alias).

    Undirected by default (a relation connects both ends); every hop is printed in its true
    direction, e.g. `Russia —buys arms from→ North Korea  [2 sources]` (symmetric relations
    end in —). A hop is said as the relation --relation names, in its direction (`--relation
    suppliesArmsTo`: `North Korea —supplies arms to→ Russia`), else as its statements say it;
    --directed follows that direction. Exit 1 when there is no connection.

    \b
    Examples:
      geokg path Russia "North Korea"
      geokg path Japan "North Korea" --all --max-hops 3 --evidence
      geokg path Japan "Donetsk People's Republic" --k 3 --avoid Russia
      geokg path Russia Ukraine --relation invades --relation occupies --format json
    """
    from ..evidence import hop_evidence, statement_values
    from ..paths import connect

    filters = filters_from_options(kw)
    result = connect(get_store(), actor_a, actor_b, filters, via=via, avoid=avoid, directed=directed,
                     max_hops=max_hops, k=k, all_paths=all_paths)
    G = result.graph
    values = statement_values(get_store()) if evidence else {}
    if fmt == "json":
        out = result.as_dict()
        if evidence:
            label = lambda iri: G.nodes[iri].get("label", iri)  # noqa: E731
            for p, pd in zip(result.paths, out["paths"]):
                for h, hd in zip(p.hops, pd["hops"]):
                    hd["evidence"] = [g.as_dict(label) for g in hop_evidence(h, values)]
        echo_json(out)
        return
    many = len(result.paths) > 1
    for i, p in enumerate(result.paths, 1):
        indent = "  " if many else ""
        if many:
            click.echo(f"path {i}: {p.length} hop{'s' if p.length != 1 else ''}, confidence {p.confidence:.2f}")
        for h in p.hops:
            more = f" (+{len(h.also)} more)" if h.also else ""
            click.echo(f"{indent}{h.text(G)}  {_sources_note(h.data)}{more}")
            if evidence == "grouped":
                for line in _grouped_lines(G, h, hop_evidence(h, values)):
                    click.echo(f"{indent}{line}")
            elif evidence == "all":
                for st in h.data.get("statements", []):
                    bits = [st.get("source") or st.get("source_iri") or "no source"]
                    stated = h.stated_text(G, st)
                    if stated:
                        bits.append(f"stated as: {stated}")
                    if st.get("attributed_to"):
                        bits.append(f"according to {st['attributed_to']}")
                    if st.get("date"):
                        bits.append(st["date"])
                    bits.append(f"confidence {st.get('confidence', 1.0):g}")
                    click.echo(f"{indent}    - {'; '.join(bits)}")
                    if st.get("quote"):
                        click.echo(f"{indent}      \"{st['quote']}\"")


MAX_SOURCES = 5  # sources named per evidence group; the rest are counted


def _grouped_lines(G, hop, groups) -> list[str]:
    """The lines under a hop: one per group of statements that say the same thing."""
    from ..evidence import date_range

    lines = []
    for g in groups:
        bits = [f"{g.count} statement{'s' if g.count != 1 else ''}"]
        if g.first_date:
            bits.append(date_range(g.first_date, g.last_date))
        if g.value is not None:
            bits.append(f"value {g.value:g}")
        bits.append(f"{'best ' if g.count > 1 else ''}confidence {g.confidence:g}")
        head = ", ".join(bits)
        stated = hop.stated_text(G, g.statements[0])
        if stated:
            head += f"; stated as: {stated}"
        if g.attributions:
            head += f"; according to {', '.join(g.attributions)}"
        if g.reviewed:
            head += f"; {g.reviewed} accepted in review"
        lines.append(f"    - {head}")
        named = [_source_text(s) for s in g.sources[:MAX_SOURCES]]
        rest = len(g.sources) - MAX_SOURCES
        lines.append(f"      {'source' if len(g.sources) == 1 else 'sources'}: {'; '.join(named)}"
                     + (f"; and {rest} more" if rest > 0 else ""))
        if g.count == 1 and g.statements[0].get("quote"):
            lines.append(f"      \"{g.statements[0]['quote']}\"")
    return lines


def _source_text(source) -> str:
    """'SIPRI (71 statements, 1950 to 2020)', 'FT (2022-09)', or the bare name."""
    from ..evidence import date_range

    bits = [f"{source.count} statements"] if source.count > 1 else []
    if source.first_date:
        bits.append(date_range(source.first_date, source.last_date))
    return f"{source.name} ({', '.join(bits)})" if bits else source.name


@click.command("neighbors")
@click.argument("actor")
@click.option("--depth", type=click.IntRange(1, 5), default=1, show_default=True, metavar="N",
              help="How many steps away (1 to 5).")
@FORMAT
@filter_options
def neighbors_cmd(actor, depth, fmt, **kw):
    """An actor's neighbourhood, grouped by relation (ring by ring with --depth).

    \b
    Examples:
      geokg neighbors "North Korea"
      geokg neighbors Pyongyang --depth 2 --polarity +
      geokg neighbors Russia --relation buysArmsFrom --format json
    """
    from ..neighbors import neighbors

    filters = filters_from_options(kw)
    iri, G, found = neighbors(get_store(), actor, depth, filters)
    label = G.nodes[iri].get("label", iri)
    if fmt == "json":
        echo_json({"actor": label, "iri": iri, "depth": depth, "neighbors": [n.as_dict(G) for n in found]})
        return
    click.echo(f"{label}: {len({n.other for n in found})} neighbour(s)")
    last = None
    for n in found:
        if depth > 1 and n.depth != (last or (None,))[0]:
            click.echo(f"depth {n.depth}:")
        if (n.depth, n.relation) != last:
            rel = n.label()
            click.echo(f"{'  ' if depth > 1 else ''}{rel} ({n.relation}):")
            last = (n.depth, n.relation)
        s, o = G.nodes[n.subject].get("label", n.subject), G.nodes[n.object].get("label", n.object)
        arrow = "—" if n.data.get("symmetric") else "→"
        click.echo(f"{'    ' if depth > 1 else '  '}{s} {arrow} {o}  {_sources_note(n.data)}")


@click.command("rank")
@click.option("--by", type=click.Choice(["degree", "betweenness", "pagerank"]), default="degree", show_default=True,
              help="degree: distinct actors related to; betweenness: on the undirected graph "
                   "(exact; computed by rustworkx on big graphs); pagerank: on relation direction.")
@click.option("--top", type=click.IntRange(1, 100000), default=20, show_default=True, metavar="N")
@click.option("--kind", type=click.Choice(["State", "Territory", "Person", "Organization", "Bloc"]),
              help="Rank only actors of this kind.")
@FORMAT
@filter_options
def rank_cmd(by, top, kind, fmt, **kw):
    """Actors ranked by degree, betweenness or PageRank.

    \b
    Examples:
      geokg rank
      geokg rank --by betweenness --top 10 --kind State
      geokg rank --by pagerank --polarity - --format json
    """
    from ..rank import rank

    rows = rank(get_store(), by, filters_from_options(kw), top, kind)
    if fmt == "json":
        echo_json({"by": by, "actors": rows})
        return
    if by == "degree":
        click.echo(text_table(["rank", "actor", "kind", "degree"],
                              [[str(r["rank"]), r["label"], r["kind"] or "", str(r["score"])] for r in rows]))
        return
    click.echo(text_table(["rank", "actor", "kind", by, "degree"],
                          [[str(r["rank"]), r["label"], r["kind"] or "", f"{r['score']:.4f}", str(r["degree"])]
                           for r in rows]))


@click.command("blocs")
@click.option("--max-blocs", type=click.IntRange(2, 20), default=6, show_default=True, metavar="K",
              help="Most blocs tried per connected part of the graph.")
@FORMAT
@filter_options
def blocs_cmd(max_blocs, fmt, **kw):
    """Blocs from the signed graph, with frustrated edges and triad balance.

    Signs: relations of polarity + (supports, cooperatesWith, buysArmsFrom, recognizes...)
    pull actors together; polarity - (invades, sanctions, criticizes, opposes...) push them
    apart; memberOf counts as cooperative; other structural relations (leaderOf, partOf,
    affiliatedWith, ambassadorTo) are ignored; imported events (interactsWith) take the sign
    of their Goldstein score. Each relation edge counts once.

    Method: spectral start on the signed Laplacian, then greedy moves and merges that reduce
    the number of frustrated edges (conflict inside a bloc, cooperation across blocs); fixed seed.
    Use --polarity to see what the partition rests on.

    \b
    Examples:
      geokg blocs
      geokg blocs --max-blocs 3 --as-of 2022-12-31
      geokg blocs --format json
    """
    from ..blocs import blocs, partition_dict

    G, p = blocs(get_store(), filters_from_options(kw), max_blocs)
    data = partition_dict(G, p)
    if fmt == "json":
        echo_json(data)
        return
    for b in data["blocs"]:
        click.echo(f"bloc {b['bloc']} ({b['size']}): {', '.join(m['label'] for m in b['members'])}")
    fr = data["frustration"]
    click.echo(f"frustration: {fr['frustrated']} of {fr['signed_edges']} signed edges ({fr['index']:.1%})")
    for f in data["frustrated"]:
        click.echo(f"  {f['subject']} {f['relation']} {f['object']}  ({f['why']})")
    t = data["triads"]
    if t["triads"]:
        click.echo(f"triads: {t['balanced']} balanced, {t['unbalanced']} unbalanced of {t['triads']} "
                   f"({t['balance']:.0%} balanced)")
        for tri in t["unbalanced_examples"]:
            click.echo(f"  unbalanced: {' / '.join(tri)}")
    else:
        click.echo("triads: none")
