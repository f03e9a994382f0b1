"""SDG links in the graph: official IRIs, method and confidence on each link, items tied by
a sentence, footer-versus-text disagreements and coverage per country with the method."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressgraph import vocab
from pressgraph.build import build
from pressgraph.queries import run_query
from pressgraph.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"
FISH = ROOT / "tests" / "fixtures" / "releases" / "2021-11-08-fao-nigeria-women-fish-processors.md"
SAMPLE_ID = SAMPLE.stem
FISH_ID = FISH.stem


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = GraphStore.open(tmp_path_factory.mktemp("sdg") / "store")
    build([SAMPLE, FISH], store=s)
    yield s
    s.close()


ALIGNMENTS = """
PREFIX pg: <https://w3id.org/pressgraph/ont#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?release ?item ?concept ?method ?confidence ?rule WHERE {
  ?a a pg:GoalAlignment ; pg:inRelease ?release ; pg:alignedItem ?item ;
     pg:sdgConcept ?concept ; pg:extractionMethod ?method ; pg:confidence ?confidence .
  OPTIONAL { ?a pg:rule ?rule }
  ?item dct:subject ?concept .
}
"""


def _alignments(store):
    out = []
    for row in store.sparql(ALIGNMENTS):
        out.append(
            {
                "release": row["release"].value,
                "item": row["item"].value,
                "concept": row["concept"].value,
                "method": row["method"].value.rsplit("/", 1)[-1],
                "confidence": float(row["confidence"].value),
                "rule": row["rule"].value if row["rule"] else None,
            }
        )
    return out


def test_text_goals_of_the_sample_in_the_graph(store):
    rows = [r for r in _alignments(store) if r["release"] == vocab.release_iri(SAMPLE_ID)]
    release_level = {r["concept"]: r for r in rows if r["item"] == vocab.release_iri(SAMPLE_ID)}
    for concept in ("16", "16.2", "8", "8.7"):
        iri = f"http://metadata.un.org/sdg/{concept}"
        assert iri in release_level, concept
        link = release_level[iri]
        assert link["method"] == "method-text-inferred"
        assert 0 < link["confidence"] < 1
        assert link["rule"].startswith("sdg-lexicon:")
    # the programme named in the evidence sentence carries the goal too
    programme = vocab.initiative_iri("combating-human-trafficking-program")
    assert any(
        r["item"] == programme and r["concept"] == "http://metadata.un.org/sdg/16" for r in rows
    )


def test_footer_and_text_links_side_by_side(store):
    rows = [
        r
        for r in _alignments(store)
        if r["release"] == vocab.release_iri(FISH_ID) and r["item"] == vocab.release_iri(FISH_ID)
    ]
    footer = {
        r["concept"].rsplit("/", 1)[-1] for r in rows if r["method"] == "method-footer-listed"
    }
    text = {r["concept"].rsplit("/", 1)[-1] for r in rows if r["method"] == "method-text-inferred"}
    assert footer == {"8", "5", "14"}
    assert {"14", "5", "2"} <= text
    assert all(r["confidence"] == 1.0 for r in rows if r["method"] == "method-footer-listed")


def test_footer_text_disagreements(store):
    result = run_query(store, "footer-text-disagreements", {"release": FISH_ID})
    cols = result.columns
    got = {
        (str(row[cols.index("goal")]).rsplit("/", 1)[-1], str(row[cols.index("found_in")]))
        for row in result.rows
    }
    assert ("8", "footer only") in got  # decent work: listed, but the text does not say so
    assert ("2", "text only") in got  # food and harvests: in the text, not in the footer
    assert not {g for g, _ in got} & {"5", "14"}  # both agree on these
    # the sample has no footer goals: nothing to disagree with
    assert run_query(store, "footer-text-disagreements", {"release": SAMPLE_ID}).rows == []


def test_sdg_coverage_by_country_reports_the_method(store):
    result = run_query(store, "sdg-coverage-by-country", {})
    cols = result.columns
    rows = [dict(zip(cols, (str(x) for x in row))) for row in result.rows]
    tkm = {
        (r["goal"].rsplit("/", 1)[-1], r["method"]) for r in rows if r["country"].endswith("TKM")
    }
    assert ("16", "text-inferred") in tkm and ("8", "text-inferred") in tkm
    nga = {
        (r["goal"].rsplit("/", 1)[-1], r["method"]) for r in rows if r["country"].endswith("NGA")
    }
    assert ("14", "footer-listed") in nga and ("14", "text-inferred") in nga
