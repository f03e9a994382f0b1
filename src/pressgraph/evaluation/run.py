"""Running extraction over a gold set and reporting the figures."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..extract.calibration import KINDS, apply_calibration, load_calibration
from ..extract.gazetteer import load_gazetteer
from ..extract.pipeline import extract_source
from .calibration import Item, format_reliability, leave_one_out, recalibrate, reliability
from .corpus import Corpus, Document
from .gold import Gold, GoldDoc, GoldError
from .scoring import PRF_METRICS, RATIO_METRICS, DocResult, Scores, aggregate, score_document


@dataclass
class Evaluation:
    results: list[DocResult]
    sets: dict[str, Scores]
    seconds: float
    records: dict[str, dict] = field(default_factory=dict)

    def items(self) -> list[Item]:
        """Every scored prediction with its rule's prior confidence."""
        return [i for r in self.results for i in r.items]

    def calibration(self) -> dict[str, Any]:
        """Reliability of the confidences: the rules' priors, the calibrated table on this
        set (in-sample), and a table fitted on the other documents (leave-one-document-out)."""
        items = self.items()
        table = load_calibration()
        out = {
            "prior": reliability(items),
            "calibrated": reliability(recalibrate(items, table)) if table else None,
            "leave_one_document_out": reliability(leave_one_out([r.items for r in self.results])),
        }
        for kind in KINDS:
            mine = [i for i in items if i.kind == kind]
            if mine and table:
                out[f"calibrated_{kind}"] = reliability(recalibrate(mine, table))
        return out

    def as_dict(self, *, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": len(self.results),
            "seconds": round(self.seconds, 3),
            "sets": {k: v.as_dict() for k, v in self.sets.items()},
            "calibration": self.calibration(),
        }
        if details:
            out["per_document"] = [
                {"document": r.label, **r.scores.as_dict(), "errors": r.errors}
                for r in self.results
            ]
        return out


def evaluate(gold: Gold, *, data_dir: str | Path | None = None) -> Evaluation:
    """Extract each gold document's text and score the record."""
    corpus = Corpus(data_dir)
    docs: list[tuple[GoldDoc, Document]] = []
    for g in gold.documents:
        if g.set != "sample" and not corpus.available():
            raise GoldError(
                f"the labelled texts are not in {corpus.data_dir} (ReliefWeb samples); "
                "pass --inputs DIR"
            )
        try:
            docs.append((g, corpus.document(g.ref)))
        except KeyError as err:
            raise GoldError(f"{g.label}: {err.args[0]}") from err
    gaz = load_gazetteer()
    results, records = [], {}
    start = time.perf_counter()
    for g, d in docs:
        record = extract_source(d.source, gazetteer=gaz, calibrate=False)
        results.append(score_document(record, g))  # items carry the rules' priors
        apply_calibration(record)
        records[g.label] = record
    seconds = time.perf_counter() - start
    return Evaluation(results=results, sets=aggregate(results), seconds=seconds, records=records)


def check_gold(gold: Gold, *, data_dir: str | Path | None = None) -> list[str]:
    """Label strings that do not occur in their document's text (surfaces, people)."""
    corpus = Corpus(data_dir)
    problems = []
    for g in gold.documents:
        if g.set != "sample" and not corpus.available():
            continue
        text = corpus.document(g.ref).text
        strings = []
        for o in g.organizations:
            strings += o.get("surfaces") or []
        for p in g.people:
            strings += [p["name"], *(p.get("surfaces") or [])]
        for p in g.programs:
            strings += p.get("surfaces") or []
        for s in strings:
            if not occurs(s, text):
                problems.append(f"{g.label}: {s!r} does not occur in the text")
    return problems


def occurs(surface: str, text: str) -> bool:
    """Case-sensitive, as a whole token sequence (not glued to a letter or digit)."""
    unify = str.maketrans({"’": "'", "‘": "'", "–": "-"})
    surface, text = surface.translate(unify), text.translate(unify)
    pattern = r"(?<![^\W_])" + re.escape(" ".join(surface.split())) + r"(?![^\W_])"
    return re.search(pattern, text) is not None


_LABELS = {
    "organizations_strict": "organizations (strict)",
    "organizations_lenient": "organizations (lenient)",
    "countries": "countries",
    "people": "people",
    "programs": "programmes",
    "fundings": "funding edges",
    "organization_type": "organization type accuracy",
    "countries_adjective_recall": "adjective-only country recall",
    "people_role": "people role accuracy",
    "people_organization": "people affiliation accuracy",
    "funder_recall": "funder recall",
    "funding_amount": "funding amount accuracy",
    "date": "date accuracy",
}


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_report(ev: Evaluation, *, errors: bool = False) -> str:
    """A plain-text table: P/R/F1 per set, then accuracies with their counts."""
    sets = list(ev.sets)
    lines = [
        f"{len(ev.results)} documents ("
        + ", ".join(f"{k} {v.documents}" for k, v in ev.sets.items() if k != "micro")
        + f"), extraction {ev.seconds:.2f} s",
        "",
        f"{'P / R / F1':32}" + "".join(f"{s:>24}" for s in sets),
    ]
    for m in PRF_METRICS:
        row = f"{_LABELS[m]:32}"
        for s in sets:
            p = ev.sets[s].prf[m]
            row += f"{_f(p.precision) + ' ' + _f(p.recall) + ' ' + _f(p.f1):>24}"
        lines.append(row)
    lines += ["", f"{'accuracy (correct/n)':32}" + "".join(f"{s:>24}" for s in sets)]
    for m in RATIO_METRICS:
        row = f"{_LABELS[m]:32}"
        for s in sets:
            r = ev.sets[s].ratio[m]
            row += f"{_f(r.value) + f' ({r.correct}/{r.n})':>24}"
        lines.append(row)
    cal = ev.calibration()
    lines += ["", "confidence vs precision (organizations, people, programmes, funding edges)"]
    lines.append(format_reliability(cal["prior"], "rule priors"))
    if cal["calibrated"]:
        lines.append(format_reliability(cal["calibrated"], "calibrated (in-sample)"))
    lines.append(
        format_reliability(cal["leave_one_document_out"], "calibrated (leave-one-document-out)")
    )
    if errors:
        lines.append("")
        for r in ev.results:
            if r.errors:
                lines.append(r.label)
                lines += [f"  {e}" for e in r.errors]
    return "\n".join(lines)
