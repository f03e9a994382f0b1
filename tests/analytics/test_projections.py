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


# ----------------------------------------------------------------- filters by pre-selection


def _org_types(records) -> dict[str, str]:
    return {ORG + o["id"]: o["type"] for r in records for o in r["organizations"]}


def _expected_filtered(records, keep_release, keep_org) -> dict:
    """Ties of the records a filter keeps, among the organizations it keeps (from the YAML)."""
    out: dict = {}
    for r in records:
        if not keep_release(r):
            continue
        orgs = sorted(o for o in acting(r) if keep_org(o))
        for i, a in enumerate(orgs):
            for b in orgs[i + 1 :]:
                out[(a, b)] = out.get((a, b), 0) + 1
    return out


FILTER_CASES = [
    ("sdg 6", Filters(sdg="6"), lambda r: any(s["goal"] == 6 for s in r["sdgs"]), None),
    ("sdg 13", Filters(sdg="SDG 13"), lambda r: any(s["goal"] == 13 for s in r["sdgs"]), None),
    (
        "governments in Kyrgyzstan",
        Filters(org_type="government", country="KGZ"),
        lambda r: r["countries"][0]["iso3"] == "KGZ",
        "government",
    ),
    (
        "ngos in Kenya",
        Filters(org_type="ngo", country="Kenya"),
        lambda r: r["countries"][0]["iso3"] == "KEN",
        "ngo",
    ),
    (
        "governments, goal 6, since 2018",
        Filters(org_type="government", sdg="6", since="2018-01-01"),
        lambda r: r["date"] >= "2018" and any(s["goal"] == 6 for s in r["sdgs"]),
        "government",
    ),
    (
        "governments in Uganda until 2020",
        Filters(org_type="government", country="Uganda", until="2020-12-31"),
        lambda r: r["countries"][0]["iso3"] == "UGA" and r["date"] <= "2020-12-31",
        "government",
    ),
]


def test_filters_select_releases_and_organizations_first(store, records):
    types = _org_types(records)
    for name, filters, keep_release, org_type in FILTER_CASES:
        expected = _expected_filtered(
            records, keep_release, lambda o, t=org_type: t is None or types.get(o) == t
        )
        assert expected, name  # every case keeps some ties: the test means something
        for detail in (True, False):
            G = co_involvement(store, filters, detail=detail)
            assert _edges(G) == expected, (name, detail)


def test_lean_network_equals_the_detailed_one(store, G):
    lean = co_involvement(store, detail=False)
    assert set(lean) == set(G)
    for a, b, d in G.edges(data=True):
        e = lean.edges[a, b]
        assert (e["weight"], e["releases"], e["years"]) == (d["weight"], d["releases"], d["years"])
        assert (e["first_year"], e["last_year"]) == (d["first_year"], d["last_year"])
    for n, d in G.nodes(data=True):
        keys = ("label", "acronym", "type", "country", "releases", "years")
        assert {k: lean.nodes[n][k] for k in keys} == {k: d[k] for k in keys}
    confident = co_involvement(store, Filters(min_confidence=0.8), detail=False)
    assert _edges(confident) == _edges(co_involvement(store, Filters(min_confidence=0.8)))


def test_sdg_filter_counts_targets_of_the_goal(records):
    """A release aligned only with a target (4.1) is kept by the goal (4), not by another."""
    import copy

    from pressgraph.store import GraphStore

    rec = copy.deepcopy(next(r for r in records if r["id"].startswith("2019-09-17-hda")))
    rec["sdgs"] = [{**rec["sdgs"][0], "id": "target-4-1", "goal": 4, "target": "4.1"}]
    s = GraphStore.in_memory()
    s.put_release(rec)
    assert _edges(co_involvement(s, Filters(sdg="4"))) == dict(expected_edges([rec]))
    assert _edges(co_involvement(s, Filters(sdg="4"), detail=False)) == dict(expected_edges([rec]))
    assert co_involvement(s, Filters(sdg="14")).number_of_nodes() == 0


def test_funding_filters_by_goal_and_country(store, records):
    def fundings(keep):
        return {(ORG + f["funder"], r["id"]) for r in records if keep(r) for f in r["fundings"]}

    for filters, keep in [
        (Filters(sdg="6"), lambda r: any(s["goal"] == 6 for s in r["sdgs"])),
        (Filters(country="KEN"), lambda r: r["countries"][0]["iso3"] == "KEN"),
    ]:
        F = funding_network(store, filters)
        got = {
            (a, rel) for a, _, d in F.edges(data=True) if a.startswith(ORG) for rel in d["releases"]
        }
        assert {x for x in fundings(keep)} <= got
        assert {rel for _, rel in got} <= {r["id"] for r in records if keep(r)}
