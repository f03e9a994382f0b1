"""Plans for the organization queries: ``organizations``, ``organization-names``,
``organization-hierarchy``, ``partners-of-organization``, ``organization-timeline``,
``people-and-affiliations``, ``co-mentioned-organizations``, ``evidence-for-edge`` and
``search-evidence``.

Most read the fact tables of :mod:`pressgraph.facts.orgs` and their summaries (each
label once, release counts per entity), so a row costs an index step, never a scan of
the releases behind it. ``evidence-for-edge`` and ``search-evidence`` read the store's
own indexes instead (assertions by the entity they link, spans by their text, found in
the trigram index): their rows are a few thousand assertions or spans out of millions,
and a fact table of every link or span would be larger than the graphs' indexes.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .. import vocab as v
from ..queries import QueryResult, term_value
from . import param, plan

_NAME = "(SELECT MIN(text) FROM f_label_n WHERE entity = {col} AND kind = 'pref')"


def _names(db, entities) -> dict[str, str | None]:
    """The ``MIN(STR(skos:prefLabel))`` of each entity (None when it has none)."""
    out: dict[str, str | None] = dict.fromkeys(entities)
    sql = "SELECT MIN(text) FROM f_label_n WHERE entity = ? AND kind = 'pref'"
    for e in out:
        out[e] = db.execute(sql, (e,)).fetchone()[0]
    return out


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
    for child, parent in db.execute(
        "SELECT org, value FROM f_org_fact_n WHERE attr = 'parent' ORDER BY org, value"
    ):
        parents.setdefault(child, []).append(parent)
    reach: dict[str, set[str]] = {}

    def above(node: str) -> set[str]:  # everything reachable in one step or more
        if node not in reach:
            seen: set[str] = set()
            todo = list(parents.get(node, ()))
            while todo:
                n = todo.pop()
                if n not in seen:
                    seen.add(n)
                    todo.extend(parents.get(n, ()))
            reach[node] = seen
        return reach[node]

    starts = [org] if org is not None else sorted(parents)
    found = []
    for start in starts:
        up = above(start)
        for ancestor in up:
            level = sum(1 for s in up if s == ancestor or ancestor in above(s))
            found.append((start, ancestor, level))
    names = _names(db, {x for s, a, _ in found for x in (s, a)})
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
        "SELECT DISTINCT t.org, r.date, r.release, r.title, t.relationship "
        "FROM f_org_role t JOIN f_release r ON r.source = t.source "
        "WHERE r.title IS NOT NULL"
        + (" AND t.org = ?" if org is not None else "")
        + " ORDER BY t.org, r.date, r.release, t.relationship"
    )
    rows = store.derived().db.execute(sql, (org,) if org is not None else ()).fetchall()
    return QueryResult(["org", "date", "release", "title", "relationship"], rows)


@plan("people-and-affiliations")
def people(store, query, subs) -> QueryResult:
    org = param(subs, "org")
    sql = (
        "SELECT DISTINCT p.person, l.text, p.honorific, p.role, p.org, "
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

_N = ox.NamedNode
_LINKS = [
    _N(v.PG + "partner"),
    _N(v.SCHEMA + "funder"),
    _N(v.PG + "recipient"),
    _N(v.PG + "channel"),
    _N(v.SCHEMA + "fundedItem"),
    _N(v.PG + "participant"),
    _N(v.PG + "participationIn"),
    _N(v.ORG + "member"),
    _N(v.ORG + "organization"),
    _N(v.PG + "alignedItem"),
    _N(v.PG + "sdgConcept"),
]
_KINDS = {
    _N(v.PG + "Partnership"): "partnership",
    _N(v.PG + "Funding"): "funding",
    _N(v.PG + "Participation"): "participation",
    _N(v.ORG + "Membership"): "membership",
    _N(v.PG + "GoalAlignment"): "sdg-alignment",
}
_TYPE = _N(v.RDF + "type")
_IN_RELEASE = _N(v.PG + "inRelease")
_METHOD = _N(v.PG + "extractionMethod")
_CONFIDENCE = _N(v.PG + "confidence")
_EVIDENCE = _N(v.PG + "evidence")
_ANCHOR = _N(v.NIF + "anchorOf")
_BEGIN = _N(v.NIF + "beginIndex")
_END = _N(v.NIF + "endIndex")
_SECTION = _N(v.PG + "section")
_DENOTES = _N(v.PG + "denotes")


def _strafter(text: str, marker: str) -> str:
    i = text.find(marker)
    return "" if i < 0 else text[i + len(marker) :]


def _strbefore(text: str, marker: str) -> str:
    i = text.find(marker)
    return "" if i < 0 else text[:i]


def _properties(db, node) -> dict:
    out: dict = {}
    for q in db.quads_for_pattern(node, None, None):
        out.setdefault(q.predicate, []).append(q.object)
    return out


@plan("evidence-for-edge")
def evidence_for_edge(store, query, subs) -> QueryResult:
    """The assertions linking the ends, found through the store's object index (by each
    link predicate), then read one by one: a few thousand index reads where the SPARQL
    joins each detail pattern over the whole corpus."""
    db = store.oxigraph
    a, b = subs.get(ox.Variable("a")), subs.get(ox.Variable("b"))

    def linking(node) -> set:
        return {q.subject for p in _LINKS for q in db.quads_for_pattern(None, p, node)}

    if a is not None or b is not None:
        found = linking(a) if a is not None else linking(b)
        if a is not None and b is not None:
            found &= linking(b)
    else:
        found = {q.subject for c in _KINDS for q in db.quads_for_pattern(None, _TYPE, c)}
    rows = set()
    for node in found:
        props = _properties(db, node)
        kinds = {_KINDS[c] for c in props.get(_TYPE, ()) if c in _KINDS}
        methods = props.get(_METHOD)
        confidences = props.get(_CONFIDENCE)
        releases = props.get(_IN_RELEASE)
        if not (kinds and methods and confidences and releases):
            continue
        ends = {o for p in _LINKS for o in props.get(p, ())}
        ends_a = ends & {a} if a is not None else ends
        ends_b = ends & {b} if b is not None else ends
        pairs = [(x, y) for x in ends_a for y in ends_b if x != y]
        if not pairs:
            continue
        spans = set()
        for span in props.get(_EVIDENCE, ()):
            sp = _properties(db, span)
            for text in sp.get(_ANCHOR, ()):
                for start in sp.get(_BEGIN, ()):
                    for end in sp.get(_END, ()):
                        spans.add((term_value(text), term_value(start), term_value(end)))
        details = [
            (kind, _strafter(m.value, "/vocab/method-"), term_value(c), r.value)
            for kind in kinds
            for m in methods
            for c in confidences
            for r in releases
        ]
        for x, y in pairs:
            for kind, method, conf, rel in details:
                for text, start, end in spans or [(None, None, None)]:
                    rows.add(
                        (x.value, y.value, node.value, kind, method, conf, text, start, end, rel)
                    )
    out = sorted(rows, key=lambda r: (r[9], r[2], r[0], r[1], repr(r)))
    columns = ["a", "b", "assertion", "kind", "method", "confidence", "sentence", "start", "end"]
    return QueryResult([*columns, "release"], out)


_INTEGER = re.compile(r"[+-]?\d+")
_SPAN_PREFIX = v.ID + "span/"
_RELEASE_PREFIX = v.ID + "release/"


def _integer(text: str) -> int | None:
    return int(text) if _INTEGER.fullmatch(text) else None


@plan("search-evidence")
def search_evidence(store, query, subs) -> QueryResult | None:
    """The span texts holding the words come from the trigram index; their spans, sections
    and what they support from the store's indexes, span by span."""
    text = param(subs, "text")
    if text is None:
        return None
    texts = store.derived().texts_containing(text)
    if texts is None:
        return None
    db = store.oxigraph
    groups: dict[tuple, tuple[list, set]] = {}
    for t in texts:
        literal = ox.Literal(t)
        for q in db.quads_for_pattern(None, _ANCHOR, literal):
            span = q.subject
            tail = _strafter(span.value, _SPAN_PREFIX)
            offsets = _strafter(tail, "/")
            key = (
                _RELEASE_PREFIX + _strbefore(tail, "/"),
                _integer(_strbefore(offsets, "-")),
                _integer(_strafter(offsets, "-")),
                t,
            )
            sections, about = groups.setdefault(key, ([], set()))
            for p in db.quads_for_pattern(span, None, None):
                if p.predicate == _SECTION:
                    sections.append(_strafter(p.object.value, "/vocab/section-"))
                elif p.predicate == _DENOTES:
                    about.add(p.object.value)
            about.update(e.subject.value for e in db.quads_for_pattern(None, _EVIDENCE, span))
    rows = [
        (rel, start, end, t, min(sections) if sections else None, " ".join(sorted(about)), text)
        for (rel, start, end, t), (sections, about) in groups.items()
    ]
    rows.sort(
        key=lambda r: (r[0], (r[1] is not None, r[1] or 0), (r[2] is not None, r[2] or 0), r[3])
    )
    return QueryResult(
        ["release", "start", "end", "span_text", "section", "supports", "text"], rows
    )
