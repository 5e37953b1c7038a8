"""What every importer shares: reading the file, bad rows, actor codes, writing the graph.

An importer turns the rows of a data file into ``graph.statements.Statement`` objects, then
``write_import`` replaces its named graph with them in one atomic bulk load, so importing the
same file twice gives the same graph and a failed import leaves the store as it was.

>>> bad = BadRows("data.csv", skip_bad=False)
>>> bad.add(3, "empty subject"); bad.add(7, "unknown actor 'Atlantis'")
>>> bad.check()
Traceback (most recent call last):
...
graph.errors.InputError: data.csv, line 3: empty subject (2 bad rows; fix them or pass --skip-bad)
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..files import check_file  # noqa: F401  (re-exported for the importers)
from ..store.base import CountingReader
from ..errors import InputError, NotFoundError
from ..statements import Source, Statement, load_statements
from ..store.naming import graph_for_file, graph_iri
from ..vocab import ACTOR_NS, DCTERMS, GKG_NS, RDF, RDFS, SKOS

DATASET_STATUS = "curated"
"""Status of imported statements: the dataset's own curation stands (SIPRI, ATOP, GDELT as coded).

They are asserted (the truthy triple is written), so queries and the projection see them; pass
``status="proposed"`` to an importer to put them in the review queue instead."""

EXTRACTOR = "geokg-import-{}"


class RowError(ValueError):
    """A problem with one row; the importer records it with the row's line number."""


@dataclass
class ImportReport:
    """What an import did, for the command's output."""

    file: str
    graph: str = ""
    rows: int = 0  # data rows read
    statements: int = 0
    triples: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # bad rows left out (--skip-bad)
    counts: dict[str, int] = field(default_factory=dict)  # what became of the rows, by kind
    unresolved: Counter = field(default_factory=Counter)  # codes no reference actor carries
    new_actors: int = 0  # actors the import had to create

    def lines(self) -> list[str]:
        from ..store.naming import short_name

        out = [f"{self.file}: {self.rows} rows, {self.statements} statements, "
               f"{self.triples} triples into {short_name(self.graph)}"]
        out += [f"  {k}: {v}" for k, v in self.counts.items()]
        if self.new_actors:
            out.append(f"  actors created in the graph: {self.new_actors}")
        if self.unresolved:
            codes = ", ".join(f"{c} ({n})" for c, n in sorted(self.unresolved.items(), key=lambda x: (-x[1], x[0])))
            out.append(f"  codes matching no reference actor: {codes}")
        if self.skipped:
            shown = "; ".join(f"line {n}: {m}" for n, m in self.skipped[:5])
            more = f"; and {len(self.skipped) - 5} more" if len(self.skipped) > 5 else ""
            out.append(f"  bad rows skipped: {len(self.skipped)} ({shown}{more})")
        return out


class BadRows:
    """Bad rows of one file: all are collected, then the import fails on the first unless skipped."""

    def __init__(self, name: str, skip_bad: bool):
        self.name = name
        self.skip_bad = skip_bad
        self.rows: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.rows.append((line, message))

    def check(self) -> list[tuple[int, str]]:
        """The skipped rows, or InputError naming the first bad row when not skipping."""
        if self.rows and not self.skip_bad:
            line, msg = self.rows[0]
            n = len(self.rows)
            raise InputError(f"{self.name}, line {line}: {msg} "
                             f"({n} bad row{'s' if n > 1 else ''}; fix them or pass --skip-bad)")
        return self.rows


# --- reading -------------------------------------------------------------------------------

@contextlib.contextmanager
def open_text(path: str | os.PathLike, bar=None) -> Iterator[io.TextIOBase]:
    """Open a UTF-8 text file (also .gz, or a .zip holding one file), counting bytes on ``bar``."""
    p = check_file(path)
    with contextlib.ExitStack() as stack:
        raw = stack.enter_context(open(p, "rb"))
        counted = io.BufferedReader(CountingReader(raw, bar), 1 << 16)
        name = p.name.lower()
        if name.endswith(".gz"):
            stream = stack.enter_context(gzip.open(counted))
        elif name.endswith(".zip"):
            try:
                zf = stack.enter_context(zipfile.ZipFile(raw))
            except zipfile.BadZipFile:
                raise InputError(f"{path}: not a zip archive") from None
            members = [m for m in zf.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise InputError(f"{path}: the archive holds {len(members)} files; expected one")
            stream = stack.enter_context(zf.open(members[0]))
        else:
            stream = counted
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            yield text
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start} of a block)") from None
        except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile) as e:
            raise InputError(f"{path}: cannot read: {e}") from None


def file_stem(path: str | os.PathLike) -> str:
    """Slug of a file name without its extensions: 'GDELT Events.CSV.zip' -> 'gdelt-events'."""
    return graph_for_file(path).rsplit("/", 1)[1]


def default_graph(kind: str, path: str | os.PathLike | None = None) -> str:
    """import/<kind> or, for a file, import/<kind>-<file stem>."""
    return graph_iri(f"import/{kind}" + (f"-{file_stem(path)}" if path is not None else ""))


# --- values --------------------------------------------------------------------------------

def number(text: str, what: str) -> int | float:
    """An int when the value is integral ('12', '12.0' stay exact), else a float; RowError if not a number."""
    t = text.strip()
    try:
        return int(t)
    except ValueError:
        pass
    try:
        f = float(t)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise RowError(f"{what} {text!r} is not a finite number")
    return f


def integer(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise RowError(f"{what} {text!r} is not an integer") from None


def short_hash(*parts: str) -> str:
    """First 16 hex digits of sha1 over the parts (stable statement and source ids)."""
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def dataset_source(kind: str, path, title: str, publisher: str | None = None, url: str | None = None) -> Source:
    """The source of statements taken from a data file: src:<kind>-<file stem>."""
    return Source(f"{kind}-{file_stem(path)}", title=title, publisher=publisher, url=url)


def url_source(url: str, note: str) -> Source:
    """A web document cited by a data set row (GDELT SOURCEURL, a CSV source column)."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    return Source("web-" + short_hash(url), title=f"{note}: {host}", publisher=host, url=url)


def extractor(kind: str) -> dict:
    """Statement fields naming the importer."""
    return {"extractor": EXTRACTOR.format(kind), "extractor_version": __version__}


# --- actors --------------------------------------------------------------------------------

CODES_QUERY = """
SELECT ?a ?code ?state WHERE {
  ?a ?p ?code .
  BIND(EXISTS { ?a a gkg:State } AS ?state)
}
"""


class ActorCodes:
    """The store's actors by code (gkg:iso3, gkg:iso2, gkg:cowCode); states win over other kinds.

    Several COW codes may lead to one state (historical codes mapped to their successor).
    """

    PROPS = {"iso3": "iso3", "iso2": "iso2", "cow": "cowCode"}

    def __init__(self, store):
        self.store = store
        self._tables: dict[str, dict[str, str]] = {}
        self._index = None

    def table(self, kind: str) -> dict[str, str]:
        if kind not in self._tables:
            prop = ox.NamedNode(GKG_NS + self.PROPS[kind])
            found: dict[str, tuple[bool, str]] = {}
            for r in self.store.select(CODES_QUERY, {"p": prop}):
                code, iri = r["code"].value.strip().upper(), r["a"].value
                state = r["state"].value == "true"
                best = found.get(code)
                if best is None or (state, -len(iri)) > (best[0], -len(best[1])):
                    found[code] = (state, iri)
            if not found:
                raise NotFoundError(f"no actor in the store has a gkg:{self.PROPS[kind]} code; run `geokg build` first")
            self._tables[kind] = {c: iri for c, (_, iri) in found.items()}
        return self._tables[kind]

    def get(self, kind: str, code: str) -> str | None:
        return self.table(kind).get(code.strip().upper())

    @property
    def index(self):
        """The ActorIndex of the store (names, labels, aliases), built on first use."""
        if self._index is None:
            from ..actors import ActorIndex

            self._index = ActorIndex.from_store(self.store)
        return self._index

    def by_name(self, name: str) -> str | None:
        """The actor answering to a label, alias, ISO code or IRI, or None."""
        name = name.strip()
        if not name:
            return None
        if name.startswith(ACTOR_NS) and name in self.index.actors:
            return name
        found = self.index.candidates(name)
        return found[0].iri if found else None


class NewActors:
    """Actors an import has to create (alliances, unknown parties): their triples go in its graph."""

    def __init__(self):
        self._triples: dict[str, list[ox.Triple]] = {}

    def add(self, local: str, kind: str, label: str, *, label_fr: str | None = None,
            alt: Iterable[str] = (), codes: dict[str, str] | None = None) -> str:
        """Declare actor:<local> (once) of class gkg:<kind>; returns its IRI."""
        iri = ACTOR_NS + local
        if iri not in self._triples:
            s = ox.NamedNode(iri)
            ts = [ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(GKG_NS + kind)),
                  ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(label, language="en"))]
            if label_fr:
                ts.append(ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(label_fr, language="fr")))
            ts += [ox.Triple(s, ox.NamedNode(SKOS + "altLabel"), ox.Literal(a, language="en")) for a in alt]
            ts += [ox.Triple(s, ox.NamedNode(GKG_NS + p), ox.Literal(v)) for p, v in (codes or {}).items()]
            self._triples[iri] = ts
        return iri

    def __len__(self) -> int:
        return len(self._triples)

    def triples(self) -> Iterator[ox.Triple]:
        for ts in self._triples.values():
            yield from ts


def identifier_triple(statement: Statement, value: str) -> ox.Triple:
    """dcterms:identifier of a statement: the row's own id in its data set (a GDELT event id)."""
    return ox.Triple(ox.NamedNode(statement.iri), ox.NamedNode(DCTERMS + "identifier"), ox.Literal(value))


# --- writing -------------------------------------------------------------------------------

ProgressFactory = Callable[..., contextlib.AbstractContextManager]


@contextlib.contextmanager
def no_progress(description: str, total: int | None = None, unit: str = "bytes"):
    yield None


@contextlib.contextmanager
def reading(progress: ProgressFactory | None, path):
    """A progress bar over the bytes of ``path`` (a silent one when ``progress`` is None)."""
    size = Path(path).stat().st_size if Path(path).is_file() else None
    with (progress or no_progress)(f"reading {Path(path).name}", size) as bar:
        yield bar


def write_import(store, graph: str, statements: list[Statement], report: ImportReport, *,
                 extra_triples: Iterable[ox.Triple] = (), progress: ProgressFactory | None = None) -> ImportReport:
    """Replace ``graph`` with the statements (atomically, through the bulk loader); fill the report."""
    from ..store.naming import short_name

    progress = progress or no_progress
    report.graph = graph
    report.statements = len({st.iri for st in statements})
    with progress(f"writing {short_name(graph)}") as bar:
        report.triples = load_statements(store, graph, statements, extra_triples=extra_triples, progress=bar)
    return report
