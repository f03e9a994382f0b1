"""Each invented fixture release against its hand-written expected facts.

The expected files (tests/fixtures/expected/) list what a careful reader
finds; these tests assert the parts the first pipeline must get right.
"""

from __future__ import annotations

import re

import pytest
import yaml

from ..conftest import FIXTURES, RELEASES

NAMES = sorted(p.stem for p in RELEASES.iterdir() if p.is_file())


def expected(name: str) -> dict:
    return yaml.safe_load((FIXTURES / "expected" / f"{name}.yaml").read_text("utf-8"))


def _org_names(record) -> set[str]:
    out = set()
    for o in record["organizations"]:
        out.add(o["name"])
        if o["acronym"]:
            out.add(o["acronym"])
        out.update(o.get("aliases") or [])
    return out


def _ref(record, key):
    org = next(o for o in record["organizations"] if o["id"] == key)
    return {org["name"], org["acronym"]} - {None}


def _strip_period(name: str) -> str:
    return re.sub(r"\s+(?:for\s+)?\(?\d{4}\s*[-–]\s*\d{2,4}\)?$", "", name)


@pytest.mark.parametrize("name", NAMES)
def test_structure_title_date_kind(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    assert rec["title"] == exp["title"]
    assert rec["date"] == str(exp["date"])
    assert rec["kind"] == exp["kind"]


@pytest.mark.parametrize("name", NAMES)
def test_organizations_found(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    names = _org_names(rec)
    missing = [
        o["name"]
        for o in exp["organizations"]
        if o["name"] not in names and o.get("acronym") not in names and not o.get("implied")
    ]
    assert not missing, missing


@pytest.mark.parametrize("name", NAMES)
def test_organization_types_and_countries(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    for o in exp["organizations"]:
        got = [
            g
            for g in rec["organizations"]
            if g["name"] == o["name"] or (o.get("acronym") and g["acronym"] == o["acronym"])
        ]
        if not got:
            continue
        assert got[0]["type"] == o["type"], (o["name"], got[0]["type"])
        if o.get("country") and got[0]["type"] in ("government", "donor_agency"):
            assert got[0]["country"] == o["country"], o["name"]


@pytest.mark.parametrize("name", NAMES)
def test_countries_exact(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    got = {c["iso3"] for c in rec["countries"]}
    assert got == set(exp.get("countries") or [])
    assert not got & set((exp.get("not_expected") or {}).get("countries") or [])


@pytest.mark.parametrize("name", NAMES)
def test_people_with_roles(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    people = {p["name"]: p for p in rec["people"]}
    for p in exp.get("people") or []:
        if not p.get("role"):
            continue  # unlabelled private persons need NER beyond the first pipeline
        assert p["name"] in people, p["name"]
        assert p["role"] in (people[p["name"]]["role"] or ""), (p, people[p["name"]]["role"])
        if p.get("organization"):
            assert people[p["name"]]["organization"], p["name"]
            assert p["organization"] in _ref(rec, people[p["name"]]["organization"]) or p[
                "organization"
            ].startswith("Government of")


@pytest.mark.parametrize("name", NAMES)
def test_programmes(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    got = {_strip_period(p["name"]) for p in rec["programs"]}
    want = {_strip_period(p["name"]) for p in exp.get("programs") or []}
    assert want <= got, want - got


@pytest.mark.parametrize("name", NAMES)
def test_fundings(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    want = exp.get("fundings") or []
    assert len(rec["fundings"]) == len(want)
    for w, g in zip(want, rec["fundings"]):
        funders = _ref(rec, g["funder"]) | (_ref(rec, g["channel"]) if g["channel"] else set())
        assert w["funder"] in funders or any(f in funders for f in w.get("funder_also") or []), (
            w,
            g,
        )
        if w.get("recipient"):
            assert g["recipient"] and w["recipient"] in _ref(rec, g["recipient"])
        if w.get("amount"):
            assert g["amount"]["value"] == pytest.approx(w["amount"]["value"])
            assert g["amount"]["currency"] == w["amount"]["currency"]


@pytest.mark.parametrize("name", NAMES)
def test_footers(fixture_records, name):
    exp, rec = expected(name), fixture_records[name]
    footer = [_ref(rec, f["organization"]) for f in rec["un_entities_involved"]]
    assert len(footer) == len(exp.get("un_entities_involved") or [])
    for want, got in zip(exp.get("un_entities_involved") or [], footer):
        assert want in got
    goals = sorted(s["goal"] for s in rec["sdgs"] if s["method"] == "footer")
    assert goals == sorted(exp.get("sdg_footer_goals") or [])


def test_no_funding_from_appeals(fixture_records):
    for name in NAMES:
        if (expected(name).get("not_expected") or {}).get("fundings_from_appeal"):
            for f in fixture_records[name]["fundings"]:
                assert (
                    "appeal" not in f["evidence"]["text"].lower()
                    or "allocated" in f["evidence"]["text"]
                )
