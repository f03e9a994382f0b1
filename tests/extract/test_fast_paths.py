"""The speed-ups of the extraction path give exactly what the plain forms give.

Invented strings only; each fast form is compared with the plain one it replaces.
"""

from __future__ import annotations

import random
import re

from pressgraph.extract import money
from pressgraph.extract.resolution import _occurrences


def _plain_amount() -> re.Pattern:
    code = money._CODE
    return re.compile(
        rf"(?P<pre>{code})\s?(?P<num>{money._NUM})(?:\s?(?P<scale>{money._SCALE}))?"
        rf"(?:\s?(?P<post2>{code}\b))?"
        rf"|(?P<num2>{money._NUM})(?:\s?(?P<scale2>{money._SCALE}))?\s?"
        rf"(?P<post>{code}\b|{money._WORD_CUR}\b)"
        rf"|(?P<half>half a|a half)\s+(?P<scale3>million|billion)\s+"
        rf"(?P<post3>{money._WORD_CUR}|{code})",
        re.I,
    )


def test_grouped_currency_codes_find_the_same_amounts():
    plain = _plain_amount()
    assert plain.pattern != money.AMOUNT.pattern  # the grouped form is in use
    texts = [
        "Norway gave US$4 million, EUR 10.5 m and €500,000 to the Lakeside Fund.",
        "usd 1,26 million; nz$ 3 bn; CAN$ 12; AU$7k; half a million euros; A$ 9.",
        "Aid of 1 m NZD and 250 000 KES, then XOF 5 millions and 20 yen.",
    ]
    rng = random.Random(7)
    alphabet = list("usdUSD$€£.eurEURnzNZaAcCkK 1234567890,.mMbBhalfHALF") + ["ſ", "K", "İ"]
    texts += ["".join(rng.choice(alphabet) for _ in range(14)) for _ in range(3000)]
    for t in texts:
        want = [(m.span(), m.groupdict()) for m in plain.finditer(t)]
        got = [(m.span(), m.groupdict()) for m in money.AMOUNT.finditer(t)]
        assert got == want, t


def test_grouping_leaves_forms_it_cannot_read_unchanged():
    for g in (r"(?:a|\s|b)", r"(?:a?b|ac)", r"(?:[ab]|a)", r"(?:\$x|[$])", r"(?:x|(y))", "abc"):
        assert money._by_first_char(g) == g
    assert money._by_first_char(r"(?:ab|cd|ae|[$]|\.x|\.y)") == r"(?:a(?:b|e)|cd|[$]|\.(?:x|y))"


def test_occurrences_match_the_regex_forms():
    rng = random.Random(11)
    alphabet = "aAb-_ é1٣\n.x"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        lit = "".join(rng.choice("aAb-_ é") for _ in range(rng.randint(1, 3)))
        plain = [m.span() for m in re.finditer(re.escape(lit), text)]
        assert list(_occurrences(text, lit)) == plain
        bounded = rf"(?<![\w-]){re.escape(lit)}(?![\w-])"
        plain = [m.span() for m in re.finditer(bounded, text)]
        assert list(_occurrences(text, lit, standalone=True)) == plain


def test_one_scan_cue_prechecks_agree_with_the_cues():
    from pressgraph.extract import relations as r

    sentences = [
        "The Lakeside Fund was financed by the Government of Norway.",
        "With the generous financial support of the Blue Harvest Trust, farmers planted trees.",
        "Norway will direct EUR 2.5 million to the river authority.",
        "The agency expressed its gratitude to Japan for its aid amounting to USD 100,000.",
        "The workshop was supported by the Coastal Livelihoods Alliance.",
        "Together with the ministry, UNICEF will partner with local schools.",
        "In close collaboration with the health bureau, the team worked together.",
        "Nothing here names money or partners at all.",
        "thanks to a grant from the foundation; supportedby nobody",
    ]
    for s in sentences:
        funding = any(c.search(s) for c, *_ in r.FUNDING_CUES)
        assert bool(r._ANY_FUNDING_CUE.search(s)) == funding, s
        partner = any(c.search(s) for c, *_ in r.PARTNER_CUES)
        assert bool(r._ANY_PARTNER_CUE.search(s)) == partner, s


def test_ascii_tokens_and_folds_match_the_general_ones():
    from pressgraph.extract.entities import _TOKEN_SPLIT, _norm, _sentence_tokens

    rng = random.Random(5)
    alphabet = "aZ09_ -'.,;:()$%\t\n\x1c\x1f\x0b/&"
    texts = ["The U.S. Agency's $4m (USAID) grant, e.g. for co-operation_2026."]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert text.isascii()
        _sentence_tokens.cache_clear()
        toks, norms, caps = _sentence_tokens(text)
        words = _TOKEN_SPLIT.findall(text)
        assert [t for t, _, _ in toks] == words
        assert all(text[a:b] == t for t, a, b in toks)
        assert list(norms) == [_norm(w) for w in words]
        assert list(caps) == [i for i, w in enumerate(words) if w[:1].isupper()]
