"""``geokg build``: load the ontology, reference and curated data shipped in ontology/.

Each origin is one named graph, replaced as a whole, so building twice leaves the same store.
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from . import resources
from .errors import ParseError
from .store.naming import graph_iri

# graph short name -> ontology files (folders end with '/')
LAYOUT: dict[str, list[str]] = {
    "ontology": ["geokg.ttl", "shapes.ttl"],
    "reference": ["reference/", "actors.ttl"],
    "curated": ["curated/"],
}


def _files(entries: list[str]):
    for entry in entries:
        if entry.endswith("/"):
            yield from resources.list_files(entry.rstrip("/"), ".ttl")
        else:
            f = resources.ontology_file(entry)
            if f.is_file():
                yield f


def _as_ntriples(files) -> bytes:
    out = io.BytesIO()
    for f in files:
        try:
            triples = list(ox.parse(f.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri="https://w3id.org/geokg/"))
        except SyntaxError as e:
            raise ParseError(f"ontology/{f.name}: {e}") from None
        ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
    return out.getvalue()


def build(store, progress=None) -> dict[str, int]:
    """Load every graph of LAYOUT; returns triples per graph.

    >>> import tempfile
    >>> from graph.store import open_store
    >>> with open_store(tempfile.mkdtemp() + "/s") as s:
    ...     counts = build(s)
    >>> sorted(counts)
    ['curated', 'ontology', 'reference']
    """
    counts = {}
    for name, entries in LAYOUT.items():
        data = _as_ntriples(_files(entries))
        counts[name] = store.replace_graph(graph_iri(name), data, ox.RdfFormat.N_TRIPLES, name=f"ontology ({name})")
        if progress:
            progress(name, counts[name])
    return counts
