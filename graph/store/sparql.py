"""Light SPARQL text checks done before a query reaches any engine.

>>> query_form("PREFIX a: <x:> SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> query_form("# c\\nINSERT DATA { <a:b> <a:c> <a:d> }")
'UPDATE'
>>> network_keywords('SELECT * { SERVICE <http://x> { ?s ?p ?o } }')
['SERVICE']
>>> network_keywords('SELECT * { ?s ?p "SERVICE" }')
[]
"""

from __future__ import annotations

import re

from ..errors import QueryError

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

READ_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def keywords(text: str):
    """Bare words of a SPARQL text, outside comments, strings and IRIs, upper-cased."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "word":
            prev = text[m.start() - 1] if m.start() else " "
            if prev in "?$:@" or (m.end() < len(text) and text[m.end()] == ":"):
                continue  # a variable, a prefixed name or a language tag, not a keyword
            yield m.group().upper()


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE (the first operative keyword)."""
    for word in keywords(text):
        if word in ("PREFIX", "BASE"):
            continue
        if word in READ_FORMS:
            return word
        if word in UPDATE_WORDS:
            return "UPDATE"
    raise QueryError("invalid SPARQL: no SELECT, ASK, CONSTRUCT, DESCRIBE or update operation found")


def network_keywords(text: str) -> list[str]:
    """Operations that make the store fetch from the network (LOAD, SERVICE)."""
    return sorted({w for w in keywords(text) if w in ("SERVICE", "LOAD")})


_POS = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_message(err: Exception, line_offset: int = 0) -> str:
    """Turn an engine's syntax error into 'invalid SPARQL at line L, column C: ...'."""
    text = str(err).strip()
    m = _POS.search(text)
    if m:
        line = int(m.group(1)) - line_offset
        return f"invalid SPARQL at line {line}, column {m.group(2)}: {m.group(3).splitlines()[0]}"
    return f"invalid SPARQL: {text.splitlines()[0] if text else type(err).__name__}"


def term_sparql(term) -> str:
    """A term in SPARQL syntax; pyoxigraph validated it and escapes it (N-Triples form)."""
    import pyoxigraph as ox

    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"cannot bind {type(term).__name__} values")
    return str(term)


def bind_values(text: str, bindings) -> str:
    r"""Insert ``VALUES ?var { term }`` at the start of the query's WHERE group.

    User values reach the query only as validated, escaped RDF terms:

    >>> import pyoxigraph as ox
    >>> print(bind_values('SELECT ?x WHERE { ?x ?p ?name }', {"name": ox.Literal('a"} .')}))
    SELECT ?x WHERE { VALUES ?name { "a\"} ." } ?x ?p ?name }
    """
    if not bindings:
        return text
    block = " ".join(
        f"VALUES ?{name} {{ {term_sparql(term)} }}" for name, term in bindings.items()
    )
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}")
    brace = None
    seen_where = False
    has_where = any(w == "WHERE" for w in keywords(text))
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "word" and m.group().upper() == "WHERE":
            seen_where = True
        elif m.lastgroup == "other" and m.group() == "{" and (seen_where or not has_where):
            brace = m.end()
            break
    if brace is None:
        raise QueryError("cannot bind values: the query has no WHERE group")
    return f"{text[:brace]} {block}{text[brace:]}"
