"""Measuring the SDG classifier: binary relevance (the SDG Classification Benchmark's form)
and multi-label goal/target F1 (UN INFO plan entries' form), plus threshold tuning.

A benchmark row asks one question: is ``text`` relevant to goal ``sdg``? The prediction is
positive when that goal is among the goals the classifier returns.
"""

from __future__ import annotations

import csv
import gzip
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PressgraphError
from .classifier import Classifier, default_classifier


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    sdg: int
    label: bool


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, predicted: bool, label: bool) -> None:
        if predicted and label:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif label:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class BinaryReport:
    overall: Counts
    per_goal: dict[int, Counts]
    errors: list[tuple[Row, list[int]]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "per_goal": {g: c.as_dict() for g, c in sorted(self.per_goal.items())},
        }


def _truth(value: str) -> bool:
    v = str(value).strip().lower()
    if v in ("true", "1", "yes", "y", "t"):
        return True
    if v in ("false", "0", "no", "n", "f"):
        return False
    raise PressgraphError(f"label {value!r} is not true/false")


def read_benchmark(path: str | Path) -> list[Row]:
    """Rows of a labelled CSV with columns ``id,text,sdg,label``."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    try:
        with opener(p, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "sdg", "label"} - set(reader.fieldnames or [])
            if missing:
                raise PressgraphError(f"{p}: missing column(s) {', '.join(sorted(missing))}")
            rows = []
            for i, r in enumerate(reader, start=2):
                try:
                    sdg = int(str(r["sdg"]).strip())
                    rows.append(Row(r.get("id") or str(i), r["text"], sdg, _truth(r["label"])))
                except (ValueError, PressgraphError) as err:
                    raise PressgraphError(f"{p}, line {i}: {err}") from err
    except OSError as err:
        raise PressgraphError(f"{p}: {err}") from err
    return rows


def evaluate_binary(
    rows: Iterable[Row], classifier: Classifier | None = None, *, keep_errors: bool = False
) -> BinaryReport:
    """Accuracy, precision, recall and F1 of "goal ``sdg`` is among the returned goals"."""
    c = classifier or default_classifier()
    overall, per_goal, errors = Counts(), {}, []
    for row in rows:
        goals = c.predict(row.text)
        predicted = row.sdg in goals
        overall.add(predicted, row.label)
        per_goal.setdefault(row.sdg, Counts()).add(predicted, row.label)
        if keep_errors and predicted != row.label:
            errors.append((row, goals))
    return BinaryReport(overall, per_goal, errors)


# ----------------------------------------------------------------------------- tuning


def tune_thresholds(
    rows: Sequence[Row],
    classifier: Classifier,
    *,
    grid: Sequence[float] | None = None,
    shrink: float = 0.5,
    base: float = 0.5,
) -> dict[int, float]:
    """Per goal, the threshold that maximizes accuracy on ``rows`` (ties: the middle one),
    pulled towards ``base`` by ``shrink`` (0: the goal's own optimum; 1: ``base``) so that
    thresholds tuned on ~45 rows per goal do not chase their noise.

    The decision for a row also depends on the other goals only through ``ratio``; with the
    default ``ratio`` of 0 each goal's threshold is independent of the others.
    """
    grid = list(grid or [round(0.05 * i, 2) for i in range(1, 20)])
    by_goal: dict[int, list[tuple[float, bool]]] = {}
    for row in rows:
        raw, n = classifier.raw_scores(row.text)
        s = classifier.score_of(raw.get(row.sdg, 0.0), n)
        by_goal.setdefault(row.sdg, []).append((s, row.label))
    out = {}
    for g, pairs in sorted(by_goal.items()):
        accs = [sum((s >= t) == lab for s, lab in pairs) for t in grid]
        best = max(accs)
        ties = [t for t, a in zip(grid, accs) if a == best]
        out[g] = round((1 - shrink) * ties[len(ties) // 2] + shrink * base, 3)
    return out


def cross_validate(
    rows: Sequence[Row],
    classifier: Classifier,
    *,
    folds: int = 5,
    seed: int = 0,
    repeats: int = 4,
    shrink: float = 0.5,
) -> Counts:
    """Pooled counts of ``folds``-fold cross-validation of the per-goal thresholds."""
    total = Counts()
    for rep in range(repeats):
        order = list(range(len(rows)))
        random.Random(seed + rep).shuffle(order)
        for k in range(folds):
            test = [rows[i] for j, i in enumerate(order) if j % folds == k]
            train = [rows[i] for j, i in enumerate(order) if j % folds != k]
            thresholds = tune_thresholds(train, classifier, shrink=shrink)
            for row in test:
                raw, n = classifier.raw_scores(row.text)
                s = classifier.score_of(raw.get(row.sdg, 0.0), n)
                total.add(s > 0 and s >= thresholds.get(row.sdg, 0.5), row.label)
    return total


# ----------------------------------------------------------------------------- multi-label


@dataclass
class MultiLabelReport:
    goal_micro_f1: float
    goal_macro_f1: float
    target_micro_f1: float
    target_macro_f1: float
    n: int
    per_goal: dict[int, Counts]

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "goals": {
                "micro_f1": round(self.goal_micro_f1, 4),
                "macro_f1": round(self.goal_macro_f1, 4),
            },
            "targets": {
                "micro_f1": round(self.target_micro_f1, 4),
                "macro_f1": round(self.target_macro_f1, 4),
            },
        }


_GOAL_IN_LIST = re.compile(r"(?:^|;)\s*(\d{1,2})\b")
_TARGET_IN_LIST = re.compile(r"(?:^|[;,.]|\s)(\d{1,2}\.(?:\d{1,2}|[a-z]))\s")


def read_plan_entries(path: str | Path) -> list[tuple[str, str, set[int], set[str]]]:
    """(id, text, goals, targets) of UN INFO Joint Work Plan sub-outputs (CSV, maybe gzip)."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    out = []
    with opener(p, "rt", encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            goals = {int(g) for g in _GOAL_IN_LIST.findall(r.get("sdg_goals") or "")}
            goals = {g for g in goals if 1 <= g <= 17}
            if not goals:
                continue
            targets = set(_TARGET_IN_LIST.findall(" " + (r.get("sdg_targets") or "") + " "))
            targets = {t for t in targets if int(t.split(".")[0]) in range(1, 18)}
            text = r.get("sub_output") or ""
            text = re.sub(r"^[\d.]+\s*-\s*(?:[\d.]+\s+)?", "", text)
            desc = r.get("description") or ""
            if desc.strip() not in ("", "-"):
                text = f"{text}\n{desc}"
            out.append((r.get("id") or "", text, goals, targets))
    return out


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate_multilabel(
    entries: Iterable[tuple[str, str, set[int], set[str]]], classifier: Classifier | None = None
) -> MultiLabelReport:
    """Micro and macro F1 of predicted goal sets and target sets."""
    c = classifier or default_classifier()
    goal_counts: dict[int, Counts] = {g: Counts() for g in range(1, 18)}
    target_counts: dict[str, list[int]] = {}
    n = 0
    for _id, text, goals, targets in entries:
        n += 1
        result = c.classify(text)
        pred_goals = set(result.goal_numbers())
        pred_targets = {t.target for t in result.targets}
        for g in range(1, 18):
            goal_counts[g].add(g in pred_goals, g in goals)
        for t in pred_targets | targets:
            tc = target_counts.setdefault(t, [0, 0, 0])
            tc[0 if (t in pred_targets and t in targets) else 1 if t in pred_targets else 2] += 1
    gtp = sum(c.tp for c in goal_counts.values())
    gfp = sum(c.fp for c in goal_counts.values())
    gfn = sum(c.fn for c in goal_counts.values())
    present = [c for c in goal_counts.values() if c.tp + c.fn > 0]
    ttp = sum(v[0] for v in target_counts.values())
    tfp = sum(v[1] for v in target_counts.values())
    tfn = sum(v[2] for v in target_counts.values())
    t_present = [v for v in target_counts.values() if v[0] + v[2] > 0]
    return MultiLabelReport(
        goal_micro_f1=_f1(gtp, gfp, gfn),
        goal_macro_f1=sum(c.f1 for c in present) / len(present) if present else 0.0,
        target_micro_f1=_f1(ttp, tfp, tfn),
        target_macro_f1=sum(_f1(*v) for v in t_present) / len(t_present) if t_present else 0.0,
        n=n,
        per_goal=goal_counts,
    )


def format_report(report: BinaryReport) -> str:
    """The report as a plain-text table: overall, then one line per goal."""
    lines = [f"{'':8} {'n':>5} {'accuracy':>9} {'precision':>9} {'recall':>7} {'F1':>6}"]

    def line(name: str, c: Counts) -> str:
        figures = f"{c.accuracy:>9.3f} {c.precision:>9.3f} {c.recall:>7.3f} {c.f1:>6.3f}"
        return f"{name:8} {c.n:>5} {figures}"

    lines.append(line("overall", report.overall))
    for g, c in sorted(report.per_goal.items()):
        lines.append(line(f"SDG {g}", c))
    return "\n".join(lines)
