"""Network projections of the RDF graph, each built from library queries.

The store is read only through ``queries/network-*.rq``, so a projection works on any store
that holds pressgraph releases. Filters are applied by pre-selection: the releases that pass
the time window, country and SDG goal are selected once (``network-releases``,
``network-goal-releases``), organizations of a type from the node attributes, and the acts are
kept when their release and organization are selected. (Testing a release's country or goals
once per act, inside the act query, took minutes on a few thousand releases.)

The co-involvement network has two forms: the *detailed* one (``detail=True``) keeps roles and
evidence sentences on every tie, for exports, the viewer and the report; the *lean* one reads
only which organizations act in which release (``network-release-organizations``), which is
what centralities, communities and paths need, and is fast at 100,000 releases.
"""

from __future__ import annotations

import re
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


def selected_releases(store: GraphStore, filters: Filters | None = None) -> dict[str, dict]:
    """Releases passing the release filters (window, country, SDG goal), by IRI, in date order.

    Each value has ``release_id``, ``date`` and ``title``. The goal's releases come from their
    own query (matching concepts first), and the two sets are intersected here.
    """
    f = filters or Filters()
    rows = run_query(store, "network-releases", f.params(("since", "until", "country")))
    out = {r["release"]: r for r in rows.records()}
    if f.sdg is not None:
        aligned = {r["release"] for r in run_query(store, "network-goal-releases", {"sdg": f.sdg})}
        out = {k: r for k, r in out.items() if k in aligned}
    return out


def organizations_of_type(attrs: dict[str, dict[str, Any]], org_type: str | None) -> set | None:
    """Organizations of a type code (``None``: no restriction)."""
    if org_type is None:
        return None
    wanted = org_type.strip().lower().replace("-", "_")
    return {org for org, a in attrs.items() if a.get("type") == wanted}


def involvement_rows(
    store: GraphStore,
    filters: Filters | None = None,
    attrs: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Who acts in which release: the rows of ``network-involvements``, filtered.

    Window and confidence are query parameters (tested on values each row has); country,
    SDG goal and organization type are pre-selected sets the rows are checked against.
    """
    f = filters or Filters()
    params = f.params(("since", "until", "min_confidence"))
    rows = run_query(store, "network-involvements", params).records()
    if f.country is not None or f.sdg is not None:
        keep = selected_releases(store, f)
        rows = [r for r in rows if r["release"] in keep]
    if f.org_type is not None:
        allowed = organizations_of_type(attrs or organization_attributes(store), f.org_type)
        rows = [r for r in rows if r["org"] in allowed]
    return rows


def release_organizations(store: GraphStore, filters: Filters | None = None) -> dict[str, dict]:
    """Release IRI -> ``release_id``, ``date`` and ``orgs`` (the organizations acting in it).

    From ``network-release-organizations``, in date order; only the confidence filter is
    applied (see :func:`selected_releases` for the others).
    """
    f = filters or Filters()
    rows = run_query(store, "network-release-organizations", f.params(("min_confidence",)))
    return {
        r["release"]: {
            "release_id": r["release_id"],
            "date": r["date"],
            "orgs": set(r["organizations"].split()),
        }
        for r in rows.records()
    }


RELEASE_FILTERS = ("since", "until", "country", "sdg")


def filtered_release_organizations(
    store: GraphStore, filters: Filters | None = None
) -> dict[str, dict]:
    """:func:`release_organizations` of the releases passing the release filters."""
    f = filters or Filters()
    acts = release_organizations(store, f)
    if any(getattr(f, k) is not None for k in RELEASE_FILTERS):
        keep = selected_releases(store, f)
        acts = {k: v for k, v in acts.items() if k in keep}
    return acts


def organization_attributes(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Label, acronym, type code and country of every described organization.

    Read from ``network-organization-rows`` (one row per statement; where an organization has
    several values, the smallest is kept, as ``network-organizations`` does).
    """
    found: dict[str, dict[str, Any]] = {}
    for row in run_query(store, "network-organization-rows").records():
        a = found.setdefault(row["org"], {})
        for key in ("label", "acronym", "type", "country"):
            value = row[key]
            if value is not None and (a.get(key) is None or str(value) < str(a[key])):
                a[key] = value
    out = {}
    for org, a in found.items():
        type_iri = a.get("type")
        code = type_iri.split("/vocab/orgtype-", 1)[-1].replace("-", "_") if type_iri else None
        out[org] = {
            "label": a.get("label") or short_key(org),
            "acronym": a.get("acronym"),
            "type": code or "other",
            "country": (a.get("country") or "").rsplit("/", 1)[-1] or None,
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
    Evidence of an edge prefers sentences about both organizations (``joint``): the evidence
    of an assertion both are parties of, or of an act in an event or programme they share when
    the sentence names both (label or acronym); it falls back to each one's own sentence.
    """
    attrs = attrs or {}
    patterns: dict[str, re.Pattern | None] = {}

    def pattern(org: str) -> re.Pattern | None:
        if org not in patterns:
            a = attrs.get(org, {})
            patterns[org] = name_pattern((a.get("label"), a.get("acronym")))
        return patterns[org]

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
            pa, pb = pattern(a), pattern(b)

            def names_both(text: str, pa=pa, pb=pb) -> bool:
                return bool(pa and pb and pa.search(text) and pb.search(text))

            joint = _joint_evidence(acts_a, acts_b, names_both)
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


def name_pattern(names: Iterable[str | None]) -> re.Pattern | None:
    """One regex for an organization's names, at word boundaries; short all-capital names
    (acronyms) match by case, the others ignoring it."""
    names = {n for n in names if n}
    exact = sorted({n for n in names if len(n) <= 6 and n.isupper()}, key=len, reverse=True)
    folded = sorted(names - set(exact), key=len, reverse=True)
    parts = [re.escape(n) for n in exact] + [f"(?i:{re.escape(n)})" for n in folded]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _joint_evidence(
    acts_a: list[dict], acts_b: list[dict], names_both: Any = None
) -> list[dict[str, Any]]:
    """Sentences about both organizations: the evidence of an assertion they are both parties
    of, or of an act in an event or programme they share when the sentence names both."""
    same = {x["assertion"] for x in acts_a} & {x["assertion"] for x in acts_b}
    shared_ctx = {x["context"] for x in acts_a if x.get("context")} & {
        x["context"] for x in acts_b if x.get("context")
    }
    out, seen = [], set()
    for act in sorted(acts_a + acts_b, key=lambda x: (-x["confidence"], x["assertion"])):
        key = act.get("sentence")
        if not key or key in seen:
            continue
        if act["assertion"] in same or (
            act.get("context") in shared_ctx
            and act["kind"] != "funding"
            and names_both is not None
            and names_both(key)
        ):
            seen.add(key)
            out.append(act)
    return out


def co_involvement_from_releases(
    releases: dict[str, dict[str, Any]],
    acting: dict[str, set[str]],
    attrs: dict[str, dict[str, Any]] | None = None,
    allowed: set[str] | None = None,
) -> nx.Graph:
    """The lean co-involvement network: the same nodes, ties and weights as the detailed one.

    ``releases`` (IRI -> ``release_id``, ``date``; its order is kept in each tie's list) are the
    selected releases, ``acting`` who acts in each, ``allowed`` the selected organizations.
    Ties keep ``weight``, ``releases``, ``years``, ``first_year``/``last_year``; nodes their
    attributes, ``releases`` (count) and ``years``. No roles and no evidence: see
    :func:`~pressgraph.analytics.paths.k_shortest_paths` for evidence read per hop.
    """
    attrs = attrs or {}
    ties: dict[tuple[str, str], list] = {}
    node_releases: dict[str, int] = defaultdict(int)
    node_years: dict[str, set[int]] = defaultdict(set)
    for iri, info in releases.items():
        orgs = acting.get(iri)
        if not orgs:
            continue
        if allowed is not None:
            orgs = orgs & allowed
        rid, year = info["release_id"], _year(info.get("date"))
        ordered = sorted(orgs)
        for org in ordered:
            node_releases[org] += 1
            if year:
                node_years[org].add(year)
        for pair in combinations(ordered, 2):
            tie = ties.get(pair)
            if tie is None:
                tie = ties[pair] = [0, [], set()]
            tie[0] += 1
            tie[1].append(rid)
            if year:
                tie[2].add(year)
    G = nx.Graph(network="co-involvement", detail=False)
    for org in sorted(node_releases):
        a = attrs.get(org, {})
        years = sorted(node_years[org])
        G.add_node(
            org,
            label=a.get("label") or short_key(org),
            acronym=a.get("acronym"),
            type=a.get("type") or "other",
            country=a.get("country"),
            kind="organization",
            releases=node_releases[org],
            years=years,
            first_year=years[0] if years else None,
            last_year=years[-1] if years else None,
        )
    G.add_edges_from(
        (
            a,
            b,
            {
                "weight": w,
                "releases": rels,
                "years": sorted(ys),
                "first_year": min(ys) if ys else None,
                "last_year": max(ys) if ys else None,
            },
        )
        for (a, b), (w, rels, ys) in ties.items()
    )
    return G


def co_involvement(
    store: GraphStore, filters: Filters | None = None, *, detail: bool = True
) -> nx.Graph:
    """The co-involvement network of the store.

    ``detail=True`` (see :func:`co_involvement_from_rows`) keeps roles and evidence on every
    tie; ``detail=False`` (see :func:`co_involvement_from_releases`) reads only who acts where,
    for analytics on large stores.
    """
    f = filters or Filters()
    attrs = organization_attributes(store)
    if detail:
        return co_involvement_from_rows(involvement_rows(store, f, attrs), attrs)
    acts = filtered_release_organizations(store, f)
    return co_involvement_from_releases(
        acts,
        {k: v["orgs"] for k, v in acts.items()},
        attrs,
        organizations_of_type(attrs, f.org_type),
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
        store, "network-funding", f.params(("since", "until", "min_confidence"))
    ).records()
    if f.country is not None or f.sdg is not None:
        keep = selected_releases(store, f)
        rows = [r for r in rows if r["release"] in keep]
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


def network(
    store: GraphStore,
    name: str = "co-involvement",
    filters: Filters | None = None,
    *,
    detail: bool = True,
):
    """Any projection by name (one of :data:`NETWORKS`); ``detail`` as in :func:`co_involvement`."""
    if name == "co-involvement":
        return co_involvement(store, filters, detail=detail)
    if name == "funding":
        return funding_network(store, filters)
    if name == "person-org":
        return person_org_network(store, filters)
    if name in ("org-release", "org-programme"):
        attrs = organization_attributes(store)
        rows = involvement_rows(store, filters, attrs)
        return bipartite_from_rows(rows, attrs, name.split("-", 1)[1])
    raise ValueError(f"unknown network {name!r}; choose one of {', '.join(NETWORKS)}")
