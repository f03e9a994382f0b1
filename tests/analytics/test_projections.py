"""Projections against facts read straight from the YAML records."""

from __future__ import annotations

from analytics_corpus import ORG, acting, expected_edges

from pressgraph.analytics import (
    Filters,
    co_involvement,
    funding_network,
    network,
    person_org_network,
)


def test_corpus_is_invented_and_sizable(records):
    assert len(records) == 42
    years = {r["date"][:4] for r in records}
    assert years == {str(y) for y in range(2015, 2025)}
    assert {c["iso3"] for r in records for c in r["countries"]} == {"KGZ", "TJK", "KEN", "UGA"}


def _edges(G):
    return {tuple(sorted((a, b))): d["weight"] for a, b, d in G.edges(data=True)}


def test_co_involvement_edges_and_weights_match_the_records(G, records):
    assert _edges(G) == dict(expected_edges(records))
    assert G.number_of_nodes() == 20
    assert G.number_of_edges() == 88


def test_edges_keep_releases_years_roles_and_evidence(G):
    d = G.edges[ORG + "hda", ORG + "unicef"]  # only the 2019 bridge release links them
    assert d["weight"] == 1
    assert d["releases"] == ["2019-09-17-hda-unicef-kenya-clean-water"]
    assert d["years"] == [2019]
    assert d["roles"] == ["funder", "owner", "partner", "recipient", "un-entity-involved"]
    assert d["evidence"][0]["joint"] is True
    assert d["evidence"][0]["sentence"] == (
        "The Helvetic Development Agency supports the United Nations Children's Fund "
        "with 1,500,000 US dollars."
    )
    n = G.nodes[ORG + "aih"]
    assert (n["label"], n["type"], n["country"]) == (
        "Alatau Institute of Hydrology",
        "academic",
        "KGZ",
    )


def test_filters_time_window_country_confidence_type_and_sdg(store, records):
    G = co_involvement(store, Filters(since="2020-01-01", until="2021-12-31"))
    in_window = [r for r in records if "2020" <= r["date"][:4] <= "2021"]
    assert _edges(G) == dict(expected_edges(in_window))
    assert all(set(d["years"]) <= {2020, 2021} for *_, d in G.edges(data=True))

    G = co_involvement(store, Filters(country="Kenya"))
    ken = [r for r in records if r["countries"][0]["iso3"] == "KEN"]
    assert _edges(G) == dict(expected_edges(ken))

    G = co_involvement(store, Filters(min_confidence=0.8))
    assert _edges(G) == dict(expected_edges(records, 0.8))
    assert G.number_of_edges() < 88

    G = co_involvement(store, Filters(org_type="ngo"))
    assert set(G) == {ORG + "mrf", ORG + "cwa", ORG + "rrn"}

    G = co_involvement(store, Filters(sdg="6"))
    water = [r for r in records if r["sdgs"][0]["goal"] == 6]
    assert _edges(G) == dict(expected_edges(water))


def test_funding_network_chains_and_amounts(store, records):
    F = funding_network(store)
    assert F.is_directed()
    hda_usd = sum(
        f["amount"]["value"]
        for r in records
        for f in r["fundings"]
        if f["funder"] == "hda" and f["amount"]
    )
    out = sum(d["amounts"].get("USD", 0) for _, _, d in F.out_edges(ORG + "hda", data=True))
    assert out == hda_usd
    # The bridge with a channel: BAA -> UNDP (channel) -> programme -> MRF -> Kyrgyzstan.
    prog = "https://w3id.org/pressgraph/id/initiative/glacier-monitoring-kgz"
    country = "https://w3id.org/pressgraph/id/country/KGZ"
    for a, b in [(ORG + "baa", ORG + "undp"), (ORG + "undp", prog), (prog, ORG + "mrf")]:
        assert F.has_edge(a, b)
    assert F.has_edge(ORG + "mrf", country)
    assert F.edges[ORG + "baa", ORG + "undp"]["amounts"] == {"USD": 2_000_000.0}


def test_person_org_and_bipartite_networks(store, records):
    P = person_org_network(store)
    expected = {
        (f"https://w3id.org/pressgraph/id/person/{p['id']}", ORG + p["organization"])
        for r in records
        for p in r["people"]
    }
    assert {(a, b) if "/person/" in a else (b, a) for a, b in P.edges} == expected
    B = network(store, "org-release")
    rel = "https://w3id.org/pressgraph/id/release/2019-09-17-hda-unicef-kenya-clean-water"
    assert set(B.neighbors(rel)) == acting(
        next(r for r in records if r["id"] == "2019-09-17-hda-unicef-kenya-clean-water")
    )
    OP = network(store, "org-programme")
    assert {d["bipartite"] for _, d in OP.nodes(data=True)} == {0, 1}
