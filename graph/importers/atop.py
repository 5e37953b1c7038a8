"""ATOP alliance-level data (one row per alliance, members as COW codes mem1..mem59).

Each alliance is an actor ``actor:atop-<atopid>`` of class gkg:Alliance, labelled
"ATOP alliance <id> (<start year>)" (the file carries no names), except alliances the
reference already holds (KNOWN: ATOP 3180 is ``actor:nato``), whose reference actor is used so
that curated and imported statements meet on one node; every alliance also gets the
alternative label "ATOP <id>".

Each member entry becomes a statement ``member memberOf alliance`` (one per COW code listed, so
NATO has 30 membership statements although Germany is listed twice, as 255 and as West
Germany 260, both leading to actor:DEU; the rdfs:comment keeps the entry's COW code) with gkg:validFrom the alliance's
start (begyr/begmo/begday) and gkg:validUntil its end when it ended (the alliance-level file
has no per-member dates), and one gkg:obligation per obligation the treaty sets
(defense, offense, neutrality, non-aggression, consultation). COW codes lead to the reference
states (historical codes to their successor); a code no reference actor carries is created
in the import graph as ``actor:cow-<code>`` and listed in the report.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..statements import Statement
from ..vocab import ACTOR_NS, GKG_NS, SKOS
from .common import (DATASET_STATUS, ActorCodes, BadRows, ImportReport, NewActors, RowError, dataset_source,
                     default_graph, extractor, integer, open_text, reading, short_hash, write_import)
from .csvmap import ActorResolver

KNOWN = {"3180": "nato"}  # ATOP id -> local name of the reference actor
OBLIGATIONS = {"defense": "defense", "offense": "offense", "neutral": "neutrality", "nonagg": "non-aggression",
               "consul": "consultation"}
MEMBER_COLUMNS = [f"mem{i}" for i in range(1, 60)]


def atop_date(year: str, month: str, day: str, what: str) -> str | None:
    """'1949', '4', '4' -> '1949-04-04'; a 0 month or day gives the year or year-month; a 0 year None.

    >>> atop_date("1949", "4", "4", "start"), atop_date("1815", "0", "0", "start"), atop_date("0", "0", "0", "end")
    ('1949-04-04', '1815', None)
    """
    y, m, d = (integer(v or "0", f"{what} {name}") for v, name in ((year, "year"), (month, "month"), (day, "day")))
    if y == 0:
        return None
    if not 1 <= y <= 9999 or not 0 <= m <= 12 or not 0 <= d <= 31:
        raise RowError(f"{what} date {year}-{month}-{day} is not a date")
    if m == 0:
        return f"{y:04d}"
    if d == 0:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def read_atop(path, codes: ActorCodes, graph: str, *, skip_bad: bool = False, status: str = DATASET_STATUS,
              bar=None) -> tuple[list[Statement], list[ox.Triple], NewActors, ImportReport]:
    """Memberships of the ATOP alliance-level file (nothing is written)."""
    name = Path(path).name
    report = ImportReport(str(path), graph)
    bad = BadRows(name, skip_bad)
    new = NewActors()
    resolve = ActorResolver(codes, "cow", new)
    source = dataset_source("atop", path, "Alliance Treaty Obligations and Provisions (ATOP), alliance-level data",
                            publisher="ATOP project", url="http://www.atopdata.org/")
    common = extractor("atop")
    known = set(codes.index.actors)
    statements: list[Statement] = []
    obligations: list[ox.Triple] = []
    alt_labels: list[ox.Triple] = []
    counts = Counter({"alliances": 0, "memberships": 0})
    with open_text(path, bar) as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        missing = [c for c in ("atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "mem1",
                               *OBLIGATIONS) if c not in header]
        if missing:
            raise InputError(f"{name}, line 1: no column {missing[0]!r}; is this the ATOP alliance-level file?")
        members_cols = [c for c in MEMBER_COLUMNS if c in header]
        seen: dict[str, int] = {}
        for row in reader:
            report.rows += 1
            try:
                if None in row:
                    raise RowError(f"more fields than the header's {len(header)}")
                atopid = row["atopid"].strip()
                if not atopid.isdigit():
                    raise RowError(f"atopid {atopid!r} is not a number")
                if atopid in seen:
                    raise RowError(f"atopid {atopid} repeats line {seen[atopid]}")
                start = atop_date(row["begyr"], row["begmo"], row["begday"], "start")
                end = atop_date(row["endyr"], row["endmo"], row["endday"], "end")
                kinds = [word for col, word in OBLIGATIONS.items() if integer(row[col] or "0", col) == 1]
                member_codes = [row[c].strip() for c in members_cols if (row[c] or "").strip()]
                for code in member_codes:
                    if not code.isdigit():
                        raise RowError(f"member COW code {code!r} is not a number")
            except RowError as e:
                bad.add(reader.line_num, str(e))
                continue
            seen[atopid] = reader.line_num
            counts["alliances"] += 1
            if atopid in KNOWN and ACTOR_NS + KNOWN[atopid] in known:
                alliance = ACTOR_NS + KNOWN[atopid]
            else:
                year = f" ({start[:4]})" if start else ""
                alliance = new.add(f"atop-{atopid}", "Alliance", f"ATOP alliance {atopid}{year}",
                                   label_fr=f"alliance ATOP {atopid}{year}")
            alt_labels.append(ox.Triple(ox.NamedNode(alliance), ox.NamedNode(SKOS + "altLabel"),
                                        ox.Literal(f"ATOP {atopid}", language="en")))
            for code in dict.fromkeys(member_codes):
                st = Statement(resolve(code), "memberOf", alliance, valid_from=start, valid_until=end,
                               source=source, status=status, comment=f"ATOP {atopid} member, COW code {code}",
                               id=short_hash(graph, "atop", atopid, code), **common)
                statements.append(st)
                obligations += [ox.Triple(ox.NamedNode(st.iri), ox.NamedNode(GKG_NS + "obligation"), ox.Literal(k))
                                for k in kinds]
                counts["memberships"] += 1
    report.skipped = bad.check()
    report.counts = dict(counts)
    report.unresolved = resolve.unresolved
    report.new_actors = len(new)
    return statements, obligations + alt_labels, new, report


def import_atop(store, path, *, graph: str | None = None, skip_bad: bool = False, status: str = DATASET_STATUS,
                progress=None) -> ImportReport:
    """Import the ATOP alliance-level file into ``import/atop`` (or ``graph``)."""
    graph = graph or default_graph("atop")
    with reading(progress, path) as bar:
        statements, extra, new, report = read_atop(path, ActorCodes(store), graph, skip_bad=skip_bad,
                                                   status=status, bar=bar)
    return write_import(store, graph, statements, report, extra_triples=[*new.triples(), *extra],
                        progress=progress)
