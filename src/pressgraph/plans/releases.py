"""Plans over the release table: ``releases``."""

from __future__ import annotations

from ..queries import QueryResult
from . import param, plan


def date_key(date: str | None) -> tuple:
    """SPARQL's order of ``dct:issued`` values: unbound first, then by date (a year or a
    month sorts with the full dates of its first day)."""
    return (0, "") if date is None else (1, date)


@plan("releases")
def releases(store, query, subs) -> QueryResult:
    since, until, kind = param(subs, "since"), param(subs, "until"), param(subs, "kind")
    sql = (
        "SELECT DISTINCT release, date, title, kind FROM f_release "
        "WHERE title IS NOT NULL AND kind IS NOT NULL"
    )
    args: list = []
    if kind is not None:
        sql += " AND kind = ?"
        args.append(kind)
    for bound, op in ((since, ">="), (until, "<=")):
        if bound is not None:  # a year or a month does not compare with a day: left out
            sql += f" AND length(date) = 10 AND date {op} ?"
            args.append(bound)
    rows = [
        (release, date, title, k, since, until)
        for release, date, title, k in store.derived().db.execute(sql, args)
    ]
    rows.sort(key=lambda r: (date_key(r[1]), r[0]))
    return QueryResult(["release", "date", "title", "kind", "since", "until"], rows)
