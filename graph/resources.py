"""Access to the files of ontology/, shipped inside the wheel as ``graph.ontology``."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def ontology_root() -> Traversable:
    """The ontology folder, in a wheel or an editable install."""
    return resources.files("graph.ontology")


def ontology_file(*parts: str) -> Traversable:
    """One file of the ontology folder, e.g. ``ontology_file("geokg.ttl")``."""
    node = ontology_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    return ontology_file(*parts).read_text(encoding="utf-8")


def list_files(folder: str, suffix: str) -> list[Traversable]:
    """Files of a sub-folder of the ontology ending with ``suffix``, sorted by name."""
    node = ontology_file(folder)
    if not node.is_dir():
        return []
    return sorted((f for f in node.iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)
