"""``pressgraph review``: unknown-organization candidates across a corpus, and decisions on them.

Extraction lists, in each record's ``extraction.candidates``, the organizations it found
outside the gazetteers and kept, and the candidates it rejected with the reason
(:mod:`pressgraph.extract.curation`). :func:`review` gathers them from a directory of
records or from the inputs a store was built from, groups them by normalized name, counts
releases, kept and rejected, gives a sample sentence and suggests a close gazetteer entry
(or another candidate) to merge into. :func:`decide` writes a researcher's decision to the
decisions file (:mod:`pressgraph.decisions`); the next build applies it::

    groups = review(records="data/records", status="rejected", min_releases=2)
    df = to_dataframe(groups)          # needs pandas
    decide("merge", "FMOH", into="Federal Ministry of Health")
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .decisions import (
    Decision,
    Decisions,
    decisions_path,
    load_decisions,
    name_key,
    parse_decisions,
    resolve_decisions,
    use_decisions,
    write_decisions,
)
from .errors import DecisionsError, StoreError
from .extract.curation import gazetteer_key
from .extract.gazetteer import fold, load_gazetteer

STATUSES = ("all", "kept", "rejected")


@dataclass
class CandidateGroup:
    """Every candidate of the corpus with one normalized name."""

    key: str  # the normalized name (what a decision matches)
    name: str  # the form written most often
    releases: int = 0
    kept: int = 0  # releases where the pipeline kept it
    rejected: int = 0  # releases where the pipeline rejected it
    reasons: dict[str, int] = field(default_factory=dict)  # rejection reason: releases
    rules: dict[str, int] = field(default_factory=dict)  # rule that found it: releases
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    record_keys: list[str] = field(default_factory=list)  # its ids in the records
    confidence: float | None = None  # highest confidence where kept
    sample: str | None = None  # a sentence it appears in
    sample_release: str | None = None
    suggestion: str | None = None  # what to merge into: a gazetteer key or a name
    suggestion_name: str | None = None
    suggestion_score: float | None = None
    decision: str | None = None  # accept, reject, merge
    into: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def as_row(self) -> dict[str, Any]:
        """A flat row (CSV, DataFrame)."""
        row = self.as_dict()
        row["reasons"] = "; ".join(f"{r} ({n})" for r, n in self.reasons.items())
        row["rules"] = "; ".join(f"{r} ({n})" for r, n in self.rules.items())
        for key in ("types", "countries", "record_keys"):
            row[key] = " ".join(row[key])
        return row


# --------------------------------------------------------------------------- reading


def iter_candidates(
    *, records: str | Path | None = None, store: str | Path | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(release id, candidate)`` pairs from a records directory or a store's inputs."""
    from .records import read_record

    if records is not None:
        root = Path(records)
        if not root.is_dir():
            raise StoreError("not a directory of records", source=str(root))
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json")):
            if path.name.startswith("."):
                continue
            record = read_record(path)
            for c in (record.get("extraction") or {}).get("candidates") or []:
                yield record["id"], c
        return
    yield from _store_candidates(Path(store) if store is not None else None)


def _store_candidates(path: Path | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Candidates of the inputs a store was built from (its manifest lists them)."""
    from .build import extract_file
    from .records import is_record_path, read_record
    from .store import Manifest, default_store_path

    path = path or default_store_path()
    db = path / Manifest.FILE
    if not db.is_file():
        raise StoreError(
            "no build manifest here: build the store from files first, or use --records DIR",
            source=str(path),
        )
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT key, record_path FROM input ORDER BY key").fetchall()
    finally:
        con.close()
    if not rows:
        raise StoreError(
            "the build manifest lists no inputs (the pipeline or the decisions changed since "
            "the last build): build again, or use --records DIR",
            source=str(path),
        )
    for key, record_path in rows:
        if record_path and Path(record_path).is_file():
            record = read_record(record_path)
        elif is_record_path(Path(key)):
            if not Path(key).is_file():
                continue
            record = read_record(key)
        elif Path(key).is_file():
            record = extract_file(key, validate=False)
        else:
            continue  # the input is gone since the build
        for c in (record.get("extraction") or {}).get("candidates") or []:
            yield record["id"], c


# --------------------------------------------------------------------------- grouping


def group_candidates(
    pairs: Iterable[tuple[str, dict[str, Any]]], *, decisions: Decisions | None = None
) -> list[CandidateGroup]:
    """Group candidates by normalized name; counts are per release."""
    groups: dict[str, CandidateGroup] = {}
    forms: dict[str, Counter] = {}
    seen: dict[str, set[tuple[str, str]]] = {}
    releases: dict[str, set[str]] = {}
    for rid, c in pairs:
        gkey = name_key(c["name"])
        g = groups.get(gkey)
        if g is None:
            g = groups[gkey] = CandidateGroup(key=gkey, name=c["name"])
            forms[gkey], seen[gkey], releases[gkey] = Counter(), set(), set()
        forms[gkey][c["name"]] += 1
        releases[gkey].add(rid)
        status = c["status"]
        if (rid, status) not in seen[gkey]:
            seen[gkey].add((rid, status))
            if status == "kept":
                g.kept += 1
            else:
                g.rejected += 1
                reason = c.get("reason") or "?"
                g.reasons[reason] = g.reasons.get(reason, 0) + 1
            g.rules[c["rule"]] = g.rules.get(c["rule"], 0) + 1
        for attr, value in (("types", c.get("type")), ("countries", c.get("country"))):
            if value and value not in getattr(g, attr):
                getattr(g, attr).append(value)
        if c["key"] not in g.record_keys:
            g.record_keys.append(c["key"])
        if status == "kept" and c.get("confidence") is not None:
            g.confidence = max(g.confidence or 0.0, c["confidence"])
        sentence = (c.get("sentence") or {}).get("text")
        if sentence and (g.sample is None or (status == "kept" and g.kept == 1)):
            g.sample, g.sample_release = " ".join(sentence.split()), rid
    for gkey, g in groups.items():
        g.name = forms[gkey].most_common(1)[0][0]
        g.releases = len(releases[gkey])
        for attr in ("types", "countries", "record_keys"):
            getattr(g, attr).sort()
        if decisions is not None:
            d = decisions.get(g.key) or next(
                (decisions.get(k) for k in g.record_keys if decisions.get(k)), None
            )
            if d is not None:
                g.decision = d.action
                g.into = decisions.final_target(d) if d.action == "merge" else None
    return sorted(groups.values(), key=lambda g: (-g.releases, g.key))


class Suggester:
    """Close gazetteer entries (and other candidates) for a candidate's name."""

    _STOP = {"the", "of", "and", "for", "in", "on", "to", "de", "la", "du", "des", "&"}

    def __init__(self, gazetteer=None, others: Iterable[CandidateGroup] = ()):
        gaz = gazetteer or load_gazetteer()
        # (key, display name, normalized form, countries it belongs to)
        self.entries: list[tuple[str, str, str, frozenset[str]]] = []
        self.acronyms: dict[str, tuple[str, str]] = {}
        for org in gaz.organizations.values():
            where = frozenset([org.country] if org.country else [])
            for form in (org.name, *org.aliases):
                self.entries.append((org.id, org.name, self.norm(form), where))
            if org.acronym:
                self.acronyms.setdefault(org.acronym.upper(), (org.id, org.name))
        for c in gaz.countries.values():
            name = c.government_name
            self.entries.append((c.government_id, name, self.norm(name), frozenset([c.iso3])))
        self.kept = [g for g in others if g.kept]
        for g in self.kept:
            self.entries.append((g.name, g.name, self.norm(g.name), frozenset(g.countries)))
        self.index: dict[str, set[int]] = {}
        for i, (_k, _n, norm, _c) in enumerate(self.entries):
            for tok in self.tokens(norm):
                self.index.setdefault(tok, set()).add(i)

    @staticmethod
    def norm(text: str) -> str:
        text = re.sub(r"[^\w]+", " ", fold(text))
        return re.sub(r"^the ", "", " ".join(text.split()))

    def tokens(self, norm: str) -> set[str]:
        return {t for t in norm.split() if t not in self._STOP and len(t) > 2}

    def suggest(self, name: str, countries: Iterable[str] = ()) -> tuple[str, str, float] | None:
        """``(key to merge into, its name, score)`` for the closest entry, or None.

        An entry of another country than the candidate's is never suggested (the
        Ministry of Foreign Affairs of one country is not another's).
        """
        own = name_key(name)
        countries = frozenset(countries)
        if re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", name):
            hit = self.acronyms.get(name.upper())
            if hit and hit[0] != own:
                return hit[0], hit[1], 0.9
            for g in self.kept:
                words = [w for w in re.findall(r"[^\W\d_]+", g.name) if w.lower() not in self._STOP]
                if "".join(w[0] for w in words).upper() == name.upper():
                    return g.name, g.name, 0.85
            return None
        norm = self.norm(name)
        toks = self.tokens(norm)
        pool = set().union(*(self.index.get(t, set()) for t in toks)) if toks else set()
        best = None
        for i in pool:
            key, display, other, where = self.entries[i]
            if name_key(display) == own or key == own or (where and countries - where):
                continue
            score = SequenceMatcher(None, norm, other, autojunk=False).ratio()
            overlap = toks & self.tokens(other)
            if toks and overlap == toks and len(toks) >= 2:
                score = max(score, 0.8)  # every word of the name is in the other one
            if best is None or score > best[2]:
                best = (key, display, round(score, 2))
        return best if best and best[2] >= 0.8 else None


def review(
    *,
    records: str | Path | None = None,
    store: str | Path | None = None,
    status: str = "all",
    min_releases: int = 1,
    decisions: Decisions | str | Path | None = None,
    suggest: bool = True,
) -> list[CandidateGroup]:
    """Candidates across the corpus, grouped by normalized name (see the module docstring).

    ``status`` keeps groups with at least one ``kept`` or ``rejected`` release (or
    ``all``); ``min_releases`` drops rarer names; the ``decision`` of each group comes
    from the current decisions file.
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    chosen = resolve_decisions(decisions)
    with use_decisions(chosen):  # inputs extracted again see the same decisions
        pairs = list(iter_candidates(records=records, store=store))
    groups = group_candidates(pairs, decisions=chosen)
    groups = [
        g
        for g in groups
        if g.releases >= min_releases and (status == "all" or getattr(g, status) > 0)
    ]
    if suggest and groups:
        suggester = Suggester(others=groups)
        for g in groups:
            hit = suggester.suggest(g.name, g.countries)
            if hit:
                g.suggestion, g.suggestion_name, g.suggestion_score = hit
    return groups


def to_dataframe(groups: list[CandidateGroup]):
    """The groups as a pandas DataFrame (needs pandas: ``pip install 'pressgraph[pandas]'``)."""
    import pandas as pd

    return pd.DataFrame([g.as_row() for g in groups])


# --------------------------------------------------------------------------- decisions


@dataclass
class DecisionResult:
    decision: Decision
    path: Path
    target: str | None = None  # merge: what ``into`` resolved to, in words


def decide(
    action: str,
    name: str,
    *,
    type: str | None = None,
    country: str | None = None,
    into: str | None = None,
    note: str | None = None,
    path: str | os.PathLike[str] | None = None,
) -> DecisionResult:
    """Record a decision about ``name`` in the decisions file (replacing an older one)."""
    target_path = decisions_path(path)
    current = load_decisions(target_path) if target_path.is_file() else Decisions([], target_path)
    gaz = load_gazetteer()
    known = gazetteer_key(gaz, name)
    if known:
        raise DecisionsError(
            f"{name!r} is the gazetteer organization {known!r}; decisions are about "
            "organizations found outside the gazetteers",
            source=str(target_path),
            field="name",
        )
    target = None
    if action == "merge" and into:
        found = gazetteer_key(gaz, into)
        if found:
            label = (
                gaz.organizations[found].name
                if found in gaz.organizations
                else gaz.countries[found[11:].upper()].government_name
            )
            into, target = found, f"{found} ({label}, gazetteer)"
        else:
            target = f"{into!r} (a name or key outside the gazetteers)"
    decision = Decision(
        name=" ".join(name.split()),
        action=action,
        type=type,
        country=country.upper() if country else None,
        into=into,
        note=note,
    )
    updated = current.with_decision(decision)
    body = {"version": 1, "decisions": [d.as_dict() for d in updated]}
    checked = parse_decisions(body, source=str(target_path))  # same checks as reading
    write_decisions(checked, target_path)
    return DecisionResult(decision, target_path, target)


def forget(name: str, *, path: str | os.PathLike[str] | None = None) -> bool:
    """Remove the decision about ``name``; False when there was none."""
    target_path = decisions_path(path)
    if not target_path.is_file():
        return False
    current = load_decisions(target_path)
    if current.get(name) is None:
        return False
    write_decisions(current.without(name), target_path)
    return True
