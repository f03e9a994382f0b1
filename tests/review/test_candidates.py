"""Extraction lists unknown-organization candidates it keeps and rejects, with reasons."""

from __future__ import annotations

from pressgraph.build import extract_file
from pressgraph.store import record_digest

from .conftest import TAPS, WATER


def _by_name(record):
    return {c["name"]: c for c in record["extraction"]["candidates"]}


def test_kept_candidates_carry_rule_type_confidence_and_sentence():
    record = extract_file(WATER)
    trust = _by_name(record)["Lakeshore Water Trust"]
    assert trust["status"] == "kept"
    assert trust["rule"].startswith("pattern:")
    assert trust["type"] == "ngo"
    assert 0 < trust["confidence"] < 1
    assert trust["decision"] is None
    for m in trust["mentions"]:
        assert m["text"] == "Lakeshore Water Trust"
    assert "funded by the Lakeshore Water Trust" in trust["sentence"]["text"]
    # a kept candidate is an organization of the record under the same key
    assert trust["key"] in {o["id"] for o in record["organizations"]}


def test_rejected_candidates_give_the_reason():
    cands = _by_name(extract_file(WATER))
    place = cands["Nord-Ouest Department"]
    assert place["status"] == "rejected"
    assert place["rule"] == "pattern:org-head:Department"
    assert "compass" in place["reason"]
    heading = next(c for n, c in cands.items() if n.startswith("Water Users Association Opens"))
    assert heading["status"] == "rejected" and "heading" in heading["reason"]
    acronym = cands["HWT"]
    assert acronym["status"] == "rejected" and "acronym" in acronym["reason"]
    assert acronym["mentions"][0]["text"] == "HWT"


def test_rejected_candidates_are_not_organizations_and_not_in_the_graph_digest():
    record = extract_file(WATER)
    ids = {o["id"] for o in record["organizations"]}
    for c in record["extraction"]["candidates"]:
        if c["status"] == "rejected":
            assert c["key"] not in ids
    # candidates live in `extraction`: they do not change what is built
    bare = dict(
        record, extraction={k: v for k, v in record["extraction"].items() if k != "candidates"}
    )
    assert record_digest(bare) == record_digest(record)


def test_offsets_point_at_the_normalized_text():
    from pressgraph.extract.pipeline import run_pipeline
    from pressgraph.sources import read_input

    doc = run_pipeline(read_input(TAPS))
    for c in doc.candidates:
        for a, b, text in c.spans:
            assert doc.text[a:b] == text


def test_gazetteer_acronyms_and_country_codes_are_not_candidates():
    names = set(_by_name(extract_file(TAPS)))
    assert "UNICEF" not in names and "HTI" not in names
    assert "HWT" in names
