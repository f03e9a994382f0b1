"""The SDG query ``sdg-alignments.rq`` on releases run through the whole pipeline.

Registered with the library's ``covers`` mechanism (tests/queries/test_library.py), so the
suite fails when an SDG query has no test. The store holds the sample release (no footer
goals: its goals are inferred from the text) and an invented release whose footer lists
SDG 8, 5 and 14.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"
FISH = ROOT / "tests" / "fixtures" / "releases" / "2021-11-08-fao-nigeria-women-fish-processors.md"
SDG = "http://metadata.un.org/sdg/"


from pressgraph import vocab  # noqa: E402
from pressgraph.build import extract_file  # noqa: E402
from pressgraph.queries import run_query  # noqa: E402
from pressgraph.store import GraphStore  # noqa: E402

from .test_library import covers  # noqa: E402  (the registry pytest collects)


@pytest.fixture(scope="module")
def store():
    s = GraphStore.in_memory()
    for path in (SAMPLE, FISH):
        s.put_release(extract_file(path))
    return s


def _rows(store, **params):
    result = run_query(store, "sdg-alignments", {k: str(v) for k, v in params.items()})
    return [dict(zip(result.columns, row)) for row in result.rows]


@covers("sdg-alignments")
def test_sdg_alignments_of_the_sample(store):
    rows = _rows(store, release=SAMPLE.stem)
    assert {r["release_id"] for r in rows} == {SAMPLE.stem}
    release = vocab.release_iri(SAMPLE.stem)
    at_release = {r["concept"]: r for r in rows if r["item"] == release}
    for concept in ("16", "16.2", "8", "8.7"):
        r = at_release[SDG + concept]
        assert r["method"] == "text-inferred"
        assert 0 < r["confidence"] < 1
        assert r["rule"].startswith("sdg-lexicon:")
        assert r["section"] in ("title", "summary", "body")
        assert r["goal"] == SDG + concept.split(".")[0]
    assert "trafficking" in at_release[SDG + "16.2"]["sentence"].lower()
    # the programme named in a sentence carries the goal too
    programme = vocab.initiative_iri("combating-human-trafficking-program")
    assert any(r["item"] == programme and r["concept"] == SDG + "16" for r in rows)


@covers("sdg-alignments")
def test_sdg_alignments_footer_and_goal_filter(store):
    rows = _rows(store, release=FISH.stem)
    footer = {r["concept"] for r in rows if r["method"] == "footer-listed"}
    assert footer == {SDG + "8", SDG + "5", SDG + "14"}
    for r in rows:
        if r["method"] == "footer-listed":
            assert r["confidence"] == 1 and r["rule"] == "footer:goals"
            assert r["section"] == "footer-sdgs" and "SDG" in r["sentence"]
    # a goal matches its targets, in every release
    eight = _rows(store, goal="SDG 8")
    assert {r["goal"] for r in eight} == {SDG + "8"}
    assert {r["concept"] for r in eight} == {SDG + "8", SDG + "8.7"}
    assert {r["release_id"] for r in eight} == {SAMPLE.stem, FISH.stem}
    assert _rows(store, release=SAMPLE.stem, goal=6) == []
