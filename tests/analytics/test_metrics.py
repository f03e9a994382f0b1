"""Metrics against independent computations (plain loops, numpy) on the fixture corpus."""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from analytics_corpus import ORG

from pressgraph.analytics import (
    brokers,
    co_involvement,
    communities,
    ego,
    filtered_release_organizations,
    hop_evidence,
    involvement_rows,
    k_shortest_paths,
    modularity,
    networks_by_period,
    networks_by_period_from_releases,
    organization_attributes,
    partner_changes,
    tie_persistence,
    write_scores,
)
from pressgraph.analytics.metrics import betweenness
from pressgraph.queries import run_query


def row(table, key):
    return table[table["node"] == ORG + key].iloc[0]


def test_degree_and_weighted_degree(G, table):
    for _, r in table.iterrows():
        nbrs = [b for a, b in G.edges if a == r["node"]] + [a for a, b in G.edges if b == r["node"]]
        assert r["degree"] == len(nbrs)
        assert r["weighted_degree"] == sum(G.edges[r["node"], n]["weight"] for n in nbrs)
    assert row(table, "baa")["degree"] == 13


def test_pagerank_matches_a_plain_power_iteration(G, table):
    nodes = list(G)
    idx = {n: i for i, n in enumerate(nodes)}
    W = np.zeros((len(nodes), len(nodes)))
    for a, b, d in G.edges(data=True):
        W[idx[a], idx[b]] = W[idx[b], idx[a]] = d["weight"]
    P = W / W.sum(axis=1, keepdims=True)
    x = np.full(len(nodes), 1 / len(nodes))
    for _ in range(500):
        x = 0.15 / len(nodes) + 0.85 * x @ P
    for n in nodes:
        assert row(table, n.rsplit("/", 1)[-1])["pagerank"] == pytest.approx(x[idx[n]], abs=5e-5)
    assert table["pagerank"].sum() == pytest.approx(1.0)


def test_betweenness_matches_counting_all_shortest_paths(G, table):
    counts = dict.fromkeys(G, 0.0)
    for s, t in combinations(G, 2):
        paths = list(nx.all_shortest_paths(G, s, t))
        for p in paths:
            for v in p[1:-1]:
                counts[v] += 1 / len(paths)
    n = G.number_of_nodes()
    for v, c in counts.items():
        expected = c * 2 / ((n - 1) * (n - 2))
        assert row(table, v.rsplit("/", 1)[-1])["betweenness"] == pytest.approx(expected)
    # The two donors bridge the regions: they are the top brokers.
    assert list(brokers(table, 2)["label"]) == ["Boreal Aid Agency", "Helvetic Development Agency"]


def test_sampled_betweenness_approximates_exact(G):
    exact = betweenness(G)
    sampled = betweenness(G, sample=10, seed=1)
    assert max(sampled, key=sampled.get) == max(exact, key=exact.get) == ORG + "baa"


def test_eigenvector_matches_numpy(G, table):
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    vals, vecs = np.linalg.eigh(A)
    lead = np.abs(vecs[:, np.argmax(vals)])
    for i, n in enumerate(nodes):
        assert row(table, n.rsplit("/", 1)[-1])["eigenvector"] == pytest.approx(lead[i], abs=1e-6)


def test_clustering_core_and_burt_by_hand(G, table):
    v = ORG + "hda"
    nbrs = list(G.neighbors(v))
    links = sum(1 for a, b in combinations(nbrs, 2) if G.has_edge(a, b))
    assert row(table, "hda")["clustering"] == pytest.approx(
        links / (len(nbrs) * (len(nbrs) - 1) / 2)
    )

    def p(i, j):
        wi = sum(G.edges[i, k]["weight"] for k in G.neighbors(i))
        return G.edges[i, j]["weight"] / wi if G.has_edge(i, j) else 0.0

    c = sum((p(v, j) + sum(p(v, q) * p(q, j) for q in nbrs if q != j)) ** 2 for j in nbrs)
    assert row(table, "hda")["constraint"] == pytest.approx(c)
    assert set(table["component"]) == {0}
    core = row(table, "hda")["core"]
    assert all(
        sum(1 for n in G.neighbors(x) if row(table, n.rsplit("/", 1)[-1])["core"] >= core) >= core
        for x in G
        if row(table, x.rsplit("/", 1)[-1])["core"] >= core
    )


CENTRAL_ASIA = {
    "undp",
    "iom",
    "fao",
    "government-kgz",
    "kgz-mes",
    "government-tjk",
    "mrf",
    "aih",
    "cawc",
    "hda",
}


def test_louvain_finds_the_two_regions(G):
    table, membership = communities(G, method="louvain")
    assert list(table["size"]) == [10, 10]
    groups = [{m.rsplit("/", 1)[-1] for m in members} for members in table["members"]]
    assert CENTRAL_ASIA in groups
    assert modularity(G, membership) > 0.1
    lp, _ = communities(G, method="label_propagation")
    assert lp["size"].sum() == 20


def test_ego_ranks_partners_by_shared_releases(G):
    sub, partners = ego(G, "HDA")
    assert sub.number_of_nodes() == 1 + len(partners)
    assert partners.iloc[0]["label"] == "Government of Tajikistan"
    assert (
        partners.iloc[0]["weight"] == G.edges[ORG + "hda", ORG + "government-tjk"]["weight"] == 10
    )
    assert list(partners["weight"]) == sorted(partners["weight"], reverse=True)


def _sentences(record: dict) -> list[str]:
    """Every evidence sentence of a record (dicts with text, offsets and a method)."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            if {"text", "start", "end", "method"} <= set(x):
                out.append(x["text"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(record)
    return out


def _names(record: dict, key: str) -> set[str]:
    for o in record["organizations"]:
        if o["id"] == key:
            return ({o["name"], o.get("acronym")} | {m["text"] for m in o["mentions"]}) - {None}
    return set()


def _names_both(record: dict, a: str, b: str, sentence: str) -> bool:
    ka, kb = a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1]
    return any(n in sentence for n in _names(record, ka)) and any(
        n in sentence for n in _names(record, kb)
    )


def test_path_hops_carry_release_date_and_evidence(store, G):
    paths = k_shortest_paths(G, "AIH", "Riverbank Relief Network", k=3, store=store)
    assert len(paths) == 3
    first = paths[0]
    assert [n.rsplit("/", 1)[-1] for n in first.nodes] == ["aih", "baa", "rrn"]
    assert all(p.length >= first.length for p in paths)
    # AIH and BAA share one release, and none of its sentences names both: said plainly.
    hop = first.hops[0]
    assert hop.release == "2022-05-24-baa-undp-kyrgyzstan-glacier-monitoring"
    assert hop.date == "2022-05-24"
    assert (hop.joint, hop.sentence) == (False, None)
    assert hop.title == "Partners advance glacier monitoring in Kyrgyzstan"
    text = first.render()
    assert "no sentence names both" in text and "Partners advance glacier monitoring" in text
    # BAA and UNICEF: a funding sentence names both.
    third = [h for p in paths for h in p.hops if h.target_label == "United Nations Children's Fund"]
    assert third and third[0].joint
    assert third[0].sentence.startswith("The Boreal Aid Agency supports the United Nations")
    # The same paths from the lean network (what `pressgraph path` builds).
    lean = co_involvement(store, detail=False)
    lean_paths = k_shortest_paths(lean, "AIH", "Riverbank Relief Network", k=3, store=store)
    assert [p.nodes for p in lean_paths] == [p.nodes for p in paths]
    assert [p.hops for p in lean_paths] == [p.hops for p in paths]


def test_every_hop_sentence_names_both_ends_when_one_exists(store, G, records):
    """For every tie: a sentence naming both when a shared release has one, else none."""
    by_id = {r["id"]: r for r in records}
    names: dict = {}
    joint = 0
    for a, b, d in G.edges(data=True):
        h = hop_evidence(G, a, b, store=store, names=names)
        exists = [
            rid
            for rid in d["releases"]
            if any(_names_both(by_id[rid], a, b, s) for s in _sentences(by_id[rid]))
        ]
        assert h.joint == bool(exists), (a, b)
        assert h.release in d["releases"]
        if h.joint:
            joint += 1
            assert _names_both(by_id[h.release], a, b, h.sentence), (a, b, h.sentence)
            assert h.sentence in _sentences(by_id[h.release])
        else:
            assert h.sentence is None and h.title == by_id[h.release]["title"]
            assert h.release == d["releases"][-1]  # the latest shared release
    assert 0 < joint < G.number_of_edges()  # both cases occur in the corpus


def test_hop_evidence_without_a_store_uses_the_tie_sentences(G):
    for a, b, d in G.edges(data=True):
        h = hop_evidence(G, a, b)
        if h.joint:
            labels = [(G.nodes[x]["label"], G.nodes[x]["acronym"]) for x in (a, b)]
            assert all(any(n and n in h.sentence for n in pair) for pair in labels)
            assert h.sentence in [e["sentence"] for e in d["evidence"]]
        else:
            assert "no sentence names both" in h.evidence_text()


def test_change_over_time(store, G):
    rows = involvement_rows(store)
    graphs = networks_by_period(rows, organization_attributes(store))
    assert list(graphs) == list(range(2015, 2025))
    ties = {y: {frozenset(e) for e in g.edges} for y, g in graphs.items()}
    pt = tie_persistence(graphs)
    r = pt[pt["period"] == 2020].iloc[0]
    assert r["kept"] == len(ties[2020] & ties[2019])
    assert r["persistence"] == pytest.approx(len(ties[2020] & ties[2019]) / len(ties[2019]))
    pc = partner_changes(graphs)
    hda = pc[(pc["period"] == 2019) & (pc["node"] == ORG + "hda")].iloc[0]
    now, before = set(graphs[2019].neighbors(ORG + "hda")), set(graphs[2018].neighbors(ORG + "hda"))
    assert (hda["new"], hda["lost"]) == (len(now - before), len(before - now))
    assert ORG + "unicef" in now - before  # the bridge release
    # The lean form (what `analyze --what time` uses) gives the same networks per period.
    lean = networks_by_period_from_releases(
        filtered_release_organizations(store), organization_attributes(store)
    )
    assert list(lean) == list(graphs)
    for y, g in graphs.items():
        assert {frozenset(e): w for *e, w in lean[y].edges(data="weight")} == {
            frozenset(e): w for *e, w in g.edges(data="weight")
        }
    two = networks_by_period_from_releases(filtered_release_organizations(store), window=2)
    assert list(two) == list(range(2015, 2025, 2))

    def ties(g):
        return {frozenset(e) for e in g.edges}

    assert ties(two[2019]) == ties(lean[2019]) | ties(lean[2020])  # 2019-2020 together


def test_write_back_scores_are_queryable(store, table):
    n = write_scores(store, table)
    assert n > 0
    res = run_query(store, "network-scores", {"metric": "pagerank"}).records()
    assert len(res) == 20
    assert res[0]["node"] == table.iloc[0]["node"]
    assert res[0]["value"] == pytest.approx(table.iloc[0]["pagerank"])
    assert not math.isnan(res[-1]["value"])


def test_joint_tie_evidence_is_about_both_organizations(G, records):
    """A tie's joint sentence states a fact both are parties of, or names both."""
    by_id = {r["id"]: r for r in records}
    seen_joint = seen_named = 0
    for a, b, d in G.edges(data=True):
        ka, kb = a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1]
        for e in d["evidence"]:
            if not e["joint"]:
                continue
            seen_joint += 1
            rec = by_id[e["release"]]
            parties = [
                (set(p["organizations"]), p["evidence"]["text"]) for p in rec["partnerships"]
            ] + [
                ({f["funder"], f["recipient"], f["channel"]}, f["evidence"]["text"])
                for f in rec["fundings"]
            ]
            stated = any({ka, kb} <= orgs and text == e["sentence"] for orgs, text in parties)
            named = _names_both(rec, a, b, e["sentence"])
            seen_named += named
            assert stated or named, (ka, kb, e["sentence"])
    assert seen_joint and seen_named
