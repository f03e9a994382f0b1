"""The SDG lexicon: weighted terms per goal, phrases per target, tuned thresholds.

The lexicon is ``pressgraph/data/sdg_lexicon.yaml`` (pressgraph's own data, see its header).
A term is a sequence of word patterns; a word ending in ``*`` matches any word that starts
with it.

>>> lex = load_lexicon()
>>> sorted(lex.goal_terms)[:3], len(lex.goal_terms)
([1, 2, 3], 17)
>>> parse_term("vaccin* campaign*")
(('vaccin', True), ('campaign', True))
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import PressgraphError
from ..resources import data_dir

WORD = re.compile(r"[a-z0-9]+")

# defaults for the scoring parameters; the lexicon file's ``params`` overrides them
DEFAULT_PARAMS = {
    "threshold": 0.5,  # score a goal needs when the lexicon has no threshold for it
    "scale": 4.0,  # raw weight that gives a score of 1 - 1/e
    "repeat": 0.5,  # extra weight of each repeated occurrence of a term (sqrt-damped)
    "max_repeat": 4,  # occurrences counted per term
    "ratio": 0.0,  # a goal must score at least ratio × the best goal's score
    "norm_tokens": 120,  # texts longer than this are scored as if this long (sqrt damping)
    "target_min": 1.0,  # target weight needed to report a target (its goal must be in)
}

TokenPattern = tuple[tuple[str, bool], ...]


def parse_term(term: str) -> TokenPattern:
    """A term as a tuple of (word, is_prefix)."""
    words = []
    for raw in term.lower().split():
        prefix = raw.endswith("*")
        word = raw.rstrip("*")
        for part in WORD.findall(word):
            words.append((part, False))
        if not words:
            raise PressgraphError(f"SDG lexicon: empty term {term!r}")
        if prefix:
            words[-1] = (words[-1][0], True)
    return tuple(words)


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a pattern that votes for a goal or a target with a weight."""

    text: str
    pattern: TokenPattern
    label: str  # "8" for a goal, "8.7" for a target
    weight: float


@dataclass
class Lexicon:
    goal_terms: dict[int, list[Term]]
    target_terms: dict[str, list[Term]]
    thresholds: dict[int, float] = field(default_factory=dict)
    params: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PARAMS))
    path: str | None = None

    def threshold(self, goal: int) -> float:
        return self.thresholds.get(goal, self.params["threshold"])

    def all_terms(self) -> list[Term]:
        out = [t for terms in self.goal_terms.values() for t in terms]
        out += [t for terms in self.target_terms.values() for t in terms]
        return out


def lexicon_path() -> Path:
    return data_dir() / "sdg_lexicon.yaml"


def _goal_of(code: str) -> int:
    return int(code.split(".")[0])


def lexicon_from_dict(data: dict, *, path: str | None = None) -> Lexicon:
    """Build a lexicon from the YAML structure (goals, targets, thresholds, params)."""
    goal_terms: dict[int, list[Term]] = {}
    goal_weights: dict[tuple[int, TokenPattern], float] = {}
    for goal, terms in (data.get("goals") or {}).items():
        goal = int(goal)
        if not 1 <= goal <= 17:
            raise PressgraphError(f"SDG lexicon: goal {goal} is not in 1-17")
        entries = []
        for text, weight in (terms or {}).items():
            pattern = parse_term(str(text))
            entries.append(Term(str(text), pattern, str(goal), float(weight)))
            goal_weights[(goal, pattern)] = float(weight)
        goal_terms[goal] = entries
    target_terms: dict[str, list[Term]] = {}
    for code, terms in (data.get("targets") or {}).items():
        code = str(code)
        if not re.fullmatch(r"\d{1,2}\.(?:\d{1,2}|[a-z])", code):
            raise PressgraphError(f"SDG lexicon: bad target code {code!r}")
        goal = _goal_of(code)
        entries = []
        for text in terms or []:
            pattern = parse_term(str(text))
            weight = max(goal_weights.get((goal, pattern), 2.0), 1.0)
            entries.append(Term(str(text), pattern, code, weight))
        target_terms[code] = entries
    params = dict(DEFAULT_PARAMS)
    params.update({k: float(v) for k, v in (data.get("params") or {}).items()})
    thresholds = {int(k): float(v) for k, v in (data.get("thresholds") or {}).items()}
    return Lexicon(goal_terms, target_terms, thresholds, params, path)


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon at ``path`` (default: the packaged one), parsed once."""
    p = Path(path) if path else lexicon_path()
    try:
        with p.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    except OSError as err:
        raise PressgraphError(f"SDG lexicon {p}: {err}") from err
    return lexicon_from_dict(data, path=str(p))
