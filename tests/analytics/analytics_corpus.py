"""The invented analytics corpus (tests/fixtures/corpus) in an in-memory store, and the same
facts read straight from the YAML records, for independent expected values."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ORG = "https://w3id.org/pressgraph/id/org/"


def corpus_records() -> list[dict]:
    from pressgraph.records import read_record

    return [read_record(p) for p in sorted(CORPUS.glob("*.yaml"))]


def acting(record: dict, min_confidence: float = 0.0) -> set[str]:
    """Organizations acting in a record, read from the YAML (not from RDF)."""
    out: set[str] = set()
    for p in record["partnerships"]:
        if p["evidence"]["confidence"] >= min_confidence:
            out.update(p["organizations"])
    for f in record["fundings"]:
        if f["evidence"]["confidence"] >= min_confidence:
            out.update(k for k in (f["funder"], f["recipient"], f["channel"]) if k)
    for e in record["events"]:
        if (e.get("evidence") or {}).get("confidence", 1.0) >= min_confidence:
            out.update(e["organizers"] + e["participants"])
    for p in record["programs"]:
        if p.get("owner") and (p.get("evidence") or {}).get("confidence", 1.0) >= min_confidence:
            out.add(p["owner"])
    out.update(f["organization"] for f in record["un_entities_involved"])
    return {ORG + k for k in out}


def expected_edges(records: list[dict], min_confidence: float = 0.0) -> Counter:
    weights: Counter = Counter()
    for r in records:
        for a, b in combinations(sorted(acting(r, min_confidence)), 2):
            weights[(a, b)] += 1
    return weights
