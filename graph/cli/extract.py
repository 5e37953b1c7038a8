"""Extraction commands: extract, review, eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import GeokgError, InputError
from .common import SuggestingGroup, get_store, progress, text_table


def _files(source: str) -> list[Path]:
    p = Path(source)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
    if not p.exists():
        raise InputError(f"{source}: no such file or directory")
    return [p]


def _index(store):
    from ..actors import ActorIndex

    index = ActorIndex.from_store(store)
    if not len(index):
        raise InputError("the store holds no actors to link mentions to; run `geokg build` first")
    return index


_WORKER = {}


def _init_worker(actors, lang):
    from ..actors import ActorIndex
    from ..extract.pipeline import Extractor

    _WORKER["x"] = Extractor(ActorIndex(actors), lang)


def _work(path):
    try:
        return _WORKER["x"].extract_path(path), None
    except GeokgError as e:
        return None, str(e)


def _results(extractor, files, jobs: int, lang: str):
    """(path, result or None, error or None) per file, in order; a bad file does not stop the others."""
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        actors = list(extractor.index.actors.values())
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(actors, lang)) as pool:
            for path, (res, err) in zip(files, pool.map(_work, files)):
                yield path, res, err
        return
    for path in files:
        try:
            yield path, extractor.extract_path(path), None
        except GeokgError as e:
            yield path, None, str(e)


def _emit(result, fmt: str, min_conf: float) -> None:
    import pyoxigraph as ox

    records = [r for r in result.records() if r["confidence"] >= min_conf]
    if fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "table":
        if not records:
            return
        rows = [[r["id"], r["subject"], ("not " if r["negated"] else "") + r["relation"], r["object"],
                 r["attributed_to"] or "", f"{r['confidence']:.2f}", r["evidence"]] for r in records]
        click.echo(f"# {result.doc}")
        click.echo(text_table(["id", "subject", "relation", "object", "according to", "conf", "evidence"], rows, 50))
    else:
        from ..review import proposed_actor_triples
        from ..statements import statement_triples
        from ..vocab import PREFIXES

        keep = {r["id"] for r in records}
        triples = list(statement_triples(s for s in result.statements if s.key() in keep))
        triples += proposed_actor_triples(result.proposed, result.source)
        sys.stdout.flush()
        ox.serialize(triples, sys.stdout.buffer, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        sys.stdout.buffer.flush()


@click.command("extract")
@click.argument("source", metavar="FILE|DIR|-")
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True,
              help="Language of the text (auto: detected per file).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table", "ttl"]), default="jsonl", show_default=True)
@click.option("--commit", is_flag=True, help="Store the statements (status proposed) in graph extract/<file stem> for review.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Files extracted in parallel (directories).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Print only statements at least this confident.")
def extract_cmd(source, lang, fmt, commit, jobs, min_confidence):
    """Extract candidate statements from French or English news text.

    Actors are linked through every label and alias of the store; people and organisations it
    does not know are proposed as new actors. FILE may be a directory (each UTF-8 file in it)
    or '-' for standard input. Output: one JSON object per statement (jsonl), a table, or Turtle.

    \b
    Examples:
      geokg extract ../shared/corpus/000_85c7f74f522fdcf4.txt --format table
      geokg extract article.txt --commit            # proposed statements, then `geokg review`
      geokg extract articles/ --jobs 2 --min-confidence 0.8 --format jsonl
      echo "La Russie a envahi l'Ukraine." | geokg extract - --lang fr
    """
    from ..extract.pipeline import Extractor

    store = get_store()
    extractor = Extractor(_index(store), lang)
    failed = 0
    if source == "-":
        text = sys.stdin.read()
        items = [(Path("stdin"), extractor.extract_text(text, "stdin"), None)]
        iterator = iter(items)
        files = [Path("stdin")]
    else:
        files = _files(source)
        iterator = _results(extractor, files, jobs, lang)
    with progress(f"extracting {Path(source).name}", len(files), unit="files") as bar:
        for path, result, err in iterator:
            bar.advance(1)
            if err:
                click.echo(f"error: {err}", err=True)
                failed += 1
                continue
            _emit(result, fmt, min_confidence)
            if commit:
                from ..review import commit as commit_result
                from ..store.naming import short_name

                rep = commit_result(store, result)
                click.echo(f"{result.doc}: {rep.new} new, {rep.kept} already reviewed or proposed, "
                           f"{rep.total} in {short_name(rep.graph)}", err=True)
    if failed:
        sys.exit(1)


@click.group("review", cls=SuggestingGroup, invoke_without_command=True)
@click.option("--status", type=click.Choice(["proposed", "accepted", "rejected", "all"]), default="proposed",
              show_default=True, help="Which statements to list.")
@click.option("--graph", "graph_name", help="Only this extract graph (e.g. extract/my-article).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
def review_cmd(ctx, status, graph_name, fmt):
    """List extracted statements for review; accept or reject them by id.

    \b
    Examples:
      geokg review                       proposed statements with their evidence
      geokg review accept ID...          assert them (their truthy triple joins the graph)
      geokg review reject ID...          keep them out, also when the source is extracted again
      geokg review accept --min-confidence 0.8
      geokg review --status all --graph extract/my-article --format jsonl
    """
    if ctx.invoked_subcommand:
        return
    from ..review import queue
    from ..store.naming import graph_iri

    rows = queue(get_store(), None if status == "all" else status, graph_iri(graph_name) if graph_name else None)
    if fmt == "jsonl":
        for r in rows:
            s = r.statement
            click.echo(json.dumps({"id": r.id, "graph": r.graph, "status": s.status, "subject": r.subject,
                                   "relation": s.relation, "object": r.object, "negated": s.negated,
                                   "attributed_to": s.attribution, "confidence": s.confidence,
                                   "evidence": s.quote, "start": s.start, "end": s.end}, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"no {'' if status == 'all' else status + ' '}statements to review")
        return
    for r in rows:
        s = r.statement
        who = f"  (according to {s.attribution})" if s.attribution else ""
        click.echo(f"{r.id}  [{s.status}, {s.confidence:.2f}]  {r.text()}{who}")
        if s.quote:
            click.echo(f"    \"{s.quote}\"  ({r.graph}, {s.start}-{s.end})")


@review_cmd.command("accept")
@click.argument("ids", nargs=-1)
@click.option("--min-confidence", type=float, help="Accept every proposed statement at least this confident.")
def accept_cmd(ids, min_confidence):
    """Accept statements by id (or all proposed ones above a confidence).

    \b
    Examples:
      geokg review accept 3f2a9c0d1e4b5a67 0b1c2d3e4f5a6b7c
      geokg review accept --min-confidence 0.8
    """
    from ..review import accept_min_confidence, decide

    if bool(ids) == (min_confidence is not None):
        raise click.UsageError("give statement ids or --min-confidence, not both nor neither")
    n = decide(get_store(), ids, "accepted") if ids else accept_min_confidence(get_store(), min_confidence)
    click.echo(f"accepted {n} statement{'s' if n != 1 else ''}")


@review_cmd.command("reject")
@click.argument("ids", nargs=-1, required=True)
def reject_cmd(ids):
    """Reject statements by id (they stay rejected when the source is extracted again).

    \b
    Examples:
      geokg review reject 3f2a9c0d1e4b5a67
    """
    from ..review import decide

    n = decide(get_store(), ids, "rejected")
    click.echo(f"rejected {n} statement{'s' if n != 1 else ''}")


@click.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.argument("pred", required=False, type=click.Path(dir_okay=False))
@click.option("--aliases", type=click.Path(dir_okay=False), help="JSON: canonical name -> list of other names.")
@click.option("--extract", "extract_file", type=click.Path(), help="Extract this file (or folder) and score its output.")
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True)
@click.option("--doc", help="Score one document of the gold file only.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_cmd(gold, pred, aliases, extract_file, lang, doc, fmt):
    """Precision, recall and F1 of extracted statements against a gold file (JSON lines).

    The matching rule is that of ../shared/eval/score.py: names folded and mapped through
    --aliases, symmetric relations in either direction, inverse relations equated, negation
    compared. The wrong predictions and the missed required statements are listed.

    \b
    Examples:
      geokg eval gold.jsonl predictions.jsonl --aliases aliases.json
      geokg eval gold.jsonl --extract ../shared/corpus/ --format json
    """
    from ..evaluate import read_aliases, read_jsonl, score

    if bool(pred) == bool(extract_file):
        raise click.UsageError("give PRED or --extract FILE, not both nor neither")
    gold_records = read_jsonl(gold, "gold")
    if extract_file:
        from ..extract.pipeline import Extractor

        extractor = Extractor(_index(get_store()), lang)
        records = []
        for path in _files(extract_file):
            records += extractor.extract_path(path).records()
    else:
        records = read_jsonl(pred, "prediction")
    result = score(gold_records, records, read_aliases(aliases) if aliases else None, doc)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    for line in result.lines():
        click.echo(line)
