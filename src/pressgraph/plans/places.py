"""Plans for the queries about places, programmes, events, fundings and goals, over the
tables of :mod:`pressgraph.facts.places` and :mod:`pressgraph.facts.core`.

Each plan restates its query's SPARQL: the same joins, the same ``MIN``/``COUNT``
aggregates, the same order (unbound values first, as pyoxigraph sorts them). Names are
the smallest label over every source (:func:`min_labels`), as ``MIN(STR(?label))`` over
the union graph gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from ..queries import QueryResult
from . import param, placeholders, plan

SDG = "http://metadata.un.org/sdg/"
_CHUNK = 500
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _db(store):
    return store.derived().db


def in_chunks(db, sql: str, values: Iterable, args: tuple = ()) -> Iterator[tuple]:
    """Rows of ``sql`` (whose ``{}`` is an ``IN`` list) for every value, a chunk at a time
    (SQLite limits the parameters of one statement)."""
    values = list(values)
    for i in range(0, len(values), _CHUNK):
        part = values[i : i + _CHUNK]
        yield from db.execute(sql.format(placeholders(part)), (*args, *part))


def min_labels(db, entities: Iterable[str | None], kind: str = "pref") -> dict[str, str]:
    """The smallest label of each entity over every source (absent when it has none)."""
    wanted = {e for e in entities if e is not None}
    sql = "SELECT entity, MIN(text) FROM f_label WHERE kind = ? AND entity IN ({}) GROUP BY entity"
    return dict(in_chunks(db, sql, sorted(wanted), (kind,)))


def nulls_first(x) -> tuple:
    """An ORDER BY key: unbound values first."""
    return (0, "") if x is None else (1, x)


def integer_key(number: str) -> tuple:
    """``xsd:integer(?number)`` as a sort key: values that do not cast (unbound) first."""
    return (1, int(number)) if _INTEGER.fullmatch(number) else (0, 0)


# --------------------------------------------------------------------------- goals


@plan("sdg-coverage-by-country")
def sdg_coverage_by_country(store, query, subs) -> QueryResult:
    columns = ["country", "country_name", "goal", "method", "releases", "release_ids"]
    where, args = [], []
    for name in ("country", "goal"):
        bound = param(subs, name)
        if bound is not None:
            where.append(f"{name} = ?")
            args.append(bound)
    db = _db(store)
    found = db.execute(
        "SELECT country, goal, method, COUNT(DISTINCT release), GROUP_CONCAT(release_id, ' '), "
        f"MIN(n) FROM f_goal_country {_where(where)} GROUP BY country, goal, method "
        "ORDER BY country, MIN(n), method",
        args,
    ).fetchall()
    names = min_labels(db, {r[0] for r in found})
    rows = [
        (country, names.get(country), goal, method, n, ids)
        for country, goal, method, n, ids, _ in found
    ]
    return QueryResult(columns, rows)


@plan("footer-text-disagreements")
def footer_text_disagreements(store, query, subs) -> QueryResult:
    columns = ["release", "release_id", "goal", "found_in"]
    release = param(subs, "release")
    sql = "SELECT release, release_id, goal, found_in FROM f_goal_gap"
    args: list = []
    if release is not None:
        sql += " WHERE source IN (SELECT source FROM f_release WHERE release = ?) AND release = ?"
        args += [release, release]
    sql += " ORDER BY release_id, rowid"  # rows are in the query's order within a release
    return QueryResult(columns, _db(store).execute(sql, args).fetchall())


@plan("sdg-alignments")
def sdg_alignments(store, query, subs) -> QueryResult:
    columns = [
        "release",
        "release_id",
        "item",
        "goal",
        "concept",
        "method",
        "confidence",
        "rule",
        "sentence",
        "section",
    ]
    release, goal = param(subs, "release"), param(subs, "goal")
    where, args = [], []
    if release is not None:
        where.append("source IN (SELECT source FROM f_release WHERE release = ?) AND release = ?")
        args += [release, release]
    if goal is not None:
        where.append("goal = ?")
        args.append(goal)
    # rows are distinct and in the query's order within a release
    sql = f"SELECT {', '.join(columns)} FROM f_alignment {_where(where)} ORDER BY release_id, rowid"
    return QueryResult(columns, _db(store).execute(sql, args).fetchall())


def _where(conditions: list[str]) -> str:
    return "WHERE " + " AND ".join(conditions) if conditions else ""


# --------------------------------------------------------------------------- UN entities


@plan("un-entities-by-country")
def un_entities_by_country(store, query, subs) -> QueryResult:
    columns = [
        "country",
        "country_name",
        "entity",
        "entity_name",
        "acronym",
        "releases",
        "release_ids",
    ]
    country = param(subs, "country")
    where, args = ("", []) if country is None else ("WHERE country = ?", [country])
    db = _db(store)
    found = db.execute(
        "SELECT country, entity, COUNT(DISTINCT release), GROUP_CONCAT(release_id, ' ') "
        f"FROM f_un_entity_country {where} GROUP BY country, entity",
        args,
    ).fetchall()
    countries = min_labels(db, {r[0] for r in found})
    entities = {r[1] for r in found}
    names, acronyms = min_labels(db, entities), min_labels(db, entities, "acronym")
    rows = [
        (country, countries.get(country), e, names.get(e), acronyms.get(e), n, ids)
        for country, e, n, ids in found
    ]
    rows.sort(key=lambda r: (r[0], -r[5], nulls_first(r[4]), r[2]))
    return QueryResult(columns, rows)


# --------------------------------------------------------------------------- events


@plan("events")
def events(store, query, subs) -> QueryResult:
    columns = [
        "event",
        "name",
        "kind",
        "start",
        "end",
        "country",
        "organizers",
        "participants",
        "release",
    ]
    country = param(subs, "country")
    db = _db(store)
    where, args = ("", []) if country is None else (" WHERE e.country = ?", [country])
    found = db.execute(
        f"SELECT e.event, e.name, e.kind, e.start, e.end_, e.country, e.release FROM f_event e"
        f"{where}",
        args,
    ).fetchall()
    roles = db.execute(
        "SELECT eo.event, eo.role, eo.org FROM f_event e "
        f"CROSS JOIN f_event_org eo ON eo.source = e.source AND eo.event = e.event{where}",
        args,
    ).fetchall()
    names = min_labels(db, {org for _, _, org in roles})
    by_event: dict[tuple[str, str], list[str]] = {}
    for event, role, org in roles:
        by_event.setdefault((event, role), []).append(names.get(org, org))
    lists = {key: "; ".join(sorted(v)) for key, v in by_event.items()}
    rows = [
        (
            event,
            name,
            kind,
            start,
            end,
            where_,
            lists.get((event, "organizer")),
            lists.get((event, "participant")),
            release,
        )
        for event, name, kind, start, end, where_, release in found
    ]
    rows.sort(key=lambda r: (nulls_first(r[3]), r[0], r[8]))
    return QueryResult(columns, rows)


# --------------------------------------------------------------------------- programmes


def _initiative_facts(db, initiatives: list[str] | None) -> tuple[dict, dict]:
    """Per programme over every source: (name, kind, owner, start, end, releases) and
    the name of its owners (``None`` when one has no name, as ``MIN`` over an unbound
    value is)."""
    agg = (
        "SELECT initiative, MIN(name), MIN(kind), MIN(owner), MIN(start), MAX(end_), "
        "COUNT(DISTINCT release) FROM f_initiative {} GROUP BY initiative"
    )
    own = "SELECT DISTINCT initiative, owner FROM f_initiative WHERE owner IS NOT NULL {}"
    if initiatives is None:
        facts = db.execute(agg.format("")).fetchall()
        owners = db.execute(own.format("")).fetchall()
    else:
        facts = list(in_chunks(db, agg.format("WHERE initiative IN ({})"), initiatives))
        owners = list(in_chunks(db, own.format("AND initiative IN ({})"), initiatives))
    labels = min_labels(db, {o for _, o in owners})
    owner_names: dict[str, list] = {}
    for initiative, owner in owners:
        owner_names.setdefault(initiative, []).append(labels.get(owner))
    names = {i: (None if None in n else min(n)) for i, n in owner_names.items()}
    return {r[0]: r[1:] for r in facts}, names


@plan("programmes-by-country")
def programmes_by_country(store, query, subs) -> QueryResult:
    columns = [
        "country",
        "country_name",
        "program",
        "name",
        "kind",
        "owner",
        "owner_name",
        "start",
        "end",
        "releases",
    ]
    country = param(subs, "country")
    db = _db(store)
    if country is None:
        pairs = db.execute("SELECT DISTINCT country, initiative FROM f_initiative_country")
        pairs = pairs.fetchall()
        facts, owner_names = _initiative_facts(db, None)
    else:
        pairs = db.execute(
            "SELECT DISTINCT country, initiative FROM f_initiative_country WHERE country = ?",
            (country,),
        ).fetchall()
        facts, owner_names = _initiative_facts(db, sorted({i for _, i in pairs}))
    countries = min_labels(db, {c for c, _ in pairs})
    rows = []
    for c, i in pairs:
        f = facts.get(i)
        if f is None or not f[5]:  # not reported in any release
            continue
        name, kind, owner, start, end, n = f
        rows.append((c, countries.get(c), i, name, kind, owner, owner_names.get(i), start, end, n))
    rows.sort(key=lambda r: (r[0], nulls_first(r[7]), nulls_first(r[3]), r[2]))
    return QueryResult(columns, rows)


# --------------------------------------------------------------------------- fundings


_FUNDED = "SELECT source, funding, item FROM f_funded WHERE source IN ({})"
_SPATIAL = "SELECT source, release, country FROM f_release_country WHERE source IN ({})"
_PROGRAMMES = "SELECT DISTINCT initiative FROM f_initiative WHERE initiative IN ({})"
_COVERS = "SELECT DISTINCT initiative, country FROM f_initiative_country WHERE initiative IN ({})"


@plan("donors")
def donors(store, query, subs) -> QueryResult:
    columns = [
        "funder",
        "funder_name",
        "recipient",
        "recipient_name",
        "channel",
        "channel_name",
        "program",
        "program_name",
        "country",
        "amount",
        "currency",
        "release",
    ]
    funder, country = param(subs, "funder"), param(subs, "country")
    db = _db(store)
    select = (
        "SELECT source, release, funding, funder, recipient, channel, amount, currency "
        "FROM f_funding"
    )
    if country is None:
        sources = None
        sql, args = (select, []) if funder is None else (select + " WHERE funder = ?", [funder])
        fundings = db.execute(sql, args).fetchall()
    else:  # releases about the country, and those funding a programme there
        sources = {
            s
            for (s,) in db.execute(
                "SELECT source FROM f_release_country WHERE country = ?", (country,)
            )
        }
        sources.update(
            s
            for (s,) in db.execute(
                "SELECT fd.source FROM f_initiative_country ic "
                "CROSS JOIN f_funded fd ON fd.item = ic.initiative WHERE ic.country = ?",
                (country,),
            )
        )
        sources = sorted(sources)
        sql = select + " WHERE source IN ({})"
        args = ()
        if funder is not None:
            sql, args = select + " WHERE funder = ? AND source IN ({})", (funder,)
        fundings = list(in_chunks(db, sql, sources, args))
    if sources is None and funder is None:
        funded = db.execute("SELECT source, funding, item FROM f_funded").fetchall()
        spatial = db.execute("SELECT source, release, country FROM f_release_country").fetchall()
    else:
        sources = sorted({f[0] for f in fundings})
        funded = list(in_chunks(db, _FUNDED, sources))
        spatial = list(in_chunks(db, _SPATIAL, sources))
    items = {item for _, _, item in funded}
    if sources is None:
        programmes = {i for (i,) in db.execute("SELECT DISTINCT initiative FROM f_initiative")}
        covers = db.execute("SELECT DISTINCT initiative, country FROM f_initiative_country")
    else:
        programmes = {i for (i,) in in_chunks(db, _PROGRAMMES, items)}
        covers = in_chunks(db, _COVERS, programmes)
    program_countries: dict[str, list] = {}
    for i, c in covers:
        program_countries.setdefault(i, []).append(c)
    programs_of: dict[tuple, list] = {}
    for source, funding, item in funded:
        if item in programmes:
            programs_of.setdefault((source, funding), []).append(item)
    release_countries: dict[tuple, list] = {}
    for source, release, c in spatial:
        release_countries.setdefault((source, release), []).append(c)
    keys = set()
    for source, release, funding, fu, recipient, channel, amount, currency in fundings:
        here = release_countries.get((source, release)) or [None]
        for program in programs_of.get((source, funding)) or [None]:
            wheres = (program_countries.get(program) if program else None) or here
            for w in wheres:
                if country is None or w == country:
                    keys.add(
                        (release, fu, recipient, program, w, amount, funding, channel, currency)
                    )
    names = min_labels(db, {x for k in keys for x in (k[1], k[2], k[3], k[7])})
    rows = sorted(
        keys,
        key=lambda k: (
            k[0],
            k[1],
            nulls_first(k[2]),
            nulls_first(k[3]),
            nulls_first(k[4]),
            nulls_first(k[5]),
            k[6],
            nulls_first(k[7]),
            nulls_first(k[8]),
        ),
    )
    out = [
        (
            fu,
            names.get(fu),
            recipient,
            names.get(recipient),
            channel,
            names.get(channel),
            program,
            names.get(program),
            w,
            amount,
            currency,
            release,
        )
        for release, fu, recipient, program, w, amount, _, channel, currency in rows
    ]
    return QueryResult(columns, out)


@plan("funding-totals-by-donor")
def funding_totals_by_donor(store, query, subs) -> QueryResult:
    columns = ["funder", "funder_name", "currency", "total", "fundings", "releases"]
    funder, currency = param(subs, "funder"), param(subs, "currency")
    where, args = "", []
    if funder is not None:
        where += " AND funder = ?"
        args.append(funder)
    if currency is not None:
        where += " AND currency = ?"
        args.append(currency)
    db = _db(store)
    distinct = (
        "SELECT DISTINCT funding, funder, release, amount, currency FROM f_funding "
        f"WHERE amount IS NOT NULL AND currency IS NOT NULL{where}"
    )
    found = db.execute(
        "SELECT funder, currency, SUM(amount), COUNT(DISTINCT funding), COUNT(DISTINCT release), "
        f"MIN(amount = CAST(amount AS INTEGER)) FROM ({distinct}) GROUP BY funder, currency",
        args,
    ).fetchall()
    exact = {}
    if any(not whole for *_, whole in found):  # fractions: summed as decimals, as SPARQL does
        for fu, cur, amount in db.execute(
            f"SELECT funder, currency, amount FROM ({distinct})", args
        ):
            exact[(fu, cur)] = exact.get((fu, cur), Decimal(0)) + Decimal(repr(amount))
    names = min_labels(db, {r[0] for r in found})
    rows = []
    for fu, cur, total, n, releases, whole in found:
        if not whole:
            total = float(exact[(fu, cur)])
        elif isinstance(total, int):
            total = float(total)
        rows.append((fu, names.get(fu), cur, total, n, releases))
    rows.sort(key=lambda r: (r[2], -r[3], r[0]))
    return QueryResult(columns, rows)
