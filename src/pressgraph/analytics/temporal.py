"""Change over time: one network per year (or window), partner turnover, tie persistence and
brokerage change, computed from a single query's rows so every period is filtered alike."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .metrics import _pd, betweenness
from .projections import co_involvement_from_releases, co_involvement_from_rows


def _period(date: Any, window: int, start: int) -> int | None:
    if not date:
        return None
    year = int(str(date)[:4])
    return start + ((year - start) // window) * window


def networks_by_period(
    rows: list[dict[str, Any]], attrs: dict | None = None, *, window: int = 1
) -> dict[int, nx.Graph]:
    """Co-involvement network per period of ``window`` years, keyed by the period's first year."""
    years = [int(str(r["date"])[:4]) for r in rows if r.get("date")]
    if not years:
        return {}
    start = min(years)
    buckets: dict[int, list] = {}
    for r in rows:
        p = _period(r.get("date"), window, start)
        if p is not None:
            buckets.setdefault(p, []).append(r)
    return {p: co_involvement_from_rows(buckets[p], attrs) for p in sorted(buckets)}


def networks_by_period_from_releases(
    acts: dict[str, dict[str, Any]],
    attrs: dict | None = None,
    *,
    window: int = 1,
    allowed: set | None = None,
) -> dict[int, nx.Graph]:
    """The same networks per period from the lean input (release -> ``release_id``, ``date``,
    ``orgs``, as :func:`~.projections.release_organizations` gives): no roles or evidence,
    fast on large stores."""
    years = [int(str(a["date"])[:4]) for a in acts.values() if a.get("date")]
    if not years:
        return {}
    start = min(years)
    buckets: dict[int, dict[str, dict]] = {}
    for iri, a in acts.items():
        p = _period(a.get("date"), window, start)
        if p is not None:
            buckets.setdefault(p, {})[iri] = a
    return {
        p: co_involvement_from_releases(
            buckets[p], {k: v["orgs"] for k, v in buckets[p].items()}, attrs, allowed
        )
        for p in sorted(buckets)
    }


def period_summary(graphs: dict[int, nx.Graph]):
    """One row per period: size, density, components, clustering and the top broker."""
    pd = _pd()
    rows = []
    for p, G in graphs.items():
        btw = betweenness(G) if G.number_of_nodes() else {}
        top = max(btw, key=lambda n: (btw[n], str(n)), default=None)
        rows.append(
            {
                "period": p,
                "nodes": G.number_of_nodes(),
                "edges": G.number_of_edges(),
                "density": nx.density(G) if G.number_of_nodes() > 1 else 0.0,
                "components": nx.number_connected_components(G) if G.number_of_nodes() else 0,
                "clustering": nx.average_clustering(G) if G.number_of_nodes() else 0.0,
                "top_broker": G.nodes[top].get("label") if top is not None else None,
            }
        )
    return pd.DataFrame(rows)


def _ties(G: nx.Graph) -> set[frozenset]:
    return {frozenset(e) for e in G.edges}


def tie_persistence(graphs: dict[int, nx.Graph]):
    """Share of each period's ties that existed in the previous period, and Jaccard overlap."""
    pd = _pd()
    rows, prev = [], None
    for p, G in graphs.items():
        ties = _ties(G)
        if prev is not None:
            kept = len(ties & prev)
            rows.append(
                {
                    "period": p,
                    "ties": len(ties),
                    "kept": kept,
                    "new": len(ties - prev),
                    "lost": len(prev - ties),
                    "persistence": kept / len(prev) if prev else 0.0,
                    "jaccard": kept / len(ties | prev) if ties | prev else 0.0,
                }
            )
        prev = ties
    return pd.DataFrame(
        rows, columns=["period", "ties", "kept", "new", "lost", "persistence", "jaccard"]
    )


def partner_changes(graphs: dict[int, nx.Graph]):
    """Per organization and period: partners, and partners gained and lost since the last."""
    pd = _pd()
    rows = []
    prev: dict[Any, set] = {}
    labels: dict[Any, str] = {}
    for p, G in graphs.items():
        now = {n: set(G.neighbors(n)) for n in G.nodes}
        for n in G.nodes:
            labels[n] = G.nodes[n].get("label", str(n))
        for n in sorted(set(now) | set(prev), key=str):
            a, b = prev.get(n, set()), now.get(n, set())
            if not a and not b:
                continue
            rows.append(
                {
                    "period": p,
                    "node": n,
                    "label": labels.get(n, str(n)),
                    "partners": len(b),
                    "new": len(b - a),
                    "lost": len(a - b),
                }
            )
        prev = now
    return pd.DataFrame(rows, columns=["period", "node", "label", "partners", "new", "lost"])


def brokerage_change(graphs: dict[int, nx.Graph], top: int = 10):
    """Top movers: the largest change in betweenness between the first and last periods."""
    pd = _pd()
    periods = list(graphs)
    if len(periods) < 2:
        return pd.DataFrame(columns=["node", "label", "before", "after", "change"])
    first, last = graphs[periods[0]], graphs[periods[-1]]
    b0, b1 = betweenness(first), betweenness(last)
    rows = []
    for n in set(b0) | set(b1):
        G = last if n in last else first
        rows.append(
            {
                "node": n,
                "label": G.nodes[n].get("label", str(n)),
                "before": b0.get(n, 0.0),
                "after": b1.get(n, 0.0),
                "change": b1.get(n, 0.0) - b0.get(n, 0.0),
            }
        )
    df = pd.DataFrame(rows)
    df["abs"] = df["change"].abs()
    df = df.sort_values(["abs", "label"], ascending=[False, True]).drop(columns="abs")
    return df.head(top).reset_index(drop=True)
