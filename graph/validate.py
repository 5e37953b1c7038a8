"""SHACL validation of the store's data against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from . import resources
from .errors import NotFoundError, ValidationFailed
from .store.naming import graph_iri

SH = "http://www.w3.org/ns/shacl#"


def _to_rdflib(store, graphs: list[str]):
    import rdflib

    g = rdflib.Graph()
    for iri in graphs:
        buf = io.BytesIO()
        store.dump(buf, ox.RdfFormat.N_TRIPLES, graph=iri)
        g.parse(data=buf.getvalue().decode(), format="nt")
    return g


def validate(store, graphs: list[str] | None = None) -> int:
    """Validate data graphs (all but the ontology by default); returns how many nodes were checked.

    Raises ValidationFailed with a readable report when a shape is violated.
    """
    import rdflib
    from pyshacl import validate as shacl_validate

    onto = graph_iri("ontology")
    present = store.graphs()
    targets = [graph_iri(g) for g in graphs] if graphs else [g for g in present if g != onto]
    for name, iri in zip(graphs or [], targets):
        if iri not in present:
            raise NotFoundError(f"no graph named {name!r}; `geokg graphs` lists them")
    data = _to_rdflib(store, targets)
    shapes = rdflib.Graph().parse(data=resources.read_text("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(data=resources.read_text("geokg.ttl"), format="turtle")
    conforms, report_graph, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", abort_on_first=False,
        allow_warnings=True,
    )
    if not conforms:
        raise ValidationFailed(_report(report_graph), _count(report_graph))
    return len(set(data.subjects()))


def _count(report) -> int:
    import rdflib

    return sum(1 for _ in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")))


def _report(report) -> str:
    """One line per violation: focus node, path, message."""
    import rdflib

    R = lambda local: rdflib.URIRef(SH + local)  # noqa: E731
    lines = []
    for res in report.subjects(rdflib.RDF.type, R("ValidationResult")):
        focus = report.value(res, R("focusNode"))
        path = report.value(res, R("resultPath"))
        msg = report.value(res, R("resultMessage"))
        sev = str(report.value(res, R("resultSeverity")) or "").rsplit("#", 1)[-1]
        p = str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1] if path is not None else "-"
        lines.append(f"{sev}: {focus} {p}: {msg}")
    return "\n".join(sorted(lines))
