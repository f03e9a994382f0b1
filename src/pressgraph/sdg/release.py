"""The pipeline component ``sdgs``: text-inferred goals and targets of a release.

Goals listed in the footer are read by the ``relations`` component (method ``footer``,
confidence 1); this component adds what the text says (method ``text``): the classifier's
goals and targets for the release, with the sentence that holds most of the triggering terms
as evidence, and the same goal for a programme or event when that sentence names it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from .classifier import Classification, Classifier, Hit, default_classifier

RULE_PREFIX = "sdg-lexicon"
MAX_RULE_TERMS = 6
# an inferred goal is never as certain as one the page lists: confidence = CAP × score
CONFIDENCE_CAP = 0.9


def _sentence_hits(doc, hits: list[Hit]):
    """Sentences of the release with the distinct terms they hold, most terms first."""
    out = []
    hits = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in hits]
    n = len(hits)
    for sent in doc.sentences:
        # only the hits starting inside the sentence can lie in it (bisect, not a scan)
        i = bisect_left(starts, sent.start)
        found = set()
        while i < n and hits[i].start <= sent.end:
            if hits[i].end <= sent.end:
                found.add(hits[i].term)
            i += 1
        terms = sorted(found)
        if terms:
            out.append((sent, terms))
    out.sort(key=lambda st: (-len(st[1]), st[0].start))
    return out


def _evidence(sent, terms: list[str], confidence: float) -> dict[str, Any]:
    return {
        "text": sent.text,
        "start": sent.start,
        "end": sent.end,
        "section": sent.section,
        "method": "text-inferred",
        "confidence": confidence,
        "rule": f"{RULE_PREFIX}:" + ",".join(terms[:MAX_RULE_TERMS]),
    }


def _items_in(doc, sent) -> list[str]:
    """Programmes and events that a sentence names or reports."""
    items = []
    for p in doc.programs.values():
        if any(sent.start <= m["start"] and m["end"] <= sent.end for m in p.get("mentions") or []):
            items.append(p["id"])
    for e in doc.events.values():
        ev = e.get("evidence") or {}
        if ev.get("start") == sent.start:
            items.append(e["id"])
    return items


def classify_release(doc, classifier: Classifier | None = None) -> Classification | None:
    """Classify a release's title, summary and body (not its footers)."""
    if not doc.sentences:
        return None
    end = max(s.end for s in doc.sentences)
    return (classifier or default_classifier()).classify(doc.text[:end])


def _text_alignment(
    id_: str, goal: int, target: str | None, item: str | None, conf: float, sent, terms
) -> dict:
    """One method-``text`` goal or target alignment, with its evidence sentence."""
    return {
        "id": id_,
        "goal": goal,
        "target": target,
        "method": "text",
        "confidence": conf,
        "item": item,
        "evidence": _evidence(sent, terms, conf),
    }


def infer_sdgs(doc, classifier: Classifier | None = None) -> None:
    """Run the ``sdgs`` component: append method-``text`` goals and targets to ``doc.sdgs``."""
    if not doc.sentences:
        return
    end = max(s.end for s in doc.sentences)
    # the evidence is read from the release's own sentences below: the classifier's
    # sentence split is not needed (classify_release gives the full result)
    result = (classifier or default_classifier()).classify(doc.text[:end], evidence=False)
    for g in result.goals:
        ranked = _sentence_hits(doc, g.hits)
        if not ranked:
            continue
        conf = round(CONFIDENCE_CAP * g.score, 2)
        sent, terms = ranked[0]
        doc.sdgs.append(
            _text_alignment(f"text-goal-{g.goal}", g.goal, None, None, conf, sent, terms)
        )
        tied: set[str] = set()
        for sent, terms in ranked:
            for item in _items_in(doc, sent):
                if item in tied:
                    continue
                tied.add(item)
                doc.sdgs.append(
                    _text_alignment(
                        f"text-goal-{g.goal}-{item}", g.goal, None, item, conf, sent, terms
                    )
                )
    for t in result.targets:
        ranked = _sentence_hits(doc, t.hits)
        if not ranked:
            continue
        conf = round(CONFIDENCE_CAP * t.score, 2)
        sent, terms = ranked[0]
        doc.sdgs.append(
            _text_alignment(f"text-target-{t.target}", t.goal, t.target, None, conf, sent, terms)
        )
