"""Component ``relations``: programmes, events, people, fundings, partnerships, footers.

Every relation is read from one sentence by a named cue rule and keeps that
sentence as its evidence, with the rule's method and confidence.
"""

from __future__ import annotations

import re
from typing import Any

from ..util import short_hash, slugify
from .dates import year_range
from .doc import Doc
from .entities import Mention
from .money import find_amounts
from .text import Sentence

HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|H\.\s?E|Hon|Eng|Atty|Ambassador)\.?"
EXCELLENCY = r"(?:His|Her)\s+(?:Excellency|Majesty|Highness)"
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_NAME_WORD = (
    rf"(?:[{UPPER}][^\W\d_]*(?:[-’'][{UPPER}]?[^\W\d_]+)*\.?|"
    rf"(?:de|da|van|von|der|al|el|bin|ben|le|la|du)(?=\s+[{UPPER}]))"
)
NAME = (
    rf"(?P<name>[{UPPER}][^\W\d_]+(?:[-’'][{UPPER}]?[^\W\d_]+)*"
    rf"(?:\s+{_NAME_WORD}){{1,4}})"
)
_HON_NAME = re.compile(rf"(?P<hon>{EXCELLENCY}|{HONORIFICS})\s+{NAME}")
ROLE_WORDS = (
    "President|Vice-President|Vice President|Prime Minister|Deputy Prime Minister|Minister|"
    "Deputy Minister|Vice-Minister|Secretary-General|Secretary General|Under-Secretary-General|"
    "Assistant Secretary-General|Director-General|Director General|Deputy Director General|"
    "Executive Director|Deputy Executive Director|Regional Director|Country Director|Director|"
    "Resident Coordinator|Humanitarian Coordinator|Coordinator|Resident Representative|"
    "Deputy Representative|Representative|Chief of Mission|Head of Office|Head of Mission|Head|"
    "Chief|Ambassador|Chargé d’Affaires|Chargé d'Affaires|Chairperson|Chairman|Chairwoman|Chair|"
    "Commissioner|Governor|Mayor|Administrator|Spokesperson|Spokesman|Envoy|Special Envoy|"
    "Special Representative|Officer|Manager|Adviser|Advisor|Specialist|Founder|Co-founder|CEO|"
    "Chief Executive|Programme Manager|Project Manager|Team Leader|Dean|Rector|Professor|"
    "Secretary|Undersecretary|Deputy Head|Deputy Director|Focal Point|Consultant|Expert|"
    "Senior Researcher|Researcher|Research Fellow|Lecturer|Scientist|Economist|Analyst|"
    "Engineer|Doctor|Nurse|Teacher|Principal|Lawyer|Judge|Prosecutor|Journalist|Farmer|"
    "Entrepreneur|Activist|Leader|President and CEO|Partner|Fellow|Student|Counsellor|"
    "Counselor|Attaché|Third Secretary|Second Secretary|First Secretary"
)
# words of titles, never of a person's name ("Senior Agriculture Economist", "General Atty.")
TITLE_WORDS = {
    "Senior", "Junior", "Deputy", "Acting", "Chief", "Head", "Executive", "Regional", "National",
    "General", "Assistant", "Associate", "Principal", "Joint", "Interim", "Special", "Country",
    "Programme", "Program", "Project", "Agriculture", "Minister", "Director", "Secretary",
}  # fmt: skip
_ROLE_HEAD = re.compile(rf"\b(?:{ROLE_WORDS})\b")
_SAID = re.compile(
    r"\b(?:said|says|stated|noted|added|explained|stressed|underlined|"
    r"emphasized|emphasised|highlighted|remarked|announced|declared|observed)\b"
)

FUNDING_CUES = [
    (
        re.compile(r"\bfunded\s+by\b|\bfinanced\s+by\b|\bsponsored\s+by\b|\bbankrolled\s+by\b"),
        "funding:funded-by",
        "text-explicit",
        0.9,
    ),
    (
        re.compile(
            r"\bwith\s+(?:the\s+)?(?:generous\s+)?(?:financial|funding)\s+support\s+"
            r"(?:of|from)\b|\bthrough\s+(?:a\s+)?(?:funding|grant|contribution)\s+from\b|"
            r"\bwith\s+funding\s+from\b|\bthanks\s+to\s+(?:a\s+|the\s+)?(?:generous\s+)?"
            r"(?:financial\s+)?(?:contribution|funding|grant|support|donation)s?\b"
            r"[^;]{0,60}?\bfrom\b|\bwith\s+(?:a\s+)?(?:grant|contribution)\s+"
            r"(?:of\s+[^;]{0,40}?)?from\b"
        ),
        "funding:financial-support-from",
        "text-explicit",
        0.9,
    ),
    (
        re.compile(
            r"\b(?:provided|contributed|granted|donated|committed|allocated|pledged|"
            r"disbursed|awarded|gave|will\s+direct|directed|channel(?:l)?ed|released|"
            r"provides?|contributes?|grants|donates?|commits?|allocates?|pledges?|"
            r"to\s+provide|to\s+contribute|to\s+allocate)\b"
        ),
        "funding:donor-verb",
        "text-explicit",
        0.8,
    ),
    (
        re.compile(
            r"\b(?:funds|finances|is\s+funding|is\s+financing|will\s+fund|"
            r"will\s+finance)\b"
        ),
        "funding:funds-verb",
        "text-explicit",
        0.8,
    ),
    (
        # "X expressed its gratitude to Y for its aid amounting to USD 100,000": Y paid X
        re.compile(
            r"\b(?:thanks|thanked|thank|(?:expressed|expresses|extends?|extended|conveyed)\s+"
            r"(?:its|their|his|her|our)\s+(?:deep\s+|sincere\s+|heartfelt\s+)?"
            r"(?:gratitude|appreciation|thanks)\s+to)\b"
            r"(?=[^.;]{0,160}?\bfor\s+(?:its|their|the|his|her)?\s*[^.;]{0,60}?"
            r"\b(?:aid|donation|contribution|grant|funding|assistance)\b)"
        ),
        "funding:thanks-for-aid",
        "text-inferred",
        0.7,
    ),
    (
        re.compile(r"\bsupported\s+by\b|\bwith\s+(?:the\s+)?support\s+(?:of|from)\b"),
        "funding:supported-by",
        "text-inferred",
        0.6,
    ),
]


def _any_of(patterns) -> re.Pattern:
    """One pattern that matches where any of ``patterns`` does: a pre-check in one scan.

    Group names are dropped (they may repeat) and each pattern keeps its own flags.
    """
    parts = []
    for p in patterns:
        if p.flags & ~(re.IGNORECASE | re.UNICODE) or re.search(r"\\\d|\(\?P=", p.pattern):
            raise ValueError(f"cannot combine {p.pattern!r}")  # flags or back-references
        body = re.sub(r"\(\?P<\w+>", "(?:", p.pattern)
        flags = "i" if p.flags & re.IGNORECASE else ""
        parts.append(f"(?{flags}:{body})" if flags else f"(?:{body})")
    return re.compile("|".join(parts))


_ANY_FUNDING_CUE = _any_of(c for c, _, _, _ in FUNDING_CUES)
NO_FUNDING = re.compile(
    r"\b(?:appeal|requires?|requirements?|needs?\s+US|funding\s+gap|"
    r"shortfall|seeking|seeks|calls?\s+for|% funded|per\s?cent funded|"
    r"percent funded)\b",
    re.I,
)
PARTNER_CUES = [
    (re.compile(r"\btogether\s+with\b"), "partnership:together-with", "partner"),
    (
        re.compile(r"\bin\s+(?:close\s+)?partnership\s+with\b"),
        "partnership:in-partnership-with",
        "partner",
    ),
    (re.compile(r"\bjointly\s+with\b"), "partnership:jointly-with", "partner"),
    (
        re.compile(r"\bin\s+(?:close\s+)?(?:cooperation|collaboration|coordination)\s+with\b"),
        "partnership:in-cooperation-with",
        "cooperation",
    ),
    (
        re.compile(
            r"\b(?:continue\s+to\s+|will\s+)?(?:\w+ly\s+)?(?:cooperate|collaborate|"
            r"partner|work\s+together)\b"
        ),
        "partnership:cooperate",
        "cooperation",
    ),
]
_ANY_PARTNER_CUE = _any_of(c for c, _, _ in PARTNER_CUES)
ORGANIZER_CUES = [
    (re.compile(r"\b(?:co-organi[sz]ed|jointly\s+organi[sz]ed)\s+by\b"), "event:co-organized-by"),
    (re.compile(r"\b(?:organi[sz]ed|convened|hosted|held)\s+by\b"), "event:organized-by"),
]
_ORGANIZE_VERB = re.compile(
    r"\b(?:organi[sz]ed|convened|hosted|held|launched|co-organi[sz]ed)"
    r"\s+(?:a|an|the)\b"
)
_EVENT_NOMINAL = re.compile(
    r"\b(?:a|an|the)\s+(?P<len>(?:one|two|three|four|five|six|seven|\d+)[- ]day\s+)?"
    r"(?P<adj>(?:(?:regional|national|international|high-level|technical|joint|global|"
    r"sub-regional|inter-agency|multi-stakeholder|virtual|online|first|second|annual)\s+){0,3})"
    r"(?P<head>discussion|workshop|conference|meeting|seminar|training|forum|roundtable|summit|"
    r"consultation|dialogue|symposium|webinar|ceremony|launch|hackathon|session)s?\b"
    r"(?:\s+on\s+(?P<topic>[^,.;:()“”\"]{3,80}?))?"
    r"(?=\s+(?:in|at|for|from|with|organi[sz]ed|hosted|held|which|that|and|to|was|were|"
    r"has|had|will|is|are)\b|\s*[,.;:()“”\"]|\s*$)",
    re.I,
)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WITHIN = re.compile(
    r"\b(?:within|under|as\s+part\s+of|in\s+the\s+framework\s+of|"
    r"within\s+the\s+framework\s+of)\b",
    re.I,
)


def _ev(doc: Doc, sent: Sentence, method: str, confidence: float, rule: str) -> dict[str, Any]:
    return {
        "text": sent.text,
        "start": sent.start,
        "end": sent.end,
        "section": sent.section,
        "method": method,
        "confidence": confidence,
        "rule": rule,
    }


def _org_mentions(doc: Doc, sent: Sentence) -> list[tuple[Mention, str]]:
    """Organization mentions in a sentence with their entity key, in text order."""
    out = []
    for org in doc.orgs.values():
        for m in org.mentions:
            if sent.start <= m.start and m.end <= sent.end:
                out.append((m, org.key))
    out.sort(key=lambda x: (x[0].start, -(x[0].end - x[0].start)))
    # drop nested ones (IOM inside "Regional IOM Coordinator" stays: nothing encloses it)
    kept: list[tuple[Mention, str]] = []
    for m, key in out:
        if kept and m.start < kept[-1][0].end:
            continue
        kept.append((m, key))
    return kept


def _country_actor(doc: Doc, sent: Sentence, offset_from: int, offset_to: int) -> str | None:
    """A country named where a funder/partner is expected stands for its government."""
    for iso3, ms in doc.countries.items():
        for m in ms:
            in_range = offset_from <= m.start < offset_to and sent.start <= m.start < sent.end
            if in_range and m.kind == "country":
                return iso3
    return None


def _first_org_after(doc: Doc, sent: Sentence, pos: int, limit: int = 120) -> str | None:
    best = None
    for m, key in _org_mentions(doc, sent):
        if pos <= m.start <= pos + limit and (best is None or m.start < best[0]):
            best = (m.start, key)
    iso3 = _country_actor(doc, sent, pos, pos + limit)
    if iso3 and any(
        re.match(r"[’']s?\s", doc.text[m.end : m.end + 3])
        for m in doc.countries[iso3]
        if pos <= m.start < pos + limit
    ):
        iso3 = None  # "Norway's Ministry ...": the ministry acts, not the state
    if iso3:
        start = min(m.start for m in doc.countries[iso3] if pos <= m.start)
        if best is None or start < best[0]:
            gov = _government_key(doc, iso3)
            return gov
    if best:
        return _possessed(doc, sent, best[1]) or best[1]
    return None


def _possessed(doc: Doc, sent: Sentence, key: str) -> str | None:
    """In "X's Bureau of Y", the actor is the bureau, not X."""
    for m, k in _org_mentions(doc, sent):
        if k != key:
            continue
        after = doc.text[m.end : m.end + 4]
        pm = re.match(r"[’']s?\s+", after)
        if not pm:
            continue
        for m2, k2 in _org_mentions(doc, sent):
            if m2.start == m.end + pm.end() and k2 != key:
                return k2
    return None


def _government_key(doc: Doc, iso3: str) -> str:
    from .resolution import _government

    return _government(doc, iso3).key


# --------------------------------------------------------------------------- programmes


def find_programs(doc: Doc) -> None:
    text = doc.text
    for m in doc.mentions:
        if m.kind != "program" or m.key:
            continue
        if m.data.get("country_from") == "lead" and m.data.get("lead_start") is not None:
            m.start = m.data["lead_start"]  # "Kenya Drought Flash Appeal" keeps its country
            m.text = text[m.start : m.end]
        name = m.text
        if name.lower().startswith("the "):
            name = name[4:]
        key = slugify(name)
        longer = [
            p
            for p in doc.programs.values()
            if p["name"].startswith(name + " ") and p["kind"] == m.data["value"]
        ]
        if longer:
            key = longer[0]["id"]  # "the National Action Plan" after its full name
        prog = doc.programs.get(key)
        sent = doc.sentence_at(m.start)
        if prog is None:
            prog = doc.programs[key] = {
                "id": key,
                "name": name,
                "kind": m.data["value"],
                "owner": None,
                "period": None,
                "countries": [],
                "mentions": [],
                "evidence": None,
            }
        prog["mentions"].append({"text": m.text, "start": m.start, "end": m.end})
        country = m.data.get("country")
        if country and country not in prog["countries"]:
            prog["countries"].append(country)
        after = text[m.end : m.end + 30]
        pm = re.match(
            r"^\s*(?:\(|for\s+(?:the\s+(?:period|years)\s+)?|,\s*)?"
            r"((?:19|20)\d{2}\s*[-–—]\s*(?:19|20)?\d{2}|(?:19|20)\d{2}\s+to\s+"
            r"(?:19|20)\d{2})",
            after,
        )
        if pm and prog["period"] is None:
            yr = year_range(pm.group(1))
            if yr:
                prog["period"] = {"start": yr[0], "end": yr[1]}
        if m.data.get("lead_org") and not prog["owner"]:
            prog["owner"] = m.data["lead_org"]
            if sent:
                prog["evidence"] = _ev(doc, sent, "text-explicit", 0.8, "program:owner-prefix")
        before = text[max(0, m.start - 80) : m.start]
        pos = re.search(r"([^\s,;(]+?)\s?[’']s?\s+$", before)
        if pos and not prog["owner"] and sent:
            owner_end = m.start - (len(before) - pos.end())
            possessor_end = owner_end - len(re.search(r"[’']s?\s+$", before).group(0)) + 0
            owner = _possessor(doc, possessor_end)
            if owner:
                prog["owner"] = owner
                prog["evidence"] = _ev(doc, sent, "text-explicit", 0.85, "program:possessive-owner")
        if sent and prog["evidence"] is None:
            prog["evidence"] = _ev(doc, sent, "text-explicit", 0.75, "program:head-word")


def _possessor(doc: Doc, end: int) -> str | None:
    """The organization (or country → government) whose mention ends at ``end``."""
    for org in doc.orgs.values():
        for m in org.mentions:
            if m.end == end:
                return org.key
    for m in doc.mentions:
        if m.end == end and m.kind in ("country",):
            return _government_key(doc, m.key)
    return None


# --------------------------------------------------------------------------- events


def find_events(doc: Doc) -> None:
    named = [m for m in doc.mentions if m.kind == "event" and not m.key]
    for sent in doc.sentences:
        if sent.section == "title":
            continue
        in_sent = [m for m in named if sent.start <= m.start < sent.end]
        nominal = _EVENT_NOMINAL.search(sent.text)
        if not in_sent and not (
            nominal  # the organizing cues are only looked for after a nominal event
            and (
                _ORGANIZE_VERB.search(sent.text)
                or any(c.search(sent.text) for c, _ in ORGANIZER_CUES)
            )
        ):
            continue
        if in_sent:
            m = in_sent[0]
            name = re.sub(r"^(?:the|The)\s+", "", m.text)
            kind = m.data["value"]
            mention = {"text": m.text, "start": m.start, "end": m.end}
        else:
            adj = (nominal.group("adj") or "").strip()
            kind = nominal.group("head").lower()
            name = (adj + " " + kind).strip()
            if nominal.group("topic"):
                name += " on " + nominal.group("topic").strip()
            name = name[0].upper() + name[1:]
            mention = {
                "text": nominal.group(0)[nominal.group(0).find(" ") + 1 :],
                "start": sent.start + nominal.start() + nominal.group(0).find(" ") + 1,
                "end": sent.start + nominal.end(),
            }
        key = slugify(name)
        if key in doc.events:
            continue
        event = {
            "id": key,
            "name": name,
            "kind": kind,
            "start_date": doc.structure.date,
            "end_date": None,
            "duration": None,
            "organizers": [],
            "participants": [],
            "participant_countries": [],
            "program": None,
            "country": doc.main_country,
            "mentions": [mention],
            "evidence": _ev(
                doc,
                sent,
                "text-explicit",
                0.8,
                "event:named" if in_sent else "event:organized-nominal",
            ),
        }
        if nominal and nominal.group("len"):
            n = nominal.group("len").split("-")[0].split()[0].lower()
            days = NUMBER_WORDS.get(n) or (int(n) if n.isdigit() else None)
            if days:
                event["duration"] = f"P{days}D"
        _event_roles(doc, sent, event)
        doc.events[key] = event


def _event_roles(doc: Doc, sent: Sentence, event: dict[str, Any]) -> None:
    orgs = _org_mentions(doc, sent)
    text = sent.text
    for cue, rule in ORGANIZER_CUES:
        cm = cue.search(text)
        if cm:
            after = sent.start + cm.end()
            for m, key in orgs:
                if m.start >= after and key not in event["organizers"]:
                    seg = doc.text[after : m.start]
                    if re.search(r"[.;]|\bwith\b|\bfor\b", seg):
                        break
                    event["organizers"].append(key)
            event["evidence"]["rule"] = rule
    vm = _ORGANIZE_VERB.search(text)
    if vm:
        verb_at = sent.start + vm.start()
        subject = [key for m, key in orgs if m.end <= verb_at]
        partner_cue = re.search(
            r"\btogether\s+with\b|\bjointly\s+with\b|"
            r"\bin\s+partnership\s+with\b",
            text,
        )
        partners = []
        if partner_cue:
            pa = sent.start + partner_cue.end()
            partners = [key for m, key in orgs if pa <= m.start < verb_at]
            partners += _government_actors(doc, sent, pa, verb_at)
        main = [k for k in subject if k not in partners]
        if main:
            event["organizers"].append(main[-1])
            event["evidence"]["rule"] = "event:subject-organized"
        for p in partners:
            if p not in event["organizers"]:
                event["organizers"].append(p)
    # the programme the event belongs to: "within X's Programme"
    wm = _WITHIN.search(text)
    if wm:
        for prog in doc.programs.values():
            for pm in prog["mentions"]:
                if sent.start + wm.end() <= pm["start"] < sent.end:
                    event["program"] = prog["id"]
                    break


def _government_actors(doc: Doc, sent: Sentence, start: int, end: int) -> list[str]:
    out = []
    for org in doc.orgs.values():
        if org.type == "government":
            for m in org.mentions:
                if start <= m.start < end and sent.start <= m.start and org.key not in out:
                    out.append(org.key)
    return out


def attach_event_context(doc: Doc) -> None:
    """Sentences that refer back to "the discussion" add participants and programme."""
    if len(doc.events) != 1:
        return
    event = next(iter(doc.events.values()))
    ref = re.compile(rf"\b(?:the|this)\s+(?:\w+\s+)?{re.escape(event['kind'])}\b", re.I)
    for sent in doc.sentences:
        if not ref.search(sent.text):
            continue
        bt = re.search(
            r"\bbrought\s+together\b|\bparticipants?\s+(?:from|included)\b|"
            r"\bexperts?\s+from\b|\battended\s+by\b",
            sent.text,
        )
        if bt:
            after = sent.start + bt.start()
            for m, key in _org_mentions(doc, sent):
                if (
                    m.start >= after
                    and key not in event["participants"]
                    and key not in event["organizers"]
                ):
                    event["participants"].append(key)
            for iso3, ms in doc.countries.items():
                if (
                    any(after <= m.start < sent.end for m in ms)
                    and iso3 not in event["participant_countries"]
                ):
                    event["participant_countries"].append(iso3)
        if event["program"] is None and _WITHIN.search(sent.text):
            for prog in doc.programs.values():
                if any(sent.start <= pm["start"] < sent.end for pm in prog["mentions"]):
                    event["program"] = prog["id"]


# --------------------------------------------------------------------------- people


_SAID_NAME = re.compile(rf"(?:{_SAID.pattern})\s+{NAME}\s*,")
_NAME_COMMA = re.compile(
    rf"(?:^|(?<=[\s“\"(]))(?!(?:The|This|In|On|At|For|As)\s){NAME}"
    rf"\s*,\s"
)
_ROLE_NAME = re.compile(
    rf"(?P<role>(?:{ROLE_WORDS})(?:\s+(?:of|for|to|in|on)\s+"
    rf"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,4}})?)\s*,?\s+{NAME}"
)
_SIGNATURE_NAME = re.compile(rf"(?:(?P<hon>{HONORIFICS})\s+)?{NAME}")
_ROLE_WORD = re.compile(rf"(?:{ROLE_WORDS})")


def find_people(doc: Doc) -> None:
    text = doc.text
    _signature_blocks(doc)
    for sent in doc.sentences:
        if sent.section == "title":
            continue
        for hm in _HON_NAME.finditer(sent.text):
            name = _clean_name(hm.group("name"))
            if not name or _is_entity_text(doc, sent.start + hm.start("name")):
                continue
            a = sent.start + hm.start("name")
            b = a + len(name)
            hon = re.sub(r"\s+", " ", hm.group("hon")).strip()
            role, org, rule = _role_after(doc, sent, b)
            if role is None:
                role, org, rule = _role_before(doc, sent, sent.start + hm.start())
            _add_person(doc, sent, name, hon, role, org, rule, a, b)
        # "said Jane Doe, Representative of UNICEF" / "UNDP's Resident Representative Jane Doe"
        for pm in _SAID_NAME.finditer(sent.text):
            name = _clean_name(pm.group("name"))
            a = sent.start + pm.start("name")
            if not name or _known_person_at(doc, a):
                continue
            role, org, rule = _role_after(doc, sent, a + len(name))
            if role:
                _add_person(
                    doc, sent, name, None, role, org, "person:said-name-role", a, a + len(name)
                )
        for nm in _NAME_COMMA.finditer(sent.text):
            name = _clean_name(nm.group("name"))
            a = sent.start + nm.start("name")
            if not name or _known_person_at(doc, a) or _is_entity_text(doc, a):
                continue
            role, org, rule = _role_after(doc, sent, a + len(nm.group("name")))
            if role:
                _add_person(
                    doc, sent, name, None, role, org, "person:name-comma-role", a, a + len(name)
                )
        for rm in _ROLE_NAME.finditer(sent.text):
            name = _clean_name(rm.group("name"))
            a = sent.start + rm.start("name") + rm.group("name").find(name[:3] or "\0")
            if not name or _known_person_at(doc, a) or _is_entity_text(doc, a):
                continue
            if any(w in ROLE_WORDS.split("|") for w in name.split()):
                continue
            role_text = rm.group("role").strip()
            role_start = sent.start + rm.start("role")
            org = (
                _org_in_span(doc, role_start, role_start + len(role_text))
                or _possessor_before(doc, role_start)
                or _org_right_before(doc, role_start)
            )
            _add_person(
                doc, sent, name, None, role_text, org, "person:role-before-name", a, a + len(name)
            )
    del text


def _signature_blocks(doc: Doc) -> None:
    """A line holding only a name, then a line with a title: a signature or contact block."""
    lines = doc.structure.body
    for first, second in zip(lines, lines[1:]):
        m = _SIGNATURE_NAME.fullmatch(first.text)
        if not m or not _ROLE_HEAD.search(second.text) or len(second.text) > 120:
            continue
        name = _clean_name(m.group("name"))
        if not name:
            continue
        sent = doc.sentence_at(second.start) or doc.sentence_at(first.start)
        if sent is None:
            continue
        a = first.start + m.start("name")
        org = _org_in_span(doc, second.start, second.end)
        ev_sent = type(sent)(
            f"{first.text}\n{second.text}", first.start, second.end, sent.section, sent.index
        )
        _add_person(
            doc,
            ev_sent,
            name,
            m.group("hon"),
            second.text,
            org,
            "person:signature-block",
            a,
            a + len(name),
        )


_HEAD_WORDS = None


def _clean_name(name: str) -> str:
    name = re.sub(
        r"^(?:(?:His|Her|Excellency|Majesty|Mr|Mrs|Ms|Dr|Prof|Sir|Dame|Atty)\.?\s+)+",
        "",
        name.strip(),
    )
    name = re.sub(r"\s+(?:de|da|van|von|der|al|el|bin|ben|le|la|du)$", "", name.strip())
    name = name.rstrip(".,")
    parts = name.split()
    # stop before words that start a new clause or title
    cut = []
    for p in parts:
        if _ROLE_WORD.fullmatch(p) or p in ("The", "And", "In", "On", "Of"):
            break
        cut.append(p)
    from .entities import EVENT_HEADS, ORG_HEADS, PROGRAM_HEADS

    if any(w in ORG_HEADS or w in PROGRAM_HEADS or w in EVENT_HEADS for w in cut):
        return ""
    if any(w.rstrip(".") in TITLE_WORDS for w in cut):
        return ""
    return " ".join(cut) if len(cut) >= 2 else ""


def _is_entity_text(doc: Doc, pos: int) -> bool:
    for org in doc.orgs.values():
        for m in org.mentions:
            if m.start <= pos < m.end:
                return True
    return any(
        m.start <= pos < m.end for m in doc.mentions if m.kind in ("country", "program", "event")
    )


def _known_person_at(doc: Doc, pos: int) -> bool:
    return any(mm["start"] <= pos < mm["end"] for p in doc.people.values() for mm in p["mentions"])


_APPOSITION_ROLE = re.compile(
    r"^\s*,\s*(?:the\s+)?(?P<role>[^,;:“\"()]{3,120}?)(?=\s*(?:,|;|:|\.$|“|\"|\(|"
    r"\s+(?:said|says|stated|noted|added|explained|stressed|underlined|emphasi[sz]ed|"
    r"highlighted|remarked|announced|declared|observed|opened|welcomed|thanked|"
    r"presented|called|urged|who|which)\b|$))"
)


def _role_after(doc: Doc, sent: Sentence, pos: int) -> tuple[str | None, str | None, str]:
    rest = doc.text[pos : sent.end]
    m = _APPOSITION_ROLE.match(rest)
    if not m:
        return None, None, ""
    role = m.group("role").strip()
    if not _ROLE_HEAD.search(role) or len(role.split()) > 14:
        return None, None, ""
    start = pos + m.start("role")
    org = _org_in_span(doc, start, start + len(role)) or _org_right_after(doc, start + len(role))
    return role, org, "person:apposition-after"


def _org_right_after(doc: Doc, pos: int) -> str | None:
    """ "Joint Secretary, Department of Economic Affairs": the organization after a comma."""
    gap = re.match(r"\s*,\s*(?:the\s+)?", doc.text[pos : pos + 12])
    if not gap:
        return None
    at = pos + gap.end()
    for org in doc.orgs.values():
        if any(m.start == at for m in org.mentions):
            return org.key
    return None


def _org_right_before(doc: Doc, pos: int) -> str | None:
    """ "PRC Secretary General Jane Doe": the organization that ends just before the role."""
    gap = re.search(r"(?:[’']s)?\s{1,2}$", doc.text[max(0, pos - 4) : pos])
    if not gap:
        return None
    end = pos - len(gap.group(0))
    best = None
    for org in doc.orgs.values():
        for m in org.mentions:
            if m.end == end and (best is None or m.start < best[0]):
                best = (m.start, org.key)
    return best[1] if best else None


_ROLE_AT_END = re.compile(
    rf"(?P<role>(?:{ROLE_WORDS})(?:\s+(?:of|for|to|in|at)\s+(?:the\s+)?"
    rf"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|[a-z]{{1,2}}['’][A-Z][\w.-]*|of|"
    rf"and|for|the|in))*)?)\s*,?\s*(?:the\s+)?$"
)


def _role_before(doc: Doc, sent: Sentence, pos: int) -> tuple[str | None, str | None, str]:
    before = doc.text[sent.start : pos]
    m = _ROLE_AT_END.search(before)
    if not m:
        return None, None, ""
    role = m.group("role").strip().rstrip(",")
    start = sent.start + m.start("role")
    org = (
        _org_in_span(doc, start, start + len(role))
        or _possessor_before(doc, start)
        or _org_right_before(doc, start)
    )
    return role, org, "person:title-before-name"


_MINISTER_OF = re.compile(
    r"\bMinister\s+(?P<of>of|for)\s+(?P<portfolio>[A-Z][\w’'-]*"
    r"(?:\s+(?:and|of|for|the|[A-Z][\w’'-]*))*)"
)


def _ministry_of_minister(doc: Doc, role: str) -> str | None:
    """ "Deputy Minister of Labour and Social Security" works for the Ministry of Labour..."""
    m = _MINISTER_OF.search(role)
    if not m or not doc.main_country:
        return None
    from ..util import slugify as _slug
    from .resolution import _add_org, _government

    portfolio = re.sub(r"\s+(?:and|of|for|the)$", "", m.group("portfolio"))
    name = f"Ministry {m.group('of')} {portfolio}"
    iso3 = doc.main_country
    key = f"{_slug(name)}-{iso3.lower()}"
    org = _add_org(
        doc,
        key,
        name=name,
        type="government",
        country=iso3,
        source="rule:minister-of",
        confidence=0.7,
        head="Ministry",
    )
    if org.parent is None:
        org.parent = _government(doc, iso3).key
    return key


def _org_in_span(doc: Doc, a: int, b: int) -> str | None:
    for m, key in sorted(
        ((m, org.key) for org in doc.orgs.values() for m in org.mentions), key=lambda x: x[0].start
    ):
        if a <= m.start and m.end <= b:
            return key

    def placed(m) -> bool:  # "Humanitarian Coordinator in Sudan": where, not for whom
        return (
            re.search(r"\bin\s+(?:the\s+)?$", doc.text[max(a, m.start - 8) : m.start]) is not None
        )

    for iso3, ms in doc.countries.items():
        for m in ms:
            if a <= m.start and m.end <= b and not placed(m):
                return _government_key(doc, iso3)
    for m in doc.mentions:
        if m.kind == "country" and a <= m.start and m.end <= b and not placed(m):
            return _government_key(doc, m.key)
    return None


def _possessor_before(doc: Doc, pos: int) -> str | None:
    before = doc.text[max(0, pos - 4) : pos]
    pm = re.search(r"[’']s?\s+$", before)
    if not pm:
        return None
    return _possessor(doc, pos - len(pm.group(0)))


def _add_person(doc, sent, name, hon, role, org, rule, a, b) -> None:
    if role and (org is None or org.startswith("government-")):
        org = _ministry_of_minister(doc, role) or org
    key = slugify(name)
    person = doc.people.get(key)
    mention = {"text": doc.text[a:b], "start": a, "end": b}
    if person is None:
        doc.people[key] = {
            "id": key,
            "name": name,
            "honorific": hon,
            "role": role,
            "organization": org,
            "mentions": [mention],
            "evidence": _ev(
                doc, sent, "text-explicit", 0.85 if role else 0.7, rule or "person:honorific-name"
            ),
        }
    else:
        person["mentions"].append(mention)
        if role and not person["role"]:
            person["role"] = role
            person["organization"] = org
            person["evidence"] = _ev(doc, sent, "text-explicit", 0.85, rule)


# --------------------------------------------------------------------------- fundings


def find_fundings(doc: Doc) -> None:
    from .entities import _title_cased

    for sent in doc.sentences:
        if sent.section == "title" and (_title_cased(sent.text) or len(sent.text.split()) < 25):
            continue  # a headline; a long sentence-case first line runs on into the body
        if not _ANY_FUNDING_CUE.search(sent.text):
            continue  # one scan for all cues: most sentences hold none
        no_funding = amounts = None  # each computed once per sentence, when first needed
        for cue, rule, method, conf in FUNDING_CUES:
            cm = cue.search(sent.text)
            if not cm:
                continue
            if rule != "funding:funded-by":
                if no_funding is None:
                    no_funding = bool(NO_FUNDING.search(sent.text))
                if no_funding:
                    continue
            cue_at = sent.start + cm.start()
            if amounts is None:
                amounts = find_amounts(sent.text)
            if rule in ("funding:supported-by", "funding:thanks-for-aid") and not amounts:
                continue  # "with the support of WHO": technical support, not money
            if rule in ("funding:donor-verb", "funding:funds-verb"):
                if not amounts and rule == "funding:donor-verb":
                    continue
                funder = _subject_actor(doc, sent, cue_at)
                to = re.search(r"\bto\b", sent.text[cm.end() :])
                recipient = (
                    _first_org_after(doc, sent, sent.start + cm.end() + to.end(), 80)
                    if to
                    else None
                )
            else:
                funder = _first_org_after(doc, sent, sent.start + cm.end())
                recipient = None
                if funder and _program_before_org(doc, sent, sent.start + cm.end(), funder):
                    continue  # "financed by the Blue Harvest Fund": a fund, not a funder
            if not funder:
                continue
            program = _program_near(doc, sent, cue_at)
            channel = None
            through = re.match(r"[^.;]{0,80}?\bthrough\s+(?:the\s+)?", sent.text[cm.end() :])
            if through and rule != "funding:funds-verb":
                channel = _first_org_after(doc, sent, sent.start + cm.end() + through.end(), 20)
                if channel == funder:
                    channel = None
            if recipient is None:
                recipient = _recipient(doc, sent, program, funder, cue_at)
            if recipient in (funder, channel):
                recipient = None
            amount = None
            if amounts:
                am = amounts[0]
                amount = {"value": am.value, "currency": am.currency, "text": am.text}
            if _merge_funding(doc, funder, recipient, program, amount):
                break
            key = slugify(f"{funder}-{recipient or ''}-{program or ''}")
            doc.fundings.append(
                {
                    "id": key,
                    "funder": funder,
                    "recipient": recipient,
                    "channel": channel,
                    "program": program,
                    "event": None,
                    "amount": amount,
                    "evidence": _ev(doc, sent, method, conf, rule),
                }
            )
            break


_HYPHEN_FUNDED = re.compile(r"-(?:funded|financed|sponsored)\b")


def find_hyphen_funded(doc: Doc) -> None:
    """ "a GAVI-funded assessment", "EU-financed project": the organization paid for it."""
    for sent in doc.sentences:
        for hm in _HYPHEN_FUNDED.finditer(sent.text):
            at = sent.start + hm.start()
            funder = next((key for m, key in _org_mentions(doc, sent) if m.end == at), None)
            if funder is None:
                continue
            program = _program_near(doc, sent, at)
            if _merge_funding(doc, funder, None, program, None):
                continue
            doc.fundings.append(
                {
                    "id": slugify(f"{funder}--{program or ''}"),
                    "funder": funder,
                    "recipient": None,
                    "channel": None,
                    "program": program,
                    "event": None,
                    "amount": None,
                    "evidence": _ev(doc, sent, "text-explicit", 0.8, "funding:hyphen-funded"),
                }
            )


def _subject_actor(doc: Doc, sent: Sentence, before: int) -> str | None:
    orgs = [(m, key) for m, key in _org_mentions(doc, sent) if m.end <= before]
    best = (orgs[-1][0].start, orgs[-1][1]) if orgs else None
    for iso3, ms in doc.countries.items():
        for m in ms:
            if sent.start <= m.start and m.end <= before and (best is None or m.start > best[0]):
                best = (m.start, _government_key(doc, iso3))
    return best[1] if best else None


def _program_before_org(doc: Doc, sent: Sentence, pos: int, org_key: str) -> bool:
    first_org = min(
        (m.start for m, k in _org_mentions(doc, sent) if k == org_key and m.start >= pos),
        default=sent.end,
    )
    return any(
        pos <= pm["start"] < first_org and doc.text[pos : pm["start"]].strip() in ("", "the", "The")
        for p in doc.programs.values()
        for pm in p["mentions"]
    )


_OWNER_CLAUSE = re.compile(r"^[^.;]{0,60}?\b(?:that|which)\s+$")
_OWNER_VERB = re.compile(
    r"^\s+(?:has\s+|had\s+)?(?:set\s+up|established|created|launched|"
    r"manages|runs|implements|leads|coordinates|operates|started|designed)\b"
)


def find_relative_owners(doc: Doc) -> None:
    """ "the X Project, which UNDP implements" / "a facility that FAO set up": the owner."""
    for prog in doc.programs.values():
        if prog["owner"]:
            continue
        for pm in prog["mentions"]:
            sent = doc.sentence_at(pm["start"])
            if sent is None:
                continue
            for m, key in _org_mentions(doc, sent):
                if m.start <= pm["end"]:
                    continue
                gap = doc.text[pm["end"] : m.start]
                if _OWNER_CLAUSE.match(gap) and _OWNER_VERB.match(doc.text[m.end : sent.end]):
                    prog["owner"] = key
                    prog["evidence"] = _ev(
                        doc, sent, "text-explicit", 0.8, "program:relative-clause-owner"
                    )
                    break
            if prog["owner"]:
                break


def _merge_funding(
    doc: Doc, funder: str, recipient: str | None, program: str | None, amount: dict | None
) -> bool:
    """A later sentence about a funding already found adds to it, not a new edge."""
    for f in doc.fundings:
        if f["funder"] != funder:
            continue
        same_target = (
            (program and f["program"] == program)
            or (recipient and f["recipient"] == recipient)
            or (not program and not recipient)
            or (
                f["recipient"] is None
                and (not f["amount"] or not amount or f["amount"]["value"] == amount["value"])
            )
        )
        if not same_target:
            continue
        if f["recipient"] is None and recipient:
            f["recipient"] = recipient
        if f["program"] is None and program:
            f["program"] = program
        if f["amount"] is None and amount:
            f["amount"] = amount
        return True
    return False


_ANAPHOR = re.compile(
    r"\b(?:the|this)\s+(project|programme|program|fund|campaign|initiative|"
    r"plan|appeal|facility)\b",
    re.I,
)


def _program_near(doc: Doc, sent: Sentence, cue_at: int) -> str | None:
    """The programme a funding sentence is about: the nearest one before the cue,
    else after it, else "the project"/"the Fund" when one such programme exists."""
    before, after = None, None
    for prog in doc.programs.values():
        for pm in prog["mentions"]:
            if sent.start <= pm["start"] < sent.end:
                if pm["start"] < cue_at and (before is None or pm["start"] > before[0]):
                    before = (pm["start"], prog["id"])
                elif pm["start"] >= cue_at and (after is None or pm["start"] < after[0]):
                    after = (pm["start"], prog["id"])
    if before or after:
        return (before or after)[1]
    am = _ANAPHOR.search(sent.text)
    if am:
        word = am.group(1).lower()
        word = "programme" if word in ("program", "programme") else word
        kinds = {
            "project": {"project"},
            "programme": {"programme"},
            "fund": {"fund"},
            "facility": {"fund"},
            "campaign": {"campaign"},
            "initiative": {"initiative"},
            "plan": {"action plan", "plan"},
            "appeal": {"appeal"},
        }[word]
        cands = [p["id"] for p in doc.programs.values() if p["kind"] in kinds]
        if len(cands) == 1:
            return cands[0]
    return None


def _recipient(
    doc: Doc, sent: Sentence, program: str | None, funder: str, cue_at: int
) -> str | None:
    if program and doc.programs[program]["owner"] and doc.programs[program]["owner"] != funder:
        return doc.programs[program]["owner"]
    # "the series of IOM activities ... supported by X": the organization before the cue
    before = [key for m, key in _org_mentions(doc, sent) if m.end <= cue_at and key != funder]
    return before[0] if before else None


# --------------------------------------------------------------------------- partnerships


def find_partnerships(doc: Doc) -> None:
    seen = set()
    for sent in doc.sentences:
        if sent.section == "title":
            continue
        if not _ANY_PARTNER_CUE.search(sent.text):
            continue  # one scan for all cues: most sentences hold none
        orgs = None
        for cue, rule, kind in PARTNER_CUES:
            cm = cue.search(sent.text)
            if not cm:
                continue
            if orgs is None:  # the sentence's organizations, once a cue is there
                orgs = _org_mentions(doc, sent)
            cue_at, cue_end = sent.start + cm.start(), sent.start + cm.end()
            if rule == "partnership:cooperate":
                members = [key for m, key in orgs if m.end <= cue_at]
                members = list(dict.fromkeys(members))[-2:]
            else:
                after = [key for m, key in orgs if m.start >= cue_end]
                after += _government_actors(doc, sent, cue_end, sent.end)
                partner = after[0] if after else None
                subject = [
                    key
                    for m, key in orgs
                    if key != partner and (m.end <= cue_at or m.start > cue_end)
                ]
                members = [subject[0], partner] if subject and partner else []
            members = [k for k in dict.fromkeys(members) if k]
            if len(members) < 2:
                continue
            sig = tuple(sorted(members))
            if sig in seen:
                continue
            seen.add(sig)
            context = None
            if len(doc.events) == 1:
                ev = next(iter(doc.events.values()))
                if ev["evidence"] and ev["evidence"]["start"] == sent.start:
                    context = ev["id"]
                    kind = "co-organizer" if rule != "partnership:cooperate" else kind
            doc.partnerships.append(
                {
                    "id": "-".join(sig) + f"-{short_hash(sent.start, length=6)}",
                    "organizations": list(members),
                    "kind": kind,
                    "context": context,
                    "evidence": _ev(doc, sent, "text-explicit", 0.8, rule),
                }
            )


# --------------------------------------------------------------------------- footers


# goal lines in every footer form: see pressgraph.sdg.footer
from ..sdg.footer import goal_names as sdg_goal_names  # noqa: E402,F401
from ..sdg.footer import parse_footer_line, parse_goal_line  # noqa: E402,F401


def read_footers(doc: Doc) -> None:
    st = doc.structure
    gaz = doc.gazetteer
    from .entities import matcher_for
    from .resolution import _gazetteer_org

    matcher = matcher_for(gaz)
    for line in st.footer_entities:
        found = [
            e for _a, _b, entries in matcher.find(line.text) for e in entries if e.kind == "org"
        ]
        if found:
            key = found[0].key
            org = doc.orgs.get(key) or _gazetteer_org(doc, key)
        else:
            acr = line.text if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,10}", line.text) else None
            key = doc.acronyms.get(line.text) or slugify(line.text)
            org = doc.orgs.get(key)
            if org is None:
                from .doc import OrgBuild

                org = doc.orgs[key] = OrgBuild(
                    key=key, name=line.text, type="un", acronym=acr, source="footer", confidence=0.8
                )
        org.mentions.append(Mention(line.start, line.end, line.text, "org", key, "footer", 1.0))
        if not any(f["organization"] == key for f in doc.footer_entities):
            doc.footer_entities.append(
                {
                    "id": key,
                    "organization": key,
                    "text": line.text,
                    "evidence": {
                        "text": line.text,
                        "start": line.start,
                        "end": line.end,
                        "section": "footer-entities",
                        "method": "footer",
                        "confidence": 1.0,
                        "rule": "footer:un-entities",
                    },
                }
            )
    for line in st.footer_goals:
        for goal, target in parse_footer_line(line.text):
            key = f"footer-target-{target}" if target else f"footer-goal-{goal}"
            if any(s["id"] == key for s in doc.sdgs):
                continue
            doc.sdgs.append(
                {
                    "id": key,
                    "goal": goal,
                    "target": target,
                    "method": "footer",
                    "confidence": 1.0,
                    "item": None,
                    "evidence": {
                        "text": line.text,
                        "start": line.start,
                        "end": line.end,
                        "section": "footer-sdgs",
                        "method": "footer",
                        "confidence": 1.0,
                        "rule": "footer:goals",
                    },
                }
            )


def find_relations(doc: Doc) -> None:
    """Run the ``relations`` component."""
    read_footers(doc)
    find_programs(doc)
    find_relative_owners(doc)
    find_events(doc)
    attach_event_context(doc)
    find_people(doc)
    find_fundings(doc)
    find_hyphen_funded(doc)
    find_partnerships(doc)
