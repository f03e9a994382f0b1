"""Scoring records against gold labels, by the protocol of the annotation guidelines.

Per document, then micro-averaged (sums of counts) per document set and over all:

* strings are compared after :func:`norm` (casefold, keep accents, unify ’/' and –/-,
  collapse spaces, drop a leading "the");
* a predicted item matches a gold item when one of its names (name, acronym, aliases)
  equals the gold ``name``, ``acronym`` or a ``surface``; matching is one-to-one, a second
  prediction of the same gold item is a false positive; a prediction that matches an
  ``uncertain`` gold item is ignored, and a missed uncertain item is not a false negative.

>>> norm("The  UN’s – Office")
"un's - office"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..extract.calibration import confidence_of, rule_of
from ..extract.money import find_amounts
from .calibration import Item
from .gold import GoldDoc

_QUOTES = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"\s+", " ", str(text).translate(_QUOTES)).strip().casefold()
    return re.sub(r"^the ", "", text)


@dataclass
class PRF:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _r(self.precision),
            "recall": _r(self.recall),
            "f1": _r(self.f1),
        }


@dataclass
class Ratio:
    """Correct out of n (accuracies, recalls on a subset)."""

    correct: int = 0
    n: int = 0

    def add(self, other: Ratio) -> None:
        self.correct += other.correct
        self.n += other.n

    def count(self, ok: bool) -> None:
        self.n += 1
        self.correct += int(bool(ok))

    @property
    def value(self) -> float | None:
        return self.correct / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "n": self.n, "value": _r(self.value)}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


PRF_METRICS = (
    "organizations_strict",
    "organizations_lenient",
    "countries",
    "people",
    "programs",
    "fundings",
)
RATIO_METRICS = (
    "organization_type",
    "countries_adjective_recall",
    "people_role",
    "people_organization",
    "funder_recall",
    "funding_amount",
    "date",
)


@dataclass
class Scores:
    prf: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in PRF_METRICS})
    ratio: dict[str, Ratio] = field(default_factory=lambda: {k: Ratio() for k in RATIO_METRICS})
    documents: int = 0

    def add(self, other: Scores) -> None:
        for k, v in other.prf.items():
            self.prf[k].add(v)
        for k, v in other.ratio.items():
            self.ratio[k].add(v)
        self.documents += other.documents

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            **{k: v.as_dict() for k, v in self.prf.items()},
            **{k: v.as_dict() for k, v in self.ratio.items()},
        }


@dataclass
class DocResult:
    label: str
    set: str
    scores: Scores
    errors: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # (kind, rule, confidence, correct)


# ---------------------------------------------------------------- matching


def gold_keys(item: dict) -> set[str]:
    keys = {norm(item.get("name")), norm(item.get("acronym"))}
    keys.update(norm(s) for s in item.get("surfaces") or [])
    keys.discard("")
    return keys


def pred_org_keys(org: dict | None) -> set[str]:
    if not org:
        return set()
    keys = {norm(org.get("name")), norm(org.get("acronym"))}
    keys.update(norm(a) for a in org.get("aliases") or [])
    keys.discard("")
    return keys


def match_items(
    preds: list[tuple[Any, set[str]]],
    gold: list[dict],
    *,
    ignore: Iterable[str] = ("uncertain",),
) -> tuple[PRF, list[tuple[Any, dict]], list[Any], list[dict]]:
    """One-to-one matching of predictions (object, keys) to gold items.

    Returns counts, matched pairs, false-positive predictions and missed gold items.
    """
    ignore = tuple(ignore)
    certain = [g for g in gold if not any(g.get(k) for k in ignore)]
    doubtful = [g for g in gold if any(g.get(k) for k in ignore)]
    gkeys = {id(g): gold_keys(g) for g in gold}
    taken: set[int] = set()
    prf, pairs, fps = PRF(), [], []
    for obj, keys in preds:
        hit = next((g for g in certain if id(g) not in taken and keys & gkeys[id(g)]), None)
        if hit is not None:
            taken.add(id(hit))
            pairs.append((obj, hit))
            prf.tp += 1
        elif any(keys & gkeys[id(g)] for g in doubtful):
            continue
        else:
            prf.fp += 1
            fps.append(obj)
    missed = [g for g in certain if id(g) not in taken]
    prf.fn = len(missed)
    return prf, pairs, fps, missed


def _gold_org(doc: GoldDoc, name: str | None) -> dict | None:
    """The gold organisation a person or funding refers to by name."""
    if not name:
        return None
    key = norm(name)
    for o in doc.organizations:
        if key in gold_keys(o):
            return o
    return {"name": name}


def _org_matches(pred_org: dict | None, gold_name: str | None, doc: GoldDoc) -> bool:
    if gold_name is None:
        return pred_org is None
    if pred_org is None:
        return False
    g = _gold_org(doc, gold_name)
    return bool(pred_org_keys(pred_org) & gold_keys(g))


def _contains(a: str | None, b: str | None) -> bool:
    if not a and not b:
        return True
    if not a or not b:
        return False
    a, b = norm(a), norm(b)
    return a in b or b in a


def _amount(value: Any) -> tuple[float, str] | None:
    """(value, ISO currency) from a record amount or a gold amount (mapping or text)."""
    if not value:
        return None
    if isinstance(value, str):
        found = find_amounts(value)
        return (found[0].value, found[0].currency) if found else None
    if value.get("value") is None:
        if value.get("text"):
            return _amount(value["text"])
        return None
    return float(value["value"]), str(value.get("currency") or "").upper()


def _same_amount(pred: Any, gold: Any) -> bool:
    p, g = _amount(pred), _amount(gold)
    if p is None or g is None:
        return False
    return p[1] == g[1] and abs(p[0] - g[0]) <= 0.005 * max(abs(g[0]), 1.0)


# ---------------------------------------------------------------- scoring a document


def scored_orgs(record: dict) -> list[dict]:
    """Organizations the record claims the text names: mentioned, or a funding's party."""
    in_fundings = set()
    for f in record.get("fundings") or []:
        in_fundings.update(k for k in (f.get("funder"), f.get("recipient")) if k)
    return [
        o for o in record.get("organizations") or [] if o.get("mentions") or o["id"] in in_fundings
    ]


def score_document(record: dict, doc: GoldDoc) -> DocResult:
    s = Scores(documents=1)
    errors: list[str] = []
    orgs_by_id = {o["id"]: o for o in record.get("organizations") or []}
    orgs = scored_orgs(record)
    opreds = [(o, pred_org_keys(o)) for o in orgs]

    # organisations, strict and lenient
    prf, pairs, fps, missed = match_items(opreds, doc.organizations)
    s.prf["organizations_strict"] = prf
    for o, g in pairs:
        ok = o.get("type") == g.get("type")
        s.ratio["organization_type"].count(ok)
        if not ok:
            errors.append(f"org type: {o['name']} is {o.get('type')}, gold {g.get('type')}")
    items = [_item("organization", o, True) for o, _ in pairs]
    items += [_item("organization", o, False) for o in fps]
    errors += [f"org FP: {o['name']} [{o.get('source')}]" for o in fps]
    errors += [f"org FN: {g['name']}" for g in missed]
    s.prf["organizations_lenient"] = match_items(
        opreds, doc.organizations, ignore=("uncertain", "metonymic")
    )[0]

    # countries
    pred_c = {c["iso3"] for c in record.get("countries") or []} - set(doc.countries_uncertain)
    gold_c = set(doc.countries)
    s.prf["countries"] = PRF(
        tp=len(pred_c & gold_c), fp=len(pred_c - gold_c), fn=len(gold_c - pred_c)
    )
    errors += [f"country FP: {c}" for c in sorted(pred_c - gold_c)]
    errors += [f"country FN: {c}" for c in sorted(gold_c - pred_c)]
    for c in doc.countries_adjective_only:
        s.ratio["countries_adjective_recall"].count(c in pred_c)

    # people
    ppreds = [(p, {norm(p.get("name"))} - {""}) for p in record.get("people") or []]
    prf, pairs, fps, missed = match_items(ppreds, doc.people)
    s.prf["people"] = prf
    for p, g in pairs:
        ok_role = _contains(p.get("role"), g.get("role"))
        s.ratio["people_role"].count(ok_role)
        if not ok_role:
            errors.append(f"role: {p['name']} is {p.get('role')!r}, gold {g.get('role')!r}")
        porg = orgs_by_id.get(p.get("organization") or "")
        ok_org = _org_matches(porg, g.get("organization"), doc)
        s.ratio["people_organization"].count(ok_org)
        if not ok_org:
            errors.append(
                f"person org: {p['name']} has {porg and porg['name']!r}, "
                f"gold {g.get('organization')!r}"
            )
    items += [_item("person", p, True) for p, _ in pairs]
    items += [_item("person", p, False) for p in fps]
    errors += [f"person FP: {p['name']}" for p in fps]
    errors += [f"person FN: {g['name']}" for g in missed]

    # programmes
    prpreds = [(p, {norm(p.get("name"))} - {""}) for p in record.get("programs") or []]
    prf, pairs, fps, missed = match_items(prpreds, doc.programs)
    s.prf["programs"] = prf
    items += [_item("program", p, True) for p, _ in pairs]
    items += [_item("program", p, False) for p in fps]
    errors += [f"program FP: {p['name']}" for p in fps]
    errors += [f"program FN: {g['name']}" for g in missed]

    # fundings: directed (funder, recipient) edges
    programs_by_id = {p["id"]: p for p in record.get("programs") or []}
    edges: dict[tuple, dict] = {}
    for f in record.get("fundings") or []:
        edges.setdefault((f.get("funder"), f.get("recipient")), f)
    certain = [g for g in doc.fundings if not g.get("uncertain")]
    doubtful = [g for g in doc.fundings if g.get("uncertain")]

    def edge_matches(f: dict, g: dict) -> bool:
        funder = orgs_by_id.get(f.get("funder") or "")
        if not any(
            _org_matches(funder, n, doc) for n in [g["funder"], *(g.get("funder_also") or [])]
        ):
            return False
        recipient = orgs_by_id.get(f.get("recipient") or "")
        if g.get("recipient") is None:
            if recipient is None:
                return True
            prog = programs_by_id.get(f.get("program") or "")
            names = {norm(recipient.get("name"))} | ({norm(prog["name"])} if prog else set())
            return bool(g.get("program")) and norm(g["program"]) in names
        return _org_matches(recipient, g["recipient"], doc)

    gold_edges: list[list[dict]] = []  # gold items grouped by edge (funder, recipient)
    for g in certain:
        key = (norm(g["funder"]), norm(g.get("recipient")))
        for group in gold_edges:
            if (norm(group[0]["funder"]), norm(group[0].get("recipient"))) == key:
                group.append(g)
                break
        else:
            gold_edges.append([g])
    taken: set[int] = set()
    fprf = PRF()
    for key, f in edges.items():
        hit = next(
            (
                i
                for i, group in enumerate(gold_edges)
                if i not in taken and any(edge_matches(f, g) for g in group)
            ),
            None,
        )
        fdesc = f"{key[0]} -> {key[1]}"
        if hit is not None:
            taken.add(hit)
            fprf.tp += 1
            items.append(_item("funding", f, True))
            with_amount = [g for g in gold_edges[hit] if g.get("amount")]
            if with_amount:
                ok = any(
                    _same_amount(ff.get("amount"), g["amount"])
                    for ff in (record.get("fundings") or [])
                    if (ff.get("funder"), ff.get("recipient")) == key
                    for g in with_amount
                )
                s.ratio["funding_amount"].count(ok)
                if not ok:
                    errors.append(
                        f"funding amount: {fdesc} {(f.get('amount') or {}).get('text')!r}"
                    )
        elif any(edge_matches(f, g) for g in doubtful):
            continue
        else:
            fprf.fp += 1
            items.append(_item("funding", f, False))
            errors.append(f"funding FP: {fdesc} [{f['evidence'].get('rule')}]")
    fprf.fn = len(gold_edges) - len(taken)
    errors += [
        f"funding FN: {group[0]['funder']} -> {group[0].get('recipient')}"
        for i, group in enumerate(gold_edges)
        if i not in taken
    ]
    s.prf["fundings"] = fprf
    funders = [orgs_by_id.get(f.get("funder") or "") for f in record.get("fundings") or []]
    for g in certain:
        names = [g["funder"], *(g.get("funder_also") or [])]
        s.ratio["funder_recall"].count(
            any(_org_matches(p, n, doc) for p in funders if p for n in names)
        )

    # date
    if doc.set == "theme":
        if doc.date_in_text:
            ok = record.get("date") == doc.date_in_text
            s.ratio["date"].count(ok)
            if not ok:
                errors.append(f"date: {record.get('date')}, gold {doc.date_in_text}")
    elif doc.date:
        ok = record.get("date") == doc.date
        s.ratio["date"].count(ok)
        if not ok:
            errors.append(f"date: {record.get('date')}, gold {doc.date}")
    return DocResult(label=doc.label, set=doc.set, scores=s, errors=errors, items=items)


def _item(kind: str, pred: dict, correct: bool) -> Item:
    return Item(kind, rule_of(kind, pred), confidence_of(kind, pred), correct)


def aggregate(results: list[DocResult]) -> dict[str, Scores]:
    """Micro-averages per set (api, theme, sample) and over all documents."""
    out: dict[str, Scores] = {}
    for res in results:
        out.setdefault(res.set, Scores(documents=0)).add(res.scores)
    total = Scores(documents=0)
    for res in results:
        total.add(res.scores)
    ordered = {k: out[k] for k in ("api", "theme", "sample") if k in out}
    ordered.update({k: v for k, v in out.items() if k not in ordered})
    ordered["micro"] = total
    return ordered
