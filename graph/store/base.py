"""The store interface shared by the embedded and remote backends."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import PREFIXES
from . import results, sparql

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Bindings = Mapping[str, Term]


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]

    def serialize(self, fmt: str) -> bytes:
        """W3C serialisation: json/csv/tsv for SELECT and ASK, an RDF format for graphs."""
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            from .formats import rdf_format

            out = io.BytesIO()
            rdf = rdf_format(fmt)
            kwargs = {"prefixes": PREFIXES} if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
            ox.serialize(self.triples, out, format=rdf, **kwargs)
            return out.getvalue()
        if fmt == "json":
            return results.to_json(self.variables, self.rows, self.boolean)
        if fmt in ("csv", "tsv"):
            return results.to_delimited(self.variables, self.rows, self.boolean, tsv=fmt == "tsv")
        raise QueryError(f"format {fmt!r} does not apply to {self.form} results; use json, csv or tsv")


class Store(ABC):
    """A quad store holding one named graph per origin.

    Every query runs with the union of the named graphs as default graph, and the
    standard prefixes (``graph.vocab.PREFIXES``) predeclared.
    """

    location: str

    # --- reading -----------------------------------------------------------------
    @abstractmethod
    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a read-only query; user values go in ``bindings``, never in ``text``."""

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Term | None]]:
        return self.query(text, bindings).dicts()

    def select_values(self, text: str, bindings: Bindings | None = None) -> Iterator[tuple[str | None, ...]]:
        """SELECT rows as tuples of plain values (``term.value``; None when unbound), in the
        order of the projected variables: the fast path for big results (no dict per row)."""
        for row in self.query(text, bindings).rows:
            yield tuple(None if t is None else t.value for t in row)

    def ask(self, text: str, bindings: Bindings | None = None) -> bool:
        return bool(self.query(text, bindings).boolean)

    @abstractmethod
    def graphs(self) -> dict[str, int]:
        """Named graphs (IRIs, staging ones excluded) with their number of triples."""

    @abstractmethod
    def dump(self, output: BinaryIO, format: ox.RdfFormat, graph: str | None = None) -> None:
        """Write one graph, or the whole dataset for quad formats."""

    # --- writing -----------------------------------------------------------------
    @abstractmethod
    def update(self, text: str) -> None:
        """Run a SPARQL update in one transaction."""

    @abstractmethod
    def replace_graph(
        self,
        graph: str,
        source: str | Path | bytes | BinaryIO,
        format: ox.RdfFormat,
        *,
        name: str | None = None,
        base_iri: str | None = None,
        progress: "Progress | None" = None,
    ) -> int:
        """Atomically replace ``graph`` with the parsed content of ``source``.

        The data is parsed into a staging graph and swapped in only when complete; on any
        error the store is left as it was. Returns the number of triples in ``graph``.
        """

    @abstractmethod
    def drop_graph(self, graph: str) -> bool:
        """Remove a named graph; False if it did not exist."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- shared helpers ------------------------------------------------------------
    @staticmethod
    def check_read_only(text: str, allow_network: bool = False) -> str:
        form = sparql.query_form(text)
        if form == "UPDATE":
            raise QueryError("this is a SPARQL UPDATE; geokg query is read-only unless --update is given")
        if not allow_network and (kw := sparql.network_keywords(text)):
            raise QueryError(f"{' and '.join(kw)} makes the store fetch from the network; refused without --allow-network")
        return form


class Progress:
    """What loaders report to: a byte counter with a known total (or None)."""

    def __init__(self, total: int | None = None):
        self.total = total
        self.done = 0

    def advance(self, n: int) -> None:
        self.done += n

    def close(self) -> None:
        pass


class CountingReader(io.RawIOBase):
    """Wraps a binary file and reports bytes read to a Progress."""

    def __init__(self, raw: BinaryIO, progress: Progress | None):
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._raw.read(len(b))
        n = len(data)
        b[:n] = data
        if self._progress and n:
            self._progress.advance(n)
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if self._progress and data:
            self._progress.advance(len(data))
        return data
