"""Sustainable Development Goals: footer goals and an explainable text classifier.

>>> from pressgraph.sdg import classify
>>> result = classify("Police and prosecutors met to fight human trafficking and forced labour.")
>>> [g.goal for g in result.goals]
[16, 8]
"""

from __future__ import annotations

from .classifier import (
    Classification,
    Classifier,
    GoalScore,
    Hit,
    TargetScore,
    classify,
    default_classifier,
)
from .lexicon import Lexicon, load_lexicon

__all__ = [
    "Classification",
    "Classifier",
    "GoalScore",
    "Hit",
    "Lexicon",
    "TargetScore",
    "classify",
    "default_classifier",
    "load_lexicon",
]
