"""The development gold set: well-formed, true to its texts, and scored by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressgraph.cli import main
from pressgraph.evaluation.corpus import Corpus
from pressgraph.evaluation.gold import load_gold
from pressgraph.evaluation.run import check_gold, evaluate

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "gold" / "extraction-dev.yaml"
needs_data = pytest.mark.skipif(
    not Corpus().available(),
    reason=f"the labelled ReliefWeb texts are not in {Corpus().data_dir} (../shared/data)",
)


def test_gold_set_loads_and_has_30_documents():
    gold = load_gold(GOLD)
    assert len(gold.documents) >= 30
    labels = [d.label for d in gold.documents]
    assert len(labels) == len(set(labels))
    assert {d.set for d in gold.documents} == {"api", "theme", "sample"}


@needs_data
def test_label_strings_occur_in_their_texts():
    assert check_gold(load_gold(GOLD)) == []


@needs_data
def test_dev_set_figures():
    ev = evaluate(load_gold(GOLD))
    micro = ev.sets["micro"]
    assert micro.documents >= 30
    # floors well under the figures in docs/quality.md: a regression guard
    assert micro.prf["countries"].f1 >= 0.9
    assert micro.prf["organizations_strict"].f1 >= 0.7
    assert micro.ratio["date"].value >= 0.9


@needs_data
def test_cli_eval_extraction_writes_json(tmp_path):
    out = tmp_path / "eval.json"
    res = CliRunner().invoke(main, ["eval", "extraction", str(GOLD), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "organizations (strict)" in res.output and "micro" in res.output
    data = json.loads(out.read_text())
    assert set(data["sets"]) >= {"api", "theme", "sample", "micro"}
    assert data["sets"]["micro"]["countries"]["f1"] > 0


def test_cli_eval_extraction_sample_only(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "documents:\n"
        "- doc: {path: data/releases/2018-05-02-iom-turkmenistan-counter-trafficking.txt}\n"
        "  date: '2018-05-02'\n"
        "  organizations:\n"
        "  - {name: International Organization for Migration, acronym: IOM, type: un}\n"
        "  countries: [TKM, BEL, TUR, ARE, USA]\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["eval", "extraction", str(gold), "--errors"])
    assert res.exit_code == 0, res.output
    assert "1 documents (sample 1)" in res.output


def test_cli_eval_extraction_bad_gold(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("documents: [{doc: {nid: 1}, organizations: [{name: X}]}]\n")
    res = CliRunner().invoke(main, ["eval", "extraction", str(gold)])
    assert res.exit_code == 2
    assert "type must be one of" in res.output


def test_missing_inputs_is_a_clear_error(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("documents: [{doc: {nid: 1}}]\n")
    res = CliRunner().invoke(
        main, ["eval", "extraction", str(gold), "--inputs", str(tmp_path / "nowhere")]
    )
    assert res.exit_code == 2
    assert "not in" in res.output
