"""Calibrated confidences: what a fact's rule is worth, measured on labelled documents.

Every extracted organization, person, programme and funding carries the confidence of the
rule that produced it. The hand-set values are priors; ``data/calibration.yaml`` replaces
them with the precision each rule reached on the development gold set (smoothed towards
its rule family, then towards the prior, so that a rule seen twice does not jump to 0 or
1). ``pressgraph eval extraction GOLD --calibrate`` refits that file; the eval reports how
well confidence then tracks precision (reliability bins and expected calibration error).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

CALIBRATION_FILE = Path(__file__).resolve().parents[1] / "data" / "calibration.yaml"
KINDS = ("organization", "person", "program", "funding")
_RECORD_KEYS = {
    "organization": "organizations",
    "person": "people",
    "program": "programs",
    "funding": "fundings",
}


def rule_of(kind: str, item: dict[str, Any]) -> str:
    """The rule a record item came from: an organization's ``source``, else its evidence's."""
    if kind == "organization":
        return str(item.get("source") or "")
    return str((item.get("evidence") or {}).get("rule") or "")


def confidence_of(kind: str, item: dict[str, Any]) -> float:
    if kind == "organization":
        return float(item.get("confidence") or 0.0)
    return float((item.get("evidence") or {}).get("confidence") or 0.0)


def family(rule: str) -> str:
    """ "pattern:ministry" -> "pattern:*"; "gazetteer:un_entities" -> "gazetteer:*"."""
    return rule.split(":", 1)[0] + ":*"


@functools.cache
def load_calibration(path: str | None = None) -> dict[str, dict[str, float]]:
    """The fitted table {kind: {rule or family: confidence}}; empty when there is none."""
    p = Path(path) if path else CALIBRATION_FILE
    if not p.is_file():
        return {}
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    return {k: {str(r): float(v) for r, v in (data.get(k) or {}).items()} for k in KINDS}


def calibrated(table: dict[str, dict[str, float]], kind: str, rule: str, prior: float) -> float:
    rules = table.get(kind) or {}
    if rule in rules:
        return rules[rule]
    return rules.get(family(rule), prior)


def apply_calibration(record: dict[str, Any], table: dict | None = None) -> None:
    """Replace each fact's rule prior by the rule's calibrated confidence (in place)."""
    table = load_calibration() if table is None else table
    if not table:
        return
    for kind in KINDS:
        for item in record.get(_RECORD_KEYS[kind]) or []:
            value = calibrated(table, kind, rule_of(kind, item), confidence_of(kind, item))
            if kind == "organization":
                item["confidence"] = value
            elif item.get("evidence") is not None:
                item["evidence"]["confidence"] = value
