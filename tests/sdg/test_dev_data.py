"""The classifier on the development data in ../shared/data (read in place, never copied).

Skipped, with the reason, when that folder is absent (a checkout without the shared data).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pressgraph.sdg import Classifier
from pressgraph.sdg.evaluate import (
    cross_validate,
    evaluate_binary,
    evaluate_multilabel,
    read_benchmark,
    read_plan_entries,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
BENCHMARK = SHARED / "sdg-benchmark" / "sdg_benchmark_dev.csv"
PLANS = SHARED / "uninfo-jwp" / "uninfo_jwp_dev.csv.gz"

needs_benchmark = pytest.mark.skipif(
    not BENCHMARK.exists(), reason=f"SDG benchmark dev data not found at {BENCHMARK}"
)
needs_plans = pytest.mark.skipif(
    not PLANS.exists(), reason=f"UN INFO plan entries not found at {PLANS}"
)


@pytest.fixture(scope="module")
def rows():
    return read_benchmark(BENCHMARK)


@needs_benchmark
def test_benchmark_dev_figures(rows):
    assert len(rows) == 768
    report = evaluate_binary(rows)
    assert report.overall.accuracy >= 0.85
    assert report.overall.f1 >= 0.85
    assert sorted(report.per_goal) == list(range(1, 18))
    # no goal is left far behind
    assert min(c.accuracy for c in report.per_goal.values()) >= 0.7


@needs_benchmark
def test_benchmark_cross_validated_thresholds(rows):
    # thresholds tuned on 4/5 of the rows, scored on the other 1/5, pooled
    counts = cross_validate(rows, Classifier(), folds=5, repeats=1)
    assert counts.n == len(rows)
    assert counts.accuracy >= 0.85 and counts.f1 >= 0.85


@needs_plans
def test_plan_entries_goal_and_target_f1():
    entries = read_plan_entries(PLANS)[:1500]
    assert all(goals for _id, _text, goals, _targets in entries)
    assert any(targets for *_rest, targets in entries)
    report = evaluate_multilabel(entries)
    # far from the benchmark: plan labels are editorial, often not in the text
    assert 0.35 <= report.goal_micro_f1 <= 1
    assert report.goal_macro_f1 > 0.25
    assert 0.1 <= report.target_micro_f1 <= 1
