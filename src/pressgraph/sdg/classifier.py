"""An offline, explainable classifier of SDG goals (1-17) and targets.

Every lexicon term found in the text votes for its goal with its weight (repeated
occurrences add a damped extra); a goal's raw weight becomes a score in [0, 1) with
``1 - exp(-raw / scale)``, and the goal is returned when its score reaches the goal's
tuned threshold. Each goal keeps the terms that triggered it and where they are, so the
decision can always be explained. Targets are named by their specific phrases, only under a
goal that is returned.

>>> c = default_classifier()
>>> r = c.classify("Farmers and smallholders face hunger and malnutrition after the drought.")
>>> r.goals[0].goal, r.goals[0].terms[:3]
(2, ['hunger', 'malnutrition', 'smallholder*'])
>>> [t.target for t in r.targets][:2]
['2.1', '2.2']
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from .lexicon import WORD, Lexicon, Term, load_lexicon

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Hit:
    """One occurrence of a lexicon term: ``text[start:end]``."""

    term: str
    start: int
    end: int


@dataclass
class GoalScore:
    goal: int
    score: float
    raw: float
    terms: list[str]  # the distinct terms that triggered it, strongest first
    hits: list[Hit] = field(default_factory=list, repr=False)
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "score": round(self.score, 3),
            "terms": self.terms,
            "evidence": self.evidence,
        }


@dataclass
class TargetScore:
    target: str
    goal: int
    score: float
    terms: list[str]
    hits: list[Hit] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"target": self.target, "score": round(self.score, 3), "terms": self.terms}


@dataclass
class Classification:
    """The goals above threshold (best first), their targets, and every goal's score."""

    goals: list[GoalScore]
    targets: list[TargetScore]
    scores: dict[int, GoalScore]
    tokens: int

    def goal_numbers(self) -> list[int]:
        return [g.goal for g in self.goals]

    def as_dict(self, id: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = {} if id is None else {"id": id}
        out["goals"] = [g.as_dict() for g in self.goals]
        out["targets"] = [t.as_dict() for t in self.targets]
        return out


class _Matcher:
    """Finds every lexicon term in a token list (exact words and word prefixes)."""

    def __init__(self, terms: list[Term]) -> None:
        self.exact: dict[str, list[Term]] = {}
        self.prefix: dict[str, list[Term]] = {}
        for t in terms:
            word, is_prefix = t.pattern[0]
            (self.prefix if is_prefix else self.exact).setdefault(word, []).append(t)
        self.prefix_lengths = sorted({len(w) for w in self.prefix})
        self._cache: dict[str, tuple[Term, ...]] = {}
        self._starting: set[str] = set()  # the cached words that start at least one term

    def candidates(self, word: str) -> tuple[Term, ...]:
        """Terms whose first word pattern matches ``word`` (memoized per word)."""
        found = self._cache.get(word)
        if found is None:
            out = list(self.exact.get(word, ()))
            for k in self.prefix_lengths:
                if k > len(word):
                    break
                out.extend(self.prefix.get(word[:k], ()))
            found = tuple(out)
            if len(self._cache) < 500_000:
                self._cache[word] = found
        return found

    def find(self, words: list[str]) -> list[tuple[Term, int, int]]:
        """(term, first word index, last word index + 1) for every match."""
        out = []
        n = len(words)
        candidates = self.candidates
        # look each distinct word up once (set operations for the words seen before); then
        # visit only the positions that start a term
        distinct = set(words)
        starters = distinct & self._starting
        for w in distinct.difference(self._cache):
            if candidates(w):
                starters.add(w)
                if w in self._cache:
                    self._starting.add(w)
        for i in [i for i, w in enumerate(words) if w in starters]:
            second = words[i + 1] if i + 1 < n else None
            for t in candidates(words[i]):
                size = len(t.pattern)
                if size == 1:
                    out.append((t, i, i + 1))
                    continue
                if second is None:
                    continue  # a longer term cannot fit before the end
                # the next word first (most multi-word candidates fail there), then the rest
                word, is_prefix = t.pattern[1]
                if (second.startswith(word) if is_prefix else second == word) and (
                    size == 2 or _rest(t, words, i, n)
                ):
                    out.append((t, i, i + size))
        return out


def _rest(t: Term, words: list[str], i: int, n: int) -> bool:
    pattern = t.pattern
    if i + len(pattern) > n:
        return False
    for j in range(1, len(pattern)):
        word, is_prefix = pattern[j]
        w = words[i + j]
        if is_prefix:
            if not w.startswith(word):
                return False
        elif w != word:
            return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans of a plain text (the pipeline uses its own sentences)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        begin = 0
        for m in _SENTENCE_END.finditer(line):
            spans.append((pos + begin, pos + m.start()))
            begin = m.end()
        spans.append((pos + begin, pos + len(line)))
        pos += len(line) + 1
    return [(a, b) for a, b in spans if text[a:b].strip()]


class Classifier:
    """SDG goals and targets of texts, with scores and the terms behind them."""

    def __init__(self, lexicon: Lexicon | None = None, *, threshold: float | None = None):
        self.lexicon = lexicon or load_lexicon()
        self.threshold = threshold
        p = self.lexicon.params
        self.scale = p["scale"]
        self.repeat = p["repeat"]
        self.max_repeat = int(p["max_repeat"])
        self.ratio = p["ratio"]
        self.norm_tokens = p["norm_tokens"]
        self.target_min = p["target_min"]
        self._goals = _Matcher([t for ts in self.lexicon.goal_terms.values() for t in ts])
        self._targets = _Matcher([t for ts in self.lexicon.target_terms.values() for t in ts])

    def goal_threshold(self, goal: int, override: float | None = None) -> float:
        if override is not None:
            return override
        return self.threshold if self.threshold is not None else self.lexicon.threshold(goal)

    # ------------------------------------------------------------------ scoring
    def raw_scores(self, text: str) -> tuple[dict[int, float], int]:
        """Raw weight per goal and the number of words (fast path, no explanations)."""
        words = WORD.findall(text.lower())
        counts: dict[Term, int] = {}
        for t, _a, _b in self._goals.find(words):
            counts[t] = counts.get(t, 0) + 1
        raw: dict[int, float] = {}
        for t, c in counts.items():
            g = int(t.label)
            raw[g] = raw.get(g, 0.0) + self._weight(t, c)
        return raw, len(words)

    def _weight(self, t: Term, count: int) -> float:
        c = min(count, self.max_repeat)
        return t.weight * (1.0 + self.repeat * math.sqrt(c - 1))

    def _length_factor(self, n_words: int) -> float:
        return math.sqrt(self.norm_tokens / n_words) if n_words > self.norm_tokens else 1.0

    def score_of(self, raw: float, n_words: int) -> float:
        return 1.0 - math.exp(-raw * self._length_factor(n_words) / self.scale)

    def predict(self, text: str) -> list[int]:
        """Goal numbers above threshold, best first (no explanations: the fast path)."""
        raw, n = self.raw_scores(text)
        scores = {g: self.score_of(r, n) for g, r in raw.items()}
        return self._select(scores)

    def _select(self, scores: dict[int, float], threshold: float | None = None) -> list[int]:
        if not scores:
            return []
        best = max(scores.values())
        keep = [
            g
            for g, s in scores.items()
            if s >= self.goal_threshold(g, threshold) and s >= self.ratio * best and s > 0
        ]
        return sorted(keep, key=lambda g: (-scores[g], g))

    def classify(
        self, text: str, *, threshold: float | None = None, evidence: bool = True
    ) -> Classification:
        """Goals and targets of ``text`` with scores, terms and evidence sentences.

        ``evidence=False`` leaves the goals' evidence sentences empty (for callers that
        pick their own sentences from the hits, as the pipeline does).
        """
        lowered = text.lower()
        spans = list(map(re.Match.span, WORD.finditer(lowered)))
        words = WORD.findall(lowered)
        n = len(words)
        goal_hits: dict[int, dict[Term, list[Hit]]] = {}
        for t, i, j in self._goals.find(words):
            hit = Hit(t.text, spans[i][0], spans[j - 1][1])
            goal_hits.setdefault(int(t.label), {}).setdefault(t, []).append(hit)
        scores: dict[int, GoalScore] = {}
        for g, by_term in goal_hits.items():
            contrib = {t: self._weight(t, len(h)) for t, h in by_term.items()}
            raw = sum(contrib.values())
            ordered = sorted(by_term, key=lambda t: (-contrib[t], t.text))
            hits = sorted((h for hs in by_term.values() for h in hs), key=lambda h: h.start)
            scores[g] = GoalScore(g, self.score_of(raw, n), raw, [t.text for t in ordered], hits)
        chosen = self._select({g: s.score for g, s in scores.items()}, threshold)
        goals = [scores[g] for g in chosen]
        sentences = split_sentences(text) if goals and evidence else []
        for gs in goals if evidence else ():
            gs.evidence = [text[a:b].strip() for a, b in best_sentences(gs.hits, sentences)]
        targets = self._targets_of(words, spans, {g.goal: g for g in goals}, n)
        return Classification(goals, targets, scores, n)

    def _targets_of(self, words, spans, goals: dict[int, GoalScore], n: int) -> list[TargetScore]:
        if not goals:
            return []
        found: dict[str, dict[Term, list[Hit]]] = {}
        for t, i, j in self._targets.find(words):
            code = t.label
            if int(code.split(".")[0]) not in goals:
                continue
            hit = Hit(t.text, spans[i][0], spans[j - 1][1])
            found.setdefault(code, {}).setdefault(t, []).append(hit)
        out = []
        for code, by_term in found.items():
            raw = sum(self._weight(t, len(h)) for t, h in by_term.items())
            if raw < self.target_min:
                continue
            g = goals[int(code.split(".")[0])]
            score = g.score * (1.0 - math.exp(-raw / self.scale))
            hits = sorted((h for hs in by_term.values() for h in hs), key=lambda h: h.start)
            terms = sorted(by_term, key=lambda t: (-len(by_term[t]), t.text))
            out.append(TargetScore(code, g.goal, score, [t.text for t in terms], hits))
        out.sort(key=lambda t: (-t.score, _code_key(t.target)))
        return out


def _code_key(code: str) -> tuple[int, int, str]:
    goal, _, rest = code.partition(".")
    return (int(goal), int(rest) if rest.isdigit() else 100, rest)


def best_sentences(
    hits: list[Hit], sentences: list[tuple[int, int]], limit: int = 2
) -> list[tuple[int, int]]:
    """The (at most ``limit``) sentences holding the most distinct terms, in text order."""
    ranked = []
    hits = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in hits]
    n = len(hits)
    for a, b in sentences:
        # only hits starting in [a, b] can lie in the sentence (bisect, not a scan)
        i = bisect_left(starts, a)
        terms = set()
        while i < n and hits[i].start <= b:
            if hits[i].end <= b:
                terms.add(hits[i].term)
            i += 1
        if terms:
            ranked.append((-len(terms), a, b))
    ranked.sort()
    return sorted((a, b) for _n, a, b in ranked[:limit])


_DEFAULT: Classifier | None = None


def default_classifier() -> Classifier:
    """The classifier with the packaged lexicon (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Classifier()
    return _DEFAULT


def classify(text: str, *, threshold: float | None = None) -> Classification:
    """Classify one text with the packaged lexicon."""
    return default_classifier().classify(text, threshold=threshold)
