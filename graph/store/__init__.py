"""Stores: one interface (graph.store.base.Store), an embedded and a remote backend.

>>> import tempfile
>>> s = open_store(tempfile.mkdtemp() + "/store")
>>> s.graphs()
{}
>>> s.close()
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import QueryResult, Store
from .naming import graph_for_file, graph_iri, short_name

__all__ = ["Store", "QueryResult", "open_store", "default_location", "graph_iri", "short_name", "graph_for_file"]


def default_location() -> str:
    """$GEOKG_STORE, else $XDG_DATA_HOME/geokg/store (~/.local/share/geokg/store)."""
    env = os.environ.get("GEOKG_STORE")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "geokg" / "store")


def open_store(location: str | None = None, *, wait: float = 0.0) -> Store:
    """Open the store at ``location``: a folder (embedded Oxigraph) or an http(s) endpoint."""
    location = location or default_location()
    if location.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(location)
    from .embedded import EmbeddedStore

    return EmbeddedStore(location, wait=wait)
