"""The review round trip as a user types it: list, decide, build, list again."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from pressgraph.cli import main
from pressgraph.records import read_record

from .conftest import REVIEW, WATER, write


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_round_trip(run, tmp_path):
    store, records, decisions = tmp_path / "store", tmp_path / "records", tmp_path / "d.yaml"
    assert run("build", REVIEW, "--store", store, "--records", records, "-q").exit_code == 0

    listed = run("review", "--store", store, "--format", "json")
    assert listed.exit_code == 0, listed.output
    names = {g["name"]: g for g in json.loads(listed.stdout)}
    assert names["HWT"]["rejected"] == 2 and names["Lakeshore Water Trust"]["kept"] == 1

    table = run("review", "--records", records, "--status", "rejected")
    assert table.exit_code == 0 and "Nord-Ouest Department" in table.stdout
    assert "Lakeshore Water Trust" not in table.stdout

    out = run("review", "accept", "Nord-Ouest Department", "--type", "government",
              "--country", "HTI", "--decisions", decisions)  # fmt: skip
    assert out.exit_code == 0 and "accepted 'Nord-Ouest Department'" in out.stdout
    assert run("review", "reject", "Lakeshore Water Trust", "--decisions", decisions).exit_code == 0
    out = run("review", "merge", "HWT", "--into", "Artibonite Water Users Association",
              "--decisions", decisions)  # fmt: skip
    assert out.exit_code == 0 and "merged 'HWT'" in out.stdout
    saved = yaml.safe_load(decisions.read_text("utf-8"))
    assert [d["action"] for d in saved["decisions"]] == ["accept", "reject", "merge"]

    built = run("build", REVIEW, "--store", store, "--records", records, "--decisions", decisions)
    assert built.exit_code == 0, built.output
    assert "2 replaced" in built.stdout
    water = read_record(records / f"{WATER.stem}.yaml")
    ids = {o["id"] for o in water["organizations"]}
    assert "nord-ouest-department-hti" in ids and "lakeshore-water-trust" not in ids

    csv_out = run("review", "--store", store, "--decisions", decisions, "--format", "csv",
                  "--min-releases", "2")  # fmt: skip
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("key,name,releases,kept,rejected")
    assert any(line.startswith("hwt,HWT,2,0,2,") and ",merge," in line for line in lines)

    assert run("review", "forget", "HWT", "--decisions", decisions).exit_code == 0
    assert run("review", "forget", "HWT", "--decisions", decisions).exit_code == 1


def test_extract_applies_decisions(run, tmp_path):
    decisions = write(
        tmp_path / "d.yaml", "decisions:\n  - {name: Lakeshore Water Trust, action: reject}\n"
    )
    out = run("extract", WATER, "--format", "json", "--decisions", decisions)
    assert out.exit_code == 0
    assert "lakeshore-water-trust" not in {o["id"] for o in json.loads(out.stdout)["organizations"]}


def test_bad_decisions_file_fails_with_file_and_field(run, tmp_path):
    bad = write(
        tmp_path / "bad.yaml", "decisions:\n  - {name: X Trust, action: accept, country: Haiti}\n"
    )
    out = run("build", REVIEW, "--store", tmp_path / "store", "--decisions", bad)
    assert out.exit_code == 1
    assert f"PG600 {bad} [decisions[0].country]" in out.stderr
    assert not (tmp_path / "store").exists()
    out = run("extract", WATER, "--decisions", bad)
    assert out.exit_code == 1 and "PG600" in out.stderr
    out = run("review", "accept", "Y Trust", "--decisions", bad)
    assert out.exit_code == 1 and "[decisions[0].country]" in out.stderr
    out = run("review", "reject", "UNICEF", "--decisions", tmp_path / "new.yaml")
    assert out.exit_code == 1 and "gazetteer organization" in out.stderr
    assert not (tmp_path / "new.yaml").exists()


def test_review_needs_one_source(run, tmp_path):
    out = run("review", "--records", tmp_path, "--store", tmp_path)
    assert out.exit_code == 2
    out = run("review", "--store", tmp_path / "nothing")
    assert out.exit_code == 2 and "PG300" in out.stderr
