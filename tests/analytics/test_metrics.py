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
    communities,
    ego,
    involvement_rows,
    k_shortest_paths,
    modularity,
    networks_by_period,
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


def test_path_hops_carry_release_date_and_evidence(G):
    paths = k_shortest_paths(G, "AIH", "Riverbank Relief Network", k=3)
    assert len(paths) == 3
    first = paths[0]
    assert [n.rsplit("/", 1)[-1] for n in first.nodes] == ["aih", "baa", "rrn"]
    hop = first.hops[0]
    assert hop.release == "2022-05-24-baa-undp-kyrgyzstan-glacier-monitoring"
    assert hop.date == "2022-05-24"
    assert "Alatau Institute of Hydrology" in hop.sentence
    assert all(p.length >= first.length for p in paths)
    assert "2022-05-24" in first.render()


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


def test_write_back_scores_are_queryable(store, table):
    n = write_scores(store, table)
    assert n > 0
    res = run_query(store, "network-scores", {"metric": "pagerank"}).records()
    assert len(res) == 20
    assert res[0]["node"] == table.iloc[0]["node"]
    assert res[0]["value"] == pytest.approx(table.iloc[0]["pagerank"])
    assert not math.isnan(res[-1]["value"])
