"""Query plans: library queries answered from the fact tables instead of SPARQL.

A plan is registered for one library query (``@plan("partners-of-organization")``)
and gets the store, the query and its bound parameters (pyoxigraph terms keyed by
``pyoxigraph.Variable``). It returns the query's rows (same columns, same values,
same order) or ``None`` when it cannot answer, and the SPARQL runs instead. Plans run
only when the store's fact tables are complete (``store.derived().facts_ready``), and
``run_query(..., derived=False)`` always runs the SPARQL: ``tests/plans`` checks that
both give the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from ..queries import LibraryQuery, QueryResult
    from ..store import GraphStore

Plan = Callable[["GraphStore", "LibraryQuery", dict], "QueryResult | None"]

PLANS: dict[str, Plan] = {}


def plan(name: str) -> Callable[[Plan], Plan]:
    """Register the decorated function as the plan of library query ``name``."""

    def register(fn: Plan) -> Plan:
        if name in PLANS:
            raise ValueError(f"two plans for query {name!r}")
        PLANS[name] = fn
        return fn

    return register


def param(subs: dict, name: str) -> Any:
    """A bound parameter as a Python value (IRI or literal text; ``None`` when unbound)."""
    term = subs.get(ox.Variable(name))
    if term is None:
        return None
    from ..queries import term_value

    return term_value(term)


def placeholders(values: list) -> str:
    """``?, ?, ?`` for an SQL ``IN`` list."""
    return ", ".join("?" * len(values))


_CHUNK = 500


def in_chunks(db, sql: str, values: Iterable, args: tuple = ()) -> Iterator[tuple]:
    """Rows of ``sql`` (whose ``{}`` is an ``IN`` list) for every value, a chunk at a time
    (SQLite limits the parameters of one statement)."""
    values = list(values)
    for i in range(0, len(values), _CHUNK):
        part = values[i : i + _CHUNK]
        yield from db.execute(sql.format(placeholders(part)), (*args, *part))


def labels(db, entities: Iterable[str | None], kind: str = "pref") -> dict[str, list[str]]:
    """The distinct labels of a kind (``pref``, ``alt``, ``acronym``, ``name``) of each
    entity, sorted, over every source (absent when it has none)."""
    out: dict[str, list[str]] = {}
    sql = "SELECT entity, text FROM f_label_n WHERE kind = ? AND entity IN ({})"
    for entity, text in in_chunks(db, sql, sorted({e for e in entities if e is not None}), (kind,)):
        out.setdefault(entity, []).append(text)
    for texts in out.values():
        texts.sort()
    return out


def min_labels(db, entities: Iterable[str | None], kind: str = "pref") -> dict[str, str]:
    """``MIN(STR(label))`` of each entity over every source (absent when it has none)."""
    sql = (
        "SELECT entity, MIN(text) FROM f_label_n WHERE kind = ? AND entity IN ({}) GROUP BY entity"
    )
    return dict(in_chunks(db, sql, sorted({e for e in entities if e is not None}), (kind,)))


# the modules that register plans (imported for their registrations)
from . import network, orgs, places, releases  # noqa: E402,F401

__all__ = [
    "PLANS",
    "Plan",
    "in_chunks",
    "labels",
    "min_labels",
    "param",
    "placeholders",
    "plan",
]
