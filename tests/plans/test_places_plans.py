"""The plans of the place, programme, event, funding and goal queries give the SPARQL's
rows (``pressgraph.plans.places``), also after a release is replaced or removed."""

from __future__ import annotations

import copy

import pytest

from pressgraph import vocab as v

from .conftest import same_rows

ORG = v.ID + "org/"
COUNTRIES = ["Kenya", "KGZ", "TJK", "MUS", "CRI", "Norway", "ATA"]


def same_events(store, params: dict) -> int:
    """``events``: its lists are joined with "; " in no set order, so they are compared
    as sorted lists of names (``same_rows`` compares lists of words)."""
    from pressgraph.plans import PLANS
    from pressgraph.queries import bindings, get_query, run_query

    query = get_query("events")
    planned = PLANS["events"](store, query, bindings(store, query, params))
    sparql = run_query(store, "events", params, derived=False)
    assert planned.columns == sparql.columns

    def norm(rows):
        return [
            tuple(sorted(x.split("; ")) if i in (6, 7) and x else x for i, x in enumerate(r))
            for r in rows
        ]

    assert norm(planned.rows) == norm(sparql.rows), params
    return len(sparql.rows)


def _cases(params: list[dict]) -> list[dict]:
    return [{}, *params]


@pytest.mark.parametrize(
    "params",
    _cases(
        [{"country": c} for c in COUNTRIES]
        + [{"goal": "13"}, {"goal": "SDG 4"}, {"goal": "13.2"}, {"country": "MUS", "goal": "3"}]
    ),
)
def test_sdg_coverage_by_country(store, params):
    same_rows(store, "sdg-coverage-by-country", params, lists=("release_ids",))


@pytest.mark.parametrize("params", _cases([{"country": c} for c in COUNTRIES]))
def test_un_entities_by_country(store, params):
    same_rows(store, "un-entities-by-country", params, lists=("release_ids",))


@pytest.mark.parametrize("params", _cases([{"country": c} for c in COUNTRIES]))
def test_events(store, params):
    same_events(store, params)


@pytest.mark.parametrize("params", _cases([{"country": c} for c in COUNTRIES]))
def test_programmes_by_country(store, params):
    same_rows(store, "programmes-by-country", params)


@pytest.mark.parametrize(
    "params",
    _cases(
        [{"country": c} for c in COUNTRIES]
        + [
            {"funder": ORG + "icglr"},
            {"funder": ORG + "gpe", "country": "MUS"},
            {"funder": ORG + "icglr", "country": "Norway"},
            {"funder": ORG + "no-such-funder"},
        ]
    ),
)
def test_donors(store, params):
    same_rows(store, "donors", params, ordered=False)
    # ties of the ORDER BY aside, the order is the SPARQL's
    from pressgraph.plans import PLANS
    from pressgraph.queries import bindings, get_query, run_query

    query = get_query("donors")
    planned = PLANS["donors"](store, query, bindings(store, query, params))
    sparql = run_query(store, "donors", params, derived=False)
    keys = (11, 0, 2, 6, 8, 9)  # release funder recipient program country amount
    assert [tuple(r[i] for i in keys) for r in planned.rows] == [
        tuple(r[i] for i in keys) for r in sparql.rows
    ]


@pytest.mark.parametrize(
    "params",
    _cases(
        [
            {"currency": "USD"},
            {"currency": "NOK"},
            {"currency": "XXX"},
            {"funder": ORG + "icglr"},
            {"funder": ORG + "gpe", "currency": "EUR"},
        ]
    ),
)
def test_funding_totals_by_donor(store, params):
    same_rows(store, "funding-totals-by-donor", params)


@pytest.mark.parametrize(
    "params", [{}, {"goal": "13"}, {"goal": "SDG 4"}, {"goal": "16.2"}, {"goal": "17"}]
)
def test_sdg_alignments(store, params):
    same_rows(store, "sdg-alignments", params)


def test_sdg_alignments_of_one_release(store, records):
    for r in records[:40]:
        same_rows(store, "sdg-alignments", {"release": r["id"]})
        same_rows(store, "sdg-alignments", {"release": r["id"], "goal": "13"})
    assert same_rows(store, "sdg-alignments", {"release": "no-such-release"}) == 0


def test_footer_text_disagreements(store, records):
    assert same_rows(store, "footer-text-disagreements") > 0
    for r in records[:40]:
        same_rows(store, "footer-text-disagreements", {"release": r["id"]})
    same_rows(store, "footer-text-disagreements", {"release": "no-such-release"})


def _variant(record: dict, rid: str) -> dict:
    """A copy of a record under another id, whose programme has an owner nobody names,
    whose funding states a fraction and whose event is held elsewhere."""
    out = copy.deepcopy(record)
    out["id"] = rid
    out["source"]["path"] = f"{rid}.txt"
    for p in out["programs"]:
        p["owner"] = "an-owner-without-a-name"
    for f in out["fundings"]:
        if f.get("amount"):
            f["amount"]["value"] = 1234.56
    for e in out["events"]:
        e["country"] = "NOR"
    return out


ALL = [
    ("sdg-coverage-by-country", {"country": "KGZ"}, {"lists": ("release_ids",)}),
    ("un-entities-by-country", {}, {"lists": ("release_ids",)}),
    ("programmes-by-country", {}, {}),
    ("donors", {}, {"ordered": False}),
    ("donors", {"country": "KGZ"}, {"ordered": False}),
    ("funding-totals-by-donor", {}, {}),
    ("footer-text-disagreements", {}, {}),
    ("sdg-alignments", {}, {}),
]


def test_plans_follow_added_replaced_and_removed_releases(store, records):
    from pressgraph.queries import run_query

    base = next(r for r in records if r["programs"] and r["fundings"] and r["events"])
    variant = _variant(base, "an-invented-variant-release")
    store.put_release(variant)
    try:
        for name, params, opts in ALL:
            same_rows(store, name, params, **opts)
        assert same_events(store, {"country": "NOR"}) > 0
        same_events(store, {})
        owners = {
            r["owner_name"]
            for r in run_query(store, "programmes-by-country")
            if r["program"].endswith("/" + variant["programs"][0]["id"])
        }
        assert owners == {None}  # one owner has no name: MIN over it is unbound
        changed = copy.deepcopy(variant)
        changed["countries"] = [dict(c, focus=False) for c in changed["countries"]]
        changed["un_entities_involved"] = []
        changed["sdgs"] = changed["sdgs"][:1]
        store.put_release(changed)
        for name, params, opts in ALL:
            same_rows(store, name, params, **opts)
        assert same_events(store, {"country": "NOR"}) > 0
        same_events(store, {})
    finally:
        store.remove_release(variant["id"])
    for name, params, opts in ALL:
        same_rows(store, name, params, **opts)
    same_events(store, {"country": "NOR"})
