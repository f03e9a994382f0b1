"""Dates in the forms releases use, to ISO ``yyyy-mm-dd``."""

from __future__ import annotations

import datetime as _dt
import re

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})(?!\d)"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})[./](?P<mnum>\d{{1,2}})[./]{_YEAR}\b"),
]


def _build(m: re.Match) -> str | None:
    g = m.groupdict()
    month = int(g["mnum"]) if g.get("mnum") else MONTHS.get(g["month"].lower().rstrip("."))
    try:
        return _dt.date(int(g["year"]), int(month), int(g["day"])).isoformat()
    except (TypeError, ValueError):
        return None


def parse_date(text: str) -> str | None:
    """ISO date of the first date in ``text`` if the text is (mostly) a date.

    >>> parse_date("02 May 2018"), parse_date("May 2, 2018"), parse_date("2018-05-02T10:00Z")
    ('2018-05-02', '2018-05-02', '2018-05-02')
    """
    for pattern in PATTERNS:
        m = pattern.search(text)
        if m:
            return _build(m)
    return None


def find_date(text: str) -> str | None:
    """First unambiguous written date in running text (no numeric d/m forms)."""
    best = None
    for pattern in PATTERNS[:3]:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            iso = _build(m)
            if iso:
                best = (m.start(), iso)
    return best[1] if best else None


YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|—|to|until)\s*((?:19|20)?\d{2})\b")


def year_range(text: str) -> tuple[str, str] | None:
    """``('2016', '2018')`` for "2016-2018", "2016–18", "2016 to 2018".

    >>> year_range("for 2016-2018"), year_range("2021–24")
    (('2016', '2018'), ('2021', '2024'))
    """
    m = YEAR_RANGE.search(text)
    if not m:
        return None
    start, end = m.group(1), m.group(2)
    if len(end) == 2:
        end = start[:2] + end
    if end < start:
        return None
    return start, end
