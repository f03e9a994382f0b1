"""Component ``sentences`` and the tokenizer every matcher shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .structure import Span, Structure

TOKEN = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*|[^\w\s]", re.U)

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "nos",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gen",
    "col",
    "lt",
    "capt",
    "atty",
    "sgt",
    "rev",
    "hon",
    "amb",
    "excl",
    "incl",
    "approx",
    "dept",
    "govt",
    "co",
    "inc",
    "ltd",
    "corp",
    "fig",
    "vol",
    "u.s",
    "u.k",
    "u.n",
    "h.e",
    "a.m",
    "p.m",
    "sr",
    "jr",
}


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    section: str  # "title", "summary", "body"
    index: int


_SPLIT = re.compile(r"(?<=[.!?])[”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9À-Þ])")


def _split_paragraph(span: Span) -> list[tuple[int, int]]:
    text, out, begin = span.text, [], 0
    for m in _SPLIT.finditer(text):
        cut = m.start()
        prev = re.search(r"([\w.]+)[.!?][”\"’')\]]*$", text[begin : m.end()].rstrip())
        if prev:
            word = prev.group(1).lower().rstrip(".")
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        end = cut + len(text[cut : m.end()].rstrip())
        if end - begin > 1:
            out.append((begin, end))
        begin = m.end()
    if len(text) - begin > 0:
        out.append((begin, len(text)))
    return [(span.start + a, span.start + b) for a, b in out]


def split_sentences(st: Structure) -> list[Sentence]:
    """Sentences of title, summary bullets and body, with offsets into ``st.text``."""
    out: list[Sentence] = []
    if st.title and st.title.start >= 0:
        out.append(Sentence(st.title.text, st.title.start, st.title.end, "title", 0))
    for section, spans in (("summary", st.summary), ("body", st.body)):
        for span in spans:
            for a, b in _split_paragraph(span):
                piece = st.text[a:b]
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                a, b = a + lead, b - trail
                if b > a:
                    out.append(Sentence(st.text[a:b], a, b, section, len(out)))
    return out
