"""A canonical dump of a store, for comparing contents (blank nodes relabelled canonically)."""

from __future__ import annotations

import io

import pyoxigraph as ox


def canonical_lines(store) -> list[str]:
    """Sorted N-Quads lines; graphs with blank nodes go through rdflib's canonical labelling."""
    buf = io.BytesIO()
    store.dump(buf, ox.RdfFormat.N_QUADS)
    by_graph: dict[str, list[str]] = {}
    for line in buf.getvalue().decode().splitlines():
        if not line.strip():
            continue
        graph = line.rsplit(" ", 2)[-2] if line.endswith(" .") else ""
        by_graph.setdefault(graph, []).append(line)
    out: list[str] = []
    for graph, lines in by_graph.items():
        if not any("_:" in ln for ln in lines):
            out.extend(lines)
            continue
        import rdflib
        from rdflib.compare import to_canonical_graph

        g = rdflib.Graph()
        g.parse(data="\n".join(ln[: ln.rfind(graph)] + "." for ln in lines), format="nt")
        canon = to_canonical_graph(g).serialize(format="nt")
        out.extend(f"{ln[:-1].rstrip()} {graph} ." for ln in canon.splitlines() if ln.strip())
    return sorted(out)
