"""Fact tables of the network queries: who acts in a release, fundings, memberships,
organization attributes, goal alignments and written-back scores.

Each table restates, per release (or reference/analytics graph), the solutions the
``network-*`` queries join out of it, so their plans (:mod:`pressgraph.plans.network`)
only filter, join a few labels and sort. Rows are the cross products a SPARQL join
gives within one release (a repeated value gives one row per combination), without
the duplicates ``SELECT DISTINCT`` would remove.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator

from .. import vocab as v
from ..graph import is_shared
from . import Statements, fact_table, iri, lexical, value

_CONTEXT_TYPES = {iri(v.PG + "Initiative"), iri(v.PG + "Event")}
_FUNDING_LINKS = ((v.SCHEMA + "funder", "funder"), (v.PG + "recipient", "recipient"))
_FUNDING_LINKS += ((v.PG + "channel", "channel"),)
_ACTING_LINKS = {
    iri(v.PG + "partner"),
    iri(v.SCHEMA + "funder"),
    iri(v.PG + "recipient"),
    iri(v.PG + "channel"),
    iri(v.PG + "participant"),
}
_ORG = iri(v.ORG + "Organization")
_ORG_PREFIX = "<" + v.ID + "org/"
_CONFIDENCE = iri(v.PG + "confidence")


def type_code(concept: str) -> str:
    """An organization type concept's code, as the queries compute it
    (``REPLACE(STRAFTER(STR(?tc), "/vocab/orgtype-"), "-", "_")``).

    >>> type_code("https://w3id.org/pressgraph/vocab/orgtype-donor-agency")
    'donor_agency'
    """
    return concept.partition("/vocab/orgtype-")[2].replace("-", "_")


def _or_none(items: list) -> list:
    return items or [None]


def _contexts(st: Statements, assertion: str, link: str) -> list[str | None]:
    """The assertion's contexts typed programme or event (``None`` when it has none)."""
    found = []
    for c in st.objects(assertion, link):
        for t in st.objects(c, v.RDF + "type"):
            if t in _CONTEXT_TYPES:
                found.append(lexical(c))
    return found or [None]


def _sentences(st: Statements, assertion: str) -> list[str | None]:
    """The texts of an assertion's evidence spans (``pg:evidence/nif:anchorOf``)."""
    found = [
        lexical(t)
        for span in st.objects(assertion, v.PG + "evidence")
        for t in st.objects(span, v.NIF + "anchorOf")
    ]
    return found or [None]


def _release_keys(st: Statements, release: str) -> list[tuple]:
    """(release IRI, identifier, date) of a release; none without an identifier."""
    return [
        (lexical(release), value(rid), value(date))
        for rid in st.objects(release, v.DCT + "identifier")
        for date in _or_none(st.objects(release, v.DCT + "issued"))
    ]


@fact_table(
    "act", ("release", "release_id", "date", "acts"), indexes=[("release",), ("date", "release_id")]
)
def acts(st: Statements) -> Iterator[tuple]:
    """Organizations acting in a release (partners, funders, recipients, channels,
    participants) as ``network-involvements`` joins them, evidence and context included.

    One row per release (and date): ``acts`` holds its rows of the query, sorted as its
    ORDER BY sorts them within a release, with the six parameter columns unbound, as
    :mod:`marshal` data. The whole corpus is ~8 rows per release: read as SQLite columns,
    each value is a new Python object (5x slower than loading them, repeated values
    shared, from one value per release).
    """
    rows: dict[tuple, None] = {}
    shared: dict = {}
    one = shared.setdefault
    kinds = (
        (v.PG + "Partnership", "partnership", v.PG + "context"),
        (v.PG + "Funding", "funding", v.SCHEMA + "fundedItem"),
        (v.PG + "Participation", "participation", v.PG + "participationIn"),
    )
    for cls, kind, context_link in kinds:
        for a in st.of_type(cls):
            if kind == "partnership":
                links = [(o, "partner") for o in st.objects(a, v.PG + "partner")]
            elif kind == "funding":
                links = [(o, role) for p, role in _FUNDING_LINKS for o in st.objects(a, p)]
            else:
                roles = [
                    lexical(r).partition("/vocab/role-")[2] for r in st.objects(a, v.PG + "role")
                ]
                links = [(o, r) for o in st.objects(a, v.PG + "participant") for r in roles]
            if not links:
                continue
            confidences = [value(c) for c in st.objects(a, v.PG + "confidence")]
            releases = [
                tuple(one(x, x) for x in k)
                for r in st.objects(a, v.PG + "inRelease")
                for k in _release_keys(st, r)
            ]
            if not confidences or not releases:
                continue
            contexts = [one(c, c) for c in _contexts(st, a, context_link)]
            sentences = _sentences(st, a)
            name = lexical(a)
            for org, role in links:
                org = one(lexical(org), lexical(org))
                role = one(role, role)
                for rel, rid, date in releases:
                    for conf in confidences:
                        for ctx in contexts:
                            for text in sentences:
                                row = (rel, rid, date, org, role, kind, name, ctx, conf, text)
                                rows[row] = None
    by_release: dict[tuple, list[tuple]] = {}
    for row in rows:
        by_release.setdefault(row[:3], []).append(row + _UNBOUND)
    for key, found in by_release.items():
        found.sort(key=act_order)
        yield (*key, freeze(found))


_UNBOUND = (None,) * 6


def freeze(rows: list[tuple]) -> bytes:
    """Rows as :mod:`marshal` data, each distinct value stored once (loading shares it).

    Equal values are made one object first: marshal marks an object for sharing by its
    reference count, so the bytes would otherwise depend on how the rows were made (a
    build and a refresh must write the same).

    >>> import marshal
    >>> marshal.loads(freeze([("a", 1.0, None), ("a", 1, None)]))
    [('a', 1.0, None), ('a', 1, None)]
    """
    seen: dict = {}
    one = seen.setdefault
    return marshal.dumps([tuple(one((type(x), x), x) for x in r) for r in rows])


def act_order(row: tuple) -> tuple:
    """The order of a release's rows: ``?assertion ?org ?role``, then the other values
    (unbound first) for a deterministic order of ties."""
    _, _, _, org, role, _, assertion, ctx, conf, text = row[:10]
    return (assertion, org, role, ctx is not None, ctx or "", conf, text is not None, text or "")


@fact_table(
    "funding_edge",
    (
        "funding",
        "release",
        "release_id",
        "date",
        "funder",
        "channel",
        "recipient",
        "item",
        "amount",
        "currency",
        "focus",
        "confidence",
        "sentence",
    ),
)
def fundings(st: Statements) -> Iterator[tuple]:
    """Fundings as ``network-funding`` joins them (the item's label is joined at query
    time: it may be stated by any release)."""
    rows: dict[tuple, None] = {}
    for f in st.of_type(v.PG + "Funding"):
        funders = st.objects(f, v.SCHEMA + "funder")
        confidences = [value(c) for c in st.objects(f, v.PG + "confidence")]
        releases = st.objects(f, v.PG + "inRelease")
        if not funders or not confidences or not releases:
            continue
        channels = _or_none([lexical(o) for o in st.objects(f, v.PG + "channel")])
        recipients = _or_none([lexical(o) for o in st.objects(f, v.PG + "recipient")])
        items = _contexts(st, f, v.SCHEMA + "fundedItem")
        amounts = [
            (value(am), value(cur))
            for node in st.objects(f, v.SCHEMA + "amount")
            for am in st.objects(node, v.SCHEMA + "value")
            for cur in st.objects(node, v.SCHEMA + "currency")
        ] or [(None, None)]
        sentences = _sentences(st, f)
        name = lexical(f)
        for r in releases:
            focuses = _or_none([lexical(c) for c in st.objects(r, v.DCT + "spatial")])
            for rel, rid, date in _release_keys(st, r):
                for funder in funders:
                    funder = lexical(funder)
                    for conf in confidences:
                        for ch in channels:
                            for rec in recipients:
                                for item in items:
                                    for am, cur in amounts:
                                        for focus in focuses:
                                            for text in sentences:
                                                row = (name, rel, rid, date, funder, ch, rec)
                                                row += (item, am, cur, focus, conf, text)
                                                rows[row] = None
    return iter(rows)


@fact_table(
    "membership",
    ("person", "org", "role", "release_id", "date", "confidence", "sentence"),
)
def memberships(st: Statements) -> Iterator[tuple]:
    """People's roles at organizations (``org:Membership``) as ``network-memberships``
    joins them (the person's name is joined at query time)."""
    rows: dict[tuple, None] = {}
    for m in st.of_type(v.ORG + "Membership"):
        people = st.objects(m, v.ORG + "member")
        orgs = st.objects(m, v.ORG + "organization")
        confidences = [value(c) for c in st.objects(m, v.PG + "confidence")]
        keys = [k for r in st.objects(m, v.PG + "inRelease") for k in _release_keys(st, r)]
        if not people or not orgs or not confidences or not keys:
            continue
        roles = _or_none([value(r) for r in st.objects(m, v.SCHEMA + "roleName")])
        sentences = _sentences(st, m)
        for person in people:
            for org in orgs:
                for _, rid, date in keys:
                    for conf in confidences:
                        for role in roles:
                            for text in sentences:
                                row = (lexical(person), lexical(org), role, rid, date, conf, text)
                                rows[row] = None
    return iter(rows)


@fact_table(
    "org",
    ("org", "typed", "label", "acronym", "orgtype", "code", "country"),
    # every column: the whole-corpus plans read the index alone, in org order (0.9 s -> 0.2 s
    # at 100,000 releases)
    indexes=[("org", "typed", "label", "acronym", "code", "country", "orgtype", "source")],
)
def organizations(st: Statements) -> Iterator[tuple]:
    """Organization attributes (label, acronym, type concept and its code, country) as
    this release or reference graph states them, one row per combination; ``typed`` when
    it says the subject is an ``org:Organization``."""
    for s, preds in st.subjects.items():
        typed = _ORG in preds.get(iri(v.RDF + "type"), ())
        if not typed and not s.startswith(_ORG_PREFIX):
            continue
        labels = _or_none([lexical(o) for o in preds.get(iri(v.SKOS + "prefLabel"), ())])
        acronyms = _or_none([lexical(o) for o in preds.get(iri(v.PG + "acronym"), ())])
        types = [
            (t, type_code(t)) for t in (lexical(o) for o in preds.get(iri(v.PG + "orgType"), ()))
        ] or [(None, None)]
        countries = _or_none([lexical(o) for o in preds.get(iri(v.PG + "country"), ())])
        org = lexical(s)
        for label in labels:
            for acronym in acronyms:
                for t, code in types:
                    for country in countries:
                        yield org, int(typed), label, acronym, t, code, country


@fact_table("goal", ("release", "concept", "typed"), indexes=[("concept",)])
def goals(st: Statements) -> Iterator[tuple]:
    """What is aligned with an SDG concept in which release (``pg:sdgConcept`` and
    ``pg:inRelease``); ``typed`` for a ``pg:GoalAlignment``."""
    alignment = iri(v.PG + "GoalAlignment")
    for preds in st.subjects.values():
        concepts = preds.get(iri(v.PG + "sdgConcept"))
        releases = preds.get(iri(v.PG + "inRelease"))
        if not concepts or not releases:
            continue
        typed = int(alignment in preds.get(iri(v.RDF + "type"), ()))
        for rel in dict.fromkeys(releases):
            for concept in dict.fromkeys(concepts):
                yield lexical(rel), lexical(concept), typed


@fact_table(
    "acting",
    ("release", "release_id", "date", "orgs", "low", "links"),
    indexes=[("date", "release")],
)
def acting(st: Statements) -> Iterator[tuple]:
    """The organizations acting in a release graph (``network-release-organizations``):
    every statement linking something to an organization as partner, funder, recipient,
    channel or participant. ``orgs`` lists them (space-separated, repeats kept), ``links``
    pairs each with the best confidence of its subject (:mod:`marshal` data; ``None``
    without one) for the confidence filter, ``low`` is the lowest of them (a release all
    of whose organizations pass needs no look at ``links``). One row per release graph
    (and identifier and date)."""
    if st.source.startswith(("http://", "https://")):
        return
    graph = iri(v.release_graph(st.source))
    releases = st.objects(graph, v.PROV + "wasDerivedFrom")
    if not releases:
        return
    links = []
    for s, preds in st.subjects.items():
        for p, objects in preds.items():
            if p not in _ACTING_LINKS:
                continue
            confs = [value(c) for c in preds.get(_CONFIDENCE, ())]
            best = max((c for c in confs if isinstance(c, (int, float))), default=None)
            links += [(lexical(o), best) for o in objects if not is_shared(s, p, o, st.source)]
    if not links:
        return
    links.sort(key=lambda x: (x[0], x[1] is not None, x[1] or 0))  # the same on a refresh
    orgs = " ".join(org for org, _ in links)
    confs = [c for _, c in links]
    low = None if None in confs else min(confs)
    for r in releases:
        for rel, rid, date in _release_keys(st, r):
            yield rel, rid, date, orgs, low, freeze(links)


@fact_table("score", ("node", "metric", "network", "value"))
def scores(st: Statements) -> Iterator[tuple]:
    """Scores written back by ``pressgraph analyze --write-back`` (``schema:PropertyValue``)."""
    for s in st.of_type(v.SCHEMA + "PropertyValue"):
        for node in st.objects(s, v.SCHEMA + "about"):
            for metric in st.objects(s, v.SCHEMA + "propertyID"):
                for network in st.objects(s, v.SCHEMA + "measurementTechnique"):
                    for val in st.objects(s, v.SCHEMA + "value"):
                        yield lexical(node), value(metric), value(network), value(val)
