"""The extraction pipeline: named components, run in order, from a source to a record.

>>> from pressgraph.sources import Source
>>> record = extract_source(Source(text="Press Release\\nA Title\\n02 May 2018\\n\\nBody.",
...                                format="text"), release_id="demo")
>>> record["title"], record["date"], record["kind"]
('A Title', '2018-05-02', 'press release')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..decisions import Decisions, resolve_decisions
from ..records import SCHEMA_VERSION, Record, stamp
from ..sources import Source
from ..util import sha256_text, slugify
from .calibration import apply_calibration
from .curation import candidate_dicts, curate, finish_curation
from .doc import Doc
from .entities import find_mentions
from .gazetteer import load_gazetteer
from .relations import find_relations
from .resolution import resolve
from .structure import read_structure
from .text import split_sentences


def _structure(doc: Doc) -> None:
    doc.structure = read_structure(doc.source)


def _sentences(doc: Doc) -> None:
    doc.sentences = split_sentences(doc.structure)


def _sdgs(doc: Doc) -> None:
    from ..sdg.release import infer_sdgs

    infer_sdgs(doc)


@dataclass(frozen=True)
class Component:
    name: str
    run: Callable[[Doc], None]
    doc: str


COMPONENTS: tuple[Component, ...] = (
    Component("structure", _structure, "title, date, kind, bullets, body and footers"),
    Component("sentences", _sentences, "sentence spans of title, bullets and body"),
    Component("entities", find_mentions, "gazetteer and pattern mentions"),
    Component("resolution", resolve, "one canonical entity per real entity"),
    Component("curation", curate, "unknown-organization candidates; researcher decisions"),
    Component("relations", find_relations, "cue rules for fundings, roles, events, partners"),
    Component("sdgs", _sdgs, "SDG goals and targets inferred from the text (lexicon)"),
)

_GENERIC_STEMS = {"index", "page", "article", "default", "story", "release", "news", "post"}


def release_id_for(source: Source, title: str | None, date: str | None) -> str:
    """A stable id: the file name's slug, or date + title for generic names and URLs."""
    stem = None
    if source.path:
        stem = Path(source.path).stem
    elif source.url:
        stem = re.sub(r"\.[a-z]+$", "", source.url.rstrip("/").rsplit("/", 1)[-1])
    if stem and slugify(stem) not in _GENERIC_STEMS and len(slugify(stem)) > 3:
        return slugify(stem)
    base = slugify(title or "release", max_length=60)
    return f"{date}-{base}" if date else base


def run_pipeline(source: Source, *, gazetteer=None, decisions: Decisions | None = None) -> Doc:
    doc = Doc(source=source, gazetteer=gazetteer or load_gazetteer())
    doc.decisions = resolve_decisions(decisions)
    for component in COMPONENTS:
        component.run(doc)
    return doc


def extract_source(
    source: Source,
    *,
    release_id: str | None = None,
    gazetteer=None,
    decisions: Decisions | None = None,
    calibrate: bool = True,
) -> Record:
    """Run every component and return the release record (a plain dict).

    ``decisions`` defaults to the active curation decisions (:mod:`pressgraph.decisions`).
    ``calibrate=False`` keeps each rule's hand-set prior confidence instead of its
    calibrated one (``data/calibration.yaml``): the eval measures calibration from those."""
    doc = run_pipeline(source, gazetteer=gazetteer, decisions=decisions)
    return doc_to_record(doc, release_id=release_id, calibrate=calibrate)


def _mentions(ms) -> list[dict[str, Any]]:
    seen, out = set(), []
    for m in sorted(ms, key=lambda m: (m.start, m.end)):
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        out.append({"text": m.text, "start": m.start, "end": m.end})
    return out


def doc_to_record(doc: Doc, *, release_id: str | None = None, calibrate: bool = True) -> Record:
    st = doc.structure
    title = st.title.text if st.title else (doc.sentences[0].text[:120] if doc.sentences else "")
    rid = release_id or release_id_for(doc.source, title, st.date)
    finish_curation(doc)
    gaz = doc.gazetteer
    used = _used_orgs(doc)
    organizations = []
    for org in sorted(doc.orgs.values(), key=lambda o: (_first(o.mentions), o.key)):
        if org.key not in used:
            continue
        organizations.append(
            {
                "id": org.key,
                "name": org.name,
                "acronym": org.acronym,
                "type": org.type,
                "country": org.country,
                "parent": org.parent,
                "aliases": _aliases(org),
                "source": org.source,
                "confidence": round(org.confidence, 2),
                "mentions": _mentions(org.mentions),
            }
        )
    focus = set()
    if doc.main_country:
        focus.add(doc.main_country)
    for p in doc.programs.values():
        focus.update(p["countries"])
    for e in doc.events.values():
        if e.get("country"):
            focus.add(e["country"])
    countries = []
    for iso3, ms in sorted(doc.countries.items(), key=lambda kv: _first(kv[1])):
        countries.append(
            {
                "id": iso3,
                "name": gaz.countries[iso3].name,
                "iso3": iso3,
                "focus": iso3 in focus,
                "mentions": _mentions(ms),
            }
        )
    record: Record = {
        "schema_version": SCHEMA_VERSION,
        "id": rid,
        "title": title or rid,
        "date": st.date,
        "kind": st.kind,
        "language": "en",
        "dateline": st.dateline,
        "source": {
            "path": doc.source.path,
            "url": doc.source.url,
            "sha256": sha256_text(st.text),
            "format": st.format,
            "length": len(st.text),
        },
        "summary": [s.text for s in st.summary],
        "organizations": organizations,
        "countries": countries,
        "people": sorted(doc.people.values(), key=lambda p: p["mentions"][0]["start"]),
        "programs": sorted(doc.programs.values(), key=lambda p: p["mentions"][0]["start"]),
        "fundings": doc.fundings,
        "events": list(doc.events.values()),
        "partnerships": doc.partnerships,
        "un_entities_involved": doc.footer_entities,
        "sdgs": doc.sdgs,
    }
    if calibrate:
        apply_calibration(record)
    record = stamp(
        record, pipeline=f"pressgraph {__version__}", components=[c.name for c in COMPONENTS]
    )
    if doc.candidates:
        candidates = candidate_dicts(doc, {o["id"] for o in organizations})
        calibrated = {o["id"]: o.get("confidence") for o in organizations}
        for c in candidates:  # a kept candidate shows its organization's calibrated confidence
            if c.get("status") == "kept" and calibrated.get(c.get("key")) is not None:
                c["confidence"] = calibrated[c["key"]]
        record["extraction"]["candidates"] = candidates
    return record


def _aliases(org) -> list[str]:
    """Other forms of the name: known aliases and the forms the text used."""
    forms = set(org.aliases)
    forms.update(" ".join(m.text.split()) for m in org.mentions)
    forms.discard(org.name)
    forms.discard(org.acronym)
    return sorted(f for f in forms if f)


def _first(ms) -> int:
    return min((m.start for m in ms), default=10**9)


def _used_orgs(doc: Doc) -> set[str]:
    """Organizations mentioned, or referred to by a relation or as a parent."""
    used = {o.key for o in doc.orgs.values() if o.mentions}
    for p in doc.people.values():
        used.add(p["organization"])
    for p in doc.programs.values():
        used.add(p["owner"])
    for f in doc.fundings:
        used.update((f["funder"], f["recipient"], f["channel"]))
    for e in doc.events.values():
        used.update(e["organizers"])
        used.update(e["participants"])
    for p in doc.partnerships:
        used.update(p["organizations"])
    frontier = list(used)
    while frontier:
        key = frontier.pop()
        org = doc.orgs.get(key)
        if org and org.parent and org.parent not in used:
            used.add(org.parent)
            frontier.append(org.parent)
    used.discard(None)
    return used
