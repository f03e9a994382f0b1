"""Network projections of the RDF graph, each built from one library query.

The store is read only through ``queries/network-*.rq``, so a projection works on any store
that holds pressgraph releases, and its filters (time window, country, SDG goal, organization
type, minimum confidence) are applied by SPARQL, where the data is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from ..queries import QueryResult
from ..queries import run_query as _run_library_query
from ..resources import queries_dir
from ..store import GraphStore

NETWORKS = ("co-involvement", "funding", "org-release", "org-programme", "person-org")
ORG_PREFIX = "https://w3id.org/pressgraph/id/org/"


@dataclass(frozen=True)
class Filters:
    """The filters every projection accepts; ``None`` means "any"."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    sdg: str | None = None
    org_type: str | None = None
    min_confidence: float | None = None

    def params(self, allowed: Iterable[str]) -> dict[str, str]:
        """Query parameters for the filters a query knows (the others do not apply)."""
        allowed = set(allowed)
        return {k: str(v) for k, v in asdict(self).items() if v is not None and k in allowed}


def run_query(store: GraphStore, name: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run one library query by its file, so other (unrelated) queries are never parsed."""
    return _run_library_query(store, queries_dir() / f"{name}.rq", params)


def involvement_rows(store: GraphStore, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Who acts in which release: the rows of ``network-involvements``."""
    f = filters or Filters()
    params = f.params(("since", "until", "country", "sdg", "org_type", "min_confidence"))
    return run_query(store, "network-involvements", params).records()


def organization_attributes(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Label, acronym, type and country of every described organization."""
    out = {}
    for row in run_query(store, "network-organizations").records():
        out[row["org"]] = {
            "label": row["label"] or short_key(row["org"]),
            "acronym": row["acronym"],
            "type": row["type"] or "other",
            "country": (row["country"] or "").rsplit("/", 1)[-1] or None,
        }
    return out


def short_key(iri: str) -> str:
    """The last path segment of an IRI (``org/undp`` -> ``undp``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _year(date: Any) -> int | None:
    return int(str(date)[:4]) if date else None


def _org_node(G: nx.Graph, iri: str, attrs: dict[str, dict[str, Any]]) -> None:
    if iri not in G:
        a = attrs.get(iri, {})
        G.add_node(
            iri,
            label=a.get("label") or short_key(iri),
            acronym=a.get("acronym"),
            type=a.get("type") or "other",
            country=a.get("country"),
            kind="organization",
        )


def co_involvement_from_rows(
    rows: list[dict[str, Any]], attrs: dict[str, dict[str, Any]] | None = None
) -> nx.Graph:
    """Organizations linked when they act in the same release (or its events, programmes).

    Edge ``weight`` = distinct releases; edges keep the releases, years, roles and evidence.
    Evidence of an edge prefers sentences naming both organizations (one assertion, or one
    event/programme they share) and falls back to each one's own sentence in the release.
    """
    attrs = attrs or {}
    by_release: dict[str, dict[str, Any]] = {}
    for r in rows:
        rel = by_release.setdefault(r["release_id"], {"date": r["date"], "orgs": defaultdict(list)})
        rel["orgs"][r["org"]].append(r)
    G = nx.Graph(network="co-involvement")
    node_releases: dict[str, set[str]] = defaultdict(set)
    node_years: dict[str, set[int]] = defaultdict(set)
    node_roles: dict[str, set[str]] = defaultdict(set)
    for rid, rel in by_release.items():
        year = _year(rel["date"])
        orgs = rel["orgs"]
        for org, acts in orgs.items():
            _org_node(G, org, attrs)
            node_releases[org].add(rid)
            if year:
                node_years[org].add(year)
            node_roles[org].update(a["role"] for a in acts)
        for a, b in combinations(sorted(orgs), 2):
            acts_a, acts_b = orgs[a], orgs[b]
            joint = _joint_evidence(acts_a, acts_b)
            if G.has_edge(a, b):
                data = G.edges[a, b]
            else:
                G.add_edge(a, b, weight=0, releases=[], years=[], roles=[], evidence=[])
                data = G.edges[a, b]
            data["weight"] += 1
            data["releases"].append(rid)
            if year and year not in data["years"]:
                data["years"].append(year)
            for role in {x["role"] for x in acts_a} | {x["role"] for x in acts_b}:
                if role not in data["roles"]:
                    data["roles"].append(role)
            picked = joint or [_best(acts_a), _best(acts_b)]
            for act in picked[:3]:
                if act.get("sentence"):
                    data["evidence"].append(
                        {
                            "release": rid,
                            "date": rel["date"],
                            "kind": act["kind"],
                            "joint": bool(joint),
                            "confidence": act["confidence"],
                            "sentence": act["sentence"],
                        }
                    )
    for org in G.nodes:
        G.nodes[org]["releases"] = len(node_releases[org])
        years = sorted(node_years[org])
        G.nodes[org]["years"] = years
        G.nodes[org]["first_year"] = years[0] if years else None
        G.nodes[org]["last_year"] = years[-1] if years else None
        G.nodes[org]["roles"] = sorted(node_roles[org])
    for _, _, data in G.edges(data=True):
        data["years"].sort()
        data["roles"].sort()
        data["first_year"] = data["years"][0] if data["years"] else None
        data["last_year"] = data["years"][-1] if data["years"] else None
    return G


def _best(acts: list[dict[str, Any]]) -> dict[str, Any]:
    """The most confident act with a sentence (ties: partnership > funding > participation)."""
    order = {"partnership": 0, "funding": 1, "participation": 2}
    return sorted(
        acts, key=lambda x: (not x.get("sentence"), -x["confidence"], order.get(x["kind"], 3))
    )[0]


def _joint_evidence(acts_a: list[dict], acts_b: list[dict]) -> list[dict[str, Any]]:
    """Acts in which both organizations appear: the same assertion or the same context."""
    same = {x["assertion"] for x in acts_a} & {x["assertion"] for x in acts_b}
    shared_ctx = {x["context"] for x in acts_a if x.get("context")} & {
        x["context"] for x in acts_b if x.get("context")
    }
    out, seen = [], set()
    for act in sorted(acts_a + acts_b, key=lambda x: (-x["confidence"], x["assertion"])):
        if act["assertion"] in same or (
            act.get("context") in shared_ctx and act["kind"] != "funding"
        ):
            key = act.get("sentence")
            if key and key not in seen:
                seen.add(key)
                out.append(act)
    return out


def co_involvement(store: GraphStore, filters: Filters | None = None) -> nx.Graph:
    """The co-involvement network of the store (see :func:`co_involvement_from_rows`)."""
    return co_involvement_from_rows(
        involvement_rows(store, filters), organization_attributes(store)
    )


def bipartite_from_rows(
    rows: list[dict[str, Any]], attrs: dict[str, dict[str, Any]], other: str
) -> nx.Graph:
    """Organization-release or organization-programme bipartite graph (``bipartite`` 0/1)."""
    G = nx.Graph(network=f"org-{other}")
    for r in rows:
        if other == "release":
            target, label = r["release"], r["release_id"]
        else:
            target = r.get("context")
            if not target or "/initiative/" not in target:
                continue
            label = short_key(target)
        _org_node(G, r["org"], attrs)
        G.nodes[r["org"]]["bipartite"] = 0
        if target not in G:
            G.add_node(target, label=label, kind=other, type=other, bipartite=1)
        if G.has_edge(r["org"], target):
            data = G.edges[r["org"], target]
            data["weight"] += 1
            if r["role"] not in data["roles"]:
                data["roles"].append(r["role"])
        else:
            G.add_edge(r["org"], target, weight=1, roles=[r["role"]], year=_year(r["date"]))
    return G


def funding_network(store: GraphStore, filters: Filters | None = None) -> nx.DiGraph:
    """Directed funding flows: donor -> (channel ->) programme -> implementer -> country.

    Edge ``amount`` sums stated amounts per currency (``amounts`` maps currency -> total),
    ``fundings`` counts funding assertions, ``releases`` lists where they were stated.
    """
    f = filters or Filters()
    rows = run_query(
        store, "network-funding", f.params(("since", "until", "country", "sdg", "min_confidence"))
    ).records()
    attrs = organization_attributes(store)
    G = nx.DiGraph(network="funding")
    fundings: dict[str, dict[str, Any]] = {}
    for r in rows:
        fd = fundings.setdefault(r["funding"], {**r, "focus": set(), "items": {}})
        if r["focus"]:
            fd["focus"].add(r["focus"])
        if r["item"]:
            fd["items"][r["item"]] = r["item_label"] or short_key(r["item"])
    for fd in fundings.values():
        chain = [fd["funder"]]
        if fd["channel"]:
            chain.append(fd["channel"])
        for item, label in sorted(fd["items"].items()):
            if item not in G:
                G.add_node(item, label=label, kind="programme", type="programme")
            chain.append(item)
        if fd["recipient"]:
            chain.append(fd["recipient"])
        for node in chain:
            if node.startswith(ORG_PREFIX):
                _org_node(G, node, attrs)
        for country in sorted(fd["focus"]):
            if country not in G:
                G.add_node(country, label=short_key(country), kind="country", type="country")
        pairs = list(zip(chain, chain[1:])) + [(chain[-1], c) for c in sorted(fd["focus"])]
        for a, b in pairs:
            if a == b:
                continue
            if not G.has_edge(a, b):
                G.add_edge(a, b, fundings=0, amounts={}, releases=[], evidence=[], weight=0)
            data = G.edges[a, b]
            data["fundings"] += 1
            data["weight"] += 1
            if fd["release_id"] not in data["releases"]:
                data["releases"].append(fd["release_id"])
            first_hop = (chain[0], chain[1] if len(chain) > 1 else b)
            if fd["amount"] is not None and (a, b) == first_hop:
                cur = fd["currency"] or "XXX"
                data["amounts"][cur] = data["amounts"].get(cur, 0.0) + float(fd["amount"])
            if fd["sentence"]:
                data["evidence"].append(
                    {"release": fd["release_id"], "date": fd["date"], "sentence": fd["sentence"]}
                )
    for _, _, data in G.edges(data=True):
        data["amount_usd"] = data["amounts"].get("USD")
    return G


def person_org_network(store: GraphStore, filters: Filters | None = None) -> nx.Graph:
    """People linked to the organizations releases say they work for (role, releases)."""
    f = filters or Filters()
    rows = run_query(
        store, "network-memberships", f.params(("since", "until", "min_confidence"))
    ).records()
    attrs = organization_attributes(store)
    G = nx.Graph(network="person-org")
    for r in rows:
        _org_node(G, r["org"], attrs)
        G.nodes[r["org"]]["bipartite"] = 0
        if r["person"] not in G:
            G.add_node(
                r["person"], label=r["person_name"], kind="person", type="person", bipartite=1
            )
        if not G.has_edge(r["person"], r["org"]):
            G.add_edge(r["person"], r["org"], weight=0, roles=[], releases=[], evidence=[])
        data = G.edges[r["person"], r["org"]]
        data["weight"] += 1
        data["releases"].append(r["release_id"])
        if r["role"] and r["role"] not in data["roles"]:
            data["roles"].append(r["role"])
        if r["sentence"]:
            data["evidence"].append(
                {"release": r["release_id"], "date": r["date"], "sentence": r["sentence"]}
            )
    return G


def network(store: GraphStore, name: str = "co-involvement", filters: Filters | None = None):
    """Any projection by name (one of :data:`NETWORKS`)."""
    if name == "co-involvement":
        return co_involvement(store, filters)
    if name == "funding":
        return funding_network(store, filters)
    if name == "person-org":
        return person_org_network(store, filters)
    if name in ("org-release", "org-programme"):
        rows = involvement_rows(store, filters)
        return bipartite_from_rows(rows, organization_attributes(store), name.split("-", 1)[1])
    raise ValueError(f"unknown network {name!r}; choose one of {', '.join(NETWORKS)}")
