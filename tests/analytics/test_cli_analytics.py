"""The analytics commands end to end on an on-disk store of the fixture corpus."""

from __future__ import annotations

import json

import pytest
from analytics_corpus import CORPUS
from click.testing import CliRunner

from pressgraph.cli import main


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("analytics") / "store"
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_analyze_brokers_json_and_write_back(store_dir):
    out = json.loads(run("analyze", "--what", "brokers", "--format", "json", "--store", store_dir))
    assert [r["label"] for r in out[:2]] == ["Boreal Aid Agency", "Helvetic Development Agency"]
    run("analyze", "--write-back", "--format", "csv", "--store", store_dir)
    csv = run(
        "query",
        "network-scores",
        "--param",
        "metric=degree",
        "--format",
        "csv",
        "--store",
        store_dir,
    )
    assert "Boreal Aid Agency" in csv.splitlines()[1]


def test_analyze_other_views(store_dir):
    ego = run("analyze", "--what", "ego", "--org", "HDA", "--format", "csv", "--store", store_dir)
    assert ego.splitlines()[1].startswith("Government of Tajikistan,government,10,")
    comm = json.loads(
        run("analyze", "--what", "communities", "--format", "json", "--store", store_dir)
    )
    assert [c["size"] for c in comm] == [10, 10]
    time_csv = run(
        "analyze", "--what", "time", "--window", "5", "--format", "csv", "--store", store_dir
    )
    assert time_csv.startswith("period,nodes,edges")
    since = json.loads(
        run(
            "analyze",
            "--since",
            "2023-01-01",
            "--country",
            "KEN",
            "--format",
            "json",
            "--store",
            store_dir,
        )
    )
    assert {r["label"] for r in since} >= {"Government of Kenya"}


def test_path_prints_each_hop_with_release_date_and_evidence(store_dir):
    out = run("path", "AIH", "Riverbank Relief Network", "--k", "2", "--store", store_dir)
    lines = out.splitlines()
    assert lines[0] == (
        "path 1 (2 hop(s)): Alatau Institute of Hydrology → Boreal Aid Agency → "
        "Riverbank Relief Network"
    )
    assert lines[2].strip() == "2022-05-24-baa-undp-kyrgyzstan-glacier-monitoring (2022-05-24)"
    # No sentence of that release names both AIH and BAA: said plainly, with title and date.
    assert lines[3].strip() == (
        "no sentence names both; they are tied by acting in the same release: "
        '"Partners advance glacier monitoring in Kyrgyzstan" (2022-05-24)'
    )
    assert sum(1 for x in lines if x.startswith("path ")) == 2
    bad = CliRunner().invoke(main, ["path", "Nobody", "RRN", "--store", store_dir])
    assert bad.exit_code == 2 and "no node named 'Nobody'" in bad.output


def test_export_network_formats_with_filters(store_dir, tmp_path):
    for fmt in ("graphml", "gexf", "cyjs", "d3", "dot"):
        out = run(
            "export",
            "--format",
            fmt,
            "-o",
            tmp_path / f"n.{fmt}",
            "--since",
            "2020-01-01",
            "--store",
            store_dir,
        )
        assert out.startswith("wrote ")
    out = run(
        "export",
        "--format",
        "csv",
        "-o",
        tmp_path / "n.csv",
        "--network",
        "funding",
        "--store",
        store_dir,
    )
    assert "n.nodes.csv" in out and "n.edges.csv" in out
    d3 = json.loads((tmp_path / "n.d3").read_text())
    assert all(min(link["years"]) >= 2020 for link in d3["links"])
    assert run("export", "--format", "nq", "-o", tmp_path / "all.nq", "--store", store_dir)


def test_view_and_report(store_dir, tmp_path):
    pytest.importorskip(
        "gravis", reason="the viewer needs gravis: pip install 'pressgraph[viewer]'"
    )
    out = run("view", "-o", tmp_path / "g.html", "--size-by", "betweenness", "--store", store_dir)
    assert "20 nodes, 88 ties" in out
    pytest.importorskip("matplotlib", reason="the report needs matplotlib")
    run("report", "-o", tmp_path / "rep", "--store", store_dir)
    names = {p.name for p in (tmp_path / "rep").iterdir()}
    for plot in (
        "network",
        "degree-distribution",
        "brokers",
        "funders-recipients",
        "sdg-country",
        "timeline",
    ):
        assert {f"{plot}.png", f"{plot}.svg"} <= names
    md = (tmp_path / "rep" / "report.md").read_text()
    assert "20 organizations, 88 ties, 42 releases." in md
    assert "| Boreal Aid Agency | donor_agency | 13 |" in md
