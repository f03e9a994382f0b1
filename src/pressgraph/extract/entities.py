"""Component ``entities``: mentions of organizations, countries, programmes and events.

Two sources of mentions, both general:

* gazetteer matching over tokens (every UN entity, multilateral, donor, NGO
  and country form in the data files), longest match first;
* discovery in capitalized phrases headed by words such as *Ministry*,
  *Bureau*, *Programme*, *Plan*, *Workshop*, and in ``Full Name (ACRONYM)``
  definitions, learned per document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, fold
from .structure import INLINE_DATELINE
from .text import Sentence

# --------------------------------------------------------------------------- mention


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # org, government, country, country-adj, program, event, acronym
    key: str | None = None  # gazetteer id / iso3 when known
    rule: str = ""
    confidence: float = 0.9
    data: dict = field(default_factory=dict)

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: Mention) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True)
class _Entry:
    kind: str  # "org" or "country"
    key: str
    exact_case: bool  # acronyms and single capitalized words must match case
    surface: str
    form: str  # name, acronym, alias, adjective, demonym


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN_SPLIT.finditer(text)]


_TOKEN_SPLIT = re.compile(r"[^\W_]+|[^\w\s]", re.U)
# the same tokens on ASCII-only text (where \w is [A-Za-z0-9_]), found faster
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+|[^A-Za-z0-9_\s]")


@functools.lru_cache(maxsize=1 << 16)
def _norm(token: str) -> str:
    return fold(token)


@functools.lru_cache(maxsize=4096)
def _sentence_tokens(
    text: str,
) -> tuple[tuple[tuple[str, int, int], ...], tuple[str, ...], tuple[int, ...]]:
    """Tokens of a sentence, their folded forms and the indices of the capitalized ones,
    made once per sentence text.

    The gazetteer matcher and the phrase finder both walk the same sentences (the
    phrase finder twice): tokenizing and folding each sentence once saves most of it.
    ``find_mentions`` empties the cache for every document.
    A token's start is found with ``str.find`` from the previous end: between two
    tokens there is only whitespace or ``_``, where no token can start.
    """
    if text.isascii():  # most sentences: an ASCII-only pattern, and folding is lower-casing
        words = _ASCII_TOKEN.findall(text)
        norms = tuple(_ASCII_TOKEN.findall(text.lower()))
    else:
        words = _TOKEN_SPLIT.findall(text)
        norms = tuple(map(_norm, words))
    toks = []
    pos = 0
    find = text.find
    for w in words:
        a = find(w, pos)
        pos = a + len(w)
        toks.append((w, a, pos))
    caps = tuple([i for i, w in enumerate(words) if w[0].isupper()])
    return tuple(toks), norms, caps


class GazetteerMatcher:
    """Longest-match lookup of every gazetteer surface form over tokens."""

    def __init__(self, gaz: Gazetteer):
        self.trie: dict = {}
        for org in gaz.organizations.values():
            self._add(org.name, _Entry("org", org.id, False, org.name, "name"))
            if org.acronym:
                self._add(org.acronym, _Entry("org", org.id, True, org.acronym, "acronym"))
            for alias in org.aliases:
                upper = alias.upper() == alias
                self._add(alias, _Entry("org", org.id, upper, alias, "alias"))
        for c in gaz.countries.values():
            for name in c.names:
                self._add(name, _Entry("country", c.iso3, len(name.split()) == 1, name, "name"))
            for adj in c.adjectives:
                self._add(adj, _Entry("country", c.iso3, True, adj, "adjective"))
            for dem in c.demonyms:
                self._add(dem, _Entry("country", c.iso3, True, dem, "demonym"))

    def _add(self, surface: str, entry: _Entry) -> None:
        toks = [t for t, _, _ in _tokens(surface)]
        if not toks:
            return
        if toks[0].lower() == "the" and len(toks) > 1:
            toks = toks[1:]
        node = self.trie
        for tok in toks:
            node = node.setdefault(_norm(tok), {})
        node.setdefault("\0", []).append(entry)

    def find(self, text: str) -> list[tuple[int, int, list[_Entry]]]:
        toks, norms = _sentence_tokens(text)[:2]
        out = []
        trie = self.trie
        case_ok = self._case_ok
        i = 0  # the next token a match may start at
        n = len(toks)
        # most tokens start no gazetteer form: visit only those that do
        for k in [k for k, w in enumerate(norms) if w in trie]:
            if k < i:
                continue  # inside the previous match
            i = k
            node = trie[norms[i]]
            best = None
            j = i + 1
            while True:
                entries = node.get("\0")
                if entries:
                    span_text = text[toks[i][1] : toks[j - 1][2]]
                    ok = [e for e in entries if case_ok(e, span_text)]
                    if ok:
                        best = (j, ok)
                if j >= n:
                    break
                node = node.get(norms[j])
                if node is None:
                    break
                j += 1
            if best:
                j, entries = best
                # do not match inside a longer word run glued by hyphen/apostrophe
                out.append((toks[i][1], toks[j - 1][2], entries))
                i = j
            else:
                i += 1
        return out

    @staticmethod
    def _case_ok(entry: _Entry, span_text: str) -> bool:
        if entry.exact_case:
            return span_text.replace("’", "'") == entry.surface.replace("’", "'")
        return span_text[:1].isupper() or span_text[:1].isdigit()


@functools.lru_cache(maxsize=4)
def matcher_for(gaz: Gazetteer) -> GazetteerMatcher:
    return GazetteerMatcher(gaz)


# --------------------------------------------------------------------------- phrases

CONNECTORS = {
    "of",
    "for",
    "on",
    "and",
    "the",
    "in",
    "to",
    "de",
    "du",
    "des",
    "la",
    "le",
    "&",
    "against",
    "with",
    "at",
}
LEADING_STOP = {
    "The",
    "A",
    "An",
    "This",
    "These",
    "That",
    "Those",
    "In",
    "On",
    "At",
    "By",
    "For",
    "With",
    "Within",
    "From",
    "To",
    "During",
    "As",
    "And",
    "But",
    "Today",
    "Yesterday",
    "Meanwhile",
    "According",
    "Under",
    "Through",
    "Opening",
    "Closing",
    "Following",
    "After",
    "Before",
    "Since",
    "While",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "Also",
    "Thanks",
    "Together",
    "Speaking",
    "Addressing",
    "Over",
    "Recently",
    "Earlier",
    "Later",
    "Importantly",
    "However",
    "Furthermore",
    "Moreover",
    "Additionally",
    "Jointly",
    "Here",
    "There",
    "It",
    "We",
    "They",
    "He",
    "She",
    "If",
    "When",
    "Where",
    "Why",
    "How",
    "Who",
}
ORG_HEADS = {
    "Ministry": "government",
    "Ministries": "government",
    "Department": "government",
    "Bureau": "government",
    "Agency": "government",
    "Office": "government",
    "Directorate": "government",
    "Directorate-General": "government",
    "Commission": "government",
    "Authority": "government",
    "Council": "government",
    "Secretariat": "government",
    "Service": "government",
    "Services": "government",
    "Committee": "government",
    "Embassy": "government",
    "Parliament": "government",
    "Assembly": "government",
    "Police": "government",
    "Court": "government",
    "Courts": "government",
    "Cabinet": "government",
    "Presidency": "government",
    "Delegation": "government",
    "Municipality": "government",
    "Administration": "government",
    "Inspectorate": "government",
    "Prosecutor": "government",
    "Procuracy": "government",
    "Judiciary": "government",
    "University": "academic",
    "Institute": "academic",
    "College": "academic",
    "Academy": "academic",
    "Laboratory": "academic",
    "Foundation": "ngo",
    "Alliance": "ngo",
    "Association": "ngo",
    "Society": "ngo",
    "Network": "ngo",
    "Coalition": "ngo",
    "Federation": "ngo",
    "Trust": "ngo",
    "Cross": "ngo",
    "Crescent": "ngo",
    "Organisation": "ngo",
    "Organization": "ngo",
    "Movement": "ngo",
    "Collective": "ngo",
    "Cooperative": "ngo",
    "Union": "ngo",
    "Bank": "private",
    "Company": "private",
    "Corporation": "private",
    "Ltd": "private",
    "Inc": "private",
    "LLC": "private",
    "PLC": "private",
    "Group": "private",
    "Centre": "other",
    "Center": "other",
    "Platform": "other",
    "Cluster": "other",
    "Partnership": "other",
    "Consortium": "other",
}
PROGRAM_HEADS = {
    "Programme": "programme",
    "Program": "programme",
    "Programmes": "programme",
    "Project": "project",
    "Plan": "action plan",
    "Strategy": "strategy",
    "Initiative": "initiative",
    "Campaign": "campaign",
    "Appeal": "appeal",
    "Framework": "framework",
    "Roadmap": "plan",
    "Fund": "fund",
    "Facility": "fund",
}
EVENT_HEADS = {
    "Discussion": "discussion",
    "Workshop": "workshop",
    "Conference": "conference",
    "Meeting": "meeting",
    "Seminar": "seminar",
    "Training": "training",
    "Forum": "forum",
    "Roundtable": "roundtable",
    "Summit": "summit",
    "Consultation": "consultation",
    "Dialogue": "dialogue",
    "Symposium": "symposium",
    "Webinar": "webinar",
    "Ceremony": "ceremony",
    "Congress": "congress",
    "Exhibition": "exhibition",
    "Festival": "festival",
    "Hackathon": "hackathon",
    "Bootcamp": "training",
    "Retreat": "meeting",
    "Session": "session",
    "Launch": "launch",
}
GOVERNMENT_TYPES = {"government"}


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:1].isdigit() and False)


@dataclass
class Phrase:
    start: int
    end: int
    tokens: list[tuple[str, int, int]]


def capitalized_phrases(sentence: Sentence) -> list[Phrase]:
    """Maximal runs of capitalized words joined by connectors and hyphens."""
    toks, _, caps = _sentence_tokens(sentence.text)  # offsets in the sentence, shifted later
    s0 = sentence.start
    out: list[Phrase] = []
    n = len(toks)
    last_end = -1
    for i in caps:  # a phrase starts at a capitalized word (_is_cap)
        if i <= last_end:
            continue  # inside the previous phrase
        j = i
        last_cap = i
        while j + 1 < n:
            tok, _s, _e = toks[j + 1]
            glued = _s == toks[j][2]
            if tok[0].isupper():
                j += 1
                last_cap = j
            elif tok in CONNECTORS:
                j += 1
            elif tok in ("-", "/") and glued and j + 2 < n and toks[j + 2][1] == _e:
                j += 2  # Counter-trafficking, Migration/UN
                last_cap = j
            elif tok == "." and glued and len(toks[j][0]) == 1 and toks[j][0].isupper():
                j += 1  # U.S.
                last_cap = j
            else:
                break
        k = i
        while k <= last_cap and toks[k][0] in LEADING_STOP:
            k += 1
        if k <= last_cap:
            run = [(t, a + s0, b + s0) for t, a, b in toks[k : last_cap + 1]]
            out.append(Phrase(run[0][1], run[-1][2], run))
        last_end = last_cap
    return out


_ACRONYM_DEF = re.compile(r"\(\s*(?P<acr>[A-Z][A-Za-z&./-]{0,10}[A-Z.])\s*\)")


def _initials_match(name: str, acr: str) -> bool:
    letters = [c for c in acr.upper() if c.isalpha()]
    words = [w for w in re.findall(r"[^\W\d_]+", name)]
    initials = "".join(w[0].upper() for w in words if w.lower() not in CONNECTORS or w.isupper())
    # every acronym letter in order among the initials (or inside capitalized words)
    it = iter(initials)
    if all(ch in it for ch in letters):
        return True
    caps = "".join(c for c in name if c.isupper())
    it = iter(caps)
    return all(ch in it for ch in letters)


def _trim_listed(phrase: Phrase, acr: str, known: set[tuple[int, int]]) -> Phrase:
    """Drop leading list items: "IOM and United Nations Office ... (UNODC)"."""
    toks = phrase.tokens
    i = 0
    while True:
        j = next((k for k in range(i, len(toks)) if toks[k][0] in ("and", "&", ",")), None)
        if j is None or j + 1 >= len(toks):
            break
        head = toks[i:j]
        listed = head and (
            (head[0][1], head[-1][2]) in known or (len(head) == 1 and head[0][0].isupper())
        )
        if not listed:
            break
        i = j + 1
    if i == 0:
        return phrase
    rest = toks[i:]
    return Phrase(rest[0][1], rest[-1][2], rest)


def acronym_definitions(
    sentence: Sentence, text: str, known: set[tuple[int, int]] = frozenset()
) -> list[tuple[Phrase, str, int, int]]:
    """``Full Name (ACR)`` pairs in a sentence: (name phrase, acronym, acr start, acr end)."""
    out = []
    defs = list(_ACRONYM_DEF.finditer(sentence.text))
    if not defs:  # most sentences define no acronym: skip finding their phrases
        return out
    phrases = capitalized_phrases(sentence)
    for m in defs:
        acr = m.group("acr")
        a0 = sentence.start + m.start()
        before = [p for p in phrases if p.end <= a0 and text[p.end : a0].strip() == ""]
        if not before:
            continue
        phrase = _trim_listed(before[-1], acr, known)
        if not _initials_match(text[phrase.start : phrase.end], acr):
            # "Niger Delta Women Fishers' Network (NDWFN)": join over a plural possessive
            prev = [
                p
                for p in phrases
                if p.end <= phrase.start
                and re.fullmatch(r"[’']\s", text[p.end : phrase.start])
                and p.tokens[-1][0].endswith("s")
            ]
            if not prev:
                continue
            joined = Phrase(prev[-1].start, phrase.end, prev[-1].tokens + phrase.tokens)
            if not _initials_match(text[joined.start : joined.end], acr):
                continue
            phrase = joined
        out.append((phrase, acr, sentence.start + m.start("acr"), sentence.start + m.end("acr")))
    return out


# --------------------------------------------------------------------------- component

_GOV_BEFORE = re.compile(
    r"(?:(?P<fed>Federal|National|Transitional|Royal|Interim)\s+)?[Gg]overnment\s+of\s+(?:the\s+)?$"
)
_GOV_AFTER = re.compile(
    r"^(?:[’']s?)?\s+(?:(?:Federal|National|Transitional)\s+)?"
    r"[Gg]overnment\b"
)
_PLACE_AFTER = re.compile(
    r"^\s+(?:Delta|River|Basin|Valley|Province|Region|State|Street|"
    r"Avenue|Road|Square|Lake|Mountains?|Desert|Plateau|Highlands?|"
    r"Coast|Gulf|Bay|Sea|Island|Peninsula|County|District)\b"
)
_GENERIC_AFTER = re.compile(
    r"^\s+(?:specialized\s+|specialised\s+|sister\s+)?"
    r"(?:agencies|entities|bodies|system|family|organizations|"
    r"organisations|funds and programmes)\b"
)
_PLURAL_POSSESSIVE = re.compile(r"^[’']s?\s")


def _gaz_source(gaz_org_source: str) -> str:
    return gaz_org_source


def find_mentions(doc) -> None:
    """Run the ``entities`` component: fill ``doc.mentions``."""
    gaz = doc.gazetteer
    text = doc.text
    matcher = matcher_for(gaz)
    # the sentence token cache serves one document: its sentences are walked three times
    # here; other documents' sentences are not kept (nor reused)
    _sentence_tokens.cache_clear()
    mentions: list[Mention] = []
    for sent in doc.sentences:
        for start, end, entries in matcher.find(sent.text):
            a, b = sent.start + start, sent.start + end
            orgs = [e for e in entries if e.kind == "org"]
            countries = [e for e in entries if e.kind == "country"]
            if orgs and _GENERIC_AFTER.match(sent.text[end:]):
                continue  # "UN agencies", "UN specialized agencies": generic, not an actor
            if orgs:
                e = orgs[0]
                conf = 0.95 if e.form == "name" else (0.85 if e.form == "acronym" else 0.9)
                src = gaz.organizations[e.key].source
                mentions.append(Mention(a, b, text[a:b], "org", e.key, f"{src}:{e.form}", conf))
            elif countries:
                if sent.text[end : end + 1] == "$":
                    continue  # "US$4 million" is money, not the United States
                if _PLACE_AFTER.match(sent.text[end:]):
                    continue  # "Niger Delta", "Congo Basin": a place named after the country
                e = countries[0]
                kind = "country" if e.form == "name" else "country-adj"
                amb = gaz.countries[e.key].ambiguous if e.key in gaz.countries else False
                mentions.append(
                    Mention(
                        a,
                        b,
                        text[a:b],
                        kind,
                        e.key,
                        f"gazetteer:countries:{e.form}",
                        0.7 if amb else 0.95,
                        {"form": e.form},
                    )
                )
    # governments around country mentions: "Government of X", "X's Government", "Kenyan Government"
    for m in [m for m in mentions if m.kind in ("country", "country-adj")]:
        before = text[max(0, m.start - 60) : m.start]
        gb = _GOV_BEFORE.search(before)
        if gb and m.kind == "country":
            a = m.start - (len(before) - gb.start())
            mentions.append(
                Mention(
                    a, m.end, text[a : m.end], "government", m.key, "pattern:government-of", 0.95
                )
            )
            continue
        after = text[m.end : m.end + 40]
        ga = _GOV_AFTER.match(after)
        if ga:
            b = m.end + ga.end()
            mentions.append(
                Mention(
                    m.start,
                    b,
                    text[m.start : b],
                    "government",
                    m.key,
                    "pattern:country-government",
                    0.9,
                )
            )
    # Full Name (ACR) definitions, learned per document
    for sent in doc.sentences:
        if sent.section == "title":
            continue
        known = {(m.start, m.end) for m in mentions}
        for phrase, acr, a0, a1 in acronym_definitions(sent, text, known):
            known = _gazetteer_acronym(gaz, acr)
            inner = [
                m
                for m in mentions
                if m.kind == "org" and phrase.start <= m.start and m.end <= phrase.end
            ]
            key = known or (
                inner[-1].key
                if inner and inner[-1].end - inner[-1].start >= (phrase.end - phrase.start) // 2
                else None
            )
            if not key and gaz.country_code(text[phrase.start : phrase.end]):
                continue  # "the British Virgin Islands (BVI)": a country, not an organization
            mentions.append(
                Mention(
                    phrase.start,
                    phrase.end,
                    text[phrase.start : phrase.end],
                    "acronym-def",
                    key,
                    "pattern:acronym-definition",
                    0.85,
                    {"acronym": acr, "acr_span": (a0, a1)},
                )
            )
    # capitalized phrases headed by organization / programme / event words
    for sent in doc.sentences:
        skip_before = sent.start
        if sent.section == "title":
            # every word capitalized: heads would glue unrelated words; a first line that
            # runs on past a dateline into the body is read from the dateline on
            dl = INLINE_DATELINE.search(sent.text)
            if dl:
                skip_before = sent.start + dl.end()
            elif _title_cased(sent.text):
                continue
        phrases = [p for p in capitalized_phrases(sent) if p.start >= skip_before]
        if not phrases:
            continue
        # only mentions overlapping the phrases can be inside or around them
        lo, hi = phrases[0].start, phrases[-1].end
        near = [m for m in mentions if m.start < hi and lo < m.end]
        for phrase in phrases:
            found = _classify_phrase(phrase, near, text)
            near.extend(found)
            mentions.extend(found)
    doc.mentions = _dedupe(mentions)


def _title_cased(text: str) -> bool:
    """Most longer words capitalized ("Ministry Launches New Water Plan")."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    if not words:
        return True
    return sum(w[0].isupper() for w in words) / len(words) > 0.6


# "Sud Department", "North-West Region Department": a compass point before the head is a
# place (Haiti's, Colombia's, France's departments), not an administration
COMPASS = {
    "North", "South", "East", "West", "Central", "Centre", "Center", "Northern", "Southern",
    "Eastern", "Western", "Nord", "Sud", "Est", "Ouest", "Norte", "Sur", "Este", "Oeste",
    "Upper", "Lower", "Grand", "Northeast", "Northwest", "Southeast", "Southwest",
}  # fmt: skip
PLACE_HEADS = {"Department", "Region", "Province", "District", "County", "State"}
# heads that name a state body whatever their usual type: a national public health
# institute or reference laboratory, an emergency operations centre
STATE_BODY_CUES = (
    (("Institute", "Laboratory"), re.compile(r"\b(?:Public Health|National|Reference)\b")),
    (("Centre", "Center"), re.compile(r"\bOperations?\b")),
)
# staff titles that run into a name from the left
LEADING_TITLE_WORDS = {"Senior", "Junior", "Acting", "Deputy", "Interim", "Former", "Dear"}
# heads whose name keeps the country adjective in front ("Chinese Embassy")
KEEP_LEAD_COUNTRY = {"Embassy", "Consulate", "Consulate-General", "Cross", "Crescent"}


def _gazetteer_acronym(gaz, acr: str) -> str | None:
    index = _acronym_index(gaz)
    return index.get(acr)


@functools.lru_cache(maxsize=4)
def _acronym_index(gaz) -> dict[str, str]:
    out: dict[str, str] = {}
    for org in gaz.organizations.values():
        if org.acronym:
            out.setdefault(org.acronym, org.id)
        for alias in org.aliases:
            if alias.isupper():
                out.setdefault(alias, org.id)
    return out


def _classify_phrase(phrase: Phrase, mentions: list[Mention], text: str) -> list[Mention]:
    toks = phrase.tokens
    inside = [
        m
        for m in mentions
        if phrase.start <= m.start
        and m.end <= phrase.end
        and m.kind in ("org", "country", "country-adj", "government", "acronym-def")
    ]
    covered = [
        m for m in inside if m.kind in ("org", "government") or (m.kind == "acronym-def" and m.key)
    ]
    if any(
        m.start <= phrase.start and phrase.end <= m.end
        for m in mentions
        if m.kind in ("org", "government")
    ):
        return []
    head_index, head_kind, head_word = None, None, None
    for i, (tok, a, b) in enumerate(toks):
        if any(m.start <= a and b <= m.end for m in covered):
            continue
        for table, kind in ((ORG_HEADS, "org"), (PROGRAM_HEADS, "program"), (EVENT_HEADS, "event")):
            if tok in table:
                head_index, head_kind, head_word = i, kind, tok
                break
        if head_index is not None:
            break
    if head_index is None:
        return []
    # a programme or event head followed by a capitalized word is not the end of a name:
    # "Fund Generation Director", "Program Leader"
    if head_kind in ("program", "event") and head_index + 1 < len(toks):
        nxt = toks[head_index + 1][0]
        if _is_cap(nxt) and toks[head_index + 1][1] > toks[head_index][2]:
            return []
    # the name begins at the head or at the capitalized words right before it
    # ("Coastal Livelihoods Alliance"; not "Director of Public Health at the Ministry")
    start_i = head_index
    while start_i > 0:
        prev = toks[start_i - 1][0]
        glued = toks[start_i - 1][2] == toks[start_i][1]
        if _is_cap(prev) or (prev in (".", "-", "’", "'") and glued):
            start_i -= 1
        else:
            break
    while start_i < head_index and (
        not _is_cap(toks[start_i][0]) or toks[start_i][0] in LEADING_TITLE_WORDS
    ):
        start_i += 1  # "Senior Expanded Programme on Immunization staff"
    # a compass point right before a place head: a geographic department, not an org
    if head_word in PLACE_HEADS and start_i < head_index:
        before = [t for t, _, _ in toks[start_i:head_index] if t not in ("-", "'", "’")]
        if before and all(w in COMPASS for w in before):
            return []
    # trim leading country / organization mentions (they become country / owner)
    lead_country = lead_org = None
    if head_word in KEEP_LEAD_COUNTRY:  # "Japanese Embassy": the country stays in the name
        lead = [m for m in inside if m.start == toks[start_i][1]]
        if lead and lead[0].kind in ("country", "country-adj"):
            lead_country = lead[0].key
    while start_i < head_index and head_word not in KEEP_LEAD_COUNTRY:
        a = toks[start_i][1]
        lead = [m for m in inside if m.start == a]
        if not lead:
            break
        m = max(lead, key=lambda x: x.end)
        if m.kind in ("country", "country-adj"):
            lead_country = m.key
        elif m.kind == "org":
            lead_org = m.key
        else:
            break
        while start_i < len(toks) and toks[start_i][2] <= m.end:
            start_i += 1
        while start_i < head_index and toks[start_i][0] in CONNECTORS:
            start_i += 1  # "IOM and United Nations Office ...": a list, not one name
    # trim trailing "in/of/for <Country>" (the country becomes an attribute)
    end_i = len(toks) - 1
    tail_country = None
    for m in sorted(inside, key=lambda x: -x.end):
        if head_word in KEEP_LEAD_COUNTRY:
            break  # "Embassy in Kenya": the host country is part of the name
        if m.kind == "country" and m.end == phrase.end and m.start > toks[head_index][2]:
            k = next(i for i, t in enumerate(toks) if t[1] == m.start)
            if k - 1 > head_index and toks[k - 1][0] in ("in", "of", "for"):
                tail_country = m.key
                end_i = k - 2
            elif (
                k - 2 > head_index
                and toks[k - 1][0] == "the"
                and toks[k - 2][0] in ("in", "of", "for")
            ):
                tail_country = m.key
                end_i = k - 3
        break
    # "Embassy to the Philippines Counsellor Sun Yi ...": the name ends at the country
    # named right after the head's preposition
    for m in sorted(inside, key=lambda x: x.start):
        if m.kind != "country" or m.start <= toks[head_index][2] or m.end >= toks[end_i][2]:
            continue
        k = next((i for i, t in enumerate(toks) if t[1] == m.start), None)
        if k is None:
            break
        prep = k - 2 if toks[k - 1][0] == "the" else k - 1
        if prep > head_index - 1 and toks[prep][0] in ("in", "to", "of", "for"):
            end_i = next(i for i, t in enumerate(toks) if t[2] == m.end)
            if tail_country is None and head_word not in KEEP_LEAD_COUNTRY:
                tail_country = m.key
        break
    if head_kind == "org":  # "National Reference Laboratory at the EPHI": a place follows
        cut = next(
            (i for i in range(head_index + 1, end_i + 1) if toks[i][0] in ("at", "with")), None
        )
        if cut is not None:
            end_i = cut - 1
    while end_i > head_index and toks[end_i][0] in CONNECTORS:
        end_i -= 1
    if start_i > head_index:
        return []
    name_toks = toks[start_i : end_i + 1]
    a, b = name_toks[0][1], name_toks[-1][2]
    if re.match(r"The[A-Z][a-z]", name_toks[0][0]):
        a += 3  # "TheGeneral Directorate": an article glued on by lost markup
    name = text[a:b]
    words = [t for t, _, _ in name_toks if t not in CONNECTORS and t not in ("-", "/", ".")]
    if len(words) < 2:
        return []
    if head_kind == "org" and head_index == start_i and end_i == head_index:
        return []
    kind_value = (
        ORG_HEADS
        if head_kind == "org"
        else PROGRAM_HEADS
        if head_kind == "program"
        else EVENT_HEADS
    )[head_word]
    if head_kind == "org":
        for heads, cue in STATE_BODY_CUES:
            if head_word in heads and cue.search(name):
                kind_value = "government"
    return [
        Mention(
            a,
            b,
            name,
            head_kind,
            None,
            f"pattern:{head_kind}-head:{head_word}",
            0.75,
            {
                "head": head_word,
                "value": kind_value,
                "lead_start": toks[0][1] if lead_country and not lead_org else None,
                "country": tail_country or lead_country,
                "lead_org": lead_org,
                "country_from": "tail" if tail_country else ("lead" if lead_country else None),
            },
        )
    ]


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Keep one mention per span; longer, more specific mentions shadow nested ones."""
    priority = {
        "acronym-def": 0,
        "government": 1,
        "org": 2,
        "program": 3,
        "event": 3,
        "country": 4,
        "country-adj": 4,
    }
    mentions = sorted(
        mentions, key=lambda m: (m.start, -(m.end - m.start), priority.get(m.kind, 9))
    )
    out: list[Mention] = []
    seen = set()
    for m in mentions:
        sig = (m.start, m.end, m.kind)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(m)
    return out
