"""Decisions are applied on every extract and build: accept, reject, merge."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pressgraph.build import build, extract_file
from pressgraph.decisions import Decision, Decisions, use_decisions
from pressgraph.errors import DecisionsError
from pressgraph.records import read_record
from pressgraph.store import GraphStore
from pressgraph.vocab import org_iri

from .conftest import REVIEW, TAPS, WATER, write

DECISIONS = """\
version: 1
decisions:
  - {name: Nord-Ouest Department, action: accept, type: government, country: HTI}
  - {name: Lakeshore Water Trust, action: reject}
  - {name: HWT, action: merge, into: Artibonite Water Users Association}
"""
WATER_ID = WATER.stem
TAPS_ID = TAPS.stem


def _orgs(record):
    return {o["id"]: o for o in record["organizations"]}


def _in_store(gs: GraphStore, key: str) -> bool:
    return any(True for _ in gs.oxigraph.quads_for_pattern(ox.NamedNode(org_iri(key)), None, None))


def test_accept_reject_and_merge_change_the_next_build(tmp_path):
    records = tmp_path / "records"
    with GraphStore.open(tmp_path / "store") as gs:
        first = build([REVIEW], store=gs, records_dir=records)
        assert first.count("added") == 2
        assert _in_store(gs, "lakeshore-water-trust")
        assert not _in_store(gs, "nord-ouest-department-hti")
        before = read_record(records / f"{WATER_ID}.yaml")
        assert before["fundings"][0]["funder"] == "lakeshore-water-trust"

        path = write(tmp_path / "decisions.yaml", DECISIONS)
        second = build([REVIEW], store=gs, records_dir=records, decisions=path)
        assert second.count("replaced") == 2  # the manifest was void: both extracted again

        water = read_record(records / f"{WATER_ID}.yaml")
        orgs = _orgs(water)
        # accepted: a candidate the pipeline rejected is now an organization, marked curated
        dept = orgs["nord-ouest-department-hti"]
        assert (dept["type"], dept["country"], dept["source"], dept["confidence"]) == (
            "government",
            "HTI",
            "curated",
            1.0,
        )
        assert dept["parent"] == "government-hti"
        assert [m["text"] for m in dept["mentions"]] == ["Nord-Ouest Department"]
        # rejected: gone, with the funding it made
        assert "lakeshore-water-trust" not in orgs
        assert not water["fundings"]
        # merged: the acronym's mentions belong to the association, in both releases
        for rid in (WATER_ID, TAPS_ID):
            assoc = _orgs(read_record(records / f"{rid}.yaml"))[
                "artibonite-water-users-association"
            ]
            assert "HWT" in [m["text"] for m in assoc["mentions"]]
            assert "HWT" in assoc["aliases"]
        decided = {c["name"]: c["decision"] for c in water["extraction"]["candidates"]}
        assert decided["Lakeshore Water Trust"] == "reject"
        assert decided["Nord-Ouest Department"] == "accept"
        assert decided["HWT"] == "merge"

        # and the graph says the same
        assert not _in_store(gs, "lakeshore-water-trust")
        assert _in_store(gs, "nord-ouest-department-hti")
        iri = org_iri("nord-ouest-department-hti")
        rows = list(gs.sparql(f"SELECT ?label WHERE {{ <{iri}> skos:prefLabel ?label }}"))
        assert [r["label"].value for r in rows] == ["Nord-Ouest Department"]


@pytest.mark.parametrize(
    ("into", "key"),
    [
        ("Artibonite Water Users Association", "artibonite-water-users-association"),
        ("United Nations Children's Fund", "unicef"),  # a gazetteer name: its key
        ("unicef", "unicef"),
        ("Lakeshore Water Foundation", "lakeshore-water-foundation"),  # a new canonical name
    ],
)
def test_merge_repoints_mentions_and_fundings(into, key):
    decisions = Decisions([Decision("Lakeshore Water Trust", "merge", into=into)])
    with use_decisions(decisions):
        record = extract_file(WATER)
    orgs = _orgs(record)
    assert "lakeshore-water-trust" not in orgs
    target = orgs[key]
    assert sum(m["text"] == "Lakeshore Water Trust" for m in target["mentions"]) == 2
    assert record["fundings"] and record["fundings"][0]["funder"] == key
    if key == "lakeshore-water-foundation":
        assert (target["name"], target["source"]) == ("Lakeshore Water Foundation", "curated")


def test_accept_of_a_kept_candidate_sets_type_country_and_curated():
    decisions = Decisions(
        [Decision("Lakeshore Water Trust", "accept", type="private", country="HTI")]
    )
    with use_decisions(decisions):
        record = extract_file(WATER)
    orgs = _orgs(record)
    trust = orgs["lakeshore-water-trust-hti"]
    assert (trust["type"], trust["country"], trust["source"]) == ("private", "HTI", "curated")
    assert record["fundings"][0]["funder"] == "lakeshore-water-trust-hti"


def test_a_decision_by_key_applies_to_that_key_only():
    decisions = Decisions([Decision("artibonite-water-users-association", "reject")])
    with use_decisions(decisions):
        assert "artibonite-water-users-association" not in _orgs(extract_file(TAPS))


def test_decisions_survive_rebuilds_and_a_change_reaches_every_release(tmp_path):
    path = write(tmp_path / "decisions.yaml", DECISIONS)
    store = tmp_path / "store"
    build([REVIEW], store=store, decisions=path)
    again = build([REVIEW], store=store, decisions=path)
    assert again.count("unchanged") == 2
    with GraphStore.open(store) as gs:
        assert _in_store(gs, "nord-ouest-department-hti")
        assert not _in_store(gs, "lakeshore-water-trust")
    # drop the reject: the next build extracts again and the trust comes back
    write(path, DECISIONS.replace("  - {name: Lakeshore Water Trust, action: reject}\n", ""))
    third = build([REVIEW], store=store, decisions=path)
    assert third.count("replaced") == 1 and third.count("unchanged") == 1
    with GraphStore.open(store) as gs:
        assert _in_store(gs, "lakeshore-water-trust")
        assert _in_store(gs, "nord-ouest-department-hti")


def test_worker_processes_apply_the_decisions(tmp_path):
    path = write(tmp_path / "decisions.yaml", DECISIONS)
    build([REVIEW], store=tmp_path / "store", decisions=path, jobs=2)
    with GraphStore.open(tmp_path / "store") as gs:
        assert _in_store(gs, "nord-ouest-department-hti")
        assert not _in_store(gs, "lakeshore-water-trust")


def test_a_bad_decisions_file_stops_the_build_before_the_store_is_touched(tmp_path):
    bad = write(tmp_path / "bad.yaml", "decisions:\n  - {name: X Trust, action: maybe}\n")
    with pytest.raises(DecisionsError, match=r"bad\.yaml \[decisions\[0\]\.action\]"):
        build([REVIEW], store=tmp_path / "store", decisions=bad)
    assert not (tmp_path / "store").exists()


def test_the_project_file_and_the_environment_are_the_defaults(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    write(tmp_path / "data" / "decisions.yaml", "decisions:\n  - {name: HWT, action: accept}\n")
    assert "hwt" in _orgs(extract_file(TAPS))  # ./data/decisions.yaml (cwd is tmp_path)
    other = write(
        tmp_path / "other.yaml",
        "decisions:\n  - {name: Artibonite Water Users Association, action: reject}\n",
    )
    monkeypatch.setenv("PRESSGRAPH_DECISIONS", str(other))
    orgs = _orgs(extract_file(TAPS))
    assert "hwt" not in orgs and "artibonite-water-users-association" not in orgs


def test_a_merge_target_missing_from_a_release_gets_its_own_type():
    """HWT into the association, in a release that does not name the association."""
    text = "Press Release\nPumps\n1 June 2024\n\nEngineers from HWT repaired the pumps in Haiti.\n"
    from pressgraph.build import extract_text

    decisions = Decisions([Decision("HWT", "merge", into="Artibonite Water Users Association")])
    with use_decisions(decisions):
        record = extract_text(text, release_id="pumps")
    assoc = _orgs(record)["artibonite-water-users-association"]
    assert (assoc["name"], assoc["type"], assoc["source"]) == (
        "Artibonite Water Users Association",
        "ngo",
        "curated",
    )
    assert [m["text"] for m in assoc["mentions"]] == ["HWT"]


def test_records_built_from_files_get_the_decisions_too(tmp_path):
    """Records written before a decision: `build RECORDS` applies it."""
    records = tmp_path / "records"
    build([REVIEW], store=tmp_path / "s1", records_dir=records)  # no decisions yet
    path = write(tmp_path / "decisions.yaml", DECISIONS)
    with GraphStore.open(tmp_path / "s2") as gs:
        build([records], store=gs, decisions=path)
        assert not _in_store(gs, "lakeshore-water-trust")  # rejected
        assert _in_store(gs, "nord-ouest-department-hti")  # accepted from a rejected candidate
        iri = org_iri("artibonite-water-users-association")
        labels = {
            r["l"].value for r in gs.sparql(f"SELECT ?l WHERE {{ <{iri}> skos:altLabel ?l }}")
        }
        assert "HWT" in labels  # merged
    # the record files themselves are not rewritten
    assert "lakeshore-water-trust" in {
        o["id"] for o in read_record(records / f"{WATER_ID}.yaml")["organizations"]
    }


def test_applying_to_a_record_twice_changes_nothing():
    from pressgraph.extract.curation import apply_to_record

    decisions = Decisions(
        [
            Decision("Lakeshore Water Trust", "merge", into="unicef"),
            Decision("HWT", "accept", type="private"),
        ]
    )
    with use_decisions(decisions):
        extracted = extract_file(WATER)
    assert apply_to_record(extracted, decisions) == extracted
    plain = extract_file(WATER)
    assert apply_to_record(plain, Decisions()) is plain
    once = apply_to_record(plain, decisions)
    assert apply_to_record(once, decisions) == once
    orgs = _orgs(once)
    assert "lakeshore-water-trust" not in orgs and once["fundings"][0]["funder"] == "unicef"
    assert (orgs["hwt"]["type"], orgs["hwt"]["source"]) == ("private", "curated")
    untouched = [
        o for o in plain["organizations"] if o["id"] == "artibonite-water-users-association"
    ]
    assert untouched == [orgs["artibonite-water-users-association"]]
