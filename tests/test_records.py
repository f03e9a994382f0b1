"""Records: the schema every produced record meets, bad records, and curation."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pressgraph.errors import RecordSchemaError, RecordSyntaxError
from pressgraph.records import (
    effective_record,
    merge_reextracted,
    read_record,
    record_schema,
    to_yaml,
    write_record,
)

from .conftest import FIXTURES, ROOT, SAMPLE

BROKEN = FIXTURES / "records" / "broken"


def test_schema_file_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(record_schema())


def test_docs_schema_is_the_shipped_schema():
    doc = (ROOT / "docs" / "record.schema.json").read_text("utf-8")
    assert json.loads(doc) == record_schema()


def test_every_produced_record_validates(sample_record, fixture_records):
    validator = jsonschema.Draft202012Validator(record_schema())
    for record in [sample_record, *fixture_records.values()]:
        errors = list(validator.iter_errors(record))
        assert not errors, (record["id"], errors[0].message)


def test_yaml_round_trip_keeps_the_record(tmp_path, sample_record):
    path = write_record(sample_record, tmp_path / "r.yaml")
    assert read_record(path) == json.loads(json.dumps(sample_record))


def test_wrong_type_names_file_and_field():
    with pytest.raises(RecordSchemaError) as info:
        read_record(BROKEN / "wrong_type.yaml")
    assert "wrong_type.yaml" in str(info.value)
    assert info.value.field == "date"


def test_unknown_key_is_rejected():
    with pytest.raises(RecordSchemaError) as info:
        read_record(BROKEN / "unknown_key.yaml")
    assert "sponsor_rating" in str(info.value)


def test_invalid_yaml_reports_line():
    with pytest.raises(RecordSyntaxError) as info:
        read_record(BROKEN / "not_yaml.yaml")
    assert "not_yaml.yaml" in str(info.value) and "line" in str(info.value)


def test_yaml_is_read_with_the_safe_loader(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hacked']\n", "utf-8")
    with pytest.raises(RecordSyntaxError):
        read_record(path)


def test_dangling_reference_is_reported(tmp_path, sample_record):
    record = json.loads(json.dumps(sample_record))
    record["fundings"][0]["funder"] = "no-such-org"
    path = write_record(record, tmp_path / "r.yaml")
    with pytest.raises(RecordSchemaError) as info:
        read_record(path)
    assert info.value.field == "fundings[0].funder"


def _edit(record):
    edited = json.loads(json.dumps(record))
    edited["title"] = "A corrected title"
    org = next(o for o in edited["organizations"] if o["id"] == "unodc")
    org["name"] = "United Nations Office on Drugs and Crime (corrected)"
    edited["people"] = [p for p in edited["people"] if p["id"] != "william-lacy-swing"]
    return edited


def test_hand_edits_survive_reextraction(sample_record):
    edited = _edit(sample_record)
    merged = merge_reextracted(edited, sample_record)
    assert merged["title"] == sample_record["title"]  # machine section is fresh...
    eff = effective_record(merged)  # ...and the correction is applied on build
    assert eff["title"] == "A corrected title"
    assert next(o for o in eff["organizations"] if o["id"] == "unodc")["name"].endswith(
        "(corrected)"
    )
    assert "william-lacy-swing" not in {p["id"] for p in eff["people"]}
    # and survives a second re-extraction
    again = merge_reextracted(merged, sample_record)
    assert effective_record(again)["title"] == "A corrected title"


def test_curated_section_adds_a_funding(sample_record):
    record = json.loads(json.dumps(sample_record))
    record["curated"] = {
        "fundings": {
            "upsert": [
                {
                    "id": "manual-1",
                    "funder": "government-tkm",
                    "recipient": "iom",
                    "amount": {"value": 1000, "currency": "USD"},
                }
            ]
        }
    }
    eff = effective_record(record)
    added = next(f for f in eff["fundings"] if f["id"] == "manual-1")
    assert added["evidence"] == {"method": "curated", "confidence": 1.0}


def test_extract_to_directory_keeps_corrections(tmp_path):
    from pressgraph.build import iter_extract

    out = tmp_path / "records"
    [first] = list(iter_extract([SAMPLE], records_dir=out))
    path = Path(first.written)
    text = path.read_text("utf-8").replace(
        "title: Experts Agree on Cooperation as Key to address Human Trafficking",
        "title: Corrected by a researcher",
        1,
    )
    path.write_text(text, "utf-8")
    [second] = list(iter_extract([SAMPLE], records_dir=out))
    record = read_record(second.written)
    assert record["curated"]["set"]["title"] == "Corrected by a researcher"
    assert effective_record(record)["title"] == "Corrected by a researcher"


def test_to_yaml_orders_keys_like_the_release(sample_record):
    lines = [
        line.split(":")[0]
        for line in to_yaml(sample_record).splitlines()
        if line and not line.startswith((" ", "-"))
    ]
    assert lines[:4] == ["schema_version", "id", "title", "date"]
