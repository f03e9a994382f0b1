"""Plans of the network queries (``network-*``) and ``release-sentences``.

The network projections (:mod:`pressgraph.analytics.projections`) read whole-corpus
acts, fundings, memberships and organization attributes; their SPARQL joins every
assertion with its release, evidence and context and turns each solution into Python
values, which takes seconds at 100,000 releases. The fact tables of
:mod:`pressgraph.facts.network` hold those joins per release, so a plan is one SQL
statement whose rows are already the query's (filter parameters echoed as constants).
Dates compare as the query's filters do: only a full ``xsd:date`` compares with a
``since``/``until`` date, other dates drop out of a bounded window.
"""

from __future__ import annotations

import marshal
import re
from itertools import product

import pyoxigraph as ox

from .. import vocab as v
from ..queries import QueryResult, term_value
from . import labels, param, plan

# the columns of each query's SELECT
COLUMNS = {
    "network-involvements": [
        "release",
        "release_id",
        "date",
        "org",
        "role",
        "kind",
        "assertion",
        "context",
        "confidence",
        "sentence",
        "since",
        "until",
        "country",
        "sdg",
        "org_type",
        "min_confidence",
    ],
    "network-funding": [
        "funding",
        "release",
        "release_id",
        "date",
        "funder",
        "channel",
        "recipient",
        "item",
        "item_label",
        "amount",
        "currency",
        "focus",
        "confidence",
        "sentence",
        "since",
        "until",
        "country",
        "sdg",
        "min_confidence",
    ],
    "network-memberships": [
        "person",
        "person_name",
        "org",
        "role",
        "release_id",
        "date",
        "confidence",
        "sentence",
        "since",
        "until",
        "min_confidence",
    ],
    "network-organizations": ["org", "label", "acronym", "type", "country"],
    "network-organization-rows": ["org", "label", "acronym", "type", "country"],
    "network-release-organizations": [
        "release",
        "release_id",
        "date",
        "organizations",
        "min_confidence",
    ],
    "network-releases": ["release", "release_id", "date", "title", "since", "until", "country"],
    "network-goal-releases": ["release", "sdg"],
    "network-scores": [
        "node",
        "label",
        "score_metric",
        "score_network",
        "value",
        "metric",
        "network",
    ],
    "release-sentences": [
        "release",
        "release_id",
        "title",
        "date",
        "span",
        "begin",
        "end",
        "text",
        "entity",
    ],
}


def _release_filters(subs: dict, *, release: str = "release", date: str = "date") -> tuple:
    """SQL conditions (and their arguments) for the release filters a query was given:
    ``since``/``until`` on the date, ``country`` (``dct:spatial``) and ``sdg`` (a
    ``pg:GoalAlignment`` with the goal or one of its targets)."""
    where: list[str] = []
    args: list = []
    for name, op in (("since", ">="), ("until", "<=")):
        bound = param(subs, name)
        if bound is not None:  # a year or a month does not compare with a day: left out
            where.append(f"length({date}) = 10 AND {date} {op} ?")
            args.append(bound)
    country = param(subs, "country")
    if country is not None:
        where.append(f"{release} IN (SELECT release FROM f_release_country WHERE country = ?)")
        args.append(country)
    sdg = param(subs, "sdg")
    if sdg is not None:
        where.append(
            f"{release} IN (SELECT release FROM f_goal WHERE typed = 1 "
            "AND (concept = ? OR (concept >= ? AND concept < ?)))"
        )
        args += [sdg, sdg + ".", sdg + "/"]
    return where, args


def _where(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


@plan("network-involvements")
def involvements(store, query, subs) -> QueryResult:
    """The acts of the releases passing the release filters, loaded a release at a time
    (see :func:`pressgraph.facts.network.acts`); confidence and organization type are
    tested on the loaded rows."""
    db = store.derived().db
    where, args = _release_filters(subs)
    rows: list[tuple] = []
    loads = marshal.loads
    for (blob,) in db.execute(
        f"SELECT acts FROM f_act{_where(where)} ORDER BY date, release_id", args
    ):
        rows += loads(blob)
    echoed = tuple(
        param(subs, n) for n in ("since", "until", "country", "sdg", "org_type", "min_confidence")
    )
    minimum, org_type = echoed[5], echoed[4]
    if org_type is not None:
        allowed = {
            o for (o,) in db.execute("SELECT DISTINCT org FROM f_org WHERE code = ?", [org_type])
        }
        rows = [r for r in rows if r[3] in allowed]
    if minimum is not None:
        rows = [r for r in rows if isinstance(r[8], (int, float)) and r[8] >= minimum]
    if any(x is not None for x in echoed):
        rows = [r[:10] + echoed for r in rows]
    return QueryResult(COLUMNS[query.name], rows)


@plan("network-funding")
def funding(store, query, subs) -> QueryResult:
    echoed = tuple(param(subs, n) for n in ("since", "until", "country", "sdg", "min_confidence"))
    where, args = _release_filters(subs, release="f.release", date="f.date")
    if echoed[4] is not None:
        where.append("f.confidence >= ?")
        args.append(echoed[4])
    sql = (
        "SELECT f.funding, f.release, f.release_id, f.date, f.funder, f.channel, f.recipient, "
        "f.item, f.amount, f.currency, f.focus, f.confidence, f.sentence "
        f"FROM f_funding_edge f{_where(where)} ORDER BY f.date, f.release_id, f.funding, f.item, "
        "f.focus, f.funder, f.channel, f.recipient, f.amount, f.currency, f.confidence, "
        "f.sentence"
    )
    db = store.derived().db
    found = db.execute(sql, args).fetchall()
    names = labels(db, {r[7] for r in found})
    rows = [r[:8] + (label,) + r[8:] + echoed for r in found for label in names.get(r[7], _NONE)]
    return QueryResult(COLUMNS[query.name], rows)


_NONE = (None,)


@plan("network-memberships")
def memberships(store, query, subs) -> QueryResult:
    echoed = tuple(param(subs, n) for n in ("since", "until", "min_confidence"))
    where, args = _release_filters(subs, date="m.date")
    if echoed[2] is not None:
        where.append("m.confidence >= ?")
        args.append(echoed[2])
    sql = (
        "SELECT m.person, m.org, m.role, m.release_id, m.date, m.confidence, m.sentence "
        f"FROM f_membership m{_where(where)} ORDER BY m.person, m.org, m.date, "
        "m.release_id, m.role, m.confidence, m.sentence"
    )
    db = store.derived().db
    found = db.execute(sql, args).fetchall()
    names = labels(db, {r[0] for r in found}, "name")
    rows = [r[:1] + (name,) + r[1:] + echoed for r in found for name in names.get(r[0], _NONE)]
    return QueryResult(COLUMNS[query.name], rows)


@plan("network-organizations")
def organizations(store, query, subs) -> QueryResult:
    sql = (
        "SELECT org, MIN(label), MIN(acronym), "
        "MIN(code), MIN(country) FROM f_org "
        "GROUP BY org HAVING MAX(typed) = 1 ORDER BY org"
    )
    rows = store.derived().db.execute(sql).fetchall()
    return QueryResult(COLUMNS[query.name], rows)


@plan("network-organization-rows")
def organization_rows(store, query, subs) -> QueryResult:
    """One row per combination of statements, each statement once per graph holding it:
    a release's statements about an organization live in the shared graph (held once
    however many releases make them), a reference graph's in that graph."""
    sql = (
        "SELECT DISTINCT org, CASE WHEN source LIKE 'http%' THEN source ELSE '' END, typed, "
        "label, acronym, orgtype, country FROM f_org ORDER BY org"
    )
    rows: list[tuple] = []
    group: list[tuple] = []
    for row in store.derived().db.execute(sql):
        if group and row[0] != group[0][0]:
            _org_rows(group, rows)
            group = []
        group.append(row)
    if group:
        _org_rows(group, rows)
    return QueryResult(COLUMNS[query.name], rows)


def _org_rows(group: list[tuple], out: list[tuple]) -> None:
    """The rows of one organization from its distinct (graph, statement values) rows."""
    if len(group) == 1:  # one graph states it, once: the usual case
        org, _, typed, *values = group[0]
        if typed:
            out.append((org, *values))
        return
    typed_in = {graph for _, graph, typed, *_ in group if typed}
    if not typed_in:
        return
    held: list[set] = [set(), set(), set(), set()]
    for _, graph, _, *values in group:
        for h, x in zip(held, values):
            if x is not None:
                h.add((graph, x))
    lists = [[x for _, x in sorted(h, key=repr)] or [None] for h in held]
    org = group[0][0]
    for _ in typed_in:
        out.extend((org, *combo) for combo in product(*lists))


@plan("network-release-organizations")
def release_organizations(store, query, subs) -> QueryResult:
    minimum = param(subs, "min_confidence")
    db = store.derived().db
    if minimum is None:
        sql = "SELECT release, release_id, date, orgs, NULL FROM f_acting ORDER BY date, release"
        return QueryResult(COLUMNS[query.name], db.execute(sql).fetchall())
    rows = []
    sql = (
        "SELECT release, release_id, date, orgs, CASE WHEN low >= ? THEN NULL ELSE links END "
        "FROM f_acting ORDER BY date, release"
    )
    for rel, rid, date, orgs, links in db.execute(sql, [minimum]):
        if links is not None:  # some organization is below the minimum
            kept = [o for o, c in marshal.loads(links) if c is not None and c >= minimum]
            if not kept:
                continue
            orgs = " ".join(kept)
        rows.append((rel, rid, date, orgs, minimum))
    return QueryResult(COLUMNS[query.name], rows)


@plan("network-releases")
def releases(store, query, subs) -> QueryResult:
    echoed = tuple(param(subs, n) for n in ("since", "until", "country"))
    where, args = _release_filters(subs)
    where.insert(0, "release_id IS NOT NULL")
    sql = (
        f"SELECT DISTINCT release, release_id, date, title FROM f_release"
        f"{_where(where)} ORDER BY date, release_id, release, title"
    )
    rows = [r + echoed for r in store.derived().db.execute(sql, args)]
    return QueryResult(COLUMNS[query.name], rows)


@plan("network-goal-releases")
def goal_releases(store, query, subs) -> QueryResult:
    sdg = param(subs, "sdg")
    if sdg is None:  # the goal is required: the query's filter fails on every concept
        return QueryResult(COLUMNS[query.name], [])
    sql = (
        "SELECT DISTINCT release, ? FROM f_goal "
        "WHERE concept = ? OR (concept >= ? AND concept < ?) ORDER BY release"
    )
    rows = store.derived().db.execute(sql, (sdg, sdg, sdg + ".", sdg + "/")).fetchall()
    return QueryResult(COLUMNS[query.name], rows)


@plan("network-scores")
def scores(store, query, subs) -> QueryResult:
    metric, network = param(subs, "metric"), param(subs, "network")
    where, args = [], []
    for column, bound in (("metric", metric), ("network", network)):
        if bound is not None:
            where.append(f"s.{column} = ?")
            args.append(bound)
    sql = (
        "SELECT s.node, (SELECT MIN(text) FROM f_label WHERE entity = s.node AND kind = 'pref'), "
        f"s.metric, s.network, s.value, ?, ? FROM f_score s{_where(where)} "
        "ORDER BY s.network, s.metric, s.value DESC, s.node"
    )
    rows = store.derived().db.execute(sql, [metric, network, *args]).fetchall()
    return QueryResult(COLUMNS[query.name], rows)


_INTEGER = re.compile(r"[+-]?[0-9]+")
_ANCHOR = ox.NamedNode(v.NIF + "anchorOf")
_DENOTES = ox.NamedNode(v.PG + "denotes")


def _integer(text: str) -> int | None:
    """``xsd:integer(text)``: ``None`` (unbound) when the text is not an integer."""
    return int(text) if _INTEGER.fullmatch(text) else None


def _objects(db: ox.Store, subject: ox.NamedNode, predicate: str) -> list:
    """Objects of a subject's statements in every named graph (the union the queries
    read: a statement held by two graphs counts twice)."""
    return [
        q.object
        for q in db.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    ] or []


def _span_key(row: tuple) -> tuple:
    """``ORDER BY ?begin ?end ?span ?entity`` (unbound first) of a release-sentences row."""
    b, e, entity = row[5], row[6], row[8]
    return (b is not None, b or 0, e is not None, e or 0, row[4], entity is not None, entity or "")


def _release_spans(db: ox.Store, release: ox.NamedNode) -> list[tuple]:
    """The release-sentences rows of one release: the spans of its graph (index lookups
    in that graph), with its identifier, title and date."""
    rel = release.value
    ids = [term_value(t) for t in _objects(db, release, v.DCT + "identifier")]
    if not ids:
        return []
    titles = [term_value(t) for t in _objects(db, release, v.DCT + "title")] or [None]
    dates = [term_value(t) for t in _objects(db, release, v.DCT + "issued")] or [None]
    graph = ox.NamedNode(rel.replace("/id/release/", "/graph/release/"))
    prefix = rel.replace("/id/release/", "/id/span/") + "/"
    denoted: dict = {}
    for q in db.quads_for_pattern(None, _DENOTES, None, graph):
        denoted.setdefault(q.subject, []).append(term_value(q.object))
    rows = []
    for q in db.quads_for_pattern(None, _ANCHOR, None, graph):
        span = q.subject.value
        at = span.find(prefix)
        offsets = span[at + len(prefix) :] if at >= 0 else ""
        begin, dash, end = offsets.partition("-")
        b = _integer(begin) if dash else None
        e = _integer(end) if dash else None
        text = term_value(q.object)
        for entity in denoted.get(q.subject, _NONE):
            for rid in ids:
                for title in titles:
                    for date in dates:
                        rows.append((rel, rid, title, date, span, b, e, text, entity))
    return rows


@plan("release-sentences")
def release_sentences(store, query, subs) -> QueryResult:
    """The spans of a release's graph; without a release, of every release (sorted
    together, as the query's ORDER BY does)."""
    db = store.oxigraph
    release = subs.get(ox.Variable("release"))
    if isinstance(release, ox.NamedNode):
        rows = _release_spans(db, release)
    else:
        subjects = {
            q.subject
            for q in db.quads_for_pattern(None, ox.NamedNode(v.DCT + "identifier"), None)
            if isinstance(q.subject, ox.NamedNode) and "/id/release/" in q.subject.value
        }
        rows = [row for s in subjects for row in _release_spans(db, s)]
    rows.sort(key=_span_key)
    return QueryResult(COLUMNS[query.name], rows)
