"""The network-*.rq queries on the invented analytics corpus (tests/fixtures/corpus).

Registered with the library's ``covers`` mechanism (tests/queries/test_library.py), so the
suite fails when a network query has no test. Expected counts are read from the YAML records.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ORG = "https://w3id.org/pressgraph/id/org/"


from pressgraph.analytics import Filters, centrality, co_involvement, write_scores  # noqa: E402
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


def _acts(record: dict, min_conf: float = 0.0) -> int:
    """Rows network-involvements gives for one record: one per (assertion, organization, role)."""
    n = sum(
        len(set(p["organizations"]))
        for p in record["partnerships"]
        if p["evidence"]["confidence"] >= min_conf
    )
    for f in record["fundings"]:
        if f["evidence"]["confidence"] >= min_conf:
            n += sum(1 for k in ("funder", "recipient", "channel") if f[k])
    for e in record["events"]:
        if e["evidence"]["confidence"] >= min_conf:
            n += len(set(e["organizers"])) + len(set(e["participants"]))
    n += sum(1 for p in record["programs"] if p.get("owner"))
    n += len(record["un_entities_involved"])
    return n


@covers("network-involvements")
def test_involvements_rows_and_filters(store, records):
    rows = run_query(store, "network-involvements").records()
    assert len(rows) == sum(_acts(r) for r in records)
    roles = {r["role"] for r in rows}
    assert roles == {
        "partner",
        "funder",
        "recipient",
        "channel",
        "organizer",
        "participant",
        "owner",
        "un-entity-involved",
    }
    bridge = [
        r
        for r in rows
        if r["release_id"] == "2022-05-24-baa-undp-kyrgyzstan-glacier-monitoring"
        and r["role"] == "channel"
    ]
    assert [(r["org"], r["kind"], r["confidence"]) for r in bridge] == [
        (ORG + "undp", "funding", 0.9)
    ]
    assert bridge[0]["sentence"].endswith("through the United Nations Development Programme.")

    since = run_query(store, "network-involvements", {"since": "2023-01-01"}).records()
    assert {r["release_id"] for r in since} == {r["id"] for r in records if r["date"] >= "2023"}
    ken = run_query(store, "network-involvements", {"country": "KEN", "until": "2018-12-31"})
    assert {r["release_id"] for r in ken.records()} == {
        r["id"] for r in records if r["countries"][0]["iso3"] == "KEN" and r["date"] < "2019"
    }
    confident = run_query(store, "network-involvements", {"min_confidence": "0.8"}).records()
    assert len(confident) == sum(_acts(r, 0.8) for r in records)
    sdg13 = run_query(store, "network-involvements", {"sdg": "SDG 13"}).records()
    assert {r["release_id"] for r in sdg13} == {
        r["id"] for r in records if r["sdgs"][0]["goal"] == 13
    }
    ngo = run_query(store, "network-involvements", {"org_type": "ngo"}).records()
    assert {r["org"] for r in ngo} == {ORG + "mrf", ORG + "cwa", ORG + "rrn"}


@covers("network-organizations")
def test_organizations_attributes(store):
    rows = {r["org"]: r for r in run_query(store, "network-organizations").records()}
    assert len(rows) == 20
    assert rows[ORG + "kgz-mes"] == {
        "org": ORG + "kgz-mes",
        "label": "Ministry of Emergency Situations",
        "acronym": "MES",
        "type": "government",
        "country": "https://w3id.org/pressgraph/id/country/KGZ",
    }
    assert rows[ORG + "tessera"]["acronym"] is None


@covers("network-funding")
def test_funding_rows(store, records):
    rows = run_query(store, "network-funding").records()
    assert len({r["funding"] for r in rows}) == sum(len(r["fundings"]) for r in records)
    stated = sum(f["amount"]["value"] for r in records for f in r["fundings"] if f["amount"])
    assert sum({r["funding"]: r["amount"] or 0 for r in rows}.values()) == stated
    ch = [r for r in rows if r["channel"]]
    assert [(r["funder"], r["channel"], r["recipient"], r["currency"]) for r in ch] == [
        (ORG + "baa", ORG + "undp", ORG + "mrf", "USD")
    ]
    uga = run_query(store, "network-funding", {"country": "UGA", "min_confidence": "0.95"})
    assert len(uga) == 0


@covers("network-memberships")
def test_memberships(store, records):
    rows = run_query(store, "network-memberships").records()
    assert len(rows) == sum(len(r["people"]) for r in records)
    grace = {r["release_id"] for r in rows if r["person_name"] == "Grace Achieng"}
    assert grace == {r["id"] for r in records for p in r["people"] if p["id"] == "grace-achieng"}
    assert {r["role"] for r in rows if r["org"] == ORG + "wfp"} == {"Country Director"}
    late = run_query(store, "network-memberships", {"since": "2024-01-01"}).records()
    assert all(r["date"] >= "2024-01-01" for r in late) and late


@covers("network-scores")
def test_scores_written_back(store):
    G = co_involvement(store, Filters())
    table = centrality(G)
    write_scores(store, table, network="test-net")
    rows = run_query(store, "network-scores", {"metric": "degree", "network": "test-net"}).records()
    assert len(rows) == 20
    top = rows[0]
    assert (top["node"], top["label"], top["value"]) == (ORG + "baa", "Boreal Aid Agency", 13.0)
