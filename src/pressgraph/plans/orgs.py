"""Plans for the organization queries: ``organizations``, ``organization-names``,
``organization-hierarchy``, ``partners-of-organization``, ``organization-timeline``,
``people-and-affiliations``, ``co-mentioned-organizations``, ``evidence-for-edge`` and
``search-evidence``.

All read the fact tables of :mod:`pressgraph.facts.orgs` and their summaries (each
label once, release counts per entity), so a row costs an index step, never a scan of
the releases behind it. Two also read the store: ``search-evidence`` finds the span
texts holding its words in the trigram index (``Derived.texts_containing``), then their
spans in ``f_span_text``; ``evidence-for-edge`` finds the assertions linking its ends in
``f_edge_end``, then reads their details with SPARQL on those assertions alone (a table
of every assertion's sentence would be larger than the graphs' indexes).
"""

from __future__ import annotations

import re

from .. import vocab as v
from ..facts.orgs import LINKS, expand, short, text_key
from ..queries import QueryResult, term_value
from . import min_labels, param, placeholders, plan

_NAME = "(SELECT MIN(text) FROM f_label_n WHERE entity = {col} AND kind = 'pref')"


def _all_names(db, prefix: str = "") -> dict[str, str]:
    """Every entity's preferred name (entities under ``prefix``), in one pass."""
    sql = "SELECT entity, MIN(text) FROM f_label_n WHERE kind = 'pref'"
    args: tuple = ()
    if prefix:
        sql += " AND entity >= ? AND entity < ?"
        args = (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))
    return dict(db.execute(sql + " GROUP BY entity", args).fetchall())


# --------------------------------------------------------------------------- organizations

_CODE = (
    "CASE WHEN instr(value, '/vocab/orgtype-') > 0 THEN "
    "replace(substr(value, instr(value, '/vocab/orgtype-') + 15), '-', '_') ELSE '' END"
)


@plan("organizations")
def organizations(store, query, subs) -> QueryResult:
    kind = param(subs, "type")
    sql = f"""
        WITH typed AS (
          SELECT t.org AS org, {_CODE} AS code FROM f_org_fact_n t
          WHERE t.attr = 'orgtype' AND EXISTS (
            SELECT 1 FROM f_org_fact_n o WHERE o.org = t.org AND o.attr = 'org' AND o.value = ''))
        SELECT org, {_NAME.format(col="org")} AS name,
               (SELECT MIN(text) FROM f_label_n WHERE entity = org AND kind = 'acronym'),
               code,
               (SELECT MIN(value) FROM f_org_fact_n WHERE org = typed.org AND attr = 'country'),
               COALESCE((SELECT n FROM f_mention_n WHERE entity = org), 0) AS releases
        FROM typed {"WHERE code = ?" if kind is not None else ""}
        ORDER BY code, releases DESC, name, org"""
    rows = store.derived().db.execute(sql, (kind,) if kind is not None else ()).fetchall()
    return QueryResult(["organization", "name", "acronym", "type", "country", "releases"], rows)


@plan("organization-names")
def organization_names(store, query, subs) -> QueryResult:
    org = param(subs, "org")
    sql = (
        "SELECT entity, text, CASE kind WHEN 'pref' THEN 'label' WHEN 'alt' THEN 'alternative' "
        "ELSE 'acronym' END AS k FROM f_label_n WHERE kind IN ('pref', 'alt', 'acronym')"
    )
    args: tuple = ()
    if org is not None:
        sql += " AND entity = ?"
        args = (org,)
    rows = store.derived().db.execute(sql + " ORDER BY k, text, entity", args).fetchall()
    return QueryResult(["org", "name", "kind"], rows)


@plan("organization-hierarchy")
def organization_hierarchy(store, query, subs) -> QueryResult:
    """``org:subOrganizationOf+`` walked in Python over the distinct parent edges; the
    level counts the organizations on the way (``COUNT(DISTINCT ?step)``), which is the
    path length in a tree and stays the query's count where paths branch."""
    org = param(subs, "org")
    db = store.derived().db
    parents: dict[str, list[str]] = {}
    if org is None:  # every edge, read once
        for child, parent in db.execute(
            "SELECT org, value FROM f_org_fact_n WHERE attr = 'parent' ORDER BY org, value"
        ):
            parents.setdefault(child, []).append(parent)

    def parents_of(node: str) -> list[str]:
        """One organization asked: only the edges above it, looked up as the walk goes."""
        if org is not None and node not in parents:
            parents[node] = [
                p
                for (p,) in db.execute(
                    "SELECT value FROM f_org_fact_n WHERE org = ? AND attr = 'parent' "
                    "ORDER BY value",
                    (node,),
                )
            ]
        return parents.get(node, [])

    reach: dict[str, set[str]] = {}

    def above(node: str) -> set[str]:  # everything reachable in one step or more
        if node not in reach:
            seen: set[str] = set()
            todo = list(parents_of(node))
            while todo:
                n = todo.pop()
                if n not in seen:
                    seen.add(n)
                    todo.extend(parents_of(n))
            reach[node] = seen
        return reach[node]

    starts = [org] if org is not None else sorted(parents)
    found = []
    for start in starts:
        up = above(start)
        for ancestor in up:
            level = sum(1 for s in up if s == ancestor or ancestor in above(s))
            found.append((start, ancestor, level))
    ends = {x for s, a, _ in found for x in (s, a)}
    names = min_labels(db, ends) if len(ends) < 1_000 else _all_names(db)
    names = {e: names.get(e) for e in ends}
    found.sort(key=lambda r: (r[0], r[2], r[1]))
    rows = [(s, names[s], a, names[a], level) for s, a, level in found]
    return QueryResult(["org", "org_name", "ancestor", "ancestor_name", "level"], rows)


# --------------------------------------------------------------------------- activity


@plan("partners-of-organization")
def partners(store, query, subs) -> QueryResult:
    org = param(subs, "org")
    sql = (
        f"SELECT org, partner, {_NAME.format(col='partner')} AS name, COUNT(*) AS n, "
        "GROUP_CONCAT(release_id, ' ') FROM f_org_partner"
        + (" WHERE org = ?" if org is not None else "")
        + " GROUP BY org, partner ORDER BY org, n DESC, name, partner"
    )
    rows = store.derived().db.execute(sql, (org,) if org is not None else ()).fetchall()
    return QueryResult(["org", "partner", "partner_name", "releases", "release_ids"], rows)


@plan("organization-timeline")
def organization_timeline(store, query, subs) -> QueryResult:
    org = param(subs, "org")
    sql = (
        "SELECT org, date, release, title, relationship FROM f_org_timeline"
        + (" WHERE org = ?" if org is not None else "")
        + " ORDER BY org, date, release, relationship"
    )
    rows = store.derived().db.execute(sql, (org,) if org is not None else ()).fetchall()
    return QueryResult(["org", "date", "release", "title", "relationship"], rows)


@plan("people-and-affiliations")
def people(store, query, subs) -> QueryResult:
    org = param(subs, "org")
    sql = (
        "SELECT p.person, l.text, p.honorific, p.role, p.org, "
        f"{_NAME.format(col='p.org')}, p.release "
        "FROM f_person_role p JOIN f_label_n l ON l.entity = p.person AND l.kind = 'name'"
        + (" WHERE p.org = ?" if org is not None else "")
        + " ORDER BY l.text, p.person, p.release, p.org, p.role, p.honorific"
    )
    rows = store.derived().db.execute(sql, (org,) if org is not None else ()).fetchall()
    return QueryResult(["person", "name", "honorific", "role", "org", "org_name", "release"], rows)


@plan("co-mentioned-organizations")
def co_mentioned(store, query, subs) -> QueryResult:
    """The pair counts kept as derived data (``comention``), named in one pass."""
    min_weight = param(subs, "min_weight")
    db = store.derived().db
    pairs = store.derived().comentions(min_weight)
    names = _all_names(db, v.ID + "org/")
    get = names.get
    rows = [(a, get(a), b, get(b), n, min_weight) for a, b, n in pairs]
    return QueryResult(["a", "a_name", "b", "b_name", "weight", "min_weight"], rows)


# --------------------------------------------------------------------------- evidence

_LINK_VALUES = " ".join(LINKS)
_KINDS = {
    v.PG + "Partnership": "partnership",
    v.PG + "Funding": "funding",
    v.PG + "Participation": "participation",
    v.ORG + "Membership": "membership",
    v.PG + "GoalAlignment": "sdg-alignment",
}
_DETAILS = f"""SELECT ?as ?class ?release ?m ?c WHERE {{ VALUES ?as {{ %s }}
  ?as a ?class ; <{v.PG}inRelease> ?release ; <{v.PG}extractionMethod> ?m ;
      <{v.PG}confidence> ?c }}"""
_ENDS = f"SELECT ?as ?o WHERE {{ VALUES ?as {{ %s }} VALUES ?p {{ {_LINK_VALUES} }} ?as ?p ?o }}"
_SPANS = f"""SELECT ?as ?text ?start ?end WHERE {{ VALUES ?as {{ %s }}
  ?as <{v.PG}evidence> ?span . ?span <{v.NIF}anchorOf> ?text ; <{v.NIF}beginIndex> ?start ;
  <{v.NIF}endIndex> ?end }}"""


def _strafter(text: str, marker: str) -> str:
    i = text.find(marker)
    return "" if i < 0 else text[i + len(marker) :]


def _strbefore(text: str, marker: str) -> str:
    i = text.find(marker)
    return "" if i < 0 else text[:i]


def _linking(db, a: str, b: str | None) -> set[str]:
    """The assertions linking ``a`` (and ``b``), from the per-release lists of
    ``f_edge_end``."""
    if b is None:
        rows = db.execute(
            "SELECT source, assertions, NULL FROM f_edge_end WHERE entity = ?", (short(a),)
        )
    else:
        rows = db.execute(
            "SELECT x.source, x.assertions, y.assertions FROM f_edge_end x "
            "JOIN f_edge_end y ON y.entity = ? AND y.source = x.source WHERE x.entity = ?",
            (short(b), short(a)),
        )
    found: set[str] = set()
    for source, xs, ys in rows:
        names = set(xs.split(" "))
        if ys is not None:
            names.intersection_update(ys.split(" "))
        found.update(expand(n, source) for n in names)
    return found


def _values(names) -> str:
    return " ".join(f"<{n}>" for n in names)


@plan("evidence-for-edge")
def evidence_for_edge(store, query, subs) -> QueryResult | None:
    """The assertions linking the ends come from ``f_edge_end``; their details from three
    small SPARQL queries on those assertions alone (index lookups), where the library
    query joins each detail pattern over the whole corpus. Without an end: the SPARQL."""
    a, b = param(subs, "a"), param(subs, "b")
    if a is None and b is None:
        return None
    db = store.derived().db
    found = sorted(_linking(db, a, b) if a is not None else _linking(db, b, None))
    rows: set[tuple] = set()
    for i in range(0, len(found), 2_000):
        chunk = _values(found[i : i + 2_000])
        details: dict[str, list[tuple]] = {}
        for sol in store.sparql(_DETAILS % chunk):
            kind = _KINDS.get(sol["class"].value)
            if kind is not None:
                method = _strafter(sol["m"].value, "/vocab/method-")
                details.setdefault(sol["as"].value, []).append(
                    (kind, method, term_value(sol["c"]), sol["release"].value)
                )
        ends: dict[str, set[str]] = {}
        if a is None or b is None:
            for sol in store.sparql(_ENDS % chunk):
                ends.setdefault(sol["as"].value, set()).add(sol["o"].value)
        spans: dict[str, set[tuple]] = {}
        for sol in store.sparql(_SPANS % chunk):
            spans.setdefault(sol["as"].value, set()).add(
                (term_value(sol["text"]), term_value(sol["start"]), term_value(sol["end"]))
            )
        for node, found_details in details.items():
            linked = ends.get(node, set())
            xs = [a] if a is not None else sorted(linked)
            ys = [b] if b is not None else sorted(linked)
            for x in xs:
                for y in ys:
                    if x == y:
                        continue
                    for kind, method, conf, rel in found_details:
                        for text, start, end in spans.get(node) or [(None, None, None)]:
                            rows.add((x, y, node, kind, method, conf, text, start, end, rel))
    out = sorted(rows, key=lambda r: (r[9], r[2], r[0], r[1], repr(r)))
    columns = ["a", "b", "assertion", "kind", "method", "confidence", "sentence", "start", "end"]
    return QueryResult([*columns, "release"], out)


SCAN_AT = 20_000  # search-evidence reads all of f_span_text beyond this many texts
_INTEGER = re.compile(r"[+-]?\d+")
_RELEASE_PREFIX = v.ID + "release/"


def _integer(text: str) -> int | None:
    return int(text) if _INTEGER.fullmatch(text) else None


@plan("search-evidence")
def search_evidence(store, query, subs) -> QueryResult:
    """The span texts holding the words come from the trigram index, their spans from
    ``f_span_text`` (keyed by a digest of the text)."""
    text = param(subs, "text")
    derived = store.derived()
    texts = derived.texts_containing(text) if text is not None else None
    if texts is None:  # every text, or words the index cannot look up (under 3 letters...)
        low = text.lower() if text is not None else ""
        texts = [t for (t,) in derived.db.execute("SELECT text FROM anchor") if low in t.lower()]
    by_key = {text_key(t): t for t in texts}
    keys = list(by_key)
    if len(keys) > SCAN_AT:  # many texts: read the table through rather than key by key
        chunks = [derived.db.execute("SELECT source, text_key, spans FROM f_span_text")]
    else:
        chunks = (
            derived.db.execute(
                "SELECT source, text_key, spans FROM f_span_text "
                f"WHERE text_key IN ({placeholders(keys[i : i + 500])})",
                keys[i : i + 500],
            )
            for i in range(0, len(keys), 500)
        )
    groups: dict[tuple, tuple[list, set]] = {}
    for rows in chunks:
        for source, key, spans in rows:
            t = by_key.get(key)
            if t is None:
                continue
            for line in spans.split("\n"):
                tail, sections, about = line.split("\t")
                if tail[:1] == "@":
                    tail = f"{source}/{tail[1:]}"
                offsets = _strafter(tail, "/")
                group = (
                    _RELEASE_PREFIX + _strbefore(tail, "/"),
                    _integer(_strbefore(offsets, "-")),
                    _integer(_strafter(offsets, "-")),
                    t,
                )
                found_sections, found_about = groups.setdefault(group, ([], set()))
                if sections:
                    found_sections.extend(sections.split(" "))
                if about:
                    found_about.update(expand(x, source) for x in about.split(" "))
    out = [
        (rel, start, end, t, min(secs) if secs else None, " ".join(sorted(about)), text)
        for (rel, start, end, t), (secs, about) in groups.items()
    ]
    out.sort(key=lambda r: (r[0], _unbound_first(r[1]), _unbound_first(r[2]), r[3]))
    return QueryResult(["release", "start", "end", "span_text", "section", "supports", "text"], out)


def _unbound_first(x: int | None) -> tuple:
    return (0, 0) if x is None else (1, x)
