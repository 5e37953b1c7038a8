"""Named graphs: short names on the command line, IRIs in the store.

>>> graph_iri("curated")
'https://w3id.org/geokg/graph/curated'
>>> short_name("https://w3id.org/geokg/graph/file/mydata")
'file/mydata'
>>> graph_for_file("/tmp/My Data.ttl")
'https://w3id.org/geokg/graph/file/my-data'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from ..vocab import GRAPH_NS, STAGING_NS

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def slugify(text: str) -> str:
    """Lower-case ASCII slug: letters, digits and dashes."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def graph_iri(name: str) -> str:
    """The IRI of a graph given by short name or full IRI."""
    if name.startswith(("http://", "https://", "urn:")):
        if any(c in name for c in '<>"{}|^`\\ \n'):
            raise InputError(f"invalid graph IRI {name!r}")
        return name
    if not _NAME.match(name) or ".." in name:
        raise InputError(
            f"invalid graph name {name!r}: use letters, digits, '.', '_', '-' and '/'"
        )
    return GRAPH_NS + name


def short_name(iri: str) -> str:
    return iri[len(GRAPH_NS):] if iri.startswith(GRAPH_NS) else iri


def graph_for_file(path: str | Path, kind: str = "file") -> str:
    """The default graph of a loaded file: ``file/<stem>``."""
    stem = Path(path).name
    for suffix in Path(path).suffixes:
        stem = stem[: -len(suffix)] if stem.endswith(suffix) else stem
    return GRAPH_NS + f"{kind}/{slugify(stem)}"


def is_internal(iri: str) -> bool:
    return iri.startswith(STAGING_NS)
