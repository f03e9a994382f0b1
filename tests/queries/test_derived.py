"""Derived data (text index, co-mention counts, shared-statement counts) gives the rows the
SPARQL gives, and stays right when releases are replaced or dropped.

Built from the invented fixture records (``tests/fixtures/records``)."""

from __future__ import annotations

import copy

import pytest

from pressgraph.errors import QueryParameterError
from pressgraph.queries import run_query
from pressgraph.store import GraphStore

from .test_library import _fixture_records

SEARCHES = ["norway", "Climate education", "UNDP", "mangrove", "zz", "no such words anywhere"]


def _both(store: GraphStore, name: str, params: dict) -> tuple:
    fast = run_query(store, name, params)
    slow = run_query(store, name, params, derived=False)
    return fast, slow


def _items(x: str) -> str:
    sep = "; " if "; " in x else " "  # events joins names with "; ", others ids with " "
    return sep.join(sorted(x.split(sep)))


def _norm(row: tuple) -> str:
    """GROUP_CONCAT's order is unspecified: its items sorted."""
    return repr(tuple(_items(x) if isinstance(x, str) else x for x in row))


def _sorted_item(row: tuple, i: int) -> tuple:
    return (*row[:i], " ".join(sorted(row[i].split(" "))), *row[i + 1 :])


def _check(store: GraphStore) -> None:
    for rid in store.release_ids():  # queries about one release read only its graphs
        for name in ("sdg-alignments", "footer-text-disagreements"):
            fast, slow = _both(store, name, {"release": rid})
            assert (fast.columns, fast.rows) == (slow.columns, slow.rows), (name, rid)
    for text in SEARCHES:
        fast, slow = _both(store, "search-evidence", {"text": text})
        assert fast.columns == slow.columns
        supports = fast.columns.index("supports")  # a GROUP_CONCAT: its order is unspecified
        assert [_sorted_item(r, supports) for r in fast.rows] == [
            _sorted_item(r, supports) for r in slow.rows
        ], text
    for country in ("Kenya", "Kyrgyzstan", "Tajikistan", "Norway"):
        for name in ("sdg-coverage-by-country", "events", "un-entities-by-country"):
            fast, slow = _both(store, name, {"country": country})
            assert fast.columns == slow.columns
            assert sorted(map(_norm, fast.rows)) == sorted(map(_norm, slow.rows)), country
    for params in (
        {"country": "Kenya"},
        {"country": "TJK"},
        {"funder": "USAID"},
        {"funder": "Norway", "country": "KGZ"},
        {"funder": "UNDP"},
    ):
        try:
            fast, slow = _both(store, "donors", params)
        except QueryParameterError:
            continue  # a name this corpus does not hold
        assert fast.columns == slow.columns
        assert sorted(map(_norm, fast.rows)) == sorted(map(_norm, slow.rows)), params
    for a, b in (("UNDP", None), ("UNDP", "UNICEF"), (None, "IOM"), ("Norway", "UNDP")):
        params = {k: x for k, x in (("a", a), ("b", b)) if x}
        try:
            fast, slow = _both(store, "evidence-for-edge", params)
        except QueryParameterError:
            continue  # a name this corpus does not hold
        assert fast.columns == slow.columns
        assert sorted(map(repr, fast.rows)) == sorted(map(repr, slow.rows)), params
        assert [tuple(r[i] for i in (9, 2, 0, 1)) for r in fast.rows] == [
            tuple(r[i] for i in (9, 2, 0, 1)) for r in slow.rows
        ]
    for weight in (None, "1", "2", "3"):
        params = {"min_weight": weight} if weight else {}
        fast, slow = _both(store, "co-mentioned-organizations", params)
        assert fast.columns == slow.columns
        assert fast.rows == slow.rows, weight


@pytest.fixture()
def records() -> list[dict]:
    return _fixture_records()


def test_derived_rows_equal_the_sparql_rows(records):
    store = GraphStore.in_memory()
    for r in records:
        store.put_release(r)
    assert len(run_query(store, "co-mentioned-organizations", {"min_weight": "1"})) > 0
    assert len(run_query(store, "search-evidence", {"text": "climate"})) > 0
    assert any(run_query(store, "sdg-alignments", {"release": r["id"]}).rows for r in records)
    _check(store)


def test_derived_rows_follow_replacements_and_removals(records, tmp_path):
    store = GraphStore.open(tmp_path / "s")
    for r in records:
        store.put_release(r)
    changed = copy.deepcopy(records[0])
    changed["organizations"] = changed["organizations"][:1]
    changed["un_entities_involved"] = []
    changed["title"] = "An invented new title about mangrove planting"
    store.put_release(changed)
    _check(store)
    store.remove_release(records[1]["id"])
    _check(store)
    store.close()
    with GraphStore.open(tmp_path / "s") as again:  # the derived data persists
        _check(again)
