"""The remote backend: any SPARQL 1.1 endpoint, through the SPARQL 1.1 Protocol (query and
update) and the Graph Store Protocol (loads and dumps).

``--store http://127.0.0.1:7878`` is enough for an Oxigraph server (``/query``, ``/update`` and
``/store`` are derived). Other engines name their endpoints with environment variables:

=====================  =========================================================================
GEOKG_ENGINE           ``oxigraph``, ``virtuoso`` or ``generic`` (default: guessed from the URL:
                       no path is Oxigraph, a path ending in ``/sparql`` is Virtuoso)
GEOKG_QUERY_URL        SPARQL query endpoint (Virtuoso: the URL itself)
GEOKG_UPDATE_URL       SPARQL update endpoint (Virtuoso: the URL itself)
GEOKG_GSP_URL          Graph Store Protocol endpoint (Virtuoso: ``<url>-graph-crud``); ``none``
                       loads with batched INSERT DATA instead
GEOKG_USER             user name (with GEOKG_PASSWORD); GEOKG_AUTH ``basic`` (default) or ``digest``
GEOKG_TIMEOUT          seconds to wait for a connection or an answer (default 60)
GEOKG_LOAD_TIMEOUT     seconds to wait for the server to finish a load or swap (default 3600)
GEOKG_STAGING_LEASE    seconds a load's staging graph is protected from the sweep (default 120)
GEOKG_SWAP             ``move`` (default but on Oxigraph): staging graph, then MOVE; ``transaction``
                       (Oxigraph's default): one transactional Graph Store PUT into the target, the
                       server's transaction being the staging area (no staging copy to delete:
                       faster on Oxigraph, whose MOVE deletes the staging copy in its transaction)
=====================  =========================================================================

Loads are parse-checked locally first (a syntax error sends nothing), streamed into a fresh
staging graph under ``graph.vocab.STAGING_NS`` and swapped in with one ``MOVE`` update, so the
target graph only ever holds its old or its new content. A load that dies leaves at most a
staging graph: hidden from ``graphs()``, and dropped by the next geokg command once its lease
(renewed while the load runs) has run out.

Queries run with the union of the named graphs as default graph (Oxigraph: the
``union-default-graph`` parameter; Virtuoso and most engines do it by default) and the
prefixes of ``graph.vocab.PREFIXES`` prepended on one line. Bindings become a ``VALUES`` block
at the head of the query's WHERE group, with every term escaped by :func:`sparql_term`.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from ..vocab import GKG_NS, INTERNAL_NS, PREFIXES, STAGING_NS
from . import sparql
from .base import Bindings, CountingReader, Progress, QueryResult, Store
from .embedded import _spooled, parse_error
from .naming import short_name

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
LEASE_NS = INTERNAL_NS + "lease/"  # the lease of staging graph STAGING_NS + x is graph LEASE_NS + x
LEASE_UNTIL = GKG_NS + "leaseUntil"


def release_lease_op(lease: str) -> str:
    """The update that removes a lease graph (a SPARQL term), including quads left in it after
    the engine stopped listing the graph."""
    return f"DELETE WHERE {{ GRAPH {lease} {{ ?s ?p ?o }} }} ;\nDROP SILENT GRAPH {lease}"


def lease_graph(staging: str) -> str:
    return LEASE_NS + staging[len(STAGING_NS):]

RESULTS_JSON = "application/sparql-results+json"
RESULT_MEDIA = {
    "json": RESULTS_JSON,
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
CHUNK = 1 << 20
BULK_BYTES = 1 << 20  # Oxigraph: bigger uploads go through its bulk loader (faster past ~1 MB; a ~0.2 s fixed cost)

# graphs an engine keeps for itself, never listed (prefixes of their IRIs)
SYSTEM_GRAPHS = {
    "virtuoso": ("http://www.openlinksw.com/schemas/", "http://www.w3.org/ns/ldp#",
                 "http://www.w3.org/2002/07/owl#", "urn:activitystreams-owl:map", "urn:core:services:"),
}


# --- endpoints --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoints:
    """Where a remote store's queries, updates and graph-store requests go.

    >>> e = Endpoints.resolve("http://127.0.0.1:7878", env={})
    >>> e.engine, e.query, e.update, e.gsp
    ('oxigraph', 'http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> e = Endpoints.resolve("http://127.0.0.1:8890/sparql", env={})
    >>> e.engine, e.update, e.gsp, e.graph_param
    ('virtuoso', 'http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql-graph-crud', 'graph-uri')
    >>> Endpoints.resolve("https://db.example/repositories/geo", env={"GEOKG_GSP_URL": "none"}).gsp is None
    True
    """

    base: str
    engine: str
    query: str
    update: str
    gsp: str | None
    graph_param: str = "graph"

    @classmethod
    def resolve(cls, url: str, env: Mapping[str, str] | None = None, engine: str | None = None) -> "Endpoints":
        env = os.environ if env is None else env
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"invalid endpoint URL {url!r}")
        base = url.rstrip("/")
        path = parts.path.rstrip("/")
        engine = (engine or env.get("GEOKG_ENGINE") or "").strip().lower()
        if not engine:
            engine = "oxigraph" if not path else "virtuoso" if path.endswith("/sparql") else "generic"
        if engine not in ("oxigraph", "virtuoso", "generic"):
            raise StoreError(f"GEOKG_ENGINE={engine!r}: use oxigraph, virtuoso or generic")
        if engine == "oxigraph":
            query, update, gsp = base + "/query", base + "/update", base + "/store"
        elif engine == "virtuoso":
            auth = "-auth" if env.get("GEOKG_USER") and not path.endswith("-auth") else ""
            query = update = base + auth
            gsp = base.removesuffix("-auth") + "-graph-crud" + auth
        else:
            query = update = base
            gsp = None
        query = env.get("GEOKG_QUERY_URL") or query
        update = env.get("GEOKG_UPDATE_URL") or update
        gsp_env = env.get("GEOKG_GSP_URL")
        if gsp_env:
            gsp = None if gsp_env.lower() == "none" else gsp_env
        return cls(base, engine, query, update, gsp, "graph-uri" if engine == "virtuoso" else "graph")


def _env_number(env: Mapping[str, str], name: str, default: float, unit: str = "seconds") -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise StoreError(f"{name}={raw!r} is not a number of {unit}") from None
    if value <= 0:
        raise StoreError(f"{name}={raw!r} must be positive")
    return value


# --- terms and bindings ------------------------------------------------------------------------

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')
_IRI_BAD = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sparql_term(term) -> str:
    """A term written for a SPARQL text: IRIs checked, literals escaped (never ``\\u`` escapes).

    >>> sparql_term(ox.Literal('say "hi"\\n', language="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> sparql_term(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> sparql_term(ox.NamedNode("https://w3id.org/geokg/actor/PRK"))
    '<https://w3id.org/geokg/actor/PRK>'
    """
    if isinstance(term, ox.NamedNode):
        if _IRI_BAD.search(term.value):
            raise QueryError(f"cannot send the IRI {term.value!r}: it holds characters SPARQL does not allow in an IRI")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = '"' + _ECHAR_RE.sub(lambda m: _ECHAR[m.group()], term.value) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise QueryError(f"invalid language tag {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    if isinstance(term, ox.Triple):
        return f"<< {sparql_term(term.subject)} {sparql_term(term.predicate)} {sparql_term(term.object)} >>"
    if isinstance(term, ox.BlankNode):
        raise QueryError("a blank node cannot be bound in a query sent to a SPARQL endpoint; bind an IRI or a literal")
    raise QueryError(f"cannot bind a value of type {type(term).__name__}")


def _where_brace(text: str) -> int | None:
    """Offset just after the ``{`` that opens the query's outermost WHERE group (None: no such group)."""
    form = None
    saw_where = False
    braces = parens = 0
    construct_template_done = False
    for m in sparql._TOKEN.finditer(text):
        kind, tok = m.lastgroup, m.group()
        if kind == "word":
            word = tok.upper()
            prev = text[m.start() - 1] if m.start() else " "
            if prev in "?$:@" or (m.end() < len(text) and text[m.end()] == ":"):
                continue
            if form is None and word in sparql.READ_FORMS:
                form = word
            elif word == "WHERE" and braces == 0 and parens == 0:
                saw_where = True
            continue
        if kind != "other":
            continue
        if tok == "(":
            parens += 1
        elif tok == ")":
            parens -= 1
        elif tok == "{":
            if braces == 0 and parens == 0 and form is not None:
                if form != "CONSTRUCT":
                    return m.end()
                if saw_where and construct_template_done:
                    return m.end()
                if saw_where and not construct_template_done:
                    return None  # CONSTRUCT WHERE { ... }: the short form, whose pattern is also the template
            braces += 1
        elif tok == "}":
            braces -= 1
            if braces == 0 and form == "CONSTRUCT":
                construct_template_done = True
    return None


def inline_values(text: str, bindings: Bindings) -> str:
    """The query with ``VALUES (?a ?b) { (<x> "y") }`` at the head of its WHERE group.

    Within one line, so error positions keep their line numbers.

    >>> inline_values("SELECT ?n WHERE { ?a rdfs:label ?n }", {"a": ox.NamedNode("urn:x")})
    'SELECT ?n WHERE { VALUES (?a) { (<urn:x>) }  ?a rdfs:label ?n }'
    >>> inline_values("DESCRIBE ?a", {"a": ox.NamedNode("urn:x")})
    'DESCRIBE ?a VALUES (?a) { (<urn:x>) }'
    """
    names = []
    for name in bindings:
        name = name.lstrip("?$")
        if not _VARNAME.match(name):
            raise QueryError(f"{name!r} is not a variable name")
        names.append(name)
    block = ("VALUES (" + " ".join("?" + n for n in names) + ") { ("
             + " ".join(sparql_term(v) for v in bindings.values()) + ") }")
    pos = _where_brace(text)
    if pos is None:
        return text.rstrip() + " " + block
    return text[:pos] + " " + block + " " + text[pos:]


PROLOGUE = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


# --- lexical forms an engine does not keep ------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
_CANONICAL = {
    XSD + "boolean": lambda v: {"0": "false", "1": "true"}.get(v, v),
    XSD + "decimal": lambda v: v if ("." in v or not v.lstrip("+-").isdigit()) else v + ".0",
}


def _canonical_term(term):
    if isinstance(term, ox.Literal) and term.datatype.value in _CANONICAL:
        return ox.Literal(_CANONICAL[term.datatype.value](term.value), datatype=term.datatype)
    return term


def _canonical_json(content: bytes) -> bytes:
    """SPARQL JSON results with booleans and decimals in their canonical lexical forms."""
    import json

    data = json.loads(content)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            fix = _CANONICAL.get(term.get("datatype", ""))
            if fix:
                term["value"] = fix(term["value"])
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# --- request bodies ------------------------------------------------------------------------------

class _Body(io.RawIOBase):
    """A request body read from several parts (bytes or binary files), with a known length."""

    def __init__(self, parts: list, length: int, progress: Progress | None = None):
        self._parts = list(parts)
        self._length = length
        self._progress = progress
        self._pos = 0

    def __len__(self) -> int:
        return self._length

    def tell(self) -> int:  # requests sends Content-Length = len - tell (Virtuoso ignores chunked bodies)
        return self._pos

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        for part in self._parts:
            if hasattr(part, "close"):
                part.close()
        self._parts = []
        super().close()

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 else max(size, 1 << 16)
        while self._parts:
            part = self._parts[0]
            if isinstance(part, bytes):
                data, rest = part[:size], part[size:]
                if rest:
                    self._parts[0] = rest
                else:
                    self._parts.pop(0)
            else:
                data = part.read(size)
                if not data:
                    self._parts.pop(0)
                    continue
            self._pos += len(data)
            if self._progress:
                self._progress.advance(len(data))
            return data
        return b""


def _chunks(path: str, progress: Progress | None) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while data := f.read(CHUNK):
            if progress:
                progress.advance(len(data))
            yield data


# --- errors --------------------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_VIRTUOSO_LINE = re.compile(r"SPARQL compiler, line (\d+): (.*)")


def _server_message(response) -> str:
    """The first meaningful line of an error answer (HTML stripped)."""
    try:
        text = response.content.decode("utf-8", "replace")
    except Exception:
        text = ""
    if "<html" in text[:500].lower() or "<!doctype" in text[:100].lower():
        import html

        inner = re.search(r"<(xmp|pre)>(.*?)</\1>", text, re.S | re.I)
        if inner:  # literal text (it may hold IRIs in angle brackets)
            text = inner.group(2) if inner.group(1).lower() == "xmp" else html.unescape(inner.group(2))
        else:
            text = html.unescape(_TAGS.sub(" ", re.sub(r"<title>.*?</title>", "", text, flags=re.S | re.I)))
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line[:500]
    return response.reason or f"HTTP {response.status_code}"


def _query_message(message: str) -> str:
    """A server's syntax error as 'invalid SPARQL at line L, column C: ...' (user's line numbers)."""
    if sparql._POS.search(message):
        return sparql.syntax_message(SyntaxError(message), line_offset=1)
    m = _VIRTUOSO_LINE.search(message)
    if m:
        return f"invalid SPARQL at line {max(int(m.group(1)) - 1, 1)}: {m.group(2)}"
    return ""


def _is_refused(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ConnectionRefusedError) or "Connection refused" in str(exc):
            return True
        if "NewConnectionError" in type(exc).__name__ or "Failed to establish a new connection" in str(exc):
            return True
        wrapped = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = exc.__cause__ or exc.__context__ or wrapped
    return False


class EndpointAnswerError(StoreError):
    """The endpoint answered with an HTTP error status (as opposed to not answering)."""


class _LoadFailed(StoreError):
    """A load failed; the message already says what became of the graph."""


# --- the store -----------------------------------------------------------------------------------

class RemoteStore(Store):
    """A SPARQL 1.1 endpoint seen as a geokg store."""

    def __init__(self, location: str, *, engine: str | None = None, env: Mapping[str, str] | None = None):
        import requests

        env = os.environ if env is None else env
        self.location = location
        self.endpoints = Endpoints.resolve(location, env, engine)
        self.engine = self.endpoints.engine
        self.timeout = _env_number(env, "GEOKG_TIMEOUT", 60.0)
        self.load_timeout = max(self.timeout, _env_number(env, "GEOKG_LOAD_TIMEOUT", 3600.0))
        self.lease = _env_number(env, "GEOKG_STAGING_LEASE", 120.0)
        self.batch = int(_env_number(env, "GEOKG_BATCH", 20000, "triples"))
        # Oxigraph's Graph Store PUT is one transaction: atomic, and 1.6x faster than a staging
        # copy swapped in by MOVE (which the engine copies then deletes); other engines: MOVE
        default_swap = "transaction" if self.engine == "oxigraph" and self.endpoints.gsp else "move"
        self.swap = (env.get("GEOKG_SWAP") or default_swap).strip().lower()
        if self.swap not in ("move", "transaction"):
            raise StoreError(f"GEOKG_SWAP={self.swap!r}: use move or transaction")
        if self.swap == "transaction" and (self.engine != "oxigraph" or not self.endpoints.gsp):
            raise StoreError("GEOKG_SWAP=transaction needs an Oxigraph server (its Graph Store PUT is one transaction)")
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "geokg"
        self._auth = None
        user = env.get("GEOKG_USER")
        if user:
            password = env.get("GEOKG_PASSWORD", "")
            kind = (env.get("GEOKG_AUTH") or ("digest" if self.engine == "virtuoso" else "basic")).lower()
            if kind == "digest":
                from requests.auth import HTTPDigestAuth

                self._auth = HTTPDigestAuth(user, password)
            elif kind == "basic":
                self._auth = (user, password)
            else:
                raise StoreError(f"GEOKG_AUTH={kind!r}: use basic or digest")
            self._session.auth = self._auth
        parts = urlsplit(location)
        self._hidden = SYSTEM_GRAPHS.get(self.engine, ()) + (
            (f"{parts.scheme}://{parts.netloc}/",) if self.engine == "virtuoso" else ())
        self._swept = False
        # Virtuoso keeps values, not lexical forms: "true" comes back as "1", "1.0" as "1"
        self._lexical = self.engine == "virtuoso"

    # --- HTTP ---------------------------------------------------------------------------------
    def _request(self, method: str, url: str, *, read_timeout: float | None = None, ok404: bool = False,
                 what: str = "request", session=None, **kwargs):
        import requests

        read_timeout = read_timeout or self.timeout
        try:
            r = (session or self._session).request(method, url, timeout=(self.timeout, read_timeout), **kwargs)
        except requests.exceptions.ConnectTimeout:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.location}: "
                             f"no answer within {self.timeout:g} s") from None
        except requests.exceptions.ReadTimeout:
            raise StoreError(f"the SPARQL endpoint {self.location} did not answer within {read_timeout:g} s") from None
        except requests.exceptions.ConnectionError as e:
            if _is_refused(e):
                raise StoreError(f"cannot reach the SPARQL endpoint {self.location}: connection refused") from None
            raise StoreError(f"lost the connection to the SPARQL endpoint {self.location}") from None
        except requests.exceptions.RequestException as e:
            raise StoreError(f"request to {self.location} failed: {type(e).__name__}") from None
        if r.status_code == 404 and ok404:
            r.close()
            return None
        if r.status_code >= 400:
            message = _server_message(r)
            r.close()
            if r.status_code in (401, 403):
                raise EndpointAnswerError(f"the SPARQL endpoint {self.location} refused access "
                                 f"(HTTP {r.status_code}); check GEOKG_USER and GEOKG_PASSWORD: {message}")
            if what in ("query", "update") and r.status_code in (400, 500):
                syntax = _query_message(message)
                if syntax:
                    raise QueryError(syntax)
                if what == "query":
                    raise QueryError(f"query failed: {message}")
                raise EndpointAnswerError(f"update failed: {message}")
            raise EndpointAnswerError(f"the SPARQL endpoint answered HTTP {r.status_code} {r.reason}: {message}")
        return r

    def _query_url(self) -> str:
        url = self.endpoints.query
        if self.engine == "oxigraph":
            url += ("&" if "?" in url else "?") + "union-default-graph"
        return url

    def _post_query(self, text: str, accept: str, stream: bool = False):
        self._ensure_swept()
        return self._request("POST", self._query_url(), what="query", stream=stream,
                             data={"query": PROLOGUE + text}, headers={"Accept": accept})

    def _post_update(self, text: str, *, long: bool = False, what: str = "update", session=None) -> None:
        body = (PROLOGUE + text).encode("utf-8")
        r = self._request("POST", self.endpoints.update, what=what, session=session,
                          read_timeout=self.load_timeout if long else None, data=body,
                          headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        r.close()

    # --- reading --------------------------------------------------------------------------------
    def _prepare(self, text: str, bindings: Bindings | None) -> str:
        return inline_values(text, bindings) if bindings else text

    def _solutions(self, text: str, bindings: Bindings | None, stream: bool = False):
        r = self._post_query(self._prepare(text, bindings), RESULTS_JSON, stream=stream and not self._lexical)
        try:
            if self._lexical:
                return r, ox.parse_query_results(_canonical_json(r.content), ox.QueryResultsFormat.JSON)
            if stream:
                r.raw.decode_content = True
                return r, ox.parse_query_results(r.raw, ox.QueryResultsFormat.JSON)
            return r, ox.parse_query_results(r.content, ox.QueryResultsFormat.JSON)
        except SyntaxError as e:
            r.close()
            raise StoreError(f"the SPARQL endpoint sent results geokg cannot read: {e}") from None

    def query(self, text: str, bindings: Bindings | None = None) -> QueryResult:
        form = sparql.query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            r = self._post_query(self._prepare(text, bindings), RDF_ACCEPT)
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in self._parse_rdf(r.content, r.headers.get("Content-Type", ""))]
            if self._lexical:
                triples = [ox.Triple(t.subject, t.predicate, _canonical_term(t.object)) for t in triples]
            return QueryResult(form, triples=triples)
        r, res = self._solutions(text, bindings)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(res))
        return QueryResult("SELECT", variables=[v.value for v in res.variables], rows=[tuple(s) for s in res])

    def select_values(self, text: str, bindings: Bindings | None = None):
        """Stream SELECT rows as tuples of plain values, parsed as they arrive."""
        r, res = self._solutions(text, bindings, stream=True)
        try:
            if not isinstance(res, ox.QuerySolutions):
                raise QueryError("select_values needs a SELECT query")
            try:
                for sol in res:
                    yield tuple(None if t is None else t.value for t in sol)
            except SyntaxError as e:
                raise StoreError(f"the SPARQL endpoint sent results geokg cannot read: {e}") from None
            except OSError:
                raise StoreError(f"lost the connection to the SPARQL endpoint {self.location}") from None
        finally:
            r.close()

    def query_serialized(self, text: str, fmt: str, bindings: Bindings | None = None) -> bytes:
        """W3C results serialised by the engine's own writer (Oxigraph) or re-serialised natively."""
        from .formats import RESULT_FORMATS

        form = sparql.query_form(text)
        if form not in ("SELECT", "ASK") or fmt not in RESULT_FORMATS:
            return self.query(text, bindings).serialize(fmt)
        if self.engine == "oxigraph":
            return self._post_query(self._prepare(text, bindings), RESULT_MEDIA[fmt]).content
        _, res = self._solutions(text, bindings)
        return res.serialize(format=RESULT_FORMATS[fmt])

    def _parse_rdf(self, data, content_type: str):
        ct = content_type.split(";")[0].strip().lower()
        fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
               }.get(ct, ox.RdfFormat.N_TRIPLES)
        try:
            yield from ox.parse(data, format=fmt)
        except SyntaxError as e:
            raise StoreError(f"the SPARQL endpoint sent RDF geokg cannot read: {e}") from None
        except OSError:
            raise StoreError(f"lost the connection to the SPARQL endpoint {self.location}") from None

    def graphs(self, include_internal: bool = False) -> dict[str, int]:
        if self.engine == "oxigraph":  # lists empty graphs too
            text = "SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { OPTIONAL { ?s ?p ?o } } } GROUP BY ?g"
        else:
            text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        out = {}
        for g, n in self.select_values(text):
            if g is None or g.startswith(self._hidden or "\0"):
                continue
            if not include_internal and g.startswith(INTERNAL_NS):
                continue
            out[g] = int(n)
        return dict(sorted(out.items()))

    def _graph_stream(self, graph: str):
        """A streamed answer holding one graph (N-Triples asked for), or None when it does not exist."""
        self._ensure_swept()
        if self.endpoints.gsp:
            r = self._request("GET", self.endpoints.gsp, params={self.endpoints.graph_param: graph}, ok404=True,
                              what="dump", stream=True, read_timeout=self.load_timeout,
                              headers={"Accept": "application/n-triples"})
        else:
            r = self._post_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_term(ox.NamedNode(graph))} "
                                 "{ ?s ?p ?o } }", RDF_ACCEPT, stream=True)
        if r is not None:
            r.raw.decode_content = True
        return r

    def _graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        r = self._graph_stream(graph)
        if r is None:
            return
        try:
            for q in self._parse_rdf(r.raw, r.headers.get("Content-Type", "")):
                yield ox.Triple(q.subject, q.predicate, _canonical_term(q.object) if self._lexical else q.object)
        finally:
            r.close()

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Quads of one named graph, or of every listed graph (internal ones left out)."""
        if graph is not None:
            node = ox.NamedNode(graph)
            for t in self._graph_triples(graph):
                yield ox.Quad(t.subject, t.predicate, t.object, node)
            return
        if self.engine == "oxigraph":
            self._ensure_swept()
            r = self._request("GET", self.endpoints.gsp, what="dump", stream=True, read_timeout=self.load_timeout,
                              headers={"Accept": "application/n-quads"})
            r.raw.decode_content = True
            try:
                for q in self._parse_rdf(r.raw, "application/n-quads"):
                    g = q.graph_name
                    if isinstance(g, ox.NamedNode) and g.value.startswith(INTERNAL_NS):
                        continue
                    yield q
            finally:
                r.close()
            return
        for g in self.graphs():
            yield from self.quads(g)

    def dump(self, output: BinaryIO, format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is None and not format.supports_datasets:
            raise StoreError(f"{format.name} holds one graph: name it, or use N-Quads or TriG")
        kwargs = {"prefixes": PREFIXES} if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        if graph is None:
            ox.serialize(self.quads(), output, format=format, **kwargs)
        elif format == ox.RdfFormat.N_TRIPLES and self.engine == "oxigraph":
            r = self._graph_stream(graph)
            if r is not None:
                try:
                    for data in r.iter_content(CHUNK):
                        output.write(data)
                finally:
                    r.close()
        else:
            ox.serialize(self._graph_triples(graph), output, format=format, **kwargs)

    # --- writing --------------------------------------------------------------------------------
    def update(self, text: str) -> None:
        self._ensure_swept()
        self._post_update(text)

    def drop_graph(self, graph: str) -> bool:
        node = sparql_term(ox.NamedNode(graph))
        pattern = "{}" if self.engine == "oxigraph" else "{ ?s ?p ?o }"
        if not self.ask(f"ASK {{ GRAPH {node} {pattern} }}"):
            return False
        self._post_update(f"DROP SILENT GRAPH {node}", long=True)
        return True

    def replace_graph(self, graph, source, format, *, name=None, base_iri=None, progress=None) -> int:
        """Replace ``graph`` with the content of ``source``, all or nothing.

        1. Parse the whole input locally (a syntax error names file, line and column and sends
           nothing); convert it to N-Triples on the way when the server should not parse it itself.
        2. Stream it into a fresh staging graph (Graph Store Protocol PUT, or batched INSERT DATA).
        3. Swap it in with one ``MOVE`` update; on any failure drop the staging graph.

        With GEOKG_SWAP=transaction (Oxigraph), 2 and 3 are one transactional PUT into ``graph``.
        """
        label = name or (str(source) if isinstance(source, (str, Path)) else "<input>")
        target = sparql_term(ox.NamedNode(graph))
        short = short_name(graph)
        with _spooled(source) as path, tempfile.TemporaryDirectory(prefix="geokg-") as tmp:
            size = os.path.getsize(path)
            if progress is not None:
                progress.total = 2 * size
            upload, media, count, has_bnodes = self._check(path, format, base_iri, label, progress, tmp)
            if progress is not None:
                progress.total = size + os.path.getsize(upload)
            try:
                self._ensure_swept(force=True)
                if count == 0:
                    self._post_update(f"DROP SILENT GRAPH {target} ;\nCREATE SILENT GRAPH {target}", long=True)
                elif self.swap == "transaction":
                    self._load_in_one_transaction(upload, media, graph, label, progress)
                else:
                    self._load_and_move(upload, media, graph, label, has_bnodes, progress)
            except _LoadFailed:
                raise
            except StoreError as e:
                raise _LoadFailed(f"{e} while loading {label}; {short} was left as it was") from None
        try:
            return self._count(graph)
        except StoreError as e:
            raise StoreError(f"{e} after loading {label} into {short}: the load went through, "
                             "but its triples could not be counted") from None

    def _load_in_one_transaction(self, upload: str, media: str, graph: str, label: str, progress) -> None:
        try:
            self._put(upload, media, graph, progress, transaction=True)
        except EndpointAnswerError:
            raise
        except StoreError as e:
            raise _LoadFailed(f"{e} while loading {label}; the load is one transaction: "
                             f"{short_name(graph)} holds either its old or its new content") from None

    def _load_and_move(self, upload: str, media: str, graph: str, label: str, has_bnodes: bool, progress) -> None:
        staging = STAGING_NS + uuid.uuid4().hex
        stage = sparql_term(ox.NamedNode(staging))
        lease = _Lease(self, staging)
        try:
            lease.start()
            self._upload(upload, media, staging, has_bnodes, progress)
            if self.engine != "oxigraph" and self._count(staging) == 0:  # MOVE of a missing graph is no error there
                raise StoreError(f"the SPARQL endpoint stored nothing from {label}")
            try:
                self._post_update(f"MOVE GRAPH {stage} TO GRAPH {sparql_term(ox.NamedNode(graph))} ;\n"
                                  f"{lease.release_op()}", long=True)
            except EndpointAnswerError:
                raise  # the server refused the MOVE: nothing changed
            except StoreError as e:
                raise _LoadFailed(f"{e} while swapping in {label}; the swap is atomic: {short_name(graph)} "
                                 "holds either its old or its new content") from None
        except BaseException:
            lease.stop()
            self._drop_quietly(f"DROP SILENT GRAPH {stage} ;\n{lease.release_op()}")
            raise
        lease.stop()
        # A renewal in flight during the swap may have re-written the lease after the swap's DROP
        # (updates read a snapshot: repeatable read, not serialisable). Now that no renewal can
        # run, remove whatever is left; if this fails, the sweep removes it once it expires.
        self._drop_quietly(lease.release_op())

    def _check(self, path: str, format: ox.RdfFormat, base_iri, label: str, progress, tmp: str):
        """Pass 1: parse everything; return (file to upload, its media type, triples, has blank nodes)."""
        raw_ok = base_iri is None and (
            format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
            if self.engine == "oxigraph" else format == ox.RdfFormat.N_TRIPLES)
        need_bnodes = self.endpoints.gsp is None
        convert = not raw_ok
        kwargs = {"format": format}
        if base_iri:
            kwargs["base_iri"] = base_iri
        count = 0
        has_bnodes = False
        out_path = os.path.join(tmp, "upload.nt") if convert else path
        try:
            with open(path, "rb") as f, (open(out_path, "wb") if convert else _NullWriter()) as out:
                batch = []
                for q in ox.parse(CountingReader(f, progress), **kwargs):
                    count += 1
                    if need_bnodes and not has_bnodes and (
                            isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)):
                        has_bnodes = True
                    if convert:
                        batch.append(ox.Triple(q.subject, q.predicate, q.object))
                        if len(batch) >= 50_000:
                            ox.serialize(batch, out, format=ox.RdfFormat.N_TRIPLES)
                            batch = []
                if convert and batch:
                    ox.serialize(batch, out, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise parse_error(e, label, format) from None
        except (OSError, ValueError) as e:
            raise StoreError(f"cannot read {label}: {e}") from None
        media = ox.RdfFormat.N_TRIPLES.media_type if convert else format.media_type
        return out_path, media, count, has_bnodes

    def _upload(self, path: str, media: str, staging: str, has_bnodes: bool, progress) -> None:
        """Pass 2: stream the file into the staging graph."""
        if self.endpoints.gsp:
            self._put(path, media, staging, progress, transaction=os.path.getsize(path) <= BULK_BYTES)
        else:
            self._insert_batches(path, staging, has_bnodes, progress)

    def _put(self, path: str, media: str, graph: str, progress, transaction: bool) -> None:
        """A streamed Graph Store PUT of a file into ``graph``."""
        params = {self.endpoints.graph_param: graph}
        if self.engine == "oxigraph":
            if not transaction:
                params["no_transaction"] = ""  # the bulk loader: the swap is what is atomic
            body = _chunks(path, progress)  # chunked transfer encoding
        else:  # Virtuoso ignores chunked bodies: send the length
            body = _Body([open(path, "rb")], os.path.getsize(path), progress)
        try:
            self._request("PUT", self.endpoints.gsp, params=params, data=body, what="load",
                          read_timeout=self.load_timeout, headers={"Content-Type": media}).close()
        finally:
            if isinstance(body, _Body):
                body.close()

    def _insert_batches(self, path: str, staging: str, has_bnodes: bool, progress) -> None:
        """No Graph Store endpoint: INSERT DATA in batches (one streamed request with blank nodes,
        whose labels only hold within one request)."""
        head = f"{PROLOGUE}INSERT DATA {{ GRAPH {sparql_term(ox.NamedNode(staging))} {{\n".encode()
        tail = b"\n} }"
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        if has_bnodes:
            with open(path, "rb") as f:
                body = _Body([head, f, tail], len(head) + os.path.getsize(path) + len(tail), progress)
                self._request("POST", self.endpoints.update, data=body, what="load",
                              read_timeout=self.load_timeout, headers=headers).close()
            return
        with open(path, "rb") as f:
            lines: list[bytes] = []
            for line in f:
                lines.append(line)
                if len(lines) >= self.batch:
                    self._send_batch(head, lines, tail, headers, progress)
                    lines = []
            if lines:
                self._send_batch(head, lines, tail, headers, progress)

    def _send_batch(self, head, lines, tail, headers, progress) -> None:
        data = b"".join(lines)
        self._request("POST", self.endpoints.update, data=head + data + tail, what="load",
                      read_timeout=self.load_timeout, headers=headers).close()
        if progress:
            progress.advance(len(data))

    def _drop_quietly(self, text: str) -> None:
        try:
            self._post_update(text)  # the short timeout: the server may be the reason we are here
        except Exception:
            pass

    def _count(self, graph: str) -> int:
        rows = list(self.select_values(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {sparql_term(ox.NamedNode(graph))} {{ ?s ?p ?o }} }}"))
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    # --- staging graphs left by dead loads --------------------------------------------------------
    def _ensure_swept(self, force: bool = False) -> None:
        if self._swept and not force:
            return
        self._swept = True
        try:
            self.sweep()
        except (QueryError, EndpointAnswerError):
            # a read-only account, or an engine that refuses the listing: reading still works
            if force:
                raise

    def sweep(self) -> list[str]:
        """Drop staging graphs (and leases) whose lease has run out; returns the graphs dropped."""
        self._swept = True
        listing = "GRAPH ?g {}" if self.engine == "oxigraph" else "GRAPH ?g { ?s ?p ?o }"
        text = (f'SELECT DISTINCT ?g ?until WHERE {{ {{ {listing} FILTER(STRSTARTS(STR(?g), "{STAGING_NS}")) }} '
                f'UNION {{ GRAPH ?lease {{ ?g <{LEASE_UNTIL}> ?until }} FILTER(STRSTARTS(STR(?lease), "{LEASE_NS}")) }} }}')
        r = self._request("POST", self._query_url(), what="query", data={"query": text},
                          headers={"Accept": RESULTS_JSON})
        staged, leases = set(), {}
        for g, until in ((row[0], row[1]) for row in ox.parse_query_results(r.content, ox.QueryResultsFormat.JSON)):
            if g is None or not g.value.startswith(STAGING_NS):
                continue
            if until is None:
                staged.add(g.value)
            else:
                try:
                    leases[g.value] = max(leases.get(g.value, 0.0), float(until.value))
                except ValueError:
                    leases[g.value] = 0.0
        now = time.time()
        stale = sorted(g for g in staged | set(leases) if leases.get(g, 0.0) < now)
        if stale:
            ops = []
            for g in stale:
                node = sparql_term(ox.NamedNode(g))
                ops.append(f"DROP SILENT GRAPH {node}")
                ops.append(release_lease_op(sparql_term(ox.NamedNode(lease_graph(g)))))
            self._post_update(" ;\n".join(ops), long=True)
        return [g for g in stale if g in staged]

    def close(self) -> None:
        session = getattr(self, "_session", None)
        if session is not None:
            session.close()
            self._session = None


class _NullWriter:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Lease:
    """A staging graph's lease (a graph of its own under LEASE_NS), renewed by a thread while it loads."""

    def __init__(self, store: RemoteStore, staging: str):
        self.store = store
        self.node = sparql_term(ox.NamedNode(staging))
        self.graph = sparql_term(ox.NamedNode(lease_graph(staging)))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _op(self) -> str:
        until = time.time() + self.store.lease
        return (f"DROP SILENT GRAPH {self.graph} ;\n"
                f'INSERT DATA {{ GRAPH {self.graph} {{ {self.node} <{LEASE_UNTIL}> "{until:.3f}"^^<{XSD_DECIMAL}> }} }}')

    def _renew_op(self) -> str:
        """Push the lease forward only while it exists: a renewal that reaches the server after
        the swap released the lease must not bring it back (it would linger in the union)."""
        until = time.time() + self.store.lease
        return (f"DELETE {{ GRAPH {self.graph} {{ {self.node} <{LEASE_UNTIL}> ?old }} }}\n"
                f'INSERT {{ GRAPH {self.graph} {{ {self.node} <{LEASE_UNTIL}> "{until:.3f}"^^<{XSD_DECIMAL}> }} }}\n'
                f"WHERE {{ GRAPH {self.graph} {{ {self.node} <{LEASE_UNTIL}> ?old }} }}")

    def release_op(self) -> str:
        """Remove the lease, quads first: a renewal racing a DROP can leave a quad in a graph
        the engine no longer lists, which ``DROP SILENT GRAPH`` alone skips (seen on Oxigraph)."""
        return release_lease_op(self.graph)

    def start(self) -> None:
        self.store._post_update(self._op(), what="load")
        self._thread = threading.Thread(target=self._renew, name="geokg-lease", daemon=True)
        self._thread.start()

    def _renew(self) -> None:
        import requests

        session = requests.Session()
        session.auth = self.store._auth
        try:
            while not self._stop.wait(self.store.lease / 3):
                try:
                    self.store._post_update(self._renew_op(), what="load", session=session)
                except Exception:
                    pass
        finally:
            session.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
            self._thread = None
