"""A store for the plan tests: the invented fixture records, 150 invented synth releases
(``pressgraph synth``, extracted for real), and the reference graphs.

Every plan test compares a plan's rows with its query's SPARQL on this store
(:func:`same_rows`), so the plans are checked against the library's own definitions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYNTH = 150


def corpus_records() -> list[dict]:
    from pressgraph.build import extract_text
    from pressgraph.records import read_record
    from pressgraph.synth import iter_releases

    records = [read_record(p) for p in sorted((ROOT / "tests/fixtures/records").glob("*.yaml"))]
    for stem, text in iter_releases(SYNTH, seed=11):
        records.append(extract_text(text, release_id=stem, path=f"{stem}.txt"))
    return records


@pytest.fixture(scope="session")
def records() -> list[dict]:
    return corpus_records()


@pytest.fixture(scope="session")
def store(records):
    from pressgraph.reference import load_reference
    from pressgraph.store import GraphStore

    s = GraphStore.in_memory()
    with s.batch():
        for r in records:
            s.put_release(r)
    load_reference(s)
    assert s.derived().facts_ready
    return s


def _norm(x, lists: tuple[int, ...], i: int):
    """A GROUP_CONCAT's order is unspecified: its items sorted."""
    if i in lists and isinstance(x, str):
        return " ".join(sorted(x.split(" ")))
    return x


def same_rows(store, name: str, params: dict | None = None, *, lists=(), ordered=True) -> int:
    """Assert that the plan of ``name`` answers and gives the SPARQL's rows; returns the
    row count. ``lists``: columns holding a GROUP_CONCAT. ``ordered=False`` compares the
    rows as a multiset (for queries whose ORDER BY leaves ties)."""
    from pressgraph.plans import PLANS
    from pressgraph.queries import bindings, get_query, run_query

    query = get_query(name)
    planned = PLANS[name](store, query, bindings(store, query, params or {}))
    assert planned is not None, f"the plan of {name} did not answer {params}"
    sparql = run_query(store, name, params or {}, derived=False)
    assert planned.columns == sparql.columns
    idx = tuple(sparql.columns.index(c) for c in lists)
    mine = [tuple(_norm(x, idx, i) for i, x in enumerate(r)) for r in planned.rows]
    theirs = [tuple(_norm(x, idx, i) for i, x in enumerate(r)) for r in sparql.rows]
    if not ordered:
        mine, theirs = sorted(mine, key=repr), sorted(theirs, key=repr)
    assert mine == theirs, f"{name} {params}: plan and SPARQL differ"
    return len(theirs)
