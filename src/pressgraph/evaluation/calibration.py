"""How confidence tracks precision, and fitting per-rule confidences on a gold set.

Each scored prediction (organization, person, programme, funding edge) gives one item
(kind, rule, confidence, correct). Predictions matching an ``uncertain`` gold item are not
items: they are neither right nor wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..extract.calibration import KINDS, calibrated, family

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# pseudo-observations of the prior in each shrinkage step; chosen by leave-one-document-out
# ECE on the development set (1: 0.107, 4: 0.089, 8: 0.072, 16: 0.040, 32: 0.053)
WEIGHT = 16.0


@dataclass(frozen=True)
class Item:
    kind: str
    rule: str
    confidence: float
    correct: bool


def reliability(items: list[Item], bins: tuple[float, ...] = BINS) -> dict[str, Any]:
    """Precision per confidence bin and the expected calibration error (ECE): the mean,
    weighted by bin size, of |precision - mean confidence|."""
    rows = []
    n_all = len(items)
    ece = 0.0
    for lo, hi in zip(bins, bins[1:]):
        last = hi == bins[-1]
        inside = [i for i in items if lo <= i.confidence < hi or (last and i.confidence == hi)]
        if not inside:
            rows.append(
                {"bin": f"{lo:.1f}-{hi:.1f}", "n": 0, "confidence": None, "precision": None}
            )
            continue
        conf = sum(i.confidence for i in inside) / len(inside)
        prec = sum(i.correct for i in inside) / len(inside)
        ece += len(inside) / n_all * abs(prec - conf)
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": len(inside),
                "confidence": round(conf, 3),
                "precision": round(prec, 3),
            }
        )
    return {
        "n": n_all,
        "precision": round(sum(i.correct for i in items) / n_all, 3) if n_all else None,
        "mean_confidence": round(sum(i.confidence for i in items) / n_all, 3) if n_all else None,
        "ece": round(ece, 3) if n_all else None,
        "bins": rows,
    }


def fit(items: list[Item], *, weight: float = WEIGHT) -> dict[str, dict[str, float]]:
    """Per-rule confidences: the rule's precision, shrunk towards its family's, which is
    shrunk towards the mean prior confidence (``weight`` pseudo-observations each)."""
    table: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        mine = [i for i in items if i.kind == kind]
        if not mine:
            continue
        out: dict[str, float] = {}
        by_family: dict[str, list[Item]] = defaultdict(list)
        for i in mine:
            by_family[family(i.rule)].append(i)
        for fam, fam_items in sorted(by_family.items()):
            prior = sum(i.confidence for i in fam_items) / len(fam_items)
            fam_value = (sum(i.correct for i in fam_items) + weight * prior) / (
                len(fam_items) + weight
            )
            out[fam] = _clip(fam_value)
            by_rule: dict[str, list[Item]] = defaultdict(list)
            for i in fam_items:
                by_rule[i.rule].append(i)
            for rule, rule_items in sorted(by_rule.items()):
                value = (sum(i.correct for i in rule_items) + weight * fam_value) / (
                    len(rule_items) + weight
                )
                out[rule] = _clip(value)
        table[kind] = out
    return table


def _clip(x: float) -> float:
    return round(min(0.99, max(0.05, x)), 2)


def recalibrate(items: list[Item], table: dict[str, dict[str, float]]) -> list[Item]:
    """The items as they would score with ``table``'s confidences."""
    return [
        Item(i.kind, i.rule, calibrated(table, i.kind, i.rule, i.confidence), i.correct)
        for i in items
    ]


def leave_one_out(per_doc: list[list[Item]], *, weight: float = WEIGHT) -> list[Item]:
    """Each document's items calibrated by a table fitted on the other documents: an
    estimate of calibration on unseen documents."""
    out: list[Item] = []
    for k, items in enumerate(per_doc):
        rest = [i for j, d in enumerate(per_doc) if j != k for i in d]
        out += recalibrate(items, fit(rest, weight=weight))
    return out


def write_table(table: dict[str, dict[str, float]], path: Path, *, note: str) -> None:
    """Write a fitted table as YAML (temp file, then rename)."""
    body = {"version": 1, "note": note, **table}
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(
        "# Fitted by `pressgraph eval extraction GOLD --calibrate`: per-rule confidences.\n"
        + yaml.safe_dump(body, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    tmp.replace(path)


def format_reliability(rel: dict[str, Any], title: str) -> str:
    lines = [
        f"{title}: n {rel['n']}, precision {rel['precision']}, "
        f"mean confidence {rel['mean_confidence']}, ECE {rel['ece']}",
        f"  {'confidence':>12} {'n':>5} {'mean conf':>10} {'precision':>10}",
    ]
    for row in rel["bins"]:
        conf = "-" if row["confidence"] is None else f"{row['confidence']:.3f}"
        prec = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        lines.append(f"  {row['bin']:>12} {row['n']:>5} {conf:>10} {prec:>10}")
    return "\n".join(lines)
