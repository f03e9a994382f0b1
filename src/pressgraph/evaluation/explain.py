"""``pressgraph explain``: every extracted fact next to its sentence and what produced it.

Entities (organizations, countries) show their first mention's sentence and the gazetteer
entry or pattern rule that found them; relations (people, programmes, fundings, events,
partnerships, footers, SDGs) show their evidence sentence and cue rule.
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass
from typing import Any

from ..extract.doc import Doc
from ..extract.pipeline import doc_to_record, run_pipeline
from ..sources import Source


@dataclass
class Fact:
    kind: str  # organization, country, person, program, funding, event, partnership, ...
    summary: str  # the fact in words
    produced_by: str  # gazetteer entry or rule
    confidence: float | None
    sentence: str | None
    start: int | None
    end: int | None
    section: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sentence_of(
    doc: Doc, offset: int | None
) -> tuple[str | None, int | None, int | None, str | None]:
    if offset is None:
        return None, None, None, None
    s = doc.sentence_at(offset)
    if s is None:
        line_start = doc.text.rfind("\n", 0, offset) + 1
        line_end = doc.text.find("\n", offset)
        line_end = len(doc.text) if line_end < 0 else line_end
        return doc.text[line_start:line_end], line_start, line_end, None
    return s.text, s.start, s.end, s.section


def _from_evidence(kind: str, summary: str, ev: dict | None) -> Fact:
    ev = ev or {}
    return Fact(
        kind=kind,
        summary=summary,
        produced_by=ev.get("rule") or ev.get("method") or "?",
        confidence=ev.get("confidence"),
        sentence=ev.get("text"),
        start=ev.get("start"),
        end=ev.get("end"),
        section=ev.get("section"),
    )


def explain_doc(doc: Doc, record: dict) -> list[Fact]:
    facts: list[Fact] = []
    orgs = {o["id"]: o for o in record["organizations"]}

    def org_name(key: str | None) -> str:
        return orgs[key]["name"] if key in orgs else str(key)

    for o in record["organizations"]:
        first = o["mentions"][0] if o["mentions"] else None
        text, a, b, section = _sentence_of(doc, first["start"] if first else None)
        source = o.get("source") or "?"
        if source.startswith("gazetteer:"):
            source = f"{source} entry {o['id']!r}"
        extra = [o["type"]]
        if o.get("country"):
            extra.append(o["country"])
        if o.get("parent"):
            extra.append(f"part of {org_name(o['parent'])}")
        how = f"as {first['text']!r}" if first else "(not in the text: a parent or relation party)"
        facts.append(
            Fact(
                "organization",
                f"{o['name']}"
                + (f" ({o['acronym']})" if o.get("acronym") else "")
                + f" [{', '.join(extra)}] {how}",
                source,
                o.get("confidence"),
                text,
                a,
                b,
                section,
            )
        )
    by_iso = doc.countries
    for c in record["countries"]:
        ms = sorted(by_iso.get(c["iso3"], []), key=lambda m: m.start)
        m = ms[0] if ms else None
        text, a, b, section = _sentence_of(doc, m.start if m else None)
        rule = (m.rule or m.kind) if m else "?"
        facts.append(
            Fact(
                "country",
                f"{c['name']} ({c['iso3']})"
                + (" focus" if c.get("focus") else "")
                + (f" as {m.text!r}" if m else ""),
                f"gazetteer:countries entry {c['iso3']!r} ({rule})",
                None,
                text,
                a,
                b,
                section,
            )
        )
    for p in record["people"]:
        bits = [p["name"]]
        if p.get("role"):
            bits.append(f"role {p['role']!r}")
        if p.get("organization"):
            bits.append(f"of {org_name(p['organization'])}")
        facts.append(_from_evidence("person", ", ".join(bits), p.get("evidence")))
    for p in record["programs"]:
        owner = f" of {org_name(p['owner'])}" if p.get("owner") else ""
        facts.append(
            _from_evidence("program", f"{p['name']} ({p['kind']}){owner}", p.get("evidence"))
        )
    for f in record["fundings"]:
        amount = f.get("amount") or {}
        money = (
            f" {amount.get('value'):,.0f} {amount.get('currency')}" if amount.get("value") else ""
        )
        via = f" via {org_name(f['channel'])}" if f.get("channel") else ""
        prog = f" for {f['program']}" if f.get("program") else ""
        facts.append(
            _from_evidence(
                "funding",
                f"{org_name(f.get('funder'))} -> {org_name(f.get('recipient'))}{via}{prog}{money}",
                f.get("evidence"),
            )
        )
    for e in record["events"]:
        facts.append(_from_evidence("event", f"{e['name']} ({e.get('kind')})", e.get("evidence")))
    for p in record["partnerships"]:
        names = " + ".join(org_name(k) for k in p["organizations"])
        facts.append(_from_evidence("partnership", f"{names} ({p['kind']})", p.get("evidence")))
    for u in record["un_entities_involved"]:
        facts.append(_from_evidence("un-entity", org_name(u["organization"]), u.get("evidence")))
    for s in record["sdgs"]:
        goal = s.get("target") or s.get("goal")
        facts.append(_from_evidence("sdg", f"SDG {goal} ({s.get('method')})", s.get("evidence")))
    return facts


def explain_facts(source: Source) -> tuple[list[Fact], dict]:
    doc = run_pipeline(source)
    record = doc_to_record(doc)
    return explain_doc(doc, record), record


def format_explanation(facts: list[Fact], record: dict, *, width: int = 100) -> str:
    lines = [
        f"{record['id']}: {record['title']}",
        f"date {record.get('date')} · kind {record.get('kind')} · {len(facts)} facts",
    ]
    current = None
    for f in facts:
        if f.kind != current:
            current = f.kind
            lines += ["", f"== {current}"]
        conf = f" · confidence {f.confidence:.2f}" if f.confidence is not None else ""
        lines.append(f"* {f.summary}")
        lines.append(f"    by {f.produced_by}{conf}")
        if f.sentence:
            where = f"[{f.section or 'text'} {f.start}-{f.end}] "
            body = textwrap.shorten(" ".join(f.sentence.split()), width=400, placeholder=" …")
            lines += textwrap.wrap(
                where + body, width=width, initial_indent="    ", subsequent_indent="    "
            )
    return "\n".join(lines)
