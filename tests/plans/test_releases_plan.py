"""The ``releases`` plan gives the SPARQL's rows."""

from __future__ import annotations

import pytest

from .conftest import same_rows


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"since": "2018-01-01"},
        {"until": "2016-12-31"},
        {"since": "2017-01-01", "until": "2021-01-01"},
        {"kind": "press release"},
        {"since": "2030-01-01"},
    ],
)
def test_releases_plan_matches_sparql(store, params):
    same_rows(store, "releases", params)


def test_releases_plan_is_used_and_sees_a_replaced_release(store, records):
    import copy

    from pressgraph.queries import run_query

    record = copy.deepcopy(records[0])
    record["title"] = "A title written for this test"
    store.put_release(record)
    try:
        titles = [r["title"] for r in run_query(store, "releases")]
        assert "A title written for this test" in titles
        same_rows(store, "releases")
    finally:
        store.put_release(records[0])


def test_refresh_facts_refills_the_tables_the_build_wrote(store):
    db = store.derived().db
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'f\\_%' ESCAPE '\\' AND type = 'table'"
        )
    ]

    def contents():
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}

    before = contents()
    assert store.refresh_facts() == len(store.release_ids())
    assert store.derived().facts_ready
    assert contents() == before


def test_refresh_facts_on_disk_reads_the_dump_graph_by_graph(tmp_path):
    from pressgraph.build import build
    from pressgraph.store import GraphStore

    from .conftest import ROOT

    store = tmp_path / "store"
    build([ROOT / "tests/fixtures/records"], store=store)
    with GraphStore.open(store) as gs:
        db = gs.derived().db
        before = sorted(db.execute("SELECT * FROM f_label").fetchall(), key=repr)
        releases = sorted(db.execute("SELECT * FROM f_release").fetchall())
        assert gs.refresh_facts() == len(gs.release_ids()) == len(releases)
        assert sorted(db.execute("SELECT * FROM f_label").fetchall(), key=repr) == before
        assert sorted(db.execute("SELECT * FROM f_release").fetchall()) == releases


def test_a_first_build_indexes_the_fact_tables_at_the_end(tmp_path):
    from pressgraph.build import build
    from pressgraph.store import GraphStore

    from .conftest import ROOT

    store = tmp_path / "store"
    build([ROOT / "tests/fixtures/records"], store=store)
    with GraphStore.open(store) as gs:
        db = gs.derived().db
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "f_release__source" in indexes and "f_mention__entity" in indexes
        assert gs.derived().drop_fact_indexes() is False  # it holds releases now
    build([ROOT / "tests/fixtures/records"], store=store, force=True)  # not a first build
    with GraphStore.open(store) as gs:
        names = {r[0] for r in gs.derived().db.execute("SELECT name FROM sqlite_master")}
        assert indexes <= names
