"""How organization A reaches B: the k shortest chains of ties, each hop with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from .metrics import _simple, resolve


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    source_label: str
    target_label: str
    weight: int
    release: str | None
    date: str | None
    sentence: str | None
    joint: bool


@dataclass(frozen=True)
class Path:
    nodes: list[str]
    hops: list[Hop] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.hops)

    def render(self) -> str:
        """Plain text: one line per hop, then its release, date and evidence sentence."""
        lines = []
        for i, h in enumerate(self.hops, 1):
            lines.append(f"  {i}. {h.source_label} -- {h.target_label} ({h.weight} release(s))")
            lines.append(f"     {h.release} ({h.date or 'undated'})")
            if h.sentence:
                lines.append(f'     "{h.sentence}"')
        return "\n".join(lines)


def _hop(G: nx.Graph, a: Any, b: Any) -> Hop:
    d = G.edges[a, b]
    # Joint evidence first (a sentence naming both); then the most confident, then the latest.
    ev = sorted(d.get("evidence") or [], key=lambda e: str(e.get("date") or ""), reverse=True)
    ev = sorted(ev, key=lambda e: (not e.get("joint", True), -(e.get("confidence") or 0)))
    best = ev[0] if ev else {}
    return Hop(
        source=a,
        target=b,
        source_label=G.nodes[a].get("label", str(a)),
        target_label=G.nodes[b].get("label", str(b)),
        weight=int(d.get("weight", 1)),
        release=best.get("release") or (d.get("releases") or [None])[-1],
        date=best.get("date"),
        sentence=best.get("sentence"),
        joint=bool(best.get("joint", False)),
    )


def k_shortest_paths(G: nx.Graph, a: str, b: str, k: int = 3) -> list[Path]:
    """The ``k`` shortest simple paths from A to B (fewest hops; ties: stronger weakest tie).

    A and B are IRIs, keys, acronyms or labels (see :func:`~.metrics.resolve`).
    """
    H = _simple(G)
    src, dst = resolve(H, a), resolve(H, b)
    if not nx.has_path(H, src, dst):
        return []
    candidates = list(islice(nx.shortest_simple_paths(H, src, dst), max(k * 10, 20)))
    cutoff = len(candidates[min(k, len(candidates)) - 1])
    candidates = [p for p in candidates if len(p) <= cutoff]

    def strength(p: list) -> tuple:
        weights = [H.edges[x, y].get("weight", 1) for x, y in zip(p, p[1:])]
        return (len(p), -min(weights), -sum(weights), [str(x) for x in p])

    chosen = sorted(candidates, key=strength)[:k]
    return [Path(nodes=p, hops=[_hop(H, x, y) for x, y in zip(p, p[1:])]) for p in chosen]
