"""Plans for the queries about places, programmes, events, fundings and goals, over the
tables of :mod:`pressgraph.facts.places` and :mod:`pressgraph.facts.core`.

Each plan restates its query's SPARQL: the same joins, the same ``MIN``/``COUNT``
aggregates, the same order (unbound values first, as pyoxigraph sorts them). Names are
the smallest label over every source (:func:`min_labels`), as ``MIN(STR(?label))`` over
the union graph gives them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..queries import QueryResult
from . import in_chunks, min_labels, param, plan

SDG = "http://metadata.un.org/sdg/"
_GOAL = f"'{SDG}' || number"  # IRI(CONCAT(sdg, ?number))
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _db(store):
    return store.derived().db


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
    country, goal = param(subs, "country"), param(subs, "goal")
    where, args = [], []
    if country is not None:
        where.append("country = ?")
        args.append(country)
    if goal is not None:
        where.append(_GOAL + " = ?")
        args.append(goal)
    db = _db(store)
    found = db.execute(
        f"SELECT country, {_GOAL}, method, COUNT(DISTINCT release), "
        f"GROUP_CONCAT(release_id, ' '), MIN(n) FROM f_goal_country {_where(where)} "
        "GROUP BY country, number, method ORDER BY country, MIN(n), method",
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
    sql = f"SELECT release, release_id, {_GOAL}, found_in FROM f_goal_gap"
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
        where.append(_GOAL + " = ?")
        args.append(goal)
    # rows are distinct and in the query's order within a release
    sql = (
        f"SELECT release, release_id, COALESCE(item, release), {_GOAL}, concept, method, "
        "confidence, rule, sentence, section "
        f"FROM f_alignment {_where(where)} ORDER BY release_id, rowid"
    )
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
        "SELECT e.event, e.name, e.kind, e.start, e.end_, e.country, e.release FROM f_event e"
        f"{where} ORDER BY e.start, e.event, e.release",
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
    get = lists.get
    rows = [
        (
            event,
            name,
            kind,
            start,
            end,
            place,
            get((event, "organizer")),
            get((event, "participant")),
            release,
        )
        for event, name, kind, start, end, place, release in found
    ]
    return QueryResult(columns, rows)


# --------------------------------------------------------------------------- programmes


def _initiative_facts(db, initiatives: list[str] | None) -> tuple[dict, dict]:
    """Per programme (``None``: those with a country) over every source: (name, kind,
    owner, start, end, releases) and the name of its owners (``None`` when one has no
    name, as ``MIN`` over an unbound value is)."""
    agg = (
        "SELECT initiative, MIN(name), MIN(kind), MIN(owner), MIN(start), MAX(end_), "
        "COUNT(DISTINCT release) FROM f_initiative {} GROUP BY initiative"
    )
    own = "SELECT DISTINCT initiative, owner FROM f_initiative WHERE owner IS NOT NULL {}"
    if initiatives is None:  # every programme with a country
        covered = "initiative IN (SELECT initiative FROM f_initiative_country)"
        facts = db.execute(agg.format("WHERE " + covered)).fetchall()
        owners = db.execute(own.format("AND " + covered)).fetchall()
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


_DONORS = """
    SELECT DISTINCT f.release, f.funder, f.recipient, p.item AS program,
           COALESCE(pc.country, rc.country) AS place, f.amount, f.funding, f.channel, f.currency
    FROM f_funding f
    LEFT JOIN f_funded p ON p.source = f.source AND p.funding = f.funding
         AND EXISTS (SELECT 1 FROM f_initiative i WHERE i.initiative = p.item)
    LEFT JOIN f_initiative_country pc ON pc.initiative = p.item
    LEFT JOIN f_release_country rc ON rc.source = f.source AND rc.release = f.release
    {}
    ORDER BY f.release, f.funder, f.recipient, program, place, f.amount, f.funding,
             f.channel, f.currency"""

# the releases that can hold fundings for a country: those about it, and those funding a
# programme there
_DONOR_SOURCES = """f.source IN (
    SELECT source FROM f_release_country WHERE country = ?
    UNION SELECT fd.source FROM f_initiative_country ic
          JOIN f_funded fd ON fd.item = ic.initiative WHERE ic.country = ?)"""


@plan("donors")
def donors(store, query, subs) -> QueryResult:
    """The query's OPTIONALs are LEFT JOINs here: a funding's programmes are its funded
    items that are programmes in any graph, with their countries from any graph; its
    place is a programme country, else a country of its release."""
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
    where, args = [], []
    if funder is not None:
        where.append("f.funder = ?")
        args.append(funder)
    if country is not None:
        where += [_DONOR_SOURCES, "place = ?"]
        args += [country, country, country]
    db = _db(store)
    found = db.execute(_DONORS.format(_where(where)), args).fetchall()
    names = min_labels(db, {x for r in found for x in (r[1], r[2], r[3], r[7])})
    get = names.get
    rows = [
        (fu, get(fu), rec, get(rec), ch, get(ch), prog, get(prog), place, amount, cur, release)
        for release, fu, rec, prog, place, amount, _, ch, cur in found
    ]
    return QueryResult(columns, rows)


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
    # DISTINCT first, as the query does; Python's set is cheaper than SQLite's b-tree of IRIs
    sql = (
        "SELECT funder, currency, funding, release, amount FROM f_funding "
        f"WHERE amount IS NOT NULL AND currency IS NOT NULL{where}"
    )
    seen: set = set()
    groups: dict[tuple, tuple[list, set, set]] = {}
    for fu, cur, funding, release, amount in db.execute(sql, args):
        key = (funding, fu, release, amount, cur)
        if key in seen:
            continue
        seen.add(key)
        group = groups.get((fu, cur))
        if group is None:
            groups[(fu, cur)] = group = ([], set(), set())
        group[0].append(amount)
        group[1].add(funding)
        group[2].add(release)
    names = min_labels(db, {fu for fu, _ in groups})
    rows = []
    for (fu, cur), (amounts, fundings, releases) in groups.items():
        if all(a == int(a) for a in amounts):  # whole numbers: the float sum is exact
            total = sum(amounts)
        else:  # fractions: summed as decimals, as SPARQL does
            total = float(sum(Decimal(repr(a)) for a in amounts))
        rows.append((fu, names.get(fu), cur, total, len(fundings), len(releases)))
    rows.sort(key=lambda r: (r[2], -r[3], r[0]))
    return QueryResult(columns, rows)
