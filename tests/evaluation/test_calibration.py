"""Confidence calibration: reliability bins, ECE, the fitted table and its use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pressgraph.cli import main
from pressgraph.evaluation.calibration import (
    Item,
    fit,
    leave_one_out,
    recalibrate,
    reliability,
    write_table,
)
from pressgraph.evaluation.corpus import Corpus
from pressgraph.extract.calibration import apply_calibration, calibrated, load_calibration

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold" / "extraction-dev.yaml"


def _items(rule: str, conf: float, right: int, wrong: int, kind: str = "funding") -> list[Item]:
    return [Item(kind, rule, conf, True)] * right + [Item(kind, rule, conf, False)] * wrong


def test_reliability_bins_and_ece_by_hand():
    items = _items("funding:a", 0.95, 9, 1) + _items("funding:b", 0.75, 2, 2)
    rel = reliability(items)
    rows = {r["bin"]: r for r in rel["bins"]}
    assert rows["0.9-1.0"] == {"bin": "0.9-1.0", "n": 10, "confidence": 0.95, "precision": 0.9}
    assert rows["0.7-0.8"]["precision"] == 0.5 and rows["0.7-0.8"]["n"] == 4
    # ECE = 10/14 * |0.9 - 0.95| + 4/14 * |0.5 - 0.75|
    assert rel["ece"] == round(10 / 14 * 0.05 + 4 / 14 * 0.25, 3)
    assert rel["n"] == 14 and rel["precision"] == round(11 / 14, 3)


def test_fit_shrinks_small_rules_towards_their_family():
    items = _items("funding:often", 0.8, 18, 2) + _items("funding:once", 0.8, 0, 1)
    table = fit(items, weight=4)
    fam = table["funding"]["funding:*"]
    assert fam == round((18 + 4 * 0.8) / (21 + 4), 2)
    assert table["funding"]["funding:often"] > table["funding"]["funding:once"]
    # one wrong prediction pulls a rule down, but not to zero
    assert 0.5 < table["funding"]["funding:once"] < fam


def test_calibrated_falls_back_to_family_then_prior():
    table = {"funding": {"funding:*": 0.7, "funding:x": 0.9}}
    assert calibrated(table, "funding", "funding:x", 0.5) == 0.9
    assert calibrated(table, "funding", "funding:new", 0.5) == 0.7
    assert calibrated(table, "person", "person:new", 0.5) == 0.5


def test_recalibration_lowers_ece_on_a_miscalibrated_rule():
    items = _items("pattern:x", 0.95, 5, 5, kind="organization")
    items += _items("gazetteer:y", 0.6, 10, 0, kind="organization")
    before = reliability(items)["ece"]
    after = reliability(recalibrate(items, fit(items)))["ece"]
    assert after < before


def test_leave_one_out_never_uses_the_documents_own_items():
    doc_a = _items("funding:x", 0.8, 0, 3)
    doc_b = _items("funding:x", 0.8, 3, 0)
    out = leave_one_out([doc_a, doc_b], weight=1)
    # doc a is scored with a table fitted on doc b only (all right), and vice versa
    assert out[0].confidence > 0.8 and out[-1].confidence < 0.8


def test_apply_calibration_sets_record_confidences():
    record = {
        "organizations": [{"id": "x", "source": "pattern:ministry", "confidence": 0.75}],
        "fundings": [{"evidence": {"rule": "funding:donor-verb", "confidence": 0.8}}],
        "people": [{"evidence": {"rule": "person:unknown-rule", "confidence": 0.7}}],
    }
    table = {
        "organization": {"pattern:ministry": 0.93},
        "funding": {"funding:*": 0.6},
        "person": {},
    }
    apply_calibration(record, table)
    assert record["organizations"][0]["confidence"] == 0.93
    assert record["fundings"][0]["evidence"]["confidence"] == 0.6
    assert record["people"][0]["evidence"]["confidence"] == 0.7


def test_shipped_table_is_well_formed():
    table = load_calibration()
    assert set(table) == {"organization", "person", "program", "funding"}
    for rules in table.values():
        assert all(0.05 <= v <= 0.99 for v in rules.values())
        assert any(r.endswith(":*") for r in rules)


def test_write_table_round_trips(tmp_path):
    path = tmp_path / "cal.yaml"
    write_table({"funding": {"funding:*": 0.7}}, path, note="test")
    data = yaml.safe_load(path.read_text())
    assert data["funding"] == {"funding:*": 0.7} and data["note"] == "test"
    assert load_calibration(str(path))["funding"] == {"funding:*": 0.7}


@pytest.mark.skipif(not Corpus().available(), reason="../shared/data is absent")
def test_cli_reports_calibration_and_refits(tmp_path):
    out, table = tmp_path / "eval.json", tmp_path / "cal.yaml"
    res = CliRunner().invoke(
        main,
        ["eval", "extraction", str(GOLD), "--json", str(out), "--calibrate", str(table)],
    )
    assert res.exit_code == 0, res.output
    assert "ECE" in res.output and "leave-one-document-out" in res.output
    cal = json.loads(out.read_text())["calibration"]
    assert cal["prior"]["n"] > 50 and cal["leave_one_document_out"]["ece"] is not None
    assert sum(r["n"] for r in cal["prior"]["bins"]) == cal["prior"]["n"]
    assert set(yaml.safe_load(table.read_text())) >= {"organization", "funding"}
