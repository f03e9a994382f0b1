"""Money amounts in the forms releases write them: US$4 million, EUR 10.5 m, €500,000..."""

from __future__ import annotations

import re
from dataclasses import dataclass

SYMBOLS = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "u.s.$": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "eur": "EUR",
    "€": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "chf": "CHF",
    "swiss francs": "CHF",
    "jpy": "JPY",
    "¥": "JPY",
    "yen": "JPY",
    "nok": "NOK",
    "sek": "SEK",
    "dkk": "DKK",
    "cad": "CAD",
    "c$": "CAD",
    "can$": "CAD",
    "aud": "AUD",
    "a$": "AUD",
    "au$": "AUD",
    "nzd": "NZD",
    "nz$": "NZD",
    "krw": "KRW",
    "₩": "KRW",
    "cny": "CNY",
    "rmb": "CNY",
    "inr": "INR",
    "₹": "INR",
    "sar": "SAR",
    "aed": "AED",
    "qar": "QAR",
    "kwd": "KWD",
    "etb": "ETB",
    "kes": "KES",
    "ngn": "NGN",
    "zar": "ZAR",
    "brl": "BRL",
    "try": "TRY",
    "rub": "RUB",
    "htg": "HTG",
    "xof": "XOF",
    "xaf": "XAF",
    "tmt": "TMT",
    "kzt": "KZT",
    "uzs": "UZS",
    "pkr": "PKR",
    "bdt": "BDT",
    "php": "PHP",
    "idr": "IDR",
    "vnd": "VND",
}
SCALES = {
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "thousand": 1e3,
    "k": 1e3,
    "trillion": 1e12,
}

_CODE = (
    r"(?:US\$|U\.S\.\s?\$|USD|EUR|GBP|CHF|JPY|NOK|SEK|DKK|CAD|AUD|NZD|KRW|CNY|RMB|INR|SAR|"
    r"AED|QAR|KWD|ETB|KES|NGN|ZAR|BRL|TRY|RUB|HTG|XOF|XAF|TMT|KZT|UZS|PKR|BDT|PHP|IDR|VND|"
    r"NZ\$|A\$|AU\$|C\$|CAN\$|[$€£¥₩₹])"
)
_NUM = r"\d{1,3}(?:[,. ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE = r"(?:million|millions|billion|thousand|trillion|mln|mn|bn|m|b|k)\b"
_WORD_CUR = r"(?:US dollars|dollars|euros?|pounds|Swiss francs|yen)"
AMOUNT = re.compile(
    rf"(?P<pre>{_CODE})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?(?:\s?(?P<post2>{_CODE}\b))?"
    rf"|(?P<num2>{_NUM})(?:\s?(?P<scale2>{_SCALE}))?\s?(?P<post>{_CODE}\b|{_WORD_CUR}\b)"
    rf"|(?P<half>half a|a half)\s+(?P<scale3>million|billion)\s+(?P<post3>{_WORD_CUR}|{_CODE})",
    re.I,
)


def _by_first_char(group: str) -> str:
    """The alternation ``(?:a|b|...)`` with its alternatives grouped by first character.

    With IGNORECASE the engine tries every alternative of ``_CODE`` at every position of a
    sentence; grouped, it tries one character per group first (~2x faster amounts). The
    result is the same: alternatives keep their order within a group, and the groups start
    with characters no other group can match (checked here; if the check fails, or the
    group has a form this does not read, it is returned unchanged), so at any position the
    alternatives that can match are tried in the same order as before.
    """
    if not (group.startswith("(?:") and group.endswith(")")):
        return group
    body = group[3:-1]
    if "(" in body or ")" in body or "\\|" in body:
        return group
    classes = re.findall(r"\[[^\]]*\]", body)
    if any("|" in c or any(ch.isalpha() for ch in c) for c in classes):
        return group
    groups: dict[str, list[str]] = {}
    for alt in body.split("|"):
        if alt.startswith("["):
            if alt not in classes:
                return group
            key, atom = alt, alt
        elif alt.startswith("\\") and len(alt) > 1 and not alt[1].isalnum() and alt[1].isascii():
            key, atom = alt[1], alt[:2]
        elif alt[:1].isascii() and alt[:1].isalnum():
            key, atom = alt[0].lower(), alt[0]
        else:
            return group
        if alt[len(atom) : len(atom) + 1] in ("?", "*", "+", "{"):
            return group  # the first character is quantified
        groups.setdefault(key, []).append(alt)
    for key in groups:  # a class must not match another group's first character
        if key.startswith("[") and any(re.match(key, k, re.I) for k in groups if len(k) == 1):
            return group
    parts = []
    for key, alts in groups.items():
        atom = alts[0] if key.startswith("[") else alts[0][: 2 if alts[0][0] == "\\" else 1]
        if len(alts) == 1 or any(not a.startswith(atom) for a in alts):
            parts.extend(alts)
        else:
            parts.append(atom + "(?:" + "|".join(a[len(atom) :] for a in alts) + ")")
    return "(?:" + "|".join(parts) + ")"


# the same amounts, found faster (see _by_first_char)
AMOUNT = re.compile(AMOUNT.pattern.replace(_CODE, _by_first_char(_CODE)), AMOUNT.flags)


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str
    text: str
    start: int
    end: int


def _number(raw: str, has_scale: bool) -> float:
    raw = raw.replace(" ", "")
    if "," in raw and "." in raw:
        raw = (
            raw.replace(",", "")
            if raw.rfind(".") > raw.rfind(",")
            else raw.replace(".", "").replace(",", ".")
        )
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        # "1,26 million" is a decimal comma; "500,000" groups thousands
        raw = f"{head}.{tail}" if has_scale and len(tail) != 3 else raw.replace(",", "")
    elif raw.count(".") > 1 or (not has_scale and re.fullmatch(r"\d{1,3}(\.\d{3})+", raw)):
        raw = raw.replace(".", "")
    return float(raw)


def find_amounts(text: str) -> list[Amount]:
    """All money amounts in a sentence.

    >>> [(a.value, a.currency) for a in find_amounts("US$4 million and EUR 10.5 m")]
    [(4000000.0, 'USD'), (10500000.0, 'EUR')]
    >>> [(a.value, a.currency) for a in find_amounts("USD 1,26 million, €500,000, 1 m NZD")]
    [(1260000.0, 'USD'), (500000.0, 'EUR'), (1000000.0, 'NZD')]
    >>> [(a.value, a.currency) for a in find_amounts("half a million euros")]
    [(500000.0, 'EUR')]
    """
    out = []
    for m in AMOUNT.finditer(text):
        g = m.groupdict()
        if g["half"]:
            value = 0.5 * SCALES[g["scale3"].lower()]
            cur = g["post3"]
        else:
            num = g["num"] or g["num2"]
            scale = g["scale"] or g["scale2"]
            cur = g["pre"] or g["post"] or g["post2"]
            if (
                scale
                and scale.lower() in ("m", "b", "k")
                and not (g["pre"] or g["post2"] or g["post"])
            ):
                continue
            try:
                value = _number(num, bool(scale)) * (SCALES[scale.lower()] if scale else 1)
            except ValueError:
                continue
        code = SYMBOLS.get(re.sub(r"\s+", " ", cur.lower().replace("u.s. $", "u.s.$")))
        if code is None:
            code = cur.upper() if re.fullmatch(r"[A-Z]{3}", cur.upper()) else None
        if code is None:
            continue
        out.append(Amount(round(value, 2), code, m.group(0).strip(), m.start(), m.end()))
    return out
