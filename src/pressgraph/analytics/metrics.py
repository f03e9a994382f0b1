"""Who matters in a network: centralities, brokerage, cohesion and communities.

Everything takes a NetworkX graph (any projection) and returns pandas DataFrames, one row per
node, so results can be sorted, joined and exported like any table.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import networkx as nx

EXACT_BETWEENNESS_MAX_NODES = 2000
# Sampled betweenness: sources x ties is kept under this budget. One source costs a
# breadth-first search over every tie, ~1.2 us per tie in NetworkX on this (shared) machine,
# so the estimate takes about 50 s whatever the size: a 230,000-tie network (100,000
# releases) gets ~170 sources, one of 56,000 ties (10,000 releases) the maximum of 500.
BETWEENNESS_BUDGET = 40_000_000
BETWEENNESS_SAMPLE_MIN, BETWEENNESS_SAMPLE_MAX = 64, 500
STRUCTURAL_HOLES_MAX_NODES = 20000
METRICS = (
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "eigenvector",
    "core",
    "clustering",
    "constraint",
    "effective_size",
    "component",
)


def _pd():
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is in the analytics extra
        raise ImportError(
            "analytics tables need pandas: pip install 'pressgraph[pandas]'"
        ) from None
    return pd


def _simple(G: nx.Graph) -> nx.Graph:
    """An undirected simple view (directed funding graphs are read as ties)."""
    H = G.to_undirected(as_view=False) if G.is_directed() else G
    if nx.number_of_selfloops(H):
        H = H.copy()
        H.remove_edges_from(nx.selfloop_edges(H))
    return H


def betweenness_sample_size(edges: int) -> int:
    """Sources for sampled betweenness: ``BETWEENNESS_BUDGET / ties``, within 64..500.

    Each source costs one breadth-first search over all ties, so the time stays about the
    same whatever the network's size, and the top scores (the brokers) stay stable.
    """
    k = BETWEENNESS_BUDGET // max(edges, 1)
    return int(min(max(k, BETWEENNESS_SAMPLE_MIN), BETWEENNESS_SAMPLE_MAX))


def betweenness(
    G: nx.Graph, *, sample: int | None = None, seed: int = 0, normalized: bool = True
) -> dict[Any, float]:
    """Shortest-path betweenness (hop counts): exact, or estimated from ``sample`` sources.

    Sampling (Brandes-Pich) keeps large graphs tractable; ``sample=None`` picks exact up to
    :data:`EXACT_BETWEENNESS_MAX_NODES` nodes and :func:`betweenness_sample_size` sources above.
    """
    n = G.number_of_nodes()
    if sample is None and n > EXACT_BETWEENNESS_MAX_NODES:
        sample = betweenness_sample_size(G.number_of_edges())
    if sample is not None and sample < n:
        return nx.betweenness_centrality(G, k=sample, seed=seed, normalized=normalized)
    return nx.betweenness_centrality(G, normalized=normalized)


def eigenvector(G: nx.Graph, weight: str | None = "weight") -> dict[Any, float]:
    """Eigenvector centrality per connected component scaled by component size share.

    Computed on each component (a disconnected graph has no single leading eigenvector);
    a component's scores have unit Euclidean norm times sqrt(share of nodes).
    """
    out: dict[Any, float] = {}
    n = G.number_of_nodes()
    for comp in nx.connected_components(G):
        if len(comp) == 1:
            out[next(iter(comp))] = 0.0
            continue
        H = G.subgraph(comp)
        try:
            with warnings.catch_warnings():  # scipy falls back to dense eig on tiny components
                warnings.simplefilter("ignore", RuntimeWarning)
                scores = nx.eigenvector_centrality_numpy(H, weight=weight)
        except Exception:  # noqa: BLE001 - tiny or degenerate components
            scores = dict.fromkeys(H, 0.0)
        scale = math.sqrt(len(comp) / n)
        out.update({k: abs(v) * scale for k, v in scores.items()})
    return out


def centrality(
    G: nx.Graph,
    *,
    weight: str = "weight",
    betweenness_sample: int | None = None,
    structural_holes: bool | None = None,
    seed: int = 0,
):
    """One row per node: degree, weighted degree, PageRank, betweenness, eigenvector, k-core,
    clustering, Burt's constraint and effective size, and the component it belongs to.

    Sorted by PageRank, highest first. Constraint and effective size are skipped (NaN) above
    :data:`STRUCTURAL_HOLES_MAX_NODES` nodes unless asked for: they cost O(n * degree^2).
    """
    pd = _pd()
    H = _simple(G)
    n = H.number_of_nodes()
    if n == 0:
        return pd.DataFrame(columns=["node", "label", "type", *METRICS])
    pagerank = nx.pagerank(G, weight=weight)
    btw = betweenness(H, sample=betweenness_sample, seed=seed)
    eig = eigenvector(H, weight=weight)
    core = nx.core_number(H)
    clustering = nx.clustering(H)
    if structural_holes is None:
        structural_holes = n <= STRUCTURAL_HOLES_MAX_NODES
    if structural_holes:
        constraint = nx.constraint(H, weight=weight)
        eff = nx.effective_size(H, weight=weight)
    else:
        constraint = eff = {}
    comp_of = {}
    for i, comp in enumerate(sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))):
        for node in comp:
            comp_of[node] = i
    rows = []
    for node, data in H.nodes(data=True):
        rows.append(
            {
                "node": node,
                "label": data.get("label", str(node)),
                "type": data.get("type"),
                "degree": H.degree(node),
                "weighted_degree": float(H.degree(node, weight=weight)),
                "pagerank": pagerank[node],
                "betweenness": btw[node],
                "eigenvector": eig[node],
                "core": core[node],
                "clustering": clustering[node],
                "constraint": constraint.get(node, math.nan),
                "effective_size": eff.get(node, math.nan),
                "component": comp_of[node],
            }
        )
    df = pd.DataFrame(rows)
    return df.sort_values(["pagerank", "label"], ascending=[False, True]).reset_index(drop=True)


def brokers(table, top: int = 10):
    """Top brokers: high betweenness, low constraint (Burt), from a :func:`centrality` table."""
    cols = ["label", "type", "betweenness", "constraint", "effective_size", "degree"]
    ranked = table.sort_values(["betweenness", "constraint"], ascending=[False, True])
    return ranked[["node", *cols]].head(top).reset_index(drop=True)


def communities(
    G: nx.Graph, *, method: str = "louvain", weight: str = "weight", seed: int = 0, top: int = 5
):
    """Communities (Louvain or label propagation), largest first, with their top members.

    Top members are ranked by weighted degree inside the whole graph. Returns
    ``(table, membership)``: one row per community, and node -> community number.
    """
    pd = _pd()
    H = _simple(G)
    if method == "louvain":
        found = nx.community.louvain_communities(H, weight=weight, seed=seed)
    elif method in ("label_propagation", "label-propagation", "lpa"):
        found = nx.community.label_propagation_communities(H)
    else:
        raise ValueError("method is 'louvain' or 'label_propagation'")
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    wdeg = dict(H.degree(weight=weight))
    membership, rows = {}, []
    for i, members in enumerate(ordered):
        for m in members:
            membership[m] = i
        ranked = sorted(members, key=lambda m: (-wdeg[m], H.nodes[m].get("label", str(m))))
        rows.append(
            {
                "community": i,
                "method": method,
                "size": len(members),
                "top_members": [H.nodes[m].get("label", str(m)) for m in ranked[:top]],
                "members": members,
            }
        )
    table = pd.DataFrame(rows, columns=["community", "method", "size", "top_members", "members"])
    return table, membership


def modularity(G: nx.Graph, membership: dict[Any, int], weight: str = "weight") -> float:
    """Newman modularity of a partition, to compare community methods."""
    groups: dict[int, set] = {}
    for node, c in membership.items():
        groups.setdefault(c, set()).add(node)
    return nx.community.modularity(_simple(G), groups.values(), weight=weight)


def components(G: nx.Graph):
    """Connected components, largest first: size and the best-connected members."""
    pd = _pd()
    H = _simple(G)
    rows = []
    for i, comp in enumerate(sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))):
        ranked = sorted(comp, key=lambda m: (-H.degree(m), str(m)))
        rows.append(
            {
                "component": i,
                "size": len(comp),
                "members": [H.nodes[m].get("label", str(m)) for m in ranked[:10]],
            }
        )
    return pd.DataFrame(rows, columns=["component", "size", "members"])


def resolve(G: nx.Graph, name: str) -> Any:
    """A node from an IRI, a key (``undp``), an acronym or a label, case-insensitively."""
    if name in G:
        return name
    needle = name.strip().lower()
    hits = [
        n
        for n, d in G.nodes(data=True)
        if needle
        in (
            str(n).rsplit("/", 1)[-1].lower(),
            str(d.get("acronym") or "").lower(),
            str(d.get("label") or "").lower(),
        )
    ]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise KeyError(f"no node named {name!r} in this network")
    raise KeyError(f"{name!r} is ambiguous: {', '.join(map(str, hits[:5]))}")


def ego(G: nx.Graph, name: str, *, radius: int = 1, weight: str = "weight"):
    """An organization's ego network and its partners ranked by tie strength.

    Returns ``(subgraph, table)``; the table has one row per direct partner: weight (shared
    releases), first and last year together, and the roles seen.
    """
    pd = _pd()
    center = resolve(G, name)
    H = _simple(G)
    sub = nx.ego_graph(H, center, radius=radius)
    rows = []
    for nb in H.neighbors(center):
        d = H.edges[center, nb]
        rows.append(
            {
                "partner": nb,
                "label": H.nodes[nb].get("label", str(nb)),
                "type": H.nodes[nb].get("type"),
                "weight": d.get(weight, 1),
                "first_year": d.get("first_year"),
                "last_year": d.get("last_year"),
                "roles": d.get("roles", []),
            }
        )
    table = pd.DataFrame(
        rows, columns=["partner", "label", "type", "weight", "first_year", "last_year", "roles"]
    )
    table = table.sort_values(["weight", "label"], ascending=[False, True]).reset_index(drop=True)
    return sub, table
