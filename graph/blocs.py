"""Blocs: a partition of the signed actor graph that minimises frustration.

Signs: a relation of polarity + is a cooperative tie (+1), polarity - a conflictual tie (-1);
memberOf (polarity 0) counts as cooperative; other structural relations (leaderOf, partOf,
affiliatedWith, ambassadorTo, polarity-0 events) are ignored. Each relation edge of the
projection counts once, so two actors tied by three cooperative relations and one conflictual
relation have a net weight of +2.

An edge is *frustrated* when the partition contradicts it: a conflictual tie inside a bloc,
or a cooperative tie between blocs. The method, per connected component of the signed graph:

1. spectral start: k-means (fixed seed) on the eigenvectors of the k smallest eigenvalues of
   the signed Laplacian  L = D - W  (D: sum of absolute weights), for k = 2 .. ``max_blocs``;
   and, as one more start, the groups of actors joined by net cooperative ties;
2. greedy refinement: move one actor at a time to the bloc (or a new bloc) that most reduces
   the frustration, merge two blocs when more cooperation than conflict joins them, until
   neither helps;
3. keep the partition of least frustration (fewest blocs on ties).
A component without conflictual ties is one bloc.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for u, v, r, p in [("a", "b", "supports", "+"), ("c", "d", "supports", "+"), ("a", "c", "invades", "-"),
...                    ("b", "d", "criticizes", "-")]:
...     _ = G.add_edge(u, v, key=r, relation=r, polarity=p)
>>> sorted(sorted(b) for b in partition(G).blocs)
[['a', 'b'], ['c', 'd']]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .readings import readings

STRUCTURAL_COOPERATIVE = ("memberOf",)
MAX_BLOCS = 6
DENSE_LIMIT = 1500  # dense eigendecomposition up to this many actors, sparse above


def edge_sign(relation: str, polarity: str | None) -> int:
    """+1 cooperative, -1 conflictual, 0 ignored.

    >>> edge_sign("memberOf", "0"), edge_sign("invades", "-"), edge_sign("partOf", "0")
    (1, -1, 0)
    """
    if relation in STRUCTURAL_COOPERATIVE:
        return 1
    return {"+": 1, "-": -1}.get(polarity or "0", 0)


def sign_table() -> dict[str, int]:
    """How each relation of the vocabulary is signed."""
    from .vocab import relations

    return {name: edge_sign(name, r.polarity) for name, r in relations().items()}


def signed_weights(G) -> dict[tuple[str, str], int]:
    """Net sign per pair of actors (u < v), counting each relation edge once."""
    w: dict[tuple[str, str], int] = {}
    for u, v, k, pol in G.edges(keys=True, data="polarity"):
        s = edge_sign(k, pol)
        if not s or u == v:
            continue
        key = (u, v) if u < v else (v, u)
        w[key] = w.get(key, 0) + s
    return w


@dataclass
class Partition:
    blocs: list[list[str]]  # actor IRIs, largest bloc first
    bloc_of: dict[str, int]
    frustrated: list[tuple[str, str, str, int]] = field(default_factory=list)  # (s, relation, o, sign)
    signed_edges: int = 0
    triads: dict = field(default_factory=dict)

    @property
    def frustration(self) -> int:
        return len(self.frustrated)


def _adjacency(weights):
    adj: dict[str, dict[str, int]] = {}
    for (u, v), x in weights.items():
        adj.setdefault(u, {})
        adj.setdefault(v, {})
        if x:
            adj[u][v] = x
            adj[v][u] = x
    return adj


def _components(adj, nodes):
    seen, comps = set(), []
    for n in sorted(nodes):
        if n in seen:
            continue
        comp, stack = [], [n]
        seen.add(n)
        while stack:
            u = stack.pop()
            comp.append(u)
            for v in adj[u]:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        comps.append(sorted(comp))
    return comps


def _spectral(nodes, adj, k, seed=42):
    import numpy as np
    from scipy.cluster.vq import kmeans2

    n = len(nodes)
    pos = {x: i for i, x in enumerate(nodes)}
    if n <= DENSE_LIMIT:
        L = np.zeros((n, n))
        for u in nodes:
            i = pos[u]
            for v, x in adj[u].items():
                L[i, pos[v]] = -x
                L[i, i] += abs(x)
        _, vecs = np.linalg.eigh(L)
        X = vecs[:, :k]
    else:
        import scipy.sparse as sp
        from scipy.sparse.linalg import eigsh

        rows, cols, vals, diag = [], [], [], np.zeros(n)
        for u in nodes:
            i = pos[u]
            for v, x in adj[u].items():
                rows.append(i)
                cols.append(pos[v])
                vals.append(-x)
                diag[i] += abs(x)
        L = sp.csr_matrix((vals, (rows, cols)), shape=(n, n)) + sp.diags(diag)
        shift = 2 * diag.max() + 1  # smallest of L = largest of (shift I - L)
        _, vecs = eigsh(shift * sp.identity(n) - L, k=k, which="LA",
                        v0=np.random.default_rng(seed).random(n))
        X = vecs[:, ::-1]
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    X = X / np.where(norms == 0, 1, norms)
    _, labels = kmeans2(X, k, seed=seed, minit="++", missing="warn") if n > k else (None, np.arange(n))
    return {x: int(labels[pos[x]]) for x in nodes}


def _local_moves(nodes, adj, label, max_rounds=100):
    """Move actors one at a time while a move lowers frustration (raises in-bloc weight)."""
    label = dict(label)
    next_bloc = max(label.values(), default=-1) + 1
    for _ in range(max_rounds):
        moved = False
        for u in nodes:
            a = label[u]
            by_bloc: dict[int, int] = {}
            for v, x in adj[u].items():
                b = label[v]
                by_bloc[b] = by_bloc.get(b, 0) + x
            here = by_bloc.get(a, 0)
            best, gain = None, 0
            for b, s in sorted(by_bloc.items()):
                if b != a and s - here > gain:
                    best, gain = b, s - here
            if -here > gain:  # alone in a new bloc
                best, gain = next_bloc, -here
            if best is not None:
                label[u] = best
                if best == next_bloc:
                    next_bloc += 1
                moved = True
        if not moved:
            break
    return label


def _merge_blocs(adj, label):
    """Merge the two blocs with the largest positive weight between them, while one exists."""
    label = dict(label)
    while True:
        between: dict[tuple[int, int], int] = {}
        for u, nbrs in adj.items():
            if u not in label:
                continue
            for v, x in nbrs.items():
                a, b = label[u], label[v]
                if a < b:
                    between[(a, b)] = between.get((a, b), 0) + x
        if not between:
            return label
        (a, b), w = max(between.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        if w <= 0:
            return label
        for u in label:
            if label[u] == b:
                label[u] = a


def _refine(nodes, adj, label):
    """Local moves and bloc merges until neither lowers the frustration."""
    sub = {u: adj[u] for u in nodes}
    cost = _cost(sub, label)
    while True:
        label = _merge_blocs(sub, _local_moves(nodes, adj, label))
        new = _cost(sub, label)
        if new >= cost:
            return label
        cost = new


def _positive_components(nodes, adj):
    """Start where every group of actors tied by net cooperation is one bloc."""
    label, n = {}, 0
    for u in nodes:
        if u in label:
            continue
        label[u] = n
        stack = [u]
        while stack:
            x = stack.pop()
            for v, w in adj[x].items():
                if w > 0 and v not in label:
                    label[v] = n
                    stack.append(v)
        n += 1
    return label


def _cost(adj, label) -> int:
    """Frustrated weight: conflict inside blocs plus cooperation across them (pair level)."""
    c = 0
    for u, nbrs in adj.items():
        for v, x in nbrs.items():
            if u < v and ((x < 0) == (label[u] == label[v])):
                c += abs(x)
    return c


def partition(G, max_blocs: int = MAX_BLOCS, seed: int = 42) -> Partition:
    """Blocs of the projection ``G`` (see the module docstring for the method)."""
    weights = signed_weights(G)
    nodes = {n for pair in weights for n in pair}
    adj = _adjacency(weights)
    label: dict[str, int] = {}
    offset = 0
    for comp in _components(adj, nodes):
        if all(x > 0 for u in comp for x in adj[u].values()):
            best = {u: 0 for u in comp}
        else:
            sub = {u: adj[u] for u in comp}
            starts = [_spectral(comp, adj, k, seed) for k in range(2, min(max_blocs, len(comp)) + 1)]
            starts.append(_positive_components(comp, adj))
            best, best_key = None, None
            for start in starts:
                lab = _refine(comp, adj, start)
                key = (_cost(sub, lab), len(set(lab.values())))
                if best_key is None or key < best_key:
                    best, best_key = lab, key
        ids = {b: i for i, b in enumerate(sorted(set(best.values())))}
        for u, b in best.items():
            label[u] = offset + ids[b]
        offset += len(ids)
    groups: dict[int, list[str]] = {}
    for u, b in label.items():
        groups.setdefault(b, []).append(u)
    strength = {u: sum(abs(x) for x in adj[u].values()) for u in adj}
    lab = lambda n: G.nodes[n].get("label", n) if n in G else n  # noqa: E731
    blocs = [sorted(m, key=lambda n: (-strength[n], lab(n))) for m in groups.values()]
    blocs.sort(key=lambda m: (-len(m), lab(m[0])))
    bloc_of = {u: i for i, m in enumerate(blocs) for u in m}
    frustrated, signed = [], 0
    for u, v, k, d in G.edges(keys=True, data=True):
        s = edge_sign(k, d.get("polarity"))
        if not s or u == v:
            continue
        signed += 1
        if (s < 0) == (bloc_of[u] == bloc_of[v]):
            said = readings(u, v, d, k)[0]  # as the statements (or the --relation) say it
            frustrated.append((said.subject, said.relation, said.object, s))
    return Partition(blocs, bloc_of, frustrated, signed, triad_balance(adj))


def triad_balance(adj, examples: int = 20) -> dict:
    """Triangles of the signed graph (net sign per pair): balanced when the product of the
    three signs is positive. Returns counts, the balanced share and a few unbalanced triads.

    >>> triad_balance({"a": {"b": 1, "c": -1}, "b": {"a": 1, "c": -1}, "c": {"a": -1, "b": -1}})["balanced"]
    1
    """
    balanced = unbalanced = 0
    bad = []
    for u in sorted(adj):
        nu = adj[u]
        for v in sorted(x for x in nu if x > u):
            nv = adj[v]
            for w in sorted(x for x in nu if x > v and x in nv):
                if nu[v] * nu[w] * nv[w] > 0:
                    balanced += 1
                else:
                    unbalanced += 1
                    if len(bad) < examples:
                        bad.append((u, v, w))
    total = balanced + unbalanced
    return {"triads": total, "balanced": balanced, "unbalanced": unbalanced,
            "balance": round(balanced / total, 4) if total else None, "unbalanced_examples": bad}


def blocs(store, filters=None, max_blocs: int = MAX_BLOCS) -> tuple[object, Partition]:
    """Project the store under ``filters`` and partition it; returns (projection, partition)."""
    from .errors import InputError, NotFoundError
    from .project import project, require_edges

    if not 2 <= max_blocs <= 20:
        raise InputError(f"--max-blocs {max_blocs} is out of range: use 2 to 20")
    G = project(store, filters)
    require_edges(G)
    p = partition(G, max_blocs)
    if not p.blocs:
        raise NotFoundError("no cooperative or conflictual relations (nor memberOf) pass the filters: "
                            "nothing to partition")
    return G, p


def partition_dict(G, p: Partition) -> dict:
    """Plain data for --format json."""
    lab = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    tri = dict(p.triads)
    tri["unbalanced_examples"] = [[lab(n) for n in t] for t in tri.get("unbalanced_examples", [])]
    return {
        "blocs": [{"bloc": i + 1, "size": len(m),
                   "members": [{"label": lab(n), "iri": n, "kind": G.nodes[n].get("kind")} for n in m]}
                  for i, m in enumerate(p.blocs)],
        "frustration": {"frustrated": p.frustration, "signed_edges": p.signed_edges,
                        "index": round(p.frustration / p.signed_edges, 4) if p.signed_edges else 0.0},
        "frustrated": [{"subject": lab(s), "relation": r, "object": lab(o), "sign": "+" if sg > 0 else "-",
                        "why": "conflict inside a bloc" if sg < 0 else "cooperation across blocs",
                        "subject_bloc": p.bloc_of[s] + 1, "object_bloc": p.bloc_of[o] + 1}
                       for s, r, o, sg in p.frustrated],
        "triads": tri,
        "signs": {k: ("+" if v > 0 else "-" if v < 0 else "ignored") for k, v in sign_table().items()},
    }
