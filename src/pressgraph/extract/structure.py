"""Component ``structure``: a source's layout into title, date, kind, bullets, body, footers.

All formats are first rendered to normalized plain text (the text every
offset in a record refers to); the layout is then read from its lines.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

from ..sources import Source
from .dates import find_date, parse_date

KINDS = {
    "press release": "press release",
    "press releases": "press release",
    "news release": "press release",
    "story": "story",
    "stories": "story",
    "statement": "statement",
    "statements": "statement",
    "news": "news",
    "speech": "speech",
    "speeches": "speech",
    "op-ed": "op-ed",
    "feature": "story",
    "press briefing": "press briefing",
    "media advisory": "media advisory",
    "article": "story",
    "blog": "blog",
    "blog post": "blog",
    "report": "report",
    "joint statement": "statement",
    "joint press release": "press release",
    "news story": "story",
    "announcement": "announcement",
    "update": "update",
}

FOOTER_ENTITIES = re.compile(
    r"^(?:UN|United Nations) entities (?:involved|participating|taking part)"
    r"(?: in this (?:initiative|story|project|activity))?\s*:?$",
    re.I,
)
_GOALS_WORD = r"(?:(?:the )?(?:Sustainable Development |Global )?Goals|SDGs?)(?: \(SDGs?\))?"
_THIS = r"this (?:initiative|story|project|activity|programme|program|work|event|partnership)"
_GOALS_HEADING = (
    rf"(?:{_GOALS_WORD}(?: we are supporting| we support| supported| addressed| targeted|"
    r" covered| contributed to)?(?: (?:through|by|in|with) " + _THIS + r")?"
    rf"|Related {_GOALS_WORD}|{_THIS} (?:supports|contributes to)(?: the following)? {_GOALS_WORD}"
    rf"|Contributing to {_GOALS_WORD}|SDG (?:tags?|icons?|alignment))"
)
FOOTER_GOALS = re.compile(rf"^{_GOALS_HEADING}\s*:?$", re.I)
# "SDGs supported: 5, 13" on one line (never a bare "Goals: ..." line, which may be prose)
FOOTER_GOALS_INLINE = re.compile(rf"^(?P<head>{_GOALS_HEADING})\s*:\s*(?P<rest>\S.*)$", re.I)


def _inline_goals(line: str) -> re.Match | None:
    """A one-line goals footer ("SDGs we are supporting: 5, 13"), when it lists goals."""
    m = FOOTER_GOALS_INLINE.match(line)
    if not m or re.fullmatch(r"(?:the )?goals?", m.group("head"), re.I):
        return None
    if len(m.group("rest").split()) > 15:
        return None
    from ..sdg.footer import parse_goal_line

    return m if parse_goal_line(m.group("rest")) else None


BULLET = re.compile(r"^\s*(?:[•▪●◦‣∙·*-]|\d+[.)])\s+")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-zÀ-ÿ'’.-]+(?:[ ,/-]+[A-Z][A-Za-zÀ-ÿ'’.-]+){0,3}),?\s+"
    r"(?P<date>\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4})"
    r"\s*(?:[-–—:]|\(\w+\)\s*[-–—])\s*"
)

# a dateline inside a line: an upper-case place, a written date and a colon or dash
INLINE_DATELINE = re.compile(
    r"(?<![\w,])(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}(?:, [A-Z][A-Za-z'’.-]+){0,2}),"
    r"?\s+(?P<date>\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4})"
    r"\s*[-–—:]\s"
)


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Structure:
    """A release's parts, each with offsets into ``text``."""

    text: str
    format: str
    title: Span | None = None
    kind: str = "press release"
    date: str | None = None
    date_source: str | None = None
    dateline: str | None = None
    summary: list[Span] = field(default_factory=list)
    body: list[Span] = field(default_factory=list)  # paragraphs
    footer_entities: list[Span] = field(default_factory=list)
    footer_goals: list[Span] = field(default_factory=list)
    footer_entities_heading: Span | None = None
    footer_goals_heading: Span | None = None
    meta: dict[str, str] = field(default_factory=dict)


_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def normalize_text(text: str) -> str:
    """The canonical text that offsets and the source SHA-256 refer to.

    >>> normalize_text("a\\u00a0b  \\r\\n\\r\\n\\r\\nc")
    'a b\\n\\nc'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", _SPACES.sub(" ", text))
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    blank = 0
    for line in lines:
        if line.strip():
            out.append(line)
            blank = 0
        elif out and blank == 0:
            out.append("")
            blank = 1
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ----------------------------------------------------------------------------- HTML

_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "select",
    "canvas",
    "object",
    "head",
}
_LAYOUT_NOISE = {"nav", "aside"}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "blockquote",
    "figure",
    "figcaption",
    "br",
    "hr",
    "dt",
    "dd",
    "dl",
    "time",
    "address",
    "pre",
}
_NOISE_ATTR = re.compile(
    r"cookie|consent|gdpr|banner|newsletter|share|social|breadcrumb|"
    r"skip-link|visually-hidden|sr-only|menu|navbar|subscribe|related",
    re.I,
)
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote"}
_VOID = {
    "br",
    "hr",
    "img",
    "meta",
    "link",
    "input",
    "source",
    "wbr",
    "area",
    "base",
    "col",
    "embed",
    "param",
    "track",
}


_GOAL_FILE = re.compile(r"sdg|goal", re.I)
_GOAL_HREF = re.compile(
    r"/(?:sdgs?|goals?|global-goals)/(?:(?:goal|sdg)-?)?0?(\d{1,2})(?:[/#?-]|$)", re.I
)


def _goal_icon_stem(attrs: dict[str, str]) -> str | None:
    """The file name (no extension) of an SDG icon: from src, or a lazy-loading attribute."""
    for key in ("src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset"):
        value = (attrs.get(key) or "").strip()
        if not value or value.startswith("data:"):
            continue
        url = value.split(",")[0].strip().split(" ")[0]
        name = unquote(url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1])
        stem = re.sub(r"\.[a-z0-9]+$", "", name, flags=re.I)
        if _GOAL_FILE.search(stem):
            return stem
    return None


def _goal_link_label(attrs: dict[str, str]) -> str | None:
    """What an SDG link without text stands for: its label, or "SDG n" from its address."""
    label = (attrs.get("aria-label") or attrs.get("title") or "").strip()
    if label and _GOAL_FILE.search(label):
        return label
    m = _GOAL_HREF.search(attrs.get("href") or "")
    if m and 1 <= int(m.group(1)) <= 17:
        return f"SDG {int(m.group(1))}"
    return None


class _HtmlText(HTMLParser):
    """Renders main content to text lines; keeps meta dates, title and image alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.noise_level: int | None = None
        self.stack: list[str] = []
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.h1: list[str] = []
        self.in_h1 = False
        self.times: list[str] = []
        self.list_item = False
        self.link_label: str | None = None  # an SDG link's label, until the link shows text
        self.link_text = False

    def _noise(self, tag: str, attrs: dict[str, str]) -> bool:
        if tag in _SKIP_TAGS or tag in _LAYOUT_NOISE:
            return True
        if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
            return True
        if attrs.get("role") in ("navigation", "banner", "contentinfo", "dialog", "search"):
            return True
        marker = " ".join(attrs.get(k) or "" for k in ("id", "class"))
        return bool(marker and _NOISE_ATTR.search(marker))

    @property
    def skipping(self) -> bool:
        return self.noise_level is not None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if self.skipping:
                return
            if tag == "br":
                self.parts.append("\n")
            elif tag == "img":
                alt = a.get("alt", "").strip()
                title = a.get("title", "").strip()
                if not alt and _GOAL_FILE.search(title):
                    alt = title
                stem = _goal_icon_stem(a)
                if alt:
                    self.parts.append(f"\n{alt}\n")
                elif stem:
                    self.parts.append(f"\n{stem}\n")
                if alt or stem:
                    self.link_text = True
            return
        self.stack.append(tag)
        if self.skipping:
            return
        if tag == "svg":  # inline SDG icons: keep their label
            label = (a.get("aria-label") or a.get("title") or "").strip()
            if label and _GOAL_FILE.search(label):
                self.parts.append(f"\n{label}\n")
                self.link_text = True
        if tag == "a":
            self.link_label, self.link_text = _goal_link_label(a), False
        if self._noise(tag, a):
            self.noise_level = len(self.stack) - 1
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag in _PARAGRAPH_TAGS else "\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        # pop to the matching tag (HTML in the wild is not always balanced)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i] == tag:
                del self.stack[i:]
                break
        else:
            return
        if self.noise_level is not None:
            if len(self.stack) <= self.noise_level:
                self.noise_level = None
            return
        if tag == "h1":
            self.in_h1 = False
        if tag == "a":
            if self.link_label and not self.link_text:
                self.parts.append(f"\n{self.link_label}\n")
            self.link_label = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag in _PARAGRAPH_TAGS else "\n")

    def handle_data(self, data):
        if self.in_title:
            self.meta.setdefault("html:title", data.strip())
        if self.skipping:
            return
        if self.in_h1:
            self.h1.append(data)
        if data.strip():
            self.link_text = True
        self.parts.append(re.sub(r"\s+", " ", data))


def _main_region(page: str) -> str:
    """The <main> or <article> element when the page has one (else the whole page)."""
    for tag in ("article", "main"):
        m = re.search(rf"<{tag}\b[^>]*>(.*)</{tag}\s*>", page, re.I | re.S)
        if m and len(re.sub(r"<[^>]+>", "", m.group(1)).strip()) > 200:
            return m.group(0)
    return page


def html_to_text(page: str) -> tuple[str, dict[str, str]]:
    """Main content of a saved page as text, and its metadata (title, dates)."""
    head = _HtmlText()
    head.feed(page)  # whole page: metadata, <title>, <time>
    meta = dict(head.meta)
    region = _main_region(page)
    if region is page:  # no main region: the same input, the same parse
        body = head
    else:
        body = _HtmlText()
        body.feed(region)
    text = "".join(body.parts)
    text = "\n".join(line.strip() for line in text.split("\n"))
    title = " ".join("".join(head.h1).split()) or meta.get("og:title") or meta.get("html:title")
    if title:
        meta["title"] = title
    for key in (
        "article:published_time",
        "datepublished",
        "date",
        "dc.date",
        "dcterms.date",
        "og:published_time",
        "publication_date",
        "pubdate",
        "dc.date.issued",
    ):
        if meta.get(key):
            meta.setdefault("date", meta[key])
            break
    if "date" not in meta and head.times:
        meta["date"] = head.times[0]
    return html.unescape(text), meta


# ----------------------------------------------------------------------------- Markdown

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_BARE_IMAGE = re.compile(r"!\[\s*\]\(\s*<?([^)\s>]*)>?[^)]*\)")


def _md_goal_icon(m: re.Match) -> str:
    """An image without alt text keeps its file name when it is an SDG icon."""
    return _goal_icon_stem({"src": m.group(1)}) or ""


def markdown_to_text(doc: str) -> tuple[str, dict[str, str]]:
    meta: dict[str, str] = {}
    doc = _MD_COMMENT.sub("", doc)
    fm = re.match(r"\A\s*---\n(.*?)\n---\s*\n", doc, re.S)
    if fm:
        for line in fm.group(1).splitlines():
            if ":" in line:
                k, _, val = line.partition(":")
                meta[k.strip().lower()] = val.strip().strip("'\"")
        doc = doc[fm.end() :]
    lines = []
    for line in doc.split("\n"):
        h = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if h:
            if h.group(1) == "#" and "title" not in meta:
                meta["title"] = _MD_EMPH.sub(r"\2", _MD_LINK.sub(r"\1", h.group(2)))
            line = "\n" + h.group(2) + "\n"
        elif re.match(r"^\s*([-*_])(\s*\1){2,}\s*$", line):
            line = ""
        else:
            line = re.sub(r"^\s*>\s?", "", line)
            line = re.sub(r"^\s*[-*+]\s+", "• ", line)
        line = _MD_BARE_IMAGE.sub(_md_goal_icon, line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPH.sub(r"\2", line)
        line = line.replace("`", "")
        lines.append(line)
    return "\n".join(lines), meta


# ----------------------------------------------------------------------------- layout


def _line_spans(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append(Span(stripped, pos + lead, pos + lead + len(stripped)))
        else:
            spans.append(Span("", pos, pos))
        pos += len(line) + 1
    return spans


def _kind_of(line: str) -> str | None:
    return KINDS.get(line.strip().strip(":").lower())


def read_structure(source: Source) -> Structure:
    """Run the ``structure`` component on one source."""
    meta: dict[str, str] = {}
    raw = source.text
    if source.format == "html":
        raw, meta = html_to_text(raw)
    elif source.format == "markdown":
        raw, meta = markdown_to_text(raw)
    text = normalize_text(raw)
    st = Structure(text=text, format=source.format, meta=meta)
    lines = [s for s in _line_spans(text)]
    nonblank = [i for i, s in enumerate(lines) if s.text]

    # footers first: they end the body
    end_body = len(lines)
    for i, s in enumerate(lines):
        if FOOTER_ENTITIES.match(s.text) or FOOTER_GOALS.match(s.text) or _inline_goals(s.text):
            end_body = i
            break
    current = None
    for s in lines[end_body:]:
        if not s.text:
            continue
        if FOOTER_ENTITIES.match(s.text):
            current = "entities"
            st.footer_entities_heading = s
        elif FOOTER_GOALS.match(s.text):
            current = "goals"
            st.footer_goals_heading = s
        elif inline := _inline_goals(s.text):
            current = "goals"
            st.footer_goals_heading = Span(
                inline.group("head"), s.start, s.start + inline.end("head")
            )
            rest = inline.start("rest")
            st.footer_goals.append(Span(inline.group("rest"), s.start + rest, s.end))
        elif current == "entities":
            st.footer_entities.append(s)
        elif current == "goals":
            st.footer_goals.append(s)

    # head: kind, title, date, bullets
    head = [i for i in nonblank if i < end_body]
    pos = 0
    title_text = meta.get("title")
    if meta.get("kind") and _kind_of(meta["kind"]):
        st.kind = _kind_of(meta["kind"]) or st.kind
    # a kind line may come before or after the title
    for probe in head[:3]:
        k = _kind_of(lines[probe].text)
        if k:
            st.kind = k
            if head.index(probe) == pos:
                pos += 1
            break
    if title_text:
        for j, i in enumerate(head[:8]):
            if lines[i].text == title_text.strip():
                st.title = lines[i]
                pos = max(pos, j + 1)
                break
        else:
            st.title = Span(title_text.strip(), -1, -1)
    if st.title is None and pos < len(head):
        st.title = lines[head[pos]]
        pos += 1
    for j in range(pos, min(pos + 4, len(head))):
        k = _kind_of(lines[head[j]].text)
        if k and j == pos:
            st.kind = k
            pos += 1
            continue
        d = parse_date(lines[head[j]].text)
        if d and len(lines[head[j]].text) <= 40:
            st.date, st.date_source = d, "date line"
            pos = j + 1
            break
    if meta.get("date") and not st.date:
        d = parse_date(meta["date"][:10]) or parse_date(meta["date"])
        if d:
            st.date, st.date_source = d, "page metadata"
    body_lines = head[pos:]
    k = 0
    while k < len(body_lines) and BULLET.match(lines[body_lines[k]].text):
        s = lines[body_lines[k]]
        m = BULLET.match(s.text)
        st.summary.append(Span(s.text[m.end() :], s.start + m.end(), s.end))
        k += 1
    for i in body_lines[k:]:
        s = lines[i]
        if _kind_of(s.text) and not st.body:
            continue
        st.body.append(s)
    if st.body:
        m = DATELINE.match(st.body[0].text)
        if m:
            st.dateline = m.group("place").strip(" ,")
            if not st.date:
                st.date, st.date_source = parse_date(m.group("date")), "dateline"
    title_line = st.title if st.title is not None and st.title.start >= 0 else None
    if not st.date and title_line is not None:
        # a first line that runs on into the body: "Title NEW DELHI, December 26, 2017: The"
        m = INLINE_DATELINE.search(title_line.text)
        if m and parse_date(m.group("date")):
            st.dateline = st.dateline or m.group("place").strip(" ,")
            st.date, st.date_source = parse_date(m.group("date")), "dateline"
    if not st.date and title_line is not None:
        found = find_date(title_line.text)  # "Situation Report #27 - 19 December 2017"
        if found:
            st.date, st.date_source = found, "title"
    if not st.date:
        for s in st.body[:3]:
            found = find_date(s.text)
            if found:
                st.date, st.date_source = found, "first date in text"
                break
    return st
