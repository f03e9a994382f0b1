"""Component ``resolution``: mentions to one canonical entity each.

Acronyms defined in the text, possessives ("X's Bureau of ..."), countries
named inside organization names, and the chain bureau → ministry →
government are resolved here, so every later component refers to entities
by their record keys.
"""

from __future__ import annotations

import re
from collections import Counter

from ..util import slugify
from .doc import Doc, OrgBuild
from .entities import ORG_HEADS, Mention, _acronym_index

# Units whose parent is their country's government when no other parent is named.
TOP_LEVEL_GOVERNMENT_HEADS = {
    "Ministry",
    "Ministries",
    "Department",
    "Presidency",
    "Parliament",
    "Embassy",
    "Cabinet",
    "Police",
    "Judiciary",
    "Assembly",
    "Court",
    "Courts",
    "Council",
    "Agency",
    "Bureau",
    "Directorate",
    "Office",
    "Commission",
    "Authority",
    "Administration",
    "Delegation",
    "Secretariat",
    "Service",
    "Services",
    "Committee",
    "Inspectorate",
    "Municipality",
    "Prosecutor",
    "Procuracy",
    "Directorate-General",
}
STATE_TYPES = {"government", "donor_agency"}
_POSSESSIVE = re.compile(r"^\s?[’']s?\s+$")
_BARE_ACRONYM = re.compile(r"\b[A-Z][A-Z&-]{1,9}\b")


def _add_org(doc: Doc, key: str, **fields) -> OrgBuild:
    org = doc.orgs.get(key)
    if org is None:
        org = doc.orgs[key] = OrgBuild(key=key, **fields)
    return org


def _gazetteer_org(doc: Doc, key: str) -> OrgBuild:
    entry = doc.gazetteer.organizations[key]
    org = _add_org(
        doc,
        key,
        name=entry.name,
        type=entry.type,
        acronym=entry.acronym,
        country=entry.country,
        parent=doc.gazetteer.parent_of(entry),
        source=entry.source,
        confidence=0.95,
    )
    return org


def _government(doc: Doc, iso3: str) -> OrgBuild:
    c = doc.gazetteer.countries[iso3]
    return _add_org(
        doc,
        c.government_id,
        name=c.government_name,
        type="government",
        country=iso3,
        source="gazetteer:countries",
        confidence=0.95,
    )


def _ensure_parent_chain(doc: Doc, key: str) -> None:
    """Bring gazetteer parents of an organization into the record too."""
    seen = set()
    org = doc.orgs.get(key)
    while org and org.parent and org.parent not in seen:
        seen.add(org.parent)
        if org.parent in doc.orgs:
            org = doc.orgs[org.parent]
        elif org.parent in doc.gazetteer.organizations:
            org = _gazetteer_org(doc, org.parent)
        elif org.parent.startswith("government-"):
            org = _government(doc, org.parent.split("-", 1)[1].upper())
        else:
            org.parent = None
            break


def _is_word_or_hyphen(ch: str) -> bool:
    """What ``[\\w-]`` matches (``\\w``: ``str.isalnum()`` or ``_``)."""
    return ch.isalnum() or ch == "_" or ch == "-"


def _occurrences(text: str, literal: str, *, standalone: bool = False):
    """Spans of ``literal`` in ``text``, left to right, not overlapping: what
    ``re.finditer(re.escape(literal), text)`` gives (with ``standalone``, what
    ``(?<![\\w-])literal(?![\\w-])`` gives) without compiling a pattern per name.
    """
    n = len(literal)
    if not n:
        return
    find = text.find
    i = find(literal)
    while i >= 0:
        j = i + n
        if standalone and (
            (i > 0 and _is_word_or_hyphen(text[i - 1]))
            or (j < len(text) and _is_word_or_hyphen(text[j]))
        ):
            i = find(literal, i + 1)
            continue
        yield i, j
        i = find(literal, j)


def resolve(doc: Doc) -> None:
    """Run the ``resolution`` component."""
    text = doc.text
    mentions = doc.mentions
    shadows = [
        m for m in mentions if m.kind in ("org", "government", "acronym-def", "program", "event")
    ]

    def shadowed(m: Mention) -> bool:
        return any(
            o is not m
            and o.start <= m.start
            and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in shadows
        )

    # 1. acronym definitions: known entity, or a new organization / programme
    for m in [m for m in mentions if m.kind == "acronym-def"]:
        acr = m.data["acronym"]
        a0, a1 = m.data["acr_span"]
        if m.key:
            org = doc.orgs.get(m.key) or _gazetteer_org(doc, m.key)
            if m.text not in (org.name, *org.aliases):
                org.aliases.append(m.text)
            org.mentions += [m, Mention(a0, a1, acr, "org", m.key, "acronym", 0.9)]
            doc.acronyms[acr] = m.key
            continue
        inner = [
            x
            for x in mentions
            if x.kind in ("program", "event", "org")
            and x.start >= m.start
            and x.end <= m.end
            and x is not m
            and not x.key
        ]
        head = inner[0] if inner else None
        if head and head.kind in ("program", "event"):
            head.data["acronym"] = acr
            head.end = max(head.end, m.end)
            continue
        country = head.data.get("country") if head else None
        kind = head.data.get("value") if head else None
        name = m.text
        otype = kind or next(
            (ORG_HEADS[w] for w in re.findall(r"[\w-]+", name) if w in ORG_HEADS), "other"
        )
        key = slugify(name) + (f"-{country.lower()}" if country else "")
        org = _add_org(
            doc,
            key,
            name=name,
            type=otype,
            acronym=acr,
            country=country,
            source="pattern:acronym-definition",
            confidence=0.8,
            head=head.data.get("head") if head else None,
        )
        org.mentions += [m, Mention(a0, a1, acr, "org", key, "acronym", 0.85)]
        doc.acronyms[acr] = key
        if head:
            head.key = key  # consumed

    # 2. gazetteer organizations and governments
    for m in mentions:
        if m.kind == "org" and m.key and not shadowed(m):
            org = doc.orgs.get(m.key) or _gazetteer_org(doc, m.key)
            org.mentions.append(m)
        elif m.kind == "government":
            if any(
                o is not m
                and o.kind in ("org", "acronym-def")
                and o.start <= m.start
                and m.end <= o.end
                for o in shadows
            ):
                continue
            _government(doc, m.key).mentions.append(m)

    # 3. discovered organizations (head words), with country from the phrase
    for m in mentions:
        if m.kind != "org" or m.key or shadowed(m):
            continue
        country = m.data.get("country")
        otype = m.data.get("value", "other")
        name = m.text
        if name.lower().startswith("the "):
            name = name[4:]
        key = slugify(name) + (f"-{country.lower()}" if country else "")
        org = _add_org(
            doc,
            key,
            name=name,
            type=otype,
            country=country,
            source=f"pattern:{m.data.get('head', 'head').lower()}",
            confidence=0.75,
            head=m.data.get("head"),
        )
        org.mentions.append(m)
        m.key = key
        if m.data.get("lead_org") and org.parent is None:
            org.parent = m.data["lead_org"]
            if m.data["lead_org"] not in doc.orgs:
                _gazetteer_org(doc, m.data["lead_org"])

    _merge_name_variants(doc)

    # 4a. full names defined once with an acronym and repeated without it
    for org in list(doc.orgs.values()):
        if org.source != "pattern:acronym-definition" or len(org.name.split()) < 2:
            continue
        for start, end in _occurrences(text, org.name):
            if not any(x.start <= start < x.end for x in org.mentions):
                org.mentions.append(
                    Mention(start, end, org.name, "org", org.key, "name:defined-in-text", 0.85)
                )
    # 4. bare acronyms defined elsewhere in this document
    known_spans = {(x.start, x.end) for o in doc.orgs.values() for x in o.mentions}
    for acr, key in doc.acronyms.items():
        for start, end in _occurrences(text, acr, standalone=True):
            if (start, end) in known_spans:
                continue
            if any(x.start <= start < x.end for o in doc.orgs.values() for x in o.mentions):
                continue
            doc.orgs[key].mentions.append(
                Mention(start, end, acr, "org", key, "acronym:defined-in-text", 0.85)
            )

    # 5. countries: mentions outside organization names
    org_spans = [(x.start, x.end) for o in doc.orgs.values() for x in o.mentions]
    org_spans += [(m.start, m.end) for m in mentions if m.kind in ("program", "event")]
    # a country named inside a government's or aid agency's name is a country of the
    # release ("Government of Japan"); inside other names it is not ("Niger Delta Network")
    state_spans = [
        (x.start, x.end) for o in doc.orgs.values() if o.type in STATE_TYPES for x in o.mentions
    ]
    for m in mentions:
        if m.kind not in ("country", "country-adj"):
            continue
        inside = [
            (a, b)
            for a, b in org_spans
            if a <= m.start and m.end <= b and (b - a) > (m.end - m.start)
        ]
        if inside and not any(a <= m.start and m.end <= b for a, b in state_spans):
            continue
        if m.kind == "country-adj" and m.data.get("form") == "demonym":
            continue  # "the Rohingya", "Kenyans": people, not the state
        if m.text in doc.acronyms:
            continue  # "Dominican Red Cross (DRC)": the text defined it as an organization
        doc.countries.setdefault(m.key, []).append(m)

    # 6. possessives: "X's Bureau of ..." makes X the parent (or the country)
    _possessive_parents(doc)

    # 7. main country: dateline, else the most-mentioned country
    counts = Counter({k: len(v) for k, v in doc.countries.items()})
    for m in mentions:
        if m.kind == "government":
            counts[m.key] += 1
    dateline = doc.structure.dateline if doc.structure else None
    if dateline:
        code = doc.gazetteer.country_code(dateline)
        if code:
            doc.main_country = code
    if not doc.main_country and counts:
        doc.main_country = counts.most_common(1)[0][0]

    # a state body named in the text ("USAID", "Government of Japan") brings its country
    for org in doc.orgs.values():
        if (
            org.type in STATE_TYPES
            and org.country
            and org.mentions
            and org.country in doc.gazetteer.countries
            and org.country not in doc.countries
        ):
            doc.countries[org.country] = [
                Mention(
                    x.start, x.end, x.text, "country", org.country, "country-of-state-body", 0.8
                )
                for x in org.mentions
            ]

    # 8. government units: country by context, parent government by default
    for org in list(doc.orgs.values()):
        if org.source.startswith("gazetteer") or org.type != "government":
            continue
        if org.country is None and doc.main_country:
            org.country = doc.main_country
            org.confidence = min(org.confidence, 0.6)
            old = org.key
            new = f"{old}-{doc.main_country.lower()}"
            if new not in doc.orgs:
                _rekey(doc, old, new)
            else:  # "Ministry of Health" and "Ministry of Health in Ethiopia": one body
                _merge_into(doc, old, new)
                continue
        if org.parent is None and org.country and org.head in TOP_LEVEL_GOVERNMENT_HEADS:
            gov = _government(doc, org.country)
            if gov.key != org.key:
                org.parent = gov.key
    for key in list(doc.orgs):
        _ensure_parent_chain(doc, key)
    _ = _acronym_index  # imported for callers wanting the index


def _merge_name_variants(doc: Doc) -> None:
    """One body written in several ways: "Chinese Embassy" and "Chinese Embassy in the
    Philippines"; "Embassy to X" and "Embassy in X" (same country, discovered names)."""
    found = [o for o in doc.orgs.values() if o.source.startswith("pattern:") and o.head]

    def words(o: OrgBuild) -> list[str]:
        ws = o.name.split()
        if o.head in ("Embassy", "Consulate"):
            ws = ["in" if w == "to" else w for w in ws]
        return ws

    for short in sorted(found, key=lambda o: len(o.name)):
        if short.key not in doc.orgs or short.name.split()[-1:] != [short.head]:
            continue
        ws = words(short)
        for long in found:
            if long is short or long.key not in doc.orgs or long.country != short.country:
                continue
            lw = words(long)
            if len(lw) > len(ws) and lw[: len(ws)] == ws:
                _merge_into(doc, short.key, long.key)
                break
    seen: dict[tuple, str] = {}
    for o in list(found):
        if o.key not in doc.orgs:
            continue
        sig = (" ".join(words(o)), o.country)
        if sig in seen and seen[sig] != o.key:
            _merge_into(doc, o.key, seen[sig])
        else:
            seen[sig] = o.key


def _merge_into(doc: Doc, old: str, new: str) -> None:
    """Fold a discovered organization into another key for the same body."""
    org = doc.orgs.pop(old)
    target = doc.orgs[new]
    target.mentions += org.mentions
    target.acronym = target.acronym or org.acronym
    for alias in org.aliases:
        if alias not in target.aliases and alias != target.name:
            target.aliases.append(alias)
    _repoint(doc, old, new, org.mentions)


def _rekey(doc: Doc, old: str, new: str) -> None:
    org = doc.orgs.pop(old)
    org.key = new
    doc.orgs[new] = org
    _repoint(doc, old, new, org.mentions)


def _repoint(doc: Doc, old: str, new: str, mentions) -> None:
    """Everything that referred to key ``old`` now refers to ``new``."""
    for other in doc.orgs.values():
        if other.parent == old:
            other.parent = new
    for acr, key in list(doc.acronyms.items()):
        if key == old:
            doc.acronyms[acr] = new
    for m in mentions:
        m.key = new


def _possessive_parents(doc: Doc) -> None:
    text = doc.text
    spans = []
    for org in doc.orgs.values():
        for m in org.mentions:
            spans.append((m.start, m.end, "org", org.key))
    for iso3, ms in doc.countries.items():
        for m in ms:
            spans.append((m.start, m.end, "country", iso3))
    # countries hidden inside longer names still count as possessors ("U.S. Department's")
    for m in doc.mentions:
        if m.kind in ("country", "country-adj"):
            spans.append((m.start, m.end, "country", m.key))
    spans.sort()
    by_start = {}
    for s in spans:
        by_start.setdefault(s[0], []).append(s)
    # the spans ending at most 4 characters before a start, by their end (in span order)
    by_end: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        by_end.setdefault(s[1], []).append(i)
    for a, _b, kind, key in spans:
        if kind != "org":
            continue
        org = doc.orgs[key]
        if org.source.startswith("gazetteer"):
            continue
        before = text[max(0, a - 4) : a]
        near = sorted(i for d in range(a - 4, a + 1) for i in by_end.get(d, ()))
        for _c, d, kind2, key2 in (spans[i] for i in near):
            if key2 == key:
                continue
            if not _POSSESSIVE.match(text[d:a]) and not re.match(r"^[’']s\s+$", before[-(a - d) :]):
                continue
            if kind2 == "country":
                if org.country is None:
                    org.country = key2
            elif org.parent is None and key2 in doc.orgs:
                org.parent = key2
                parent = doc.orgs[key2]
                if org.country is None and parent.country:
                    org.country = parent.country
