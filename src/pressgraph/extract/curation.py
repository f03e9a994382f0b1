"""Component ``curation``: unknown-organization candidates, and the researcher's decisions.

Runs after ``resolution``. It lists every organization candidate found outside the
gazetteers, with what the pipeline did about it:

* **kept**: organizations discovered by a pattern (head words, ``Full Name (ACR)``,
  "Minister of X" roles, footer lines): their rule, type, country and confidence;
* **rejected**: capitalized names headed by an organization word that the name rules
  declined (a title-cased heading, a compass point before *Department*, a country
  name, a name inside a programme or event), and acronyms the text never defines.

Then it applies the curation decisions (:mod:`pressgraph.decisions`): an accepted
candidate is kept (a rejected one becomes an organization) with the decided type and
country and source ``curated``; a rejected one is dropped with its mentions and the
relations that need it; a merged one becomes the target organization (mentions,
parents, acronyms and, after ``relations``, every relation re-pointed). The list goes
into the record as ``extraction.candidates`` (outside the graph), which is what
``pressgraph review`` reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..decisions import Decision, name_key
from ..util import slugify
from .doc import Doc, OrgBuild
from .entities import (
    COMPASS,
    CONNECTORS,
    LEADING_STOP,
    LEADING_TITLE_WORDS,
    ORG_HEADS,
    PLACE_HEADS,
    Mention,
    _title_cased,
    capitalized_phrases,
)
from .resolution import (
    TOP_LEVEL_GOVERNMENT_HEADS,
    _add_org,
    _gazetteer_org,
    _government,
    _merge_into,
    _rekey,
)
from .structure import INLINE_DATELINE

CURATED = "curated"
_BARE_ACRONYM = re.compile(r"(?<![\w&.-])[A-Z][A-Z0-9&]{0,8}[A-Z](?![\w&-])")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_HEAD_WORD = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted(map(re.escape, ORG_HEADS), key=len, reverse=True))
    + r")(?![\w-])"
)
# right of the head, a name stops at a list or a place ("Ministry of Health and ...")
_STOP_RIGHT = {"and", "&", "at", "with"}


@dataclass
class Candidate:
    """One unknown-organization candidate of a release (all its mentions)."""

    name: str
    key: str
    status: str  # kept, rejected
    rule: str  # the rule or pattern that found (or considered) it
    reason: str | None  # why it was rejected
    type: str
    country: str | None
    confidence: float
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    head: str | None = None
    decision: Decision | None = None
    applied: bool = False

    def add_span(self, a: int, b: int, text: str) -> None:
        if (a, b, text) not in self.spans:
            self.spans.append((a, b, text))


def _gazetteer_made(org: OrgBuild) -> bool:
    return org.source.startswith("gazetteer")


def _kept(org: OrgBuild) -> Candidate:
    c = Candidate(
        name=org.name,
        key=org.key,
        status="kept",
        rule=org.source or "?",
        reason=None,
        type=org.type,
        country=org.country,
        confidence=round(org.confidence, 2),
        head=org.head,
    )
    for m in sorted(org.mentions, key=lambda m: (m.start, m.end)):
        c.add_span(m.start, m.end, m.text)
    return c


class _Covered:
    """Which character offsets spans cover: "is [a, b) covered?" at C speed."""

    def __init__(self, length: int, spans) -> None:
        self.mask = bytearray(length + 1)
        for a, b in spans:
            self.mask[a:b] = b"\x01" * (b - a)

    def __call__(self, a: int, b: int) -> bool:
        return b > a and self.mask.find(0, a, b) == -1


def collect_candidates(doc: Doc) -> list[Candidate]:
    """Kept and rejected unknown-organization candidates, before any decision."""
    out = [_kept(o) for o in doc.orgs.values() if not _gazetteer_made(o)]
    known = _covered_spans(doc)
    out += _rejected_names(doc, _Covered(len(doc.text), known))
    everything = known + [(m.start, m.end) for m in doc.mentions]
    out += _undefined_acronyms(doc, _Covered(len(doc.text), everything))
    merged: dict[tuple[str, str], Candidate] = {}
    for c in out:
        same = merged.get((c.status, c.key))
        if same is None:
            merged[(c.status, c.key)] = c
        else:
            for span in c.spans:
                same.add_span(*span)
    return list(merged.values())


def _covered_spans(doc: Doc) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for o in doc.orgs.values() for m in o.mentions]
    spans += [
        (m.start, m.end)
        for m in doc.mentions
        if m.kind == "government" or (m.kind in ("org", "acronym-def") and m.key)
    ]
    return spans


def _sentences_with(doc: Doc, offsets: list[int]):
    """The sentences that contain any of ``offsets`` (sorted), in order."""
    i = 0
    for sent in sorted(doc.sentences, key=lambda s: s.start):
        while i < len(offsets) and offsets[i] < sent.start:
            i += 1
        if i < len(offsets) and offsets[i] < sent.end:
            yield sent


def _rejected_names(doc: Doc, covered: _Covered) -> list[Candidate]:
    """Capitalized names with an organization head word that no organization covers."""
    named = [(m.start, m.end) for m in doc.mentions if m.kind in ("program", "event")]
    countries = [m for m in doc.mentions if m.kind in ("country", "country-adj")]
    gaz = doc.gazetteer
    out: list[Candidate] = []

    def inside(a: int, b: int, spans) -> bool:
        if isinstance(spans, _Covered):
            return spans(a, b)
        return any(x <= a and b <= y for x, y in spans)

    # one pass over the text: most head words belong to a known organization
    loose = [m.start() for m in _HEAD_WORD.finditer(doc.text) if not covered(m.start(), m.end())]
    for sent in _sentences_with(doc, loose):
        heading = sent.section == "title" and not INLINE_DATELINE.search(sent.text)
        heading = heading and _title_cased(sent.text)
        for phrase in capitalized_phrases(sent):
            toks = phrase.tokens
            used_to = -1
            for i, (tok, a, b) in enumerate(toks):
                if i <= used_to or tok not in ORG_HEADS or inside(a, b, covered):
                    continue
                start = i
                while start > 0:
                    prev, pa, pb = toks[start - 1]
                    glued = pb == toks[start][1]
                    if inside(pa, pb, covered):
                        break
                    if prev[:1].isupper() or (prev in (".", "-", "’", "'") and glued):
                        start -= 1
                    else:
                        break
                while start < i and (
                    toks[start][0] in LEADING_STOP
                    or toks[start][0] in LEADING_TITLE_WORDS
                    or not toks[start][0][:1].isupper()
                ):
                    start += 1
                end = i
                while end + 1 < len(toks):
                    nxt, na, nb = toks[end + 1]
                    if nxt in _STOP_RIGHT or inside(na, nb, covered):
                        break
                    end += 1
                while end > i and toks[end][0] in CONNECTORS:
                    end -= 1
                used_to = end
                words = [t for t, _, _ in toks[start : end + 1] if t not in CONNECTORS]
                words = [w for w in words if w not in ("-", "/", ".", "’", "'")]
                if len(words) < 2:
                    continue  # "the Ministry": a head word alone is not a name
                sa, sb = toks[start][1], toks[end][2]
                name = doc.text[sa:sb]
                before = [t for t, _, _ in toks[start:i] if t not in ("-", "'", "’")]
                if inside(a, b, named):
                    reason = "inside a programme or event name"
                elif heading:
                    reason = "in a title-cased heading (names there are not read)"
                elif tok in PLACE_HEADS and before and all(w in COMPASS for w in before):
                    reason = "a place: a compass point before the head word"
                elif gaz.country_code(name):
                    reason = "a country name"
                else:
                    reason = "declined by the head-word rules"
                country = next((m.key for m in countries if sa <= m.start and m.end <= sb), None)
                c = Candidate(
                    name=" ".join(name.split()),
                    key=slugify(name),
                    status="rejected",
                    rule=f"pattern:org-head:{tok}",
                    reason=reason,
                    type=ORG_HEADS[tok],
                    country=country,
                    confidence=0.0,
                    head=tok,
                )
                c.add_span(sa, sb, name)
                out.append(c)
    return out


def _undefined_acronyms(doc: Doc, covered: _Covered) -> list[Candidate]:
    """All-capital words that no gazetteer knows and the text never defines."""
    import pycountry

    gaz = doc.gazetteer
    out: dict[str, Candidate] = {}
    dateline = doc.structure.dateline if doc.structure else None
    loose = [m.start() for m in _BARE_ACRONYM.finditer(doc.text) if not covered(m.start(), m.end())]
    for sent in _sentences_with(doc, loose):
        if sent.section == "title":
            continue
        if len(_UPPER.findall(sent.text)) > len(_LOWER.findall(sent.text)):
            continue  # a heading or dateline in capitals
        for m in _BARE_ACRONYM.finditer(sent.text):
            word = m.group(0)
            a, b = sent.start + m.start(), sent.start + m.end()
            if covered(a, b):
                continue
            if (
                word in doc.acronyms
                or gazetteer_key(gaz, word)  # known, but read as generic ("UN agencies")
                or _ROMAN.match(word)
                or gaz.country_code(word)
                or pycountry.currencies.get(alpha_3=word) is not None
                or (dateline and word in dateline)
            ):
                continue
            c = out.get(word)
            if c is None:
                c = out[word] = Candidate(
                    name=word,
                    key=slugify(word),
                    status="rejected",
                    rule="pattern:bare-acronym",
                    reason="an acronym neither the text nor the gazetteers define",
                    type="other",
                    country=None,
                    confidence=0.0,
                )
            c.add_span(a, b, word)
    return list(out.values())


# --------------------------------------------------------------------------- decisions


def curate(doc: Doc) -> None:
    """Run the ``curation`` component: list candidates, then apply the decisions."""
    doc.candidates = collect_candidates(doc)
    apply_decisions(doc)


def finish_curation(doc: Doc) -> None:
    """After ``relations``: organizations it made are candidates too; decisions reach them."""
    known = {c.key for c in doc.candidates}
    for org in doc.orgs.values():
        if not _gazetteer_made(org) and org.key not in known and org.source != CURATED:
            doc.candidates.append(_kept(org))
    apply_decisions(doc)


def apply_decisions(doc: Doc) -> None:
    """Accept, reject or merge the candidates the decisions name (idempotent)."""
    decisions = doc.decisions
    if decisions is None or len(decisions) == 0:
        return
    for c in doc.candidates:
        if c.decision is None:
            c.decision = decisions.get(c.key, c.name)
    for org in list(doc.orgs.values()):
        if org.key not in doc.orgs or _gazetteer_made(org):
            continue
        d = decisions.get(org.key, org.name)
        if d is None:
            continue
        if d.action == "reject":
            _drop(doc, org.key)
        elif d.action == "accept":
            _accept(doc, org, d)
        else:
            target = _target_org(doc, decisions.final_target(d), like=org)
            if target.key != org.key:
                _merge(doc, org.key, target.key)
    for c in doc.candidates:
        d = c.decision
        if c.status != "rejected" or c.applied or d is None or d.action == "reject":
            continue
        c.applied = True
        if d.action == "accept":
            country = d.country or c.country
            key = c.key if not country or c.key.endswith(f"-{country.lower()}") else None
            key = key or f"{c.key}-{country.lower()}"
            org = doc.orgs.get(key) or _add_org(
                doc,
                key,
                name=c.name,
                type=d.type or c.type,
                country=country,
                source=CURATED,
                confidence=1.0,
                head=c.head,
            )
            org = _accept(doc, org, d)
        else:
            like = OrgBuild(key=c.key, name=c.name, type=c.type, country=c.country, head=c.head)
            org = _target_org(doc, decisions.final_target(d), like=like)
        taken = {(m.start, m.end) for m in org.mentions}
        for a, b, text in c.spans:
            if (a, b) not in taken:
                org.mentions.append(Mention(a, b, text, "org", org.key, f"curated:{d.action}", 1.0))


def _accept(doc: Doc, org: OrgBuild, d: Decision) -> OrgBuild:
    """Keep ``org`` as decided; returns the organization it now is."""
    org.type = d.type or org.type
    org.source = CURATED
    org.confidence = 1.0
    if d.country and d.country != org.country:
        old = org.country
        base = org.key[: -len(old) - 1] if old and org.key.endswith(f"-{old.lower()}") else org.key
        if org.parent and old and org.parent == f"government-{old.lower()}":
            org.parent = None
        org.country = d.country
        new = f"{base}-{d.country.lower()}"
        if new != org.key:
            if new in doc.orgs:
                _merge(doc, org.key, new)
                return doc.orgs[new]
            old_key = org.key
            _rekey(doc, old_key, new)
            _retarget_relations(doc, old_key, new)
    if (
        org.type == "government"
        and org.country in doc.gazetteer.countries
        and org.parent is None
        and org.head in TOP_LEVEL_GOVERNMENT_HEADS
    ):
        gov = _government(doc, org.country)
        if gov.key != org.key:
            org.parent = gov.key
    return org


def _target_org(doc: Doc, into: str, *, like: OrgBuild) -> OrgBuild:
    """The organization a merge goes into: a gazetteer entry, a government, or a name."""
    gaz = doc.gazetteer
    if into in gaz.organizations:
        return doc.orgs.get(into) or _gazetteer_org(doc, into)
    if into.startswith("government-") and into[11:].upper() in gaz.countries:
        return _government(doc, into[11:].upper())
    wanted = name_key(into)
    for org in doc.orgs.values():
        if wanted in (org.key, name_key(org.name)):
            return org
    found = gazetteer_key(gaz, into)
    if found:
        return doc.orgs.get(found) or _gazetteer_org(doc, found)
    is_key = into == wanted
    key = wanted if is_key else wanted + (f"-{like.country.lower()}" if like.country else "")
    name = like.name if is_key else " ".join(into.split())
    # the target's own type: as decided for it, else from its head word ("... Association")
    decided = doc.decisions.get(into) if doc.decisions is not None else None
    head = next((w for w in reversed(re.findall(r"[\w-]+", name)) if w in ORG_HEADS), None)
    if decided is not None and decided.action == "accept" and decided.type:
        otype = decided.type
    elif head and not is_key:
        otype = ORG_HEADS[head]
    else:
        otype = like.type
    return doc.orgs.get(key) or _add_org(
        doc,
        key,
        name=name,
        type=otype,
        country=like.country,
        source=CURATED,
        confidence=1.0,
        head=head or like.head,
    )


def gazetteer_key(gaz, text: str) -> str | None:
    """The gazetteer organization (or government) a key, name, acronym or alias names."""
    if text in gaz.organizations:
        return text
    if text.startswith("government-") and text[11:].upper() in gaz.countries:
        return text
    index = _name_index(gaz)
    return index.get(name_key(text)) or index.get(text.strip())


def _name_index(gaz) -> dict[str, str]:
    cached = getattr(gaz, "_curation_names", None)
    if cached is not None:
        return cached
    index: dict[str, str] = {}
    for org in gaz.organizations.values():
        if org.acronym:
            index.setdefault(org.acronym, org.id)
        for form in (org.name, *org.aliases):
            index.setdefault(name_key(form), org.id)
    for c in gaz.countries.values():
        index.setdefault(name_key(c.government_name), c.government_id)
    gaz._curation_names = index
    return index


def _merge(doc: Doc, old: str, new: str) -> None:
    name = doc.orgs[old].name
    _merge_into(doc, old, new)
    target = doc.orgs[new]
    if name not in (target.name, target.acronym, *target.aliases):
        target.aliases.append(name)
    _retarget_relations(doc, old, new)


def _drop(doc: Doc, key: str) -> None:
    org = doc.orgs.pop(key)
    for other in doc.orgs.values():
        if other.parent == key:
            other.parent = None
    for acr, k in list(doc.acronyms.items()):
        if k == key:
            del doc.acronyms[acr]
    gone = {id(m) for m in org.mentions}
    doc.mentions = [m for m in doc.mentions if id(m) not in gone]
    _retarget_relations(doc, key, None)


def _retarget_relations(doc: Doc, old: str, new: str | None) -> None:
    """Relations that named ``old`` name ``new`` (or lose it, when it was rejected)."""

    def swap(value):
        return new if value == old else value

    def swap_list(values):
        return list(dict.fromkeys(x for x in (swap(v) for v in values) if x is not None))

    fundings = []
    for f in doc.fundings:
        f["funder"], f["recipient"], f["channel"] = (
            swap(f.get("funder")),
            swap(f.get("recipient")),
            swap(f.get("channel")),
        )
        if f["funder"] is None or f["funder"] == f["recipient"]:
            continue
        fundings.append(f)
    doc.fundings = fundings
    for p in doc.people.values():
        p["organization"] = swap(p.get("organization"))
    for p in doc.programs.values():
        p["owner"] = swap(p.get("owner"))
    for e in doc.events.values():
        e["organizers"] = swap_list(e.get("organizers") or [])
        e["participants"] = swap_list(e.get("participants") or [])
    parts = []
    for p in doc.partnerships:
        p["organizations"] = swap_list(p["organizations"])
        if len(p["organizations"]) >= 2:
            parts.append(p)
    doc.partnerships = parts
    footer, seen = [], set()
    for f in doc.footer_entities:
        key = swap(f["organization"])
        if key is None or key in seen:
            continue
        seen.add(key)
        f["organization"] = f["id"] = key
        footer.append(f)
    doc.footer_entities = footer


# --------------------------------------------------------------------------- record


def candidate_dicts(doc: Doc, kept_ids: set[str]) -> list[dict[str, Any]]:
    """The candidates as the record keeps them (``extraction.candidates``)."""
    out = []
    for c in sorted(doc.candidates, key=lambda c: (c.spans[0][0] if c.spans else 0, c.key)):
        status, reason = c.status, c.reason
        if status == "kept" and c.decision is None and c.key not in kept_ids:
            status, reason = "rejected", "no mention or relation left"
        first = c.spans[0] if c.spans else None
        sent = doc.sentence_at(first[0]) if first else None
        item: dict[str, Any] = {
            "name": c.name,
            "key": c.key,
            "status": status,
            "rule": c.rule,
            "reason": reason,
            "type": c.type,
            "country": c.country,
            "confidence": c.confidence,
            "mentions": [{"text": t, "start": a, "end": b} for a, b, t in c.spans],
            "sentence": (
                {"text": sent.text, "start": sent.start, "end": sent.end} if sent else None
            ),
            "decision": c.decision.action if c.decision else None,
        }
        if c.decision and c.decision.action == "merge":
            item["into"] = doc.decisions.final_target(c.decision)
        out.append(item)
    return out


# --------------------------------------------------------------------------- records


def apply_to_record(record: dict[str, Any], decisions=None, *, gazetteer=None) -> dict[str, Any]:
    """The decisions applied to a record read from a file (its machine sections).

    A record made by extraction already has them (applying again changes nothing); a
    record written before a decision gets it here, so `build` of YAML records applies
    decisions too. Corrections in the record's ``curated`` section still win.
    """
    import copy

    from ..decisions import resolve_decisions
    from .gazetteer import load_gazetteer

    decisions = resolve_decisions(decisions)
    if len(decisions) == 0:
        return record
    gaz = gazetteer or load_gazetteer()
    orgs = record.get("organizations") or []
    items = {o["id"]: o for o in orgs}
    cands = (record.get("extraction") or {}).get("candidates") or []
    named = [o for o in orgs if not str(o.get("source", "")).startswith("gazetteer")]
    if not any(decisions.get(o["id"], o["name"]) for o in named) and not any(
        c["status"] == "rejected" and decisions.get(c["key"], c["name"]) for c in cands
    ):
        return record  # nothing here is decided
    record = copy.deepcopy(record)
    doc = Doc(source=None, gazetteer=gaz)  # type: ignore[arg-type]
    doc.decisions = decisions
    for o in record["organizations"]:
        head = next((w for w in reversed(re.findall(r"[\w-]+", o["name"])) if w in ORG_HEADS), None)
        doc.orgs[o["id"]] = OrgBuild(
            key=o["id"],
            name=o["name"],
            type=o["type"],
            acronym=o.get("acronym"),
            country=o.get("country"),
            parent=o.get("parent"),
            aliases=list(o.get("aliases") or []),
            source=o.get("source") or "",
            confidence=o.get("confidence", 0.9),
            mentions=[
                Mention(m["start"], m["end"], m["text"], "org", o["id"], "record", 1.0)
                for m in o.get("mentions") or []
            ],
            head=head,
        )
    doc.fundings = record["fundings"]
    doc.people = {p["id"]: p for p in record["people"]}
    doc.programs = {p["id"]: p for p in record["programs"]}
    doc.events = {e["id"]: e for e in record["events"]}
    doc.partnerships = record["partnerships"]
    doc.footer_entities = record["un_entities_involved"]
    for c in cands:
        doc.candidates.append(
            Candidate(
                name=c["name"],
                key=c["key"],
                status=c["status"],
                rule=c["rule"],
                reason=c.get("reason"),
                type=c.get("type") or "other",
                country=c.get("country"),
                confidence=c.get("confidence") or 0.0,
                spans=[(m["start"], m["end"], m["text"]) for m in c.get("mentions") or []],
                head=next((w for w in c["name"].split() if w in ORG_HEADS), None),
            )
        )

    def state(org: OrgBuild) -> tuple:
        return (org.name, org.type, org.acronym, org.country, org.parent, org.source,
                org.confidence, len(org.mentions), len(org.aliases))  # fmt: skip

    before = {key: (id(org), state(org)) for key, org in doc.orgs.items()}
    apply_decisions(doc)
    out_orgs = []
    for org in doc.orgs.values():
        if before.get(org.key) == (id(org), state(org)):
            out_orgs.append(items[org.key])  # untouched: exactly as it was
            continue
        item = dict(items.get(org.key) or {})
        mentions = sorted({(m.start, m.end, m.text) for m in org.mentions})
        forms = {" ".join(t.split()) for _a, _b, t in mentions}
        item.update(
            id=org.key,
            name=org.name,
            acronym=org.acronym,
            type=org.type,
            country=org.country,
            parent=org.parent,
            aliases=sorted((set(org.aliases) | forms) - {org.name, org.acronym}),
            source=org.source,
            confidence=round(org.confidence, 2),
            mentions=[{"text": t, "start": a, "end": b} for a, b, t in mentions],
        )
        out_orgs.append(item)
    record["organizations"] = out_orgs
    record["fundings"] = doc.fundings
    record["partnerships"] = doc.partnerships
    record["un_entities_involved"] = doc.footer_entities
    for c in record.get("extraction", {}).get("candidates") or []:
        d = decisions.get(c["key"], c["name"])
        c["decision"] = d.action if d else None
        c.pop("into", None)
        if d is not None and d.action == "merge":
            c["into"] = decisions.final_target(d)
    return record
