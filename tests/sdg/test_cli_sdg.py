"""``pressgraph sdg classify|explain`` and ``pressgraph eval sdg`` as a user types them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressgraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"
WFP_HTML = ROOT / "tests" / "fixtures" / "releases" / "2021-03-14-wfp-kenya-drought-response.html"


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_classify_release_jsonl(run):
    result = run("sdg", "classify", SAMPLE)
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    out = json.loads(line)
    assert out["id"] == SAMPLE.stem
    goals = [g["goal"] for g in out["goals"]]
    assert goals[0] == 16 and 8 in goals
    top = out["goals"][0]
    assert 0 < top["score"] <= 1 and "trafficking" in top["terms"] and top["evidence"]
    assert "16.2" in [t["target"] for t in out["targets"]]


def test_classify_html_release_reads_the_body_only(run):
    out = json.loads(run("sdg", "classify", WFP_HTML).stdout)
    assert 2 in [g["goal"] for g in out["goals"]]  # a drought and food-assistance story


def test_classify_jsonl_input_table_and_threshold(run, tmp_path):
    src = tmp_path / "texts.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Solar panels bring electricity to schools."})
        + "\n\n"
        + json.dumps({"id": "b", "text": "The clinic opened on Monday."})
        + "\n",
        encoding="utf-8",
    )
    lines = run("sdg", "classify", src).stdout.splitlines()
    rows = [json.loads(x) for x in lines]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["goals"][0]["goal"] == 7 and rows[1]["goals"] == []
    low = [
        json.loads(x)
        for x in run("sdg", "classify", src, "--threshold", "0.1").stdout.split("\n")
        if x
    ]
    assert [g["goal"] for g in low[1]["goals"]] == [3]
    table = run("sdg", "classify", src, "--format", "table")
    assert table.exit_code == 0 and "solar" in table.stdout and "7.2" in table.stdout


def test_classify_bad_inputs(run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"no_text": 1}\n', encoding="utf-8")
    result = run("sdg", "classify", bad)
    assert result.exit_code == 1 and "line 1" in result.stderr
    assert run("sdg", "classify", SAMPLE, "--threshold", "2").exit_code == 2


def test_explain(run):
    result = run("sdg", "explain", "Police and courts fight corruption.")
    assert result.exit_code == 0
    assert result.stdout.startswith("SDG 16") and "YES" in result.stdout
    assert "corruption (3)" in result.stdout and "target 16.5" in result.stdout


def test_eval_sdg_on_a_small_labelled_csv(run, tmp_path):
    path = tmp_path / "labels.csv"
    rows = [
        ("1", "Safe drinking water and sanitation reached every school.", 6, "True"),
        ("2", "Safe drinking water and sanitation reached every school.", 4, "False"),
        ("3", "Teachers and pupils returned to the classrooms.", 4, "True"),
        ("4", "The river flooded the town.", 14, "False"),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["id", "text", "sdg", "label"])
        w.writerows(rows)
    result = run("eval", "sdg", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["n", "accuracy", "precision", "recall", "F1"]
    assert lines[1].split() == ["overall", "4", "1.000", "1.000", "1.000", "1.000"]
    assert [x.split()[1] for x in lines[2:]] == ["4", "6", "14"]
    as_json = json.loads(run("eval", "sdg", path, "--format", "json").stdout)
    assert as_json["overall"]["accuracy"] == 1.0 and set(as_json["per_goal"]) == {"4", "6", "14"}


def test_eval_sdg_bad_csv(run, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    result = run("eval", "sdg", path)
    assert result.exit_code == 1 and "missing column" in result.stderr
