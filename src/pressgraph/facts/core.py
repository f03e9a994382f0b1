"""Fact tables most plans read: releases, their countries and mentions, and labels."""

from __future__ import annotations

from collections.abc import Iterator

from .. import vocab as v
from . import Statements, fact_table, lexical, value

_LABELS = {
    f"<{v.SKOS}prefLabel>": "pref",
    f"<{v.SKOS}altLabel>": "alt",
    f"<{v.PG}acronym>": "acronym",
    f"<{v.FOAF}name>": "name",
}


@fact_table(
    "release",
    ("release", "release_id", "date", "title", "kind"),
    indexes=[("release",), ("date",), ("release_id",)],
)
def releases(st: Statements) -> Iterator[tuple]:
    """A release's IRI, identifier, date (lexical form), title and kind; one row per
    combination when a value is repeated, as a SPARQL join would give."""
    for rel in st.of_type(v.PG + "PressRelease"):
        for rid in st.objects(rel, v.DCT + "identifier") or [None]:
            for date in st.objects(rel, v.DCT + "issued") or [None]:
                for title in st.objects(rel, v.DCT + "title") or [None]:
                    for kind in st.objects(rel, v.PG + "releaseKind") or [None]:
                        yield (
                            lexical(rel),
                            value(rid),
                            value(date),
                            value(title),
                            value(kind),
                        )


@fact_table("release_country", ("release", "country"), indexes=[("country",)])
def release_countries(st: Statements) -> Iterator[tuple]:
    """The countries a release is about (``dct:spatial``)."""
    for rel in st.of_type(v.PG + "PressRelease"):
        for country in st.objects(rel, v.DCT + "spatial"):
            yield lexical(rel), lexical(country)


@fact_table("mention", ("release", "entity"), indexes=[("entity",)])
def mentions(st: Statements) -> Iterator[tuple]:
    """What a release mentions (``schema:mentions``), any kind of entity."""
    for rel in st.of_type(v.PG + "PressRelease"):
        for entity in dict.fromkeys(st.objects(rel, v.SCHEMA + "mentions")):
            yield lexical(rel), lexical(entity)


@fact_table("label", ("entity", "kind", "text"), indexes=[("entity",), ("text",)])
def labels(st: Statements) -> Iterator[tuple]:
    """Names of anything (``pref``, ``alt``, ``acronym``, ``name`` for foaf:name) as the
    query library reads them (``STR`` of the literal)."""
    for s, preds in st.subjects.items():
        if s[0] != "<":
            continue
        for p, kind in _LABELS.items():
            for o in preds.get(p, ()):
                yield lexical(s), kind, lexical(o)
