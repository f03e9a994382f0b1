"""How organization A reaches B: the k shortest chains of ties, each hop with its evidence.

A hop's evidence is a sentence of a shared release that names *both* organizations (by any
of their names, acronyms or the words the release uses for them). When no sentence does,
the hop says so plainly: the two are tied because they act in the same release, whose title
and date are given. With a store, every sentence the store keeps for the shared releases is
searched; without one, the evidence sentences on the tie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from .metrics import _simple, resolve
from .projections import name_pattern

# Shared releases searched per hop, latest first (a tie of two large agencies can span
# thousands of releases; the first hit ends the search).
MAX_RELEASES_SEARCHED = 50
# Paths ranked per query at most (all of the shortest lengths, when there are fewer).
MAX_CANDIDATES = 500
# A title longer than this is cut at a word (some sources have no real title line).
TITLE_CHARS = 120


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
    joint: bool  # the sentence names both organizations
    title: str | None = None

    def evidence_text(self) -> str:
        """The sentence naming both, or a plain statement that the tie is co-involvement."""
        if self.joint and self.sentence:
            return f'"{self.sentence}"'
        title = self.title or ""
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        title = f'"{title}"' if title else "this release"
        return (
            f"no sentence names both; they are tied by acting in the same release: {title}"
            f" ({self.date or 'undated'})"
        )


@dataclass(frozen=True)
class Path:
    nodes: list[str]
    hops: list[Hop] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.hops)

    def render(self) -> str:
        """Plain text: one line per hop, then its release, date and evidence."""
        lines = []
        for i, h in enumerate(self.hops, 1):
            lines.append(f"  {i}. {h.source_label} -- {h.target_label} ({h.weight} release(s))")
            lines.append(f"     {h.release} ({h.date or 'undated'})")
            lines.append(f"     {h.evidence_text()}")
        return "\n".join(lines)


def _pattern(names: set[str]) -> re.Pattern | None:
    return name_pattern(names)


def names_in_graph(G: nx.Graph, node: Any) -> set[str]:
    """The label and the acronym of a node."""
    d = G.nodes[node]
    return {x for x in (d.get("label"), d.get("acronym")) if x}


def names_in_store(store: Any, org: str) -> set[str]:
    """Every name the store knows for an organization (``organization-names``)."""
    from .projections import run_query

    return {r["name"] for r in run_query(store, "organization-names", {"org": org}).records()}


def sentence_naming_both(
    spans: list[dict[str, Any]], a: str, b: str, names_a: set[str], names_b: set[str]
) -> str | None:
    """The first sentence of a release that names A and B (``release-sentences`` rows).

    A sentence names an organization when a mention of it lies inside the sentence, or
    when one of its names (or a word the release uses for it) occurs in the sentence.
    """
    mentions: dict[str, list[tuple[int, int]]] = {a: [], b: []}
    names = {a: set(names_a), b: set(names_b)}
    sentences = []
    for s in spans:
        if s.get("entity") in mentions:
            mentions[s["entity"]].append((s["begin"], s["end"]))
            names[s["entity"]].add(s["text"])
        elif not s.get("entity"):
            sentences.append(s)
    patterns = {org: _pattern(n) for org, n in names.items()}

    def names_org(sentence: dict, org: str) -> bool:
        if any(sentence["begin"] <= x and y <= sentence["end"] for x, y in mentions[org]):
            return True
        p = patterns[org]
        return bool(p and p.search(sentence["text"]))

    for s in sorted(sentences, key=lambda x: (x["begin"], -x["end"])):
        if s["end"] - s["begin"] > 0 and names_org(s, a) and names_org(s, b):
            return s["text"]
    return None


def _hop_from_store(store: Any, H: nx.Graph, a: Any, b: Any, names: dict) -> Hop:
    from .projections import run_query

    d = H.edges[a, b]
    for org in (a, b):
        if org not in names:
            names[org] = names_in_store(store, org) | names_in_graph(H, org)
    first = None
    for rid in list(reversed(d.get("releases") or []))[:MAX_RELEASES_SEARCHED]:
        spans = run_query(store, "release-sentences", {"release": rid}).records()
        if not spans:
            continue
        head = spans[0]
        first = first or head
        sentence = sentence_naming_both(spans, a, b, names[a], names[b])
        if sentence:
            return _make_hop(H, a, b, head, sentence, True)
    return _make_hop(H, a, b, first or {"release_id": (d.get("releases") or [None])[-1]}, None)


def _make_hop(H: nx.Graph, a, b, release: dict, sentence: str | None, joint: bool = False) -> Hop:
    date = release.get("date")
    return Hop(
        source=a,
        target=b,
        source_label=H.nodes[a].get("label", str(a)),
        target_label=H.nodes[b].get("label", str(b)),
        weight=int(H.edges[a, b].get("weight", 1)),
        release=release.get("release_id") or release.get("release"),
        date=str(date) if date is not None else None,
        sentence=sentence,
        joint=joint,
        title=release.get("title"),
    )


def _hop_from_graph(H: nx.Graph, a: Any, b: Any) -> Hop:
    """Without a store: the tie's evidence sentences that name both, latest first."""
    d = H.edges[a, b]
    pa, pb = _pattern(names_in_graph(H, a)), _pattern(names_in_graph(H, b))
    ev = sorted(d.get("evidence") or [], key=lambda e: str(e.get("date") or ""), reverse=True)
    for e in ev:
        text = e.get("sentence") or ""
        if pa and pb and pa.search(text) and pb.search(text):
            return _make_hop(H, a, b, {"release_id": e.get("release"), **e}, text, True)
    latest = (d.get("releases") or [None])[-1]
    date = next((e.get("date") for e in ev if e.get("release") == latest), None)
    return _make_hop(H, a, b, {"release_id": latest, "date": date}, None)


def k_shortest_paths(G: nx.Graph, a: str, b: str, k: int = 3, *, store: Any = None) -> list[Path]:
    """The ``k`` shortest simple paths from A to B (fewest hops; ties: stronger weakest tie).

    A and B are IRIs, keys, acronyms or labels (see :func:`~.metrics.resolve`). Give the
    ``store`` the network came from to search all sentences of the shared releases for hop
    evidence (any network form will do, the lean one is enough).
    """
    H = _simple(G)
    src, dst = resolve(H, a), resolve(H, b)
    if not nx.has_path(H, src, dst):
        return []
    # Every path as short as the k-th one (up to a bound), so the ranking below does not
    # depend on the order the graph's nodes were added in.
    candidates: list[list] = []
    for p in islice(nx.shortest_simple_paths(H, src, dst), MAX_CANDIDATES):
        if len(candidates) >= k and len(p) > len(candidates[k - 1]):
            break
        candidates.append(p)

    def strength(p: list) -> tuple:
        weights = [H.edges[x, y].get("weight", 1) for x, y in zip(p, p[1:])]
        return (len(p), -min(weights), -sum(weights), [str(x) for x in p])

    chosen = sorted(candidates, key=strength)[:k]
    names: dict = {}
    hops: dict[tuple, Hop] = {}

    def hop(x, y) -> Hop:
        if (x, y) not in hops:
            hops[x, y] = hop_evidence(H, x, y, store=store, names=names)
        return hops[x, y]

    return [Path(nodes=p, hops=[hop(x, y) for x, y in zip(p, p[1:])]) for p in chosen]


def hop_evidence(
    G: nx.Graph, a: Any, b: Any, *, store: Any = None, names: dict | None = None
) -> Hop:
    """The evidence of the tie A -- B: a sentence of a shared release naming both, or the
    latest shared release (title, date) when none does. ``names`` caches names per node."""
    H = _simple(G)
    if store is not None:
        return _hop_from_store(store, H, a, b, {} if names is None else names)
    return _hop_from_graph(H, a, b)
