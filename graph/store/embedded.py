"""The embedded backend: Oxigraph on disk (pyoxigraph), one process at a time."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import ParseError, QueryError, StoreError
from ..vocab import GKG_NS, INTERNAL_NS, PREFIXES, STAGING_NS
from .base import Bindings, CountingReader, QueryResult, Store
from .lock import StoreLock
from .sparql import bind_values, query_form, syntax_message

_PARSE_POS = re.compile(
    r"line (\d+)(?: column| between columns) (\d+)[^:]*: (.*)", re.DOTALL
)


def parse_error(err: Exception, name: str, format: ox.RdfFormat) -> ParseError:
    """'malformed Turtle in data.ttl at line 3, column 12: <reason>'."""
    text = str(err)
    m = _PARSE_POS.search(text)
    if m:
        reason = re.sub(r"\s*\(line \d+\)\s*$", "", m.group(3).strip().splitlines()[0])
        return ParseError(f"malformed {format.name} in {name} at line {m.group(1)}, column {m.group(2)}: {reason}")
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return ParseError(f"malformed {format.name} in {name}: {first}")


_META = ox.NamedNode(INTERNAL_NS + "meta")
_PENDING = ox.NamedNode(GKG_NS + "loadPending")


@contextlib.contextmanager
def _spooled(source):
    """A file path for ``source``: the path itself, or a temporary copy of bytes or a stream."""
    if isinstance(source, (str, Path)):
        yield str(source)
        return
    with tempfile.NamedTemporaryFile(prefix="geokg-", suffix=".load") as tmp:
        if isinstance(source, bytes):
            tmp.write(source)
        else:
            shutil.copyfileobj(source, tmp, 1 << 20)
        tmp.flush()
        yield tmp.name


class EmbeddedStore(Store):
    """Oxigraph on disk at ``path``.

    >>> import tempfile, pyoxigraph as ox
    >>> with EmbeddedStore(tempfile.mkdtemp() + "/s") as s:
    ...     s.replace_graph("https://w3id.org/geokg/graph/t", b"<urn:a> <urn:b> <urn:c> .", ox.RdfFormat.N_TRIPLES)
    ...     s.select("SELECT ?o WHERE { ?s ?p ?o }")[0]["o"].value
    1
    'urn:c'
    """

    def __init__(self, path: str | os.PathLike, wait: float = 0.0):
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store path {self.path} is a file, not a directory")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create store folder {self.path.parent}: {e.strerror}") from None
        if not os.access(self.path.parent, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
            raise StoreError(f"store path {self.path} is not writable")
        self._lock = StoreLock(self.path)
        self._lock.acquire(wait)
        try:
            self._ox = ox.Store(str(self.path))
        except OSError as e:
            self._lock.release()
            raise StoreError(f"cannot open store {self.path}: {e}") from None
        self._recover()

    def _recover(self) -> None:
        """Drop what a killed load left: graphs under a pending marker, staging graphs."""
        for q in list(self._ox.quads_for_pattern(None, _PENDING, None, _META)):
            if self._ox.contains_named_graph(q.subject):
                self._ox.remove_graph(q.subject)
            self._ox.remove(q)
        for g in list(self._ox.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_NS):
                self._ox.remove_graph(g)
        if self._ox.contains_named_graph(_META) and not any(True for _ in self._ox.quads_for_pattern(None, None, None, _META)):
            self._ox.remove_graph(_META)

    # --- reading -----------------------------------------------------------------
    def _run(self, text: str, bindings: Bindings | None):
        text = bind_values(text, bindings)
        try:
            return self._ox.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(syntax_message(e)) from None
        except OSError as e:
            raise StoreError(f"query failed: {e}") from None
        except RuntimeError as e:
            raise QueryError(f"query failed: {e}") from None

    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        res = self._run(text, bindings)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            return QueryResult("SELECT", variables=variables, rows=[tuple(s) for s in res])
        return QueryResult(query_form(text), triples=list(res))

    def select_values(self, text: str, bindings: Bindings | None = None):
        """Stream SELECT rows as tuples of plain values, straight from the engine."""
        res = self._run(text, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("select_values needs a SELECT query")
        try:
            for sol in res:
                yield tuple([None if t is None else t.value for t in sol])
        except OSError as e:
            raise StoreError(f"query failed: {e}") from None
        except RuntimeError as e:
            raise QueryError(f"query failed: {e}") from None

    def query_serialized(self, text: str, fmt: str, bindings: Bindings | None = None) -> bytes:
        """Serialise the results natively (fast path for big SELECTs)."""
        from .formats import RESULT_FORMATS

        res = self._run(text, bindings)
        if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)) and fmt in RESULT_FORMATS:
            return res.serialize(format=RESULT_FORMATS[fmt])
        return self.query(text, bindings).serialize(fmt)

    def graphs(self) -> dict[str, int]:
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        out = {r["g"].value: int(r["n"].value) for r in rows if not r["g"].value.startswith(INTERNAL_NS)}
        for g in self._ox.named_graphs():
            if isinstance(g, ox.NamedNode) and not g.value.startswith(INTERNAL_NS):
                out.setdefault(g.value, 0)
        return dict(sorted(out.items()))

    def dump(self, output: BinaryIO, format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is None and not format.supports_datasets:
            raise StoreError(f"{format.name} holds one graph: name it, or use N-Quads or TriG")
        kwargs = {"from_graph": ox.NamedNode(graph)} if graph else {}
        if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            kwargs["prefixes"] = PREFIXES
        self._ox.dump(output, format=format, **kwargs)

    def quads(self, graph: str | None = None):
        g = ox.NamedNode(graph) if graph else None
        return self._ox.quads_for_pattern(None, None, None, g)

    # --- writing -----------------------------------------------------------------
    def update(self, text: str) -> None:
        try:
            self._ox.update(text, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(syntax_message(e)) from None
        except (OSError, RuntimeError) as e:
            raise StoreError(f"update failed: {e}") from None

    def replace_graph(self, graph, source, format, *, name=None, base_iri=None, progress=None) -> int:
        """Replace ``graph`` with the content of ``source``, all or nothing.

        Pass 1 parses the whole input without writing (about 2M triples/s), so a syntax
        error leaves the store untouched. Pass 2 bulk-loads: a new graph straight in under a
        pending marker (a process killed then leaves the marker, and the next open drops the
        half-written graph: the source is wholly absent, as before the load); a graph that
        already has content through a staging graph swapped in by one MOVE transaction (the
        old content stays whole until then; slower, as the engine copies the triples).
        """
        label = name or (str(source) if isinstance(source, (str, Path)) else "<input>")
        with _spooled(source) as path:
            parse_kwargs = {"format": format}
            if base_iri:
                parse_kwargs["base_iri"] = base_iri
            size = os.path.getsize(path)
            if progress is not None:
                progress.total = 2 * size
            try:
                with open(path, "rb") as f:
                    for _ in ox.parse(CountingReader(f, progress), **parse_kwargs):
                        pass
            except SyntaxError as e:
                raise parse_error(e, label, format) from None
            except (OSError, ValueError) as e:
                raise StoreError(f"cannot read {label}: {e}") from None
            target = ox.NamedNode(graph)
            if self._has_triples(target):
                self._replace_existing(target, path, parse_kwargs, format, progress)
            else:
                self._load_new(target, path, parse_kwargs, format, progress)
        return self._count(graph)

    def _bulk_into(self, target: ox.NamedNode, path: str, parse_kwargs: dict, format, progress) -> None:
        with open(path, "rb") as f:
            reader = CountingReader(f, progress)
            if format.supports_datasets:
                self._bulk_quads(ox.parse(reader, **parse_kwargs), target)
            else:
                self._ox.bulk_load(reader, to_graph=target, **parse_kwargs)

    def _load_new(self, target: ox.NamedNode, path: str, parse_kwargs: dict, format, progress) -> None:
        """A graph that holds nothing yet: bulk-load straight into it under a pending marker
        (a kill leaves the marker, and the next open drops the half-written graph)."""
        self._mark_pending(target.value)
        try:
            self._bulk_into(target, path, parse_kwargs, format, progress)
            self._ox.add_graph(target)
        except BaseException:
            self._ox.remove_graph(target) if self._ox.contains_named_graph(target) else None
            self._clear_pending(target.value)
            raise
        self._clear_pending(target.value)

    def _replace_existing(self, target: ox.NamedNode, path: str, parse_kwargs: dict, format, progress) -> None:
        """A graph with content: bulk-load a staging graph, then swap it in with one MOVE
        (one transaction), so the old content stays whole until the new one is complete."""
        staging = ox.NamedNode(STAGING_NS + uuid.uuid4().hex)
        try:
            self._bulk_into(staging, path, parse_kwargs, format, progress)
            self._swap(staging.value, target.value)
        finally:
            if self._ox.contains_named_graph(staging):
                self._ox.remove_graph(staging)

    def _swap(self, staging: str, graph: str) -> None:
        """Replace ``graph`` with ``staging`` in one update (one transaction)."""
        if self._ox.contains_named_graph(ox.NamedNode(staging)):
            self._ox.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
        else:  # the file held no triple: the graph becomes empty
            self._ox.update(f"DROP SILENT GRAPH <{graph}> ; CREATE SILENT GRAPH <{graph}>")

    def _has_triples(self, graph: ox.NamedNode) -> bool:
        return any(True for _ in self._ox.quads_for_pattern(None, None, None, graph))

    def _bulk_quads(self, quads, target: ox.NamedNode) -> None:
        """Every quad of a dataset file lands in the one graph of its origin."""
        batch = []
        for q in quads:
            batch.append(ox.Quad(q.subject, q.predicate, q.object, target))
            if len(batch) >= 100_000:
                self._ox.bulk_extend(batch)
                batch = []
        self._ox.bulk_extend(batch)

    def _mark_pending(self, graph: str) -> None:
        self._ox.add(ox.Quad(ox.NamedNode(graph), _PENDING, ox.Literal(str(os.getpid())), _META))
        self._ox.flush()

    def _clear_pending(self, graph: str) -> None:
        for q in list(self._ox.quads_for_pattern(ox.NamedNode(graph), _PENDING, None, _META)):
            self._ox.remove(q)

    def drop_graph(self, graph: str) -> bool:
        node = ox.NamedNode(graph)
        if not self._ox.contains_named_graph(node):
            return False
        self._ox.remove_graph(node)
        return True

    def _count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"].value)

    def close(self) -> None:
        if getattr(self, "_ox", None) is not None:
            try:
                self._ox.flush()
            except Exception:
                pass
            del self._ox
            self._ox = None
            import gc

            gc.collect()
        if getattr(self, "_lock", None) is not None:
            self._lock.release()
            self._lock = None
