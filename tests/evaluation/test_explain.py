"""``pressgraph explain`` on the sample release."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pressgraph.cli import main

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "releases"
    / ("2018-05-02-iom-turkmenistan-counter-trafficking.txt")
)


def test_explain_text_names_sentence_and_rule():
    res = CliRunner().invoke(main, ["explain", str(SAMPLE)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "== funding" in out and "funding:funded-by" in out
    assert "gazetteer:un_entities entry 'iom'" in out
    assert "gazetteer:countries entry 'TKM'" in out
    assert "Combating Human Trafficking" in out


def test_explain_json_facts_point_into_the_text():
    res = CliRunner().invoke(main, ["explain", str(SAMPLE), "--format", "json"])
    assert res.exit_code == 0, res.output
    facts = json.loads(res.output)
    kinds = {f["kind"] for f in facts}
    assert {"organization", "country", "person", "program", "funding"} <= kinds
    for f in facts:
        assert f["produced_by"]
        if f["sentence"] and f["kind"] in ("person", "funding"):
            assert f["start"] < f["end"]


def test_explain_bad_input():
    res = CliRunner().invoke(main, ["explain", "/nonexistent/release.txt"])
    assert res.exit_code == 2
