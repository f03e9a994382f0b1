"""Fact tables for the queries about places, programmes, events, fundings and goals:
``sdg-coverage-by-country``, ``un-entities-by-country``, ``events``, ``donors``,
``programmes-by-country``, ``funding-totals-by-donor``, ``sdg-alignments`` and
``footer-text-disagreements`` (plans in :mod:`pressgraph.plans.places`).

Rows keep what the queries read, and nothing is aggregated across graphs here: an
organization's or a programme's statements may come from many releases (and the
registry), so names are looked up at query time over every source, as the SPARQL's
``MIN(STR(...))`` over the union graph does. Assertions (alignments, fundings,
participations) and events live in their release's graph, so the plans join their rows
with the release's rows on ``source``.
"""

from __future__ import annotations

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


@fact_table("goal", ("release", "number", "method"))
def goals(st: Statements) -> Iterator[tuple]:
    """The goals a release's alignments name (targets at goal level) by extraction
    method (the method IRI's text after ``/vocab/method-``), once each."""
    seen = set()
    for a in st.of_type(v.PG + "GoalAlignment"):
        preds = st.subjects[a]
        for rel in preds.get(_IN_RELEASE, ()):
            for concept in preds.get(_CONCEPT, ()):
                for method in preds.get(_EXTRACTION, ()):
                    row = (
                        lexical(rel),
                        goal_number(lexical(concept)),
                        after(lexical(method), _METHOD),
                    )
                    if row not in seen:
                        seen.add(row)
                        yield row


@fact_table("un_entity", ("release", "entity"))
def un_entities(st: Statements) -> Iterator[tuple]:
    """The UN entities a release's footer lists (``pg:unEntityInvolved``)."""
    for rel in st.of_type(v.PG + "PressRelease"):
        for entity in dict.fromkeys(st.objects(rel, v.PG + "unEntityInvolved")):
            yield lexical(rel), lexical(entity)


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


_IN_RELEASE = f"<{v.PG}inRelease>"
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
