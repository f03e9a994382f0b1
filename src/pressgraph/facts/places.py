"""Fact tables for the queries about places, programmes, events, fundings and goals:
``sdg-coverage-by-country``, ``un-entities-by-country``, ``events``, ``donors``,
``programmes-by-country``, ``funding-totals-by-donor``, ``sdg-alignments`` and
``footer-text-disagreements`` (plans in :mod:`pressgraph.plans.places`).

What one release states of itself (its countries, identifier, goal alignments, footer
entities, events, fundings) is all in its own graph, so the tables for the goal and UN
entity queries are joined here, per release (a country x goal row, a goal-gap row, an
alignment row with its evidence): their whole-corpus forms are one ``GROUP BY`` or one
ordered scan. Nothing is aggregated across graphs: an organization's or a programme's
statements may come from many releases (and the registry), so names, programme
countries and owners are read at query time over every source, as the SPARQL's
``MIN(STR(...))`` over the union graph does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import vocab as v
from . import Statements, fact_table, lexical, value

_SDG = "http://metadata.un.org/sdg/"
_METHOD = "/vocab/method-"
_SECTION = "/vocab/section-"


def goal_number(concept: str) -> str:
    """The goal of an SDG concept IRI as the queries compute it:
    ``STRBEFORE(CONCAT(STRAFTER(STR(?concept), sdg), "."), ".")``.

    >>> goal_number("http://metadata.un.org/sdg/13.2"), goal_number("http://metadata.un.org/sdg/7")
    ('13', '7')
    """
    i = concept.find(_SDG)
    rest = concept[i + len(_SDG) :] if i >= 0 else ""
    return rest.split(".", 1)[0]


def after(text: str, marker: str) -> str:
    """SPARQL's ``STRAFTER``: the text after the first ``marker``, else ``""``."""
    i = text.find(marker)
    return text[i + len(marker) :] if i >= 0 else ""


def _min(terms: list[str]) -> str | None:
    return min(lexical(t) for t in terms) if terms else None


def integer(number: str) -> int | None:
    """``xsd:integer(?number)``: the number, or ``None`` where the cast fails."""
    return int(number) if _INTEGER.fullmatch(number) else None


def _alignments(st: Statements) -> Iterator[tuple[str, str, str, str]]:
    """(alignment, release, concept, method) of every goal alignment, as terms."""
    for a in st.of_type(v.PG + "GoalAlignment"):
        preds = st.subjects[a]
        for rel in preds.get(_IN_RELEASE, ()):
            for concept in preds.get(_CONCEPT, ()):
                for method in preds.get(_EXTRACTION, ()):
                    yield a, rel, concept, method


@fact_table(
    "goal_country",
    ("country", "release", "release_id", "number", "n", "method"),
    indexes=[("country",)],
)
def goal_countries(st: Statements) -> Iterator[tuple]:
    """For ``sdg-coverage-by-country``: each country a release is about, with each goal
    its alignments name (targets at goal level: the goal's ``number`` as text, ``n`` as
    an integer) by extraction method (the text after ``/vocab/method-``), once each. A
    release's country and identifier are stated in its own graph, like its alignments."""
    goals: dict[str, dict] = {}
    for _, rel, concept, method in _alignments(st):
        number = goal_number(lexical(concept))
        key = (number, after(lexical(method), _METHOD))
        goals.setdefault(rel, {})[key] = None
    for rel, keys in goals.items():
        preds = st.subjects.get(rel, {})
        release = lexical(rel)
        for country in dict.fromkeys(preds.get(_SPATIAL, ())):
            for rid in dict.fromkeys(preds.get(_IDENTIFIER, ())):
                for number, method in keys:
                    yield (
                        lexical(country),
                        release,
                        lexical(rid),
                        number,
                        integer(number),
                        method,
                    )


@fact_table("goal_gap", ("release", "release_id", "number", "found_in"), indexes=[("release_id",)])
def goal_gaps(st: Statements) -> Iterator[tuple]:
    """For ``footer-text-disagreements``: in a release whose footer and text inference
    both named goals, the goals only one of them named (``footer only``, ``text only``),
    in the query's order within the release (goal number, then ``found_in``)."""
    by_release: dict[str, tuple[set, set]] = {}
    for _, rel, concept, method in _alignments(st):
        kind = _COMPARED.get(method)
        if kind is not None:
            by_release.setdefault(rel, (set(), set()))[kind].add(goal_number(lexical(concept)))
    for rel, (footer, text) in by_release.items():
        if not (footer and text):
            continue
        release = lexical(rel)
        gaps = [(n, "footer only") for n in footer - text] + [
            (n, "text only") for n in text - footer
        ]
        gaps.sort(key=lambda g: (_sort_key(integer(g[0])), g[1], g[0]))
        for rid in dict.fromkeys(st.subjects.get(rel, {}).get(_IDENTIFIER, ())):
            for number, found_in in gaps:
                yield release, lexical(rid), number, found_in


def _sort_key(x) -> tuple:
    """ORDER BY: unbound values first."""
    return (0, 0) if x is None else (1, x)


@fact_table(
    "alignment",
    (
        "release",
        "release_id",
        "item",
        "number",
        "concept",
        "method",
        "confidence",
        "rule",
        "sentence",
        "section",
    ),
    indexes=[("release_id",)],
)
def alignments(st: Statements) -> Iterator[tuple]:
    """For ``sdg-alignments``: each goal alignment with its item (``NULL`` for the
    release itself), goal number, concept, method, confidence, rule, and evidence
    sentence and section (``NULL`` where absent), once each, in the query's order within
    the release (item, goal number, concept, method; the rest for ties)."""
    rows = set()
    for a, rel, concept, method in _alignments(st):
        preds = st.subjects[a]
        ids = st.subjects.get(rel, {}).get(_IDENTIFIER)
        if not ids or not preds.get(_CONFIDENCE) or not preds.get(_ALIGNED):
            continue
        number = goal_number(lexical(concept))
        evidence = [
            (value(text), None if sec is None else after(lexical(sec), _SECTION))
            for span in preds.get(_EVIDENCE, ())
            for text in st.objects(span, v.NIF + "anchorOf")
            for sec in st.objects(span, v.PG + "section") or [None]
        ] or [(None, None)]
        head = (lexical(rel),)
        for rid in ids:
            for item in preds[_ALIGNED]:
                for confidence in preds[_CONFIDENCE]:
                    for rule in preds.get(_RULE) or [None]:
                        for sentence, section in evidence:
                            rows.add(
                                (
                                    *head,
                                    lexical(rid),
                                    lexical(item),
                                    number,
                                    lexical(concept),
                                    after(lexical(method), _METHOD),
                                    value(confidence),
                                    value(rule),
                                    sentence,
                                    section,
                                )
                            )
    for row in sorted(rows, key=_alignment_order):
        yield row if row[2] != row[0] else (*row[:2], None, *row[3:])


def _alignment_order(row: tuple) -> tuple:
    release, rid, item, number, concept, method, confidence, rule, sentence, section = row
    return (
        rid,
        item,
        _sort_key(integer(number)),
        concept,
        method,
        _sort_key(confidence),
        _sort_key(rule),
        _sort_key(sentence),
        _sort_key(section),
        release,
    )


@fact_table(
    "un_entity_country",
    ("country", "entity", "release", "release_id"),
    indexes=[("country",)],
)
def un_entity_countries(st: Statements) -> Iterator[tuple]:
    """For ``un-entities-by-country``: each country a release is about with each UN
    entity its footer lists (``pg:unEntityInvolved``) and the release's identifier."""
    for rel in st.of_type(v.PG + "PressRelease"):
        preds = st.subjects[rel]
        entities = preds.get(_UN_ENTITY)
        if not entities:
            continue
        release = lexical(rel)
        for country in dict.fromkeys(preds.get(_SPATIAL, ())):
            for rid in dict.fromkeys(preds.get(_IDENTIFIER, ())):
                for entity in dict.fromkeys(entities):
                    yield lexical(country), lexical(entity), release, lexical(rid)


@fact_table(
    "event",
    ("release", "event", "name", "kind", "start", "end_", "country"),
    indexes=[("country",)],
)
def events(st: Statements) -> Iterator[tuple]:
    """One row per event and release it is in: its smallest name, kind, start and end
    (as text) and its smallest country (``NULL`` when it has none), as the ``events``
    query's per-event aggregate gives them."""
    for e in st.of_type(v.PG + "Event"):
        preds = st.subjects[e]
        releases = preds.get(_IN_RELEASE)
        if not releases:
            continue
        where = _min(preds.get(_SPATIAL, []))
        row = (
            lexical(e),
            _min(preds.get(_PREF, [])),
            _min(preds.get(_EVENT_KIND, [])),
            _min(preds.get(_START, [])),
            _min(preds.get(_END, [])),
            where,
        )
        for rel in dict.fromkeys(releases):
            yield (lexical(rel), *row)


_ROLES = {
    f"<{v.V}role-organizer>": "organizer",
    f"<{v.V}role-participant>": "participant",
}


@fact_table("event_org", ("event", "role", "org"))
def event_orgs(st: Statements) -> Iterator[tuple]:
    """Organizers and participants of what a release's participations are in (events:
    the roles ``organizer`` and ``participant``), once each."""
    seen = set()
    for p in st.of_type(v.PG + "Participation"):
        preds = st.subjects[p]
        for role in preds.get(_ROLE, ()):
            short = _ROLES.get(role)
            if short is None:
                continue
            for what in preds.get(_PARTICIPATION_IN, ()):
                for who in preds.get(_PARTICIPANT, ()):
                    row = (lexical(what), short, lexical(who))
                    if row not in seen:
                        seen.add(row)
                        yield row


@fact_table(
    "funding",
    ("release", "funding", "funder", "recipient", "channel", "amount", "currency"),
    indexes=[("funder",)],
)
def fundings(st: Statements) -> Iterator[tuple]:
    """One row per funding, funder, release, recipient, channel and stated amount (a
    value and its currency; ``NULL`` where the funding has none of them)."""
    for f in st.of_type(v.PG + "Funding"):
        preds = st.subjects[f]
        amounts = [
            (value(val), value(cur))
            for money in preds.get(_AMOUNT, ())
            for val in st.objects(money, v.SCHEMA + "value")
            for cur in st.objects(money, v.SCHEMA + "currency")
        ] or [(None, None)]
        funding = lexical(f)
        for funder in preds.get(_FUNDER, ()):
            for rel in preds.get(_IN_RELEASE, ()):
                for recipient in preds.get(_RECIPIENT) or [None]:
                    for channel in preds.get(_CHANNEL) or [None]:
                        for amount, currency in amounts:
                            yield (
                                lexical(rel),
                                funding,
                                lexical(funder),
                                recipient and lexical(recipient),
                                channel and lexical(channel),
                                amount,
                                currency,
                            )


@fact_table("funded", ("funding", "item"), indexes=[("item",)])
def funded_items(st: Statements) -> Iterator[tuple]:
    """What a release's fundings fund (``schema:fundedItem``)."""
    for f in st.of_type(v.PG + "Funding"):
        for item in dict.fromkeys(st.objects(f, v.SCHEMA + "fundedItem")):
            yield lexical(f), lexical(item)


@fact_table(
    "initiative",
    ("initiative", "release", "owner", "name", "kind", "start", "end_"),
    indexes=[("initiative",)],
)
def initiatives(st: Statements) -> Iterator[tuple]:
    """What one release says of each programme (``pg:Initiative``): one row per release
    it is reported in and owner (``NULL`` when none), with this source's smallest name,
    kind and start and largest end (as text)."""
    for i in st.of_type(v.PG + "Initiative"):
        preds = st.subjects[i]
        ends = preds.get(_END)
        row = (
            _min(preds.get(_PREF, [])),
            _min(preds.get(_INITIATIVE_KIND, [])),
            _min(preds.get(_START, [])),
            max(lexical(t) for t in ends) if ends else None,
        )
        name = lexical(i)
        for rel in dict.fromkeys(preds.get(_REPORTED_IN) or [None]):
            for owner in dict.fromkeys(preds.get(_OWNER) or [None]):
                yield (name, rel and lexical(rel), owner and lexical(owner), *row)


@fact_table(
    "initiative_country", ("initiative", "country"), indexes=[("country",), ("initiative",)]
)
def initiative_countries(st: Statements) -> Iterator[tuple]:
    """The countries a programme covers (``dct:spatial``), as one release states them."""
    for i in st.of_type(v.PG + "Initiative"):
        for country in dict.fromkeys(st.objects(i, v.DCT + "spatial")):
            yield lexical(i), lexical(country)


_INTEGER = re.compile(r"[+-]?[0-9]+")
_COMPARED = {f"<{v.V}method-footer-listed>": 0, f"<{v.V}method-text-inferred>": 1}
_IN_RELEASE = f"<{v.PG}inRelease>"
_IDENTIFIER = f"<{v.DCT}identifier>"
_UN_ENTITY = f"<{v.PG}unEntityInvolved>"
_CONFIDENCE = f"<{v.PG}confidence>"
_ALIGNED = f"<{v.PG}alignedItem>"
_RULE = f"<{v.PG}rule>"
_EVIDENCE = f"<{v.PG}evidence>"
_CONCEPT = f"<{v.PG}sdgConcept>"
_EXTRACTION = f"<{v.PG}extractionMethod>"
_SPATIAL = f"<{v.DCT}spatial>"
_PREF = f"<{v.SKOS}prefLabel>"
_EVENT_KIND = f"<{v.PG}eventKind>"
_INITIATIVE_KIND = f"<{v.PG}initiativeKind>"
_START = f"<{v.SCHEMA}startDate>"
_END = f"<{v.SCHEMA}endDate>"
_ROLE = f"<{v.PG}role>"
_PARTICIPATION_IN = f"<{v.PG}participationIn>"
_PARTICIPANT = f"<{v.PG}participant>"
_AMOUNT = f"<{v.SCHEMA}amount>"
_FUNDER = f"<{v.SCHEMA}funder>"
_RECIPIENT = f"<{v.PG}recipient>"
_CHANNEL = f"<{v.PG}channel>"
_REPORTED_IN = f"<{v.PG}reportedIn>"
_OWNER = f"<{v.PG}owner>"
