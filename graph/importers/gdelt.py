"""GDELT event exports: 1.0 (57 columns, or 58 with SOURCEURL) and 2.0 (61 columns).

Each row is one event coded with CAMEO. What becomes of it:

- actors: Actor1CountryCode / Actor2CountryCode (CAMEO country codes, ISO alpha-3 for states)
  are looked up among the store's actors by ``gkg:iso3``; regional codes (EUR, AFR, MEA, WST...)
  match none and are counted;
- relation: the EventCode through ``graph.importers.cameo`` (054 recognizes, 163 sanctions,
  19x invades/occupies...), else ``gkg:interactsWith``; every statement keeps ``gkg:cameoCode``;
- qualifiers: gkg:date (SQLDATE), gkg:goldstein, gkg:quadClass, gkg:numMentions,
  gkg:numSources, gkg:numArticles; dcterms:identifier the GLOBALEVENTID;
- source: the row's SOURCEURL (58 and 61 columns) as a source with gkg:url; rows of 57
  columns cite the file;
- two different states: a statement Actor1 -> Actor2 ("state-to-state event");
- one state only (the other actor absent, regional, or from the same state): a
  **one-actor event**, kept as a statement whose object is its subject (the statement model
  needs an object), with an rdfs:comment saying so; paths never use such a loop;
- no state at all: not imported, counted in the report.

Statements are curated (asserted) by default, their id derived from the graph and the
GLOBALEVENTID, so reloading a file gives the same graph.
"""

from __future__ import annotations

from collections import Counter
from datetime import date as _date
from pathlib import Path

from ..statements import Statement
from . import cameo
from .common import (DATASET_STATUS, ActorCodes, BadRows, ImportReport, RowError, dataset_source, default_graph,
                     extractor, identifier_triple, integer, number, open_text, reading, short_hash, url_source,
                     write_import)

# 0-based column positions, the same in 1.0 and 2.0 up to AvgTone
GLOBALEVENTID, SQLDATE = 0, 1
ACTOR1_COUNTRY, ACTOR2_COUNTRY = 7, 17
EVENT_CODE, QUAD_CLASS, GOLDSTEIN = 26, 29, 30
NUM_MENTIONS, NUM_SOURCES, NUM_ARTICLES = 31, 32, 33
WIDTHS = {57: "GDELT 1.0 without SOURCEURL", 58: "GDELT 1.0", 61: "GDELT 2.0"}

STATE_TO_STATE = "state-to-state events"
ONE_ACTOR = "one-actor events (kept with object = subject)"
NO_ACTOR = "rows without a state actor (not imported)"
ONE_ACTOR_ABSENT = "GDELT event of one actor: the other actor has no state country code"
ONE_ACTOR_SAME = "GDELT event of one actor: both actors belong to the same state"


def parse_row(fields: list[str]) -> dict:
    """The values geokg keeps from one row (RowError when one is malformed).

    >>> row = ["1", "20160728"] + [""] * 24 + ["163", "163", "16", "4", "-8.0", "3", "1", "3"] + [""] * 23 + ["http://x"]
    >>> len(row), parse_row(row)["goldstein"], parse_row(row)["url"]
    (58, -8.0, 'http://x')
    """
    n = len(fields)
    if n not in WIDTHS:
        raise RowError(f"{n} columns; GDELT rows have 57 or 58 (1.0) or 61 (2.0), tab-separated")
    event_id = fields[GLOBALEVENTID].strip()
    if not event_id.isdigit():
        raise RowError(f"GLOBALEVENTID {event_id!r} is not a number")
    day = fields[SQLDATE].strip()
    try:
        if len(day) != 8 or not day.isdigit():
            raise ValueError
        _date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise RowError(f"SQLDATE {day!r} is not a date YYYYMMDD") from None
    code = fields[EVENT_CODE].strip()
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise RowError(f"EventCode {code!r} is not a CAMEO code")
    quad = integer(fields[QUAD_CLASS], "QuadClass")
    if quad not in (1, 2, 3, 4):
        raise RowError(f"QuadClass {quad} is not 1, 2, 3 or 4")
    goldstein = float(number(fields[GOLDSTEIN], "GoldsteinScale"))
    if not -10 <= goldstein <= 10:
        raise RowError(f"GoldsteinScale {goldstein} is outside [-10, 10]")
    counts = {}
    for key, col, what in (("numMentions", NUM_MENTIONS, "NumMentions"), ("numSources", NUM_SOURCES, "NumSources"),
                           ("numArticles", NUM_ARTICLES, "NumArticles")):
        if fields[col].strip():
            counts[key] = integer(fields[col], what)
    url = fields[-1].strip() if n in (58, 61) else ""
    return {
        "id": event_id, "date": day, "code": code, "quadClass": quad, "goldstein": goldstein, "counts": counts,
        "actor1": fields[ACTOR1_COUNTRY].strip().upper(), "actor2": fields[ACTOR2_COUNTRY].strip().upper(),
        "url": url if url.startswith(("http://", "https://")) else "",
    }


def read_gdelt(path, codes: ActorCodes, graph: str, *, skip_bad: bool = False, status: str = DATASET_STATUS,
               bar=None) -> tuple[list[Statement], list, ImportReport]:
    """Statements of a GDELT export file (nothing is written)."""
    name = Path(path).name
    report = ImportReport(str(path), graph)
    bad = BadRows(name, skip_bad)
    file_source = dataset_source("gdelt", path, f"GDELT event file {name}", publisher="The GDELT Project",
                                 url="https://www.gdeltproject.org/")
    iso3 = codes.table("iso3")
    statements: list[Statement] = []
    extra = []
    seen: dict[str, int] = {}
    kinds = Counter({STATE_TO_STATE: 0, ONE_ACTOR: 0, NO_ACTOR: 0})
    common = extractor("gdelt")
    with open_text(path, bar) as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            if lineno == 1 and fields[0].strip().upper() == "GLOBALEVENTID":
                continue  # a header row
            report.rows += 1
            try:
                row = parse_row(fields)
                if row["id"] in seen:
                    raise RowError(f"GLOBALEVENTID {row['id']} repeats line {seen[row['id']]}")
            except RowError as e:
                bad.add(lineno, str(e))
                continue
            seen[row["id"]] = lineno
            a1, a2 = iso3.get(row["actor1"]), iso3.get(row["actor2"])
            for c, a in ((row["actor1"], a1), (row["actor2"], a2)):
                if c and a is None:
                    report.unresolved[c] += 1
            comment = None
            if a1 and a2 and a1 != a2:
                subject, obj = a1, a2
                kinds[STATE_TO_STATE] += 1
            elif a1 or a2:
                subject = obj = a1 or a2
                comment = ONE_ACTOR_SAME if a1 == a2 else ONE_ACTOR_ABSENT
                kinds[ONE_ACTOR] += 1
            else:
                kinds[NO_ACTOR] += 1
                continue
            st = Statement(
                subject, cameo.relation_for(row["code"]), obj,
                date=row["date"], status=status, comment=comment,
                source=url_source(row["url"], "news article cited by GDELT") if row["url"] else file_source,
                extra={"cameoCode": row["code"], "goldstein": row["goldstein"], "quadClass": row["quadClass"],
                       **row["counts"]},
                id=short_hash(graph, "gdelt", row["id"]),
                **common,
            )
            statements.append(st)
            extra.append(identifier_triple(st, row["id"]))
    report.skipped = bad.check()
    report.counts = dict(kinds)
    return statements, extra, report


def import_gdelt(store, path, *, graph: str | None = None, skip_bad: bool = False, status: str = DATASET_STATUS,
                 progress=None) -> ImportReport:
    """Import a GDELT event file into ``import/gdelt-<file stem>`` (or ``graph``).

    >>> import tempfile, os
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> d = tempfile.mkdtemp()
    >>> row = ["1", "20220906"] + [""] * 5 + ["RUS"] + [""] * 9 + ["PRK"] + [""] * 8 + ["0612"] * 3 + ["2", "6.4", "4", "2", "4"] + [""] * 23 + ["https://example.org/a"]
    >>> _ = open(os.path.join(d, "ev.csv"), "w").write("\\t".join(row) + "\\n")
    >>> with open_store(d + "/s") as s:
    ...     _ = build(s)
    ...     import_gdelt(s, os.path.join(d, "ev.csv")).counts
    {'state-to-state events': 1, 'one-actor events (kept with object = subject)': 0, 'rows without a state actor (not imported)': 0}
    """
    graph = graph or default_graph("gdelt", path)
    codes = ActorCodes(store)
    with reading(progress, path) as bar:
        statements, extra, report = read_gdelt(path, codes, graph, skip_bad=skip_bad, status=status, bar=bar)
    return write_import(store, graph, statements, report, extra_triples=extra, progress=progress)
