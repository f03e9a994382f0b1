"""Fact tables: each release's statements restated as rows, for the query plans.

pyoxigraph 0.5 evaluates every group of a query (``OPTIONAL``, ``UNION``, sub-selects)
over the whole store and hash-joins the results, so a library query whose rows come
from a few releases still reads its predicates across the corpus, and one whose rows
span tens of thousands of releases builds Python rows from SPARQL results for seconds.
The fact tables keep, per release graph (and per reference graph), the rows those
queries read, in SQLite beside the store (:class:`pressgraph.store.Derived`). The
query plans (:mod:`pressgraph.plans`) answer from them; tests check that every plan
gives the rows of its query's SPARQL.

A table is declared once (:class:`FactTable`) with a function that reads one release's
statements (:class:`Statements`, N-Triples terms indexed by subject) and yields its
rows. Build workers run the extractors next to the N-Quads serialization, so the main
process only inserts rows. Every row carries its ``source`` (the release id, or the
reference graph's IRI), so a replaced or dropped release takes back exactly its rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import vocab as v

_XSD = v.XSD
_INTEGERS = {f"<{_XSD}{t}>" for t in ("integer", "int", "long")}
_DECIMALS = {f"<{_XSD}{t}>" for t in ("decimal", "double", "float")}
_BOOLEAN = f"<{_XSD}boolean>"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(m: re.Match) -> str:
    if m.group(1) or m.group(2):
        return chr(int(m.group(1) or m.group(2), 16))
    return _SIMPLE.get(m.group(3), m.group(3))


def lexical(term: str) -> str:
    """The text of a term: an IRI without its brackets, a literal's lexical form.

    >>> lexical('<https://example.org/a>')
    'https://example.org/a'
    >>> lexical('"say \\\\"hi\\\\""@en')
    'say "hi"'
    """
    if term[0] == "<":
        return term[1:-1]
    if term[0] != '"':  # a blank node
        return term
    end = term.rindex('"')
    text = term[1:end]
    return _ESCAPE.sub(_unescape, text) if "\\" in text else text


def datatype(term: str) -> str | None:
    """A literal's datatype as N-Triples text (``None`` for an IRI or a language string)."""
    if term[0] != '"':
        return None
    end = term.rindex('"')
    rest = term[end + 1 :]
    if rest.startswith("^^"):
        return rest[2:]
    return None if rest.startswith("@") else f"<{_XSD}string>"


def value(term: str | None) -> Any:
    """A term as the query library returns it (:func:`pressgraph.queries.term_value`):
    numbers as numbers, booleans as bool, IRIs and other literals as their text.

    >>> value('"12"^^<http://www.w3.org/2001/XMLSchema#integer>')
    12
    >>> value('"0.85"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    0.85
    >>> value('<http://metadata.un.org/sdg/6>')
    'http://metadata.un.org/sdg/6'
    """
    if term is None:
        return None
    text = lexical(term)
    if term[0] == '"':
        dt = datatype(term)
        if dt in _INTEGERS:
            return int(text)
        if dt in _DECIMALS:
            return float(text)
        if dt == _BOOLEAN:
            return text == "true"
    return text


def iri(name: str) -> str:
    """An IRI as an N-Triples term (what :class:`Statements` holds)."""
    return f"<{name}>"


_TYPE = iri(v.RDF + "type")


class Statements:
    """The statements of one release (its graph and its shared statements) or of one
    reference graph, as N-Triples terms indexed by subject, with their types apart.

    >>> s = Statements([("<x:a>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<x:T>"),
    ...                 ("<x:a>", "<x:p>", '"one"')], source="r1")
    >>> s.of_type("x:T"), s.one("<x:a>", "x:p")
    (['<x:a>'], '"one"')
    """

    def __init__(self, triples: Iterable[tuple[str, str, str]], *, source: str):
        self.source = source
        subjects: dict[str, dict[str, list[str]]] = {}
        types: dict[str, list[str]] = {}
        for s, p, o in triples:
            preds = subjects.get(s)
            if preds is None:
                subjects[s] = {p: [o]}
            elif p in preds:
                preds[p].append(o)
            else:
                preds[p] = [o]
            if p == _TYPE:
                if o in types:
                    types[o].append(s)
                else:
                    types[o] = [s]
        self.subjects, self.types = subjects, types

    def of_type(self, cls: str) -> list[str]:
        """Subjects typed ``cls`` (an IRI, without brackets), in statement order."""
        return self.types.get(iri(cls), [])

    def objects(self, subject: str, predicate: str) -> list[str]:
        return self.subjects.get(subject, {}).get(iri(predicate), [])

    def one(self, subject: str, predicate: str) -> str | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def has_type(self, subject: str, cls: str) -> bool:
        return iri(cls) in self.objects(subject, v.RDF + "type")

    def triples(self, predicate: str) -> Iterable[tuple[str, str]]:
        """(subject, object) of every statement with this predicate."""
        p = iri(predicate)
        for s, preds in self.subjects.items():
            for o in preds.get(p, ()):
                yield s, o


Extractor = Callable[[Statements], Iterable[tuple]]


@dataclass(frozen=True)
class FactTable:
    """A table of rows read from each release's statements.

    ``columns`` follow the implicit first column ``source``; ``indexes`` are column
    tuples to index (``source`` is always indexed).
    """

    name: str
    columns: tuple[str, ...]
    extract: Extractor
    indexes: tuple[tuple[str, ...], ...] = ()

    def ddl(self) -> list[str]:
        cols = ", ".join(["source TEXT NOT NULL", *self.columns])
        out = [
            f"CREATE TABLE IF NOT EXISTS f_{self.name} ({cols})",
            f"CREATE INDEX IF NOT EXISTS f_{self.name}__source ON f_{self.name} (source)",
        ]
        for idx in self.indexes:
            out.append(
                f"CREATE INDEX IF NOT EXISTS f_{self.name}__{'_'.join(idx)} "
                f"ON f_{self.name} ({', '.join(idx)})"
            )
        return out

    def insert_sql(self) -> str:
        marks = ", ".join("?" * (len(self.columns) + 1))
        return f"INSERT INTO f_{self.name} VALUES ({marks})"


TABLES: dict[str, FactTable] = {}


def fact_table(
    name: str, columns: Iterable[str], *, indexes: Iterable[Iterable[str]] = ()
) -> Callable[[Extractor], Extractor]:
    """Declare a fact table whose rows the decorated function reads from a release."""

    def register(extract: Extractor) -> Extractor:
        if name in TABLES:
            raise ValueError(f"fact table {name!r} declared twice")
        TABLES[name] = FactTable(name, tuple(columns), extract, tuple(tuple(i) for i in indexes))
        return extract

    return register


Facts = dict[str, list[tuple]]


def release_facts(triples: Iterable[tuple[str, str, str]], *, source: str) -> Facts:
    """The rows of every fact table for one release (or reference graph)."""
    statements = Statements(triples, source=source)
    out: Facts = {}
    for name, table in TABLES.items():
        rows = [tuple(r) for r in table.extract(statements)]
        if rows:
            out[name] = rows
    return out


def facts_version() -> str:
    """A digest of the table declarations and the code that fills them: stored facts
    made by other code are not used (the query plans fall back to SPARQL)."""
    h = hashlib.sha256()
    for f in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


# the modules that declare tables (imported for their declarations)
from . import core, network, orgs, places  # noqa: E402,F401

__all__ = [
    "TABLES",
    "FactTable",
    "Facts",
    "Statements",
    "datatype",
    "fact_table",
    "facts_version",
    "iri",
    "lexical",
    "release_facts",
    "value",
]
