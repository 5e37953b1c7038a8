"""CSV files of relations, read through a mapping of their columns.

A mapping names the columns holding the subject and the object, the relation (one for the
whole file, or a column), and optionally the date, a numeric value (gkg:value) and a source
(a URL or a title). Actor cells are names (any label, alias, ISO code or actor IRI) or codes
of one kind (``iso3``, ``iso2``, ``cow``); ``subject_label``/``object_label`` name columns
that give a readable name when the code is missing.

A mapping file is TOML with the same keys:

    subject = "supplier"
    object = "recipient"
    relation = "suppliesArmsTo"
    date = "year"
    value = "tiv"

Rows whose actor cannot be found are bad rows, unless ``create_actors`` is set: then the
actor is created in the import graph (``actor:<codes>-<code>`` or ``actor:csv-<name>``).
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from ..actors import fold
from ..errors import GeokgError, InputError, NotFoundError
from ..statements import Source, Statement, date_literal
from ..store.naming import slugify
from ..vocab import relation as relation_info
from ..vocab import relations
from .common import (DATASET_STATUS, ActorCodes, BadRows, ImportReport, NewActors, RowError,
                     dataset_source, default_graph, extractor, number, open_text, reading, short_hash,
                     url_source, write_import)

CODE_KINDS = ("name", "iso3", "iso2", "cow")
MISSING = {"", "na", "n/a", "null", "none", "-", "nan"}


@dataclass
class CsvMapping:
    """Which column holds what."""

    subject: str
    object: str
    relation: str | None = None  # one relation for every row
    relation_column: str | None = None  # or a column naming it per row
    date: str | None = None
    value: str | None = None
    source: str | None = None  # a column with a URL or a title
    codes: str = "name"  # how actor cells name actors: name, iso3, iso2 or cow
    subject_label: str | None = None
    object_label: str | None = None
    create_actors: bool = False
    delimiter: str = ","

    def __post_init__(self):
        if bool(self.relation) == bool(self.relation_column):
            raise InputError("give the relation (--relation NAME) or the column holding it (--relation-column COL), one of them")
        if self.codes not in CODE_KINDS:
            raise InputError(f"codes {self.codes!r}: use one of {', '.join(CODE_KINDS)}")
        if self.relation:
            self.relation = relation_info(self.relation).name
        if len(self.delimiter) != 1:
            self.delimiter = {"tab": "\t", "\\t": "\t"}.get(self.delimiter, self.delimiter)
            if len(self.delimiter) != 1:
                raise InputError(f"delimiter {self.delimiter!r} is not one character")

    def columns(self) -> list[str]:
        names = ("subject", "object", "relation_column", "date", "value", "source", "subject_label", "object_label")
        return [getattr(self, n) for n in names if getattr(self, n)]


def mapping_from(file: str | os.PathLike | None = None, **options) -> CsvMapping:
    """A mapping from a TOML file and/or options (options given win over the file).

    >>> mapping_from(subject="a", object="b", relation="gkg:recognizes").relation
    'recognizes'
    """
    import tomllib

    data: dict = {}
    if file is not None:
        p = Path(file)
        if not p.is_file():
            raise InputError(f"{file}: no such mapping file")
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"{file}: invalid TOML: {e}") from None
        data = {k.replace("-", "_"): v for k, v in data.items()}
        known = {f.name for f in fields(CsvMapping)}
        if unknown := sorted(set(data) - known):
            raise InputError(f"{file}: unknown key {unknown[0]!r}; keys are {', '.join(sorted(known))}")
    data.update({k: v for k, v in options.items() if v is not None})
    for key in ("subject", "object"):
        if not data.get(key):
            where = f"{file}: " if file is not None else ""
            raise InputError(f"{where}no {key} column given (--{key} COLUMN or '{key} = ...' in the mapping file)")
    return CsvMapping(**data)


@lru_cache(maxsize=1)
def _by_label() -> dict[str, str]:
    return {fold(r.label_en): r.name for r in relations().values()}


def relation_name(text: str) -> str:
    """A relation from a cell: local name, gkg: name, IRI or English label ('supplies arms to')."""
    name = _by_label().get(fold(text))
    if name:
        return name
    try:
        return relation_info(text.strip()).name
    except NotFoundError as e:
        raise RowError(str(e)) from None


class ActorResolver:
    """Actor cells (a code or a name, and a fallback label) to actor IRIs."""

    def __init__(self, codes: ActorCodes, kind: str = "name", new: NewActors | None = None, prefix: str = "csv"):
        self.codes = codes
        self.kind = kind
        self.new = new  # None: an unknown actor is a bad row
        self.prefix = prefix
        self.unresolved: Counter = Counter()  # codes no actor of the store carries

    def __call__(self, cell: str, label: str = "") -> str:
        cell, label = cell.strip(), (label or "").strip()
        code = "" if cell.lower() in MISSING else cell
        if code:
            iri = self.codes.by_name(code) if self.kind == "name" else self.codes.get(self.kind, code)
            if iri:
                return iri
            if self.kind != "name":
                return self.unknown_code(code, label)
        name = label if label.lower() not in MISSING else ""
        name = name or code
        if not name:
            raise RowError("empty actor cell")
        return self.codes.by_name(name) or self.unknown_name(name)

    def unknown_code(self, code: str, label: str) -> str:
        self.unresolved[code] += 1
        if self.new is None:
            raise RowError(f"no actor has {self.kind} code {code!r}" + (f" ({label})" if label else ""))
        prop = {"cow": "cowCode", "iso3": "iso3", "iso2": "iso2"}[self.kind]
        return self.new.add(f"{self.kind}-{slugify(code)}", "State", label or f"{self.kind.upper()} state {code}",
                            codes={prop: code})

    def unknown_name(self, name: str) -> str:
        if self.new is None:
            raise RowError(f"unknown actor {name!r}")
        return self.new.add(f"{self.prefix}-{slugify(name)}", "Actor", name)


def _cell(row: dict, column: str | None) -> str:
    return (row.get(column) or "").strip() if column else ""


def read_csv(path, mapping: CsvMapping, resolve: ActorResolver, graph: str, *, kind: str = "csv",
             source: Source | None = None, skip_bad: bool = False, status: str = DATASET_STATUS,
             bar=None) -> tuple[list[Statement], ImportReport]:
    """Statements of a CSV file under a mapping (nothing is written)."""
    name = Path(path).name
    report = ImportReport(str(path), graph)
    bad = BadRows(name, skip_bad)
    source = source or dataset_source(kind, path, f"CSV file {name}")
    common = extractor(kind)
    statements: list[Statement] = []
    with open_text(path, bar) as f:
        reader = csv.DictReader(f, delimiter=mapping.delimiter)
        header = reader.fieldnames
        if not header:
            raise InputError(f"{name}: empty file, no header row")
        missing = [c for c in mapping.columns() if c not in header]
        if missing:
            raise InputError(f"{name}, line 1: no column {missing[0]!r} (columns: {', '.join(header)})")
        for row in reader:
            report.rows += 1
            try:
                if None in row:
                    raise RowError(f"{len(header) + len(row[None])} fields; the header has {len(header)}")
                subject = resolve(_cell(row, mapping.subject), _cell(row, mapping.subject_label))
                obj = resolve(_cell(row, mapping.object), _cell(row, mapping.object_label))
                rel = mapping.relation or relation_name(_cell(row, mapping.relation_column) or "(empty)")
                extra = {}
                if v := _cell(row, mapping.value):
                    extra["value"] = number(v, "value")
                src = source
                if s := _cell(row, mapping.source):
                    src = url_source(s, f"cited by {name}") if s.startswith(("http://", "https://")) else \
                        Source(f"{kind}-" + short_hash(s), title=s)
                day = _cell(row, mapping.date) or None
                if day:
                    date_literal(day)
                st = Statement(subject, rel, obj, date=day, source=src, status=status, extra=extra, **common)
            except (RowError, GeokgError) as e:  # GeokgError: an invalid date
                bad.add(reader.line_num, str(e))
                continue
            statements.append(st)
    report.skipped = bad.check()
    report.new_actors = len(resolve.new) if resolve.new is not None else 0
    report.unresolved = resolve.unresolved
    return statements, report


def import_csv(store, path, mapping: CsvMapping, *, graph: str | None = None, skip_bad: bool = False,
               status: str = DATASET_STATUS, progress=None) -> ImportReport:
    """Import a CSV file under a mapping into ``import/csv-<file stem>`` (or ``graph``)."""
    graph = graph or default_graph("csv", path)
    new = NewActors() if mapping.create_actors else None
    resolve = ActorResolver(ActorCodes(store), mapping.codes, new)
    with reading(progress, path) as bar:
        statements, report = read_csv(path, mapping, resolve, graph, skip_bad=skip_bad, status=status, bar=bar)
    extra = new.triples() if new is not None else ()
    return write_import(store, graph, statements, report, extra_triples=extra, progress=progress)
