"""A plain-text explanation of a classification: every goal's score and terms, the decision."""

from __future__ import annotations

from .classifier import Classifier, default_classifier


def explain(text: str, classifier: Classifier | None = None) -> str:
    """Why the classifier returns (or not) each goal for ``text``.

    >>> print(explain("Solar mini-grids bring electricity to rural clinics."))  # doctest: +ELLIPSIS
    SDG 7  score 0.89 ≥ 0.55  YES  terms: electricity (3), mini grid* (3), solar (3)
    ...
    """
    c = classifier or default_classifier()
    result = c.classify(text)
    chosen = set(result.goal_numbers())
    weights = {t.text: t.weight for ts in c.lexicon.goal_terms.values() for t in ts}
    lines = []
    for g in sorted(result.scores, key=lambda g: (-result.scores[g].score, g)):
        s = result.scores[g]
        thr = c.goal_threshold(g)
        verdict = "YES" if g in chosen else "no"
        sign = "≥" if s.score >= thr else "<"
        terms = ", ".join(f"{t} ({weights.get(t, 0):g})" for t in s.terms)
        lines.append(
            f"SDG {g:<2} score {s.score:.2f} {sign} {thr:.2f}  {verdict:3}  terms: {terms}"
        )
    if not lines:
        lines.append("no lexicon term found: no goal")
    for gs in result.goals:
        for ev in gs.evidence:
            lines.append(f"  evidence for SDG {gs.goal}: {ev}")
    for t in result.targets:
        lines.append(f"  target {t.target}: score {t.score:.2f}, terms: {', '.join(t.terms)}")
    return "\n".join(lines)
