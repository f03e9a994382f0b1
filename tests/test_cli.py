"""The command line, as a user types it: exit codes, outputs, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pressgraph.cli import main

from .conftest import FIXTURES, RELEASES, SAMPLE


@pytest.fixture()
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSGRAPH_STORE", str(tmp_path / "store"))
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_extract_one_release_as_json(run):
    result = run("extract", SAMPLE, "--format", "json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["id"] == "2018-05-02-iom-turkmenistan-counter-trafficking"


def test_extract_directory_as_jsonl(run):
    result = run("extract", RELEASES, "--format", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len([p for p in RELEASES.iterdir() if p.is_file()])


def test_extract_bad_inputs_reports_each_and_goes_on(run, tmp_path):
    result = run("extract", FIXTURES / "releases_bad", SAMPLE, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("latin1.txt" in e and "PG103" in e for e in errors)
    assert (tmp_path / "out" / "2018-05-02-iom-turkmenistan-counter-trafficking.yaml").exists()
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_extract_strict_stops_at_first_problem(run, tmp_path):
    result = run("extract", "--strict", FIXTURES / "releases_bad", SAMPLE, "-o", tmp_path / "o")
    assert result.exit_code == 1
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_build_query_stats_export_validate(run, tmp_path):
    result = run("build", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "releases" in result.stdout and "organizations: un" in result.stdout
    result = run("query", "partners-of-organization", "--param", "org=IOM", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "government-tkm" in result.stdout
    assert run("stats", "--format", "json").exit_code == 0
    out = tmp_path / "g.nq"
    assert run("export", "--format", "nq", "-o", out).exit_code == 0
    assert out.read_bytes().count(b"\n") > 100
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def test_build_records_directory_then_build_edited_record(run, tmp_path):
    records = tmp_path / "records"
    assert run("build", SAMPLE, "--records", records).exit_code == 0
    path = records / "2018-05-02-iom-turkmenistan-counter-trafficking.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "title: Experts Agree on Cooperation as Key to address Human Trafficking",
            "title: Edited by hand",
            1,
        ),
        "utf-8",
    )
    assert run("build", records).exit_code == 0
    result = run("query", "releases", "--format", "json")
    assert json.loads(result.stdout)[0]["title"] == "Edited by hand"
    # building the release again keeps the hand edit (folded into curated)
    assert run("build", SAMPLE, "--records", records).exit_code == 0
    result = run("query", "releases", "--format", "json")
    assert json.loads(result.stdout)[0]["title"] == "Edited by hand"


def test_build_broken_record_names_file_and_field(run):
    result = run("build", FIXTURES / "records" / "broken" / "wrong_type.yaml")
    assert result.exit_code == 1
    assert "wrong_type.yaml [date]" in result.stderr


def test_queries_lists_the_library(run):
    result = run("queries")
    assert result.exit_code == 0
    assert "partners-of-organization" in result.stdout and "--param org=" in result.stdout


def test_query_unknown_name_and_bad_param(run):
    run("build", SAMPLE)
    result = run("query", "no-such-query")
    assert result.exit_code == 2 and "PG401" in result.stderr
    result = run("query", "partners-of-organization", "--param", "nope=1")
    assert result.exit_code == 2 and "PG402" in result.stderr


def test_commands_without_store_explain(run):
    result = run("stats")
    assert result.exit_code == 2
    assert "build one first" in result.stderr


def test_bad_record_gets_one_line_per_problem(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: 3\ntitle: T\n", "utf-8")
    result = run("build", bad)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: PG202")]
    assert len(lines) > 5
    assert all("bad.yaml [" in line for line in lines)
    assert any("[id]" in line for line in lines)


def test_query_from_a_file_with_tsv_output(run, tmp_path):
    run("build", SAMPLE)
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "# title: Countries\n# description: countries the releases are about\n"
        "# param: iso: string | only this ISO code\n"
        "SELECT ?iso ?c WHERE { ?r a pg:PressRelease ; dct:spatial ?c . "
        "?c pg:iso3166Alpha3 ?iso }\n",
        "utf-8",
    )
    result = run("query", rq, "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "iso\tc",
        f"TKM\t{'https://w3id.org/pressgraph/id/country/TKM'}",
    ]
    result = run("query", rq, "--param", "iso=BEL", "--format", "tsv")
    assert result.stdout.splitlines() == ["iso\tc"]
