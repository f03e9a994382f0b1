"""End to end on the canonical sample: every fact a reader finds, the pipeline finds.

The facts are named here (this is the sample's test); the extraction code and
data name none of them.
"""

from __future__ import annotations

import json

import pytest

from ..conftest import GOLDEN, REGENERATE


def _org(record, name=None, acronym=None):
    for org in record["organizations"]:
        if (name and org["name"] == name) or (acronym and org["acronym"] == acronym):
            return org
    raise AssertionError(f"organization {name or acronym} not extracted")


def test_sample_structure(sample_record):
    assert (
        sample_record["title"] == "Experts Agree on Cooperation as Key to address Human Trafficking"
    )
    assert sample_record["date"] == "2018-05-02"
    assert sample_record["kind"] == "press release"
    assert len(sample_record["summary"]) == 1


def test_sample_un_entities_from_the_gazetteer(sample_record):
    iom = _org(sample_record, acronym="IOM")
    assert iom["type"] == "un"
    assert iom["name"] == "International Organization for Migration"
    texts = {m["text"] for m in iom["mentions"]}
    assert "International Organization for Migration/UN Migration Agency" in texts
    assert "IOM" in texts
    assert _org(sample_record, acronym="UNODC")["type"] == "un"
    # one IOM, however it is written
    assert sum(1 for o in sample_record["organizations"] if o["acronym"] == "IOM") == 1


def test_sample_government_chain(sample_record):
    gov_tkm = _org(sample_record, name="Government of Turkmenistan")
    assert gov_tkm["type"] == "government" and gov_tkm["country"] == "TKM"
    bureau = _org(sample_record, acronym="INL")
    assert bureau["name"] == "Bureau of International Narcotics and Law Enforcement Affairs"
    assert bureau["type"] == "government"
    orgs = {o["id"]: o for o in sample_record["organizations"]}
    department = orgs[bureau["parent"]]
    assert "Department of State" in department["name"]
    assert department["country"] == "USA"
    assert (
        orgs[department["parent"]]["name"].startswith("Government of the United States")
        or orgs[department["parent"]]["id"] == "government-usa"
    )


def test_sample_funding_of_the_programme(sample_record):
    orgs = {o["id"]: o for o in sample_record["organizations"]}
    programs = {p["id"]: p for p in sample_record["programs"]}
    (funding,) = [f for f in sample_record["fundings"] if orgs[f["funder"]]["acronym"] == "INL"]
    assert orgs[funding["recipient"]]["acronym"] == "IOM"
    assert programs[funding["program"]]["name"] == "Combating Human Trafficking Program"
    assert funding["evidence"]["method"] == "text-explicit"
    assert "funded by" in funding["evidence"]["text"]


def test_sample_programmes(sample_record):
    programs = {p["name"]: p for p in sample_record["programs"]}
    chtp = programs["Combating Human Trafficking Program"]
    assert chtp["owner"] == "iom" and "TKM" in chtp["countries"]
    nap = programs["National Action Plan on Counter-trafficking"]
    assert nap["kind"] == "action plan"
    assert nap["period"] == {"start": "2016", "end": "2018"}
    assert nap["owner"] == "government-tkm"


def test_sample_countries(sample_record):
    assert {c["iso3"] for c in sample_record["countries"]} == {"TKM", "BEL", "TUR", "ARE", "USA"}
    focus = {c["iso3"] for c in sample_record["countries"] if c["focus"]}
    assert focus == {"TKM"}


@pytest.mark.parametrize(
    ("name", "role", "org_acronym_or_id"),
    [
        ("Dejan Keserovic", "Regional IOM Coordinator for Central Asia", "IOM"),
        ("Gurbanguly Berdimuhamedov", "President of Turkmenistan", "government-tkm"),
        ("William Lacy Swing", "Director General of IOM", "IOM"),
    ],
)
def test_sample_people_with_roles(sample_record, name, role, org_acronym_or_id):
    people = {p["name"]: p for p in sample_record["people"]}
    person = people[name]
    assert person["role"] == role
    orgs = {o["id"]: o for o in sample_record["organizations"]}
    org = orgs[person["organization"]]
    assert org_acronym_or_id in (org["acronym"], org["id"])
    assert len(sample_record["people"]) == 3


def test_sample_event_and_organizers(sample_record):
    (event,) = sample_record["events"]
    assert event["name"].startswith("Regional Discussion on Prosecution and Investigation")
    assert event["duration"] == "P2D"
    assert event["start_date"] == "2018-05-02"
    assert set(event["organizers"]) == {"iom", "government-tkm"}
    assert "unodc" in event["participants"]
    assert {"BEL", "TUR", "ARE", "USA"} <= set(event["participant_countries"])


def test_sample_footer(sample_record):
    assert [f["organization"] for f in sample_record["un_entities_involved"]] == ["iom"]
    assert sample_record["un_entities_involved"][0]["evidence"]["method"] == "footer"
    # the copied page lost its SDG icons: no footer goals, only goals inferred from the text
    assert not [s for s in sample_record["sdgs"] if s["method"] == "footer"]
    release_level = {(s["goal"], s["target"]) for s in sample_record["sdgs"] if not s["item"]}
    assert {(16, None), (16, "16.2"), (8, None), (8, "8.7")} <= release_level
    for s in sample_record["sdgs"]:
        assert s["method"] == "text" and 0 < s["confidence"] < 1
        assert s["evidence"]["method"] == "text-inferred"
        assert s["evidence"]["rule"].startswith("sdg-lexicon:")
    # the programme the release is about gets goal 16 through the sentence naming it
    tied = {(s["goal"], s["item"]) for s in sample_record["sdgs"] if s["item"]}
    assert (16, "combating-human-trafficking-program") in tied


def test_sample_evidence_offsets_point_into_the_text(sample_record):
    from pressgraph.extract.structure import normalize_text

    from ..conftest import SAMPLE

    text = normalize_text(SAMPLE.read_text("utf-8"))
    for section in ("organizations", "countries", "people", "programs"):
        for item in sample_record[section]:
            for m in item.get("mentions", []):
                assert text[m["start"] : m["end"]] == m["text"]
    for item in sample_record["fundings"] + sample_record["partnerships"]:
        ev = item["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_sample_matches_golden_record(sample_record):
    """Any change in extraction shows up here; regenerate with PRESSGRAPH_REGEN_GOLDEN=1."""
    golden = GOLDEN / "sample-record.json"
    produced = {k: v for k, v in sample_record.items() if k != "source"}
    produced["source"] = {k: v for k, v in sample_record["source"].items() if k != "path"}
    if REGENERATE or not golden.exists():
        golden.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert produced == json.loads(golden.read_text("utf-8"))
