"""The queries the projections pre-select with, and the ones `path` reads hop evidence from,
on the invented analytics corpus (tests/fixtures/corpus); expected values from the YAML.

Registered with the library's ``covers`` mechanism (tests/queries/test_library.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ORG = "https://w3id.org/pressgraph/id/org/"
REL = "https://w3id.org/pressgraph/id/release/"


from pressgraph.queries import run_query  # noqa: E402
from pressgraph.records import read_record  # noqa: E402
from pressgraph.store import GraphStore  # noqa: E402

from .test_library import covers  # noqa: E402  (the registry pytest collects)


@pytest.fixture(scope="module")
def records():
    return [read_record(p) for p in sorted(CORPUS.glob("*.yaml"))]


@pytest.fixture(scope="module")
def store(records):
    s = GraphStore.in_memory()
    for r in records:
        s.put_release(r)
    return s


def _acting(record: dict, min_confidence: float = 0.0) -> set[str]:
    out = set()
    for p in record["partnerships"]:
        if p["evidence"]["confidence"] >= min_confidence:
            out.update(p["organizations"])
    for f in record["fundings"]:
        if f["evidence"]["confidence"] >= min_confidence:
            out.update(k for k in (f["funder"], f["recipient"], f["channel"]) if k)
    for e in record["events"]:
        if e["evidence"]["confidence"] >= min_confidence:
            out.update(e["organizers"] + e["participants"])
    for p in record["programs"]:
        if p.get("owner") and p["evidence"]["confidence"] >= min_confidence:
            out.add(p["owner"])
    if min_confidence <= 1.0:
        out.update(f["organization"] for f in record["un_entities_involved"])
    return {ORG + k for k in out}


@covers("network-releases")
def test_network_releases_window_and_country(store, records):
    rows = run_query(store, "network-releases").records()
    assert [r["release_id"] for r in rows] == [
        r["id"] for r in sorted(records, key=lambda r: (r["date"], r["id"]))
    ]
    first = rows[0]
    rec = next(r for r in records if r["id"] == first["release_id"])
    assert (first["release"], first["date"], first["title"]) == (
        REL + rec["id"],
        rec["date"],
        rec["title"],
    )
    got = run_query(
        store,
        "network-releases",
        {"country": "Kenya", "since": "2018-01-01", "until": "2021-12-31"},
    ).records()
    assert {r["release_id"] for r in got} == {
        r["id"]
        for r in records
        if r["countries"][0]["iso3"] == "KEN" and "2018" <= r["date"][:4] <= "2021"
    }


@covers("network-goal-releases")
def test_goal_releases(store, records):
    for goal in (2, 3, 6, 7, 13):
        got = run_query(store, "network-goal-releases", {"sdg": f"SDG {goal}"}).records()
        assert [r["release"] for r in got] == sorted(
            REL + r["id"] for r in records if any(s["goal"] == goal for s in r["sdgs"])
        )
    assert run_query(store, "network-goal-releases", {"sdg": "16"}).records() == []


@covers("network-release-organizations")
def test_release_organizations(store, records):
    rows = run_query(store, "network-release-organizations").records()
    got = {r["release"]: set(r["organizations"].split()) for r in rows}
    assert got == {REL + r["id"]: _acting(r) for r in records}
    assert [(r["date"], r["release"], r["release_id"]) for r in rows] == sorted(
        (r["date"], REL + r["id"], r["id"]) for r in records
    )
    rows = run_query(store, "network-release-organizations", {"min_confidence": "0.85"})
    got = {r["release"]: set(r["organizations"].split()) for r in rows.records()}
    expected = {REL + r["id"]: _acting(r, 0.85) for r in records}
    assert got == {k: v for k, v in expected.items() if v}
    assert got != {REL + r["id"]: _acting(r) for r in records}  # the filter removes some


@covers("release-sentences")
def test_release_sentences(store, records):
    rec = next(r for r in records if r["id"] == "2022-05-24-baa-undp-kyrgyzstan-glacier-monitoring")
    rows = run_query(store, "release-sentences", {"release": rec["id"]}).records()
    assert {(r["release_id"], r["title"], r["date"]) for r in rows} == {
        (rec["id"], rec["title"], rec["date"])
    }
    sentences = {(r["begin"], r["end"], r["text"]) for r in rows if r["entity"] is None}
    evidence = {
        (x["evidence"]["start"], x["evidence"]["end"], x["evidence"]["text"])
        for part in ("partnerships", "fundings", "events", "programs", "people", "sdgs")
        for x in rec[part]
        if x.get("evidence")
    }
    assert sentences == evidence
    mentions = {(r["begin"], r["end"], r["text"], r["entity"]) for r in rows if r["entity"]}
    assert (113, 138, "Mountain Roots Foundation", ORG + "mrf") in mentions
    assert [r["begin"] for r in rows] == sorted(r["begin"] for r in rows)


@covers("organization-names")
def test_organization_names(store):
    rows = run_query(store, "organization-names", {"org": "BAA"}).records()
    assert {(r["name"], r["kind"]) for r in rows} == {
        ("Boreal Aid Agency", "label"),
        ("BAA", "acronym"),
    }
    assert {r["org"] for r in rows} == {ORG + "baa"}


@covers("network-organization-rows")
def test_organization_rows_match_the_grouped_query(store):
    rows = run_query(store, "network-organization-rows").records()
    grouped = {r["org"]: r for r in run_query(store, "network-organizations").records()}
    assert {r["org"] for r in rows} == set(grouped)
    assert [r["org"] for r in rows] == sorted(r["org"] for r in rows)
    mes = [r for r in rows if r["org"] == ORG + "kgz-mes"]
    assert mes == [
        {
            "org": ORG + "kgz-mes",
            "label": "Ministry of Emergency Situations",
            "acronym": "MES",
            "type": "https://w3id.org/pressgraph/vocab/orgtype-government",
            "country": "https://w3id.org/pressgraph/id/country/KGZ",
        }
    ]
    for r in rows:
        g = grouped[r["org"]]
        code = r["type"].rsplit("orgtype-", 1)[-1].replace("-", "_") if r["type"] else None
        assert (r["label"], r["acronym"], code, r["country"]) == (
            g["label"],
            g["acronym"],
            g["type"],
            g["country"],
        )
