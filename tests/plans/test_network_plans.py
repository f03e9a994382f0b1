"""The plans of the network queries and ``release-sentences`` give the SPARQL's rows."""

from __future__ import annotations

import copy

import pyoxigraph as ox
import pytest

from pressgraph import vocab as v

from .conftest import same_rows

WINDOW = {"since": "2018-01-01", "until": "2020-12-31"}

RELEASE_FILTERS = [
    {},
    {"since": "2019-01-01"},
    {"until": "2017-06-30"},
    WINDOW,
    {"country": "Kenya"},
    {"country": "Iceland"},
    {"since": "2030-01-01"},
    {"min_confidence": "0.85"},
    {"min_confidence": "1.5"},
    # the SPARQL tests the goal per row: slow, so on one year only
    {"since": "2019-01-01", "until": "2019-12-31", "sdg": "16"},
    {"since": "2019-01-01", "until": "2019-12-31", "sdg": "6.1", "min_confidence": "0.8"},
]


@pytest.mark.parametrize(
    "params",
    RELEASE_FILTERS[:-1]  # the goal's target form is tested on fundings (the SPARQL is slow)
    + [
        {"org_type": "ngo"},
        {"org_type": "un"},
        {"org_type": "donor_agency", "country": "Kenya"},
        {"org_type": "no_such_type"},
    ],
)
def test_involvements(store, params):
    n = same_rows(store, "network-involvements", params)
    if params in ({}, RELEASE_FILTERS[-2], {"org_type": "ngo"}):
        assert n > 0


@pytest.mark.parametrize("params", RELEASE_FILTERS)
def test_funding(store, params):
    same_rows(store, "network-funding", params)


@pytest.mark.parametrize(
    "params",
    [{}, {"since": "2019-01-01"}, WINDOW, {"min_confidence": "0.9"}, {"until": "1999-01-01"}],
)
def test_memberships(store, params):
    same_rows(store, "network-memberships", params)


@pytest.mark.parametrize("params", [{}, {"min_confidence": "0.85"}, {"min_confidence": "2"}])
def test_release_organizations(store, params):
    same_rows(store, "network-release-organizations", params, lists=("organizations",))


@pytest.mark.parametrize(
    "params",
    [{}, {"since": "2019-01-01"}, WINDOW, {"country": "Kenya"}, {"country": "Iceland"}],
)
def test_releases(store, params):
    same_rows(store, "network-releases", params)


@pytest.mark.parametrize("params", [{}, {"sdg": "6"}, {"sdg": "13"}, {"sdg": "6.1"}, {"sdg": "17"}])
def test_goal_releases(store, params):
    same_rows(store, "network-goal-releases", params)


def test_organizations(store):
    assert same_rows(store, "network-organizations") > 100
    assert same_rows(store, "network-organization-rows", ordered=False) > 100


def test_the_filters_select_rows(store):
    """The parameter sets above are not all empty: the comparisons test something."""
    assert same_rows(store, "network-funding", WINDOW) > 0
    assert same_rows(store, "network-memberships") > 0
    assert same_rows(store, "network-goal-releases", {"sdg": "6"}) > 0


def _score_triples(network: str, scores: dict[str, float]) -> list[ox.Triple]:
    n = ox.NamedNode
    out = []
    for node, value in scores.items():
        s = n(f"{v.ID}score/{network}/pagerank/{node.rsplit('/', 1)[-1]}")
        dbl = n(v.XSD + "double")
        out += [
            ox.Triple(s, n(v.RDF + "type"), n(v.SCHEMA + "PropertyValue")),
            ox.Triple(s, n(v.SCHEMA + "about"), n(node)),
            ox.Triple(s, n(v.SCHEMA + "propertyID"), ox.Literal("pagerank")),
            ox.Triple(s, n(v.SCHEMA + "measurementTechnique"), ox.Literal(network)),
            ox.Triple(s, n(v.SCHEMA + "value"), ox.Literal(repr(value), datatype=dbl)),
        ]
    return out


def test_scores(store):
    params = [{}, {"metric": "pagerank"}, {"network": "funding"}, {"metric": "degree"}]
    for p in params:
        assert same_rows(store, "network-scores", p) == 0
    graph = f"{v.GRAPH}analytics/test-network"
    orgs = [v.ID + "org/undp", v.ID + "org/unicef", v.ID + "org/not-described", v.ID + "org/wfp"]
    store.put_graph(graph, _score_triples("test-network", dict(zip(orgs, [0.5, 0.25, 0.25, 1.0]))))
    try:
        for p in [*params, {"network": "test-network", "metric": "pagerank"}]:
            same_rows(store, "network-scores", p)
        assert same_rows(store, "network-scores") == 4
        assert store.refresh_facts() > 0  # the scores graph's facts are read again
        assert same_rows(store, "network-scores", {"metric": "pagerank"}) == 4
    finally:
        store.put_graph(graph, [])
    assert same_rows(store, "network-scores") == 0


def test_release_sentences(store, records):
    for record in (records[0], records[-1], records[len(records) // 2]):
        assert same_rows(store, "release-sentences", {"release": record["id"]}) > 0
    assert same_rows(store, "release-sentences", {"release": "no-such-release"}) == 0
    assert same_rows(store, "release-sentences") > 1000  # every release's, sorted together


def test_a_replaced_and_a_removed_release_change_the_rows(store, records):
    from pressgraph.queries import run_query

    target = next(r for r in records[::-1] if r.get("fundings") or r.get("partnerships"))
    rid = target["id"]

    def of_release(name, params=None):
        rows = run_query(store, name, params or {}).records()
        return [r for r in rows if r.get("release_id") == rid]

    assert of_release("network-involvements")
    store.remove_release(rid)
    try:
        assert not of_release("network-involvements")
        assert not of_release("network-release-organizations")
        for name in ("network-involvements", "network-funding", "network-memberships"):
            same_rows(store, name)
        same_rows(store, "network-release-organizations", lists=("organizations",))
        same_rows(store, "network-organization-rows", ordered=False)
        same_rows(store, "network-organizations")
        changed = copy.deepcopy(target)
        changed["date"] = "2031-05-05"
        store.put_release(changed)
        assert {r["date"] for r in of_release("network-involvements")} == {"2031-05-05"}
        same_rows(store, "network-involvements", {"since": "2031-01-01"})
        same_rows(store, "network-releases", {"since": "2031-01-01"})
    finally:
        store.put_release(target)
    same_rows(store, "network-involvements")


def test_partial_and_missing_dates(store, records):
    """A release dated by its year or month, or not dated: sorted with the full dates as
    the query sorts them, and left out of a bounded window (it does not compare)."""
    source = next(r for r in records if r.get("fundings") and r.get("partnerships"))
    copies = []
    for suffix, date in (("year", "2019"), ("month", "2019-05"), ("undated", None)):
        record = copy.deepcopy(source)
        record["id"] = f"{source['id']}-{suffix}-copy"
        record["date"] = date
        copies.append(record)
        store.put_release(record)
    try:
        for params in ({}, {"since": "2019-01-01"}, {"until": "2019-12-31"}):
            same_rows(store, "network-involvements", params)
            same_rows(store, "network-funding", params)
            same_rows(store, "network-memberships", params)
            same_rows(store, "network-releases", params)
        same_rows(store, "network-release-organizations", lists=("organizations",))
        same_rows(
            store,
            "network-release-organizations",
            {"min_confidence": "0.85"},
            lists=("organizations",),
        )
    finally:
        for record in copies:
            store.remove_release(record["id"])
