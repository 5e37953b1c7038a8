"""Named SPARQL queries shipped in ontology/queries/*.rq.

Each file starts with ``# title: ...`` and may document ``# param: ?name — ...`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import resources
from .errors import NotFoundError


@dataclass
class NamedQuery:
    name: str
    title: str
    params: list[str]
    text: str


def _parse(name: str, text: str) -> NamedQuery:
    title, params = "", []
    for line in text.splitlines():
        s = line.strip()
        if s.lower().startswith("# title:"):
            title = s.split(":", 1)[1].strip()
        elif s.lower().startswith("# param:"):
            params.append(s.split(":", 1)[1].strip())
    return NamedQuery(name, title or name, params, text)


def named_queries() -> dict[str, NamedQuery]:
    out = {}
    for f in resources.list_files("queries", ".rq"):
        name = f.name[: -len(".rq")]
        out[name] = _parse(name, f.read_text(encoding="utf-8"))
    return out


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise NotFoundError(f"unknown named query {name!r}; `geokg queries` lists them ({', '.join(queries)})")
    return queries[name]
