"""Fact tables for the organization queries: what organizations are (type, country,
parent), who acts with whom in each release, what an organization does in a release,
and who speaks for which organization.

Descriptions of organizations sit in the shared graph, so every release that mentions an
organization restates them, and a per-release table holds them once per release. The
queries want each fact once (``MIN`` of labels, ``DISTINCT`` types, release counts), so
three summaries are kept beside the per-release rows by SQLite triggers, exactly in step
with them on build, replace, remove and refresh: each distinct row with the number of
sources that give it (``f_label_n``, ``f_org_fact_n``), and the number of releases that
mention each entity (``f_mention_n``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import vocab as v
from . import TABLES, FactTable, Statements, iri, lexical, value

ORG_PREFIX = v.ID + "org/"
_ORG = "<" + ORG_PREFIX

_P = {
    name: iri(full)
    for name, full in {
        "partner": v.PG + "partner",
        "kind": v.PG + "partnershipKind",
        "funder": v.SCHEMA + "funder",
        "recipient": v.PG + "recipient",
        "channel": v.PG + "channel",
        "participant": v.PG + "participant",
        "in": v.PG + "participationIn",
        "role": v.PG + "role",
        "inRelease": v.PG + "inRelease",
        "member": v.ORG + "member",
        "organization": v.ORG + "organization",
        "roleName": v.SCHEMA + "roleName",
        "honorific": v.SCHEMA + "honorificPrefix",
        "roleAlone": v.PG + "roleWithoutOrganization",
        "identifier": v.DCT + "identifier",
        "mentions": v.SCHEMA + "mentions",
        "orgType": v.PG + "orgType",
        "country": v.PG + "country",
        "parent": v.ORG + "subOrganizationOf",
    }.items()
}
_FUNDING_ROLES = {
    "funder": "funder",
    "recipient": "funding recipient",
    "channel": "funding channel",
}


def strafter(text: str, marker: str) -> str:
    """SPARQL ``STRAFTER``: the text after the first ``marker``, or ``""``."""
    i = text.find(marker)
    return "" if i < 0 else text[i + len(marker) :]


@dataclass(frozen=True)
class SummarizedTable(FactTable):
    """A fact table with further DDL (summary tables and the triggers that keep them)."""

    extra: tuple[str, ...] = ()

    def ddl(self) -> list[str]:
        return [*super().ddl(), *self.extra]


def counted(base: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """DDL for ``f_<base>_n``: the distinct rows of ``f_<base>`` (on ``columns``, none of
    them NULL) with how many rows give each, kept by triggers on insert and delete."""
    table = f"f_{base}_n"
    cols = ", ".join(columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    match = " AND ".join(f"{c} = OLD.{c}" for c in columns)
    decl = ", ".join(f"{c} TEXT NOT NULL" for c in columns)
    return (
        f"CREATE TABLE IF NOT EXISTS {table} ({decl}, n INTEGER NOT NULL, "
        f"PRIMARY KEY ({cols})) WITHOUT ROWID",
        f"CREATE TRIGGER IF NOT EXISTS {table}_add AFTER INSERT ON f_{base} BEGIN "
        f"INSERT INTO {table} VALUES ({new}, 1) ON CONFLICT DO UPDATE SET n = n + 1; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_drop AFTER DELETE ON f_{base} BEGIN "
        f"UPDATE {table} SET n = n - 1 WHERE {match}; "
        f"DELETE FROM {table} WHERE {match} AND n <= 0; END",
    )


def _declare(name: str, columns, *, indexes=(), extra=()):
    def register(extract):
        if name in TABLES:
            raise ValueError(f"fact table {name!r} declared twice")
        TABLES[name] = SummarizedTable(
            name, tuple(columns), extract, tuple(tuple(i) for i in indexes), tuple(extra)
        )
        return extract

    return register


# the summaries of the core tables: each label once (with the number of sources giving
# it), and the number of releases mentioning each entity
_CORE_SUMMARIES = (
    *counted("label", ("entity", "kind", "text")),
    "CREATE TABLE IF NOT EXISTS f_mention_n (entity TEXT PRIMARY KEY, n INTEGER NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS f_mention_n_add AFTER INSERT ON f_mention BEGIN "
    "INSERT INTO f_mention_n VALUES (NEW.entity, 1) ON CONFLICT DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER IF NOT EXISTS f_mention_n_drop AFTER DELETE ON f_mention BEGIN "
    "UPDATE f_mention_n SET n = n - 1 WHERE entity = OLD.entity; "
    "DELETE FROM f_mention_n WHERE entity = OLD.entity AND n <= 0; END",
)


@_declare(
    "org_fact",
    ("org", "attr", "value"),
    extra=(*counted("org_fact", ("org", "attr", "value")), *_CORE_SUMMARIES),
)
def org_facts(st: Statements) -> Iterator[tuple]:
    """What a source says an organization is: ``org`` (typed org:Organization, value
    ``""``), ``orgtype`` (its pg:orgType), ``country`` (pg:country) and ``parent``
    (org:subOrganizationOf), each as the lexical form of the object."""
    for s in st.of_type(v.ORG + "Organization"):
        if s[0] == "<":
            yield lexical(s), "org", ""
    for s, preds in st.subjects.items():
        if s[0] != "<":
            continue
        for attr, p in (
            ("orgtype", _P["orgType"]),
            ("country", _P["country"]),
            ("parent", _P["parent"]),
        ):
            for o in preds.get(p, ()):
                yield lexical(s), attr, lexical(o)


def _in_release(st: Statements, assertion: str) -> list[str]:
    return st.subjects.get(assertion, {}).get(_P["inRelease"], [])


@_declare(
    "org_partner", ("org", "partner", "release_id"), indexes=[("org", "partner", "release_id")]
)
def org_partners(st: Statements) -> Iterator[tuple]:
    """Who acts with whom in a release (both ways round), as ``partners-of-organization``
    reads it: partners of one partnership; funders, recipients and channels of one
    funding; participants in one event. With the release's identifier."""
    pairs: set[tuple[str, str, str]] = set()

    def add(ends_a, ends_b, releases):
        for r in releases:
            for x in ends_a:
                for y in ends_b:
                    if x != y:
                        pairs.add((x, y, r))

    for a in st.of_type(v.PG + "Partnership"):
        preds = st.subjects[a]
        ends = preds.get(_P["partner"], ())
        add(ends, ends, preds.get(_P["inRelease"], ()))
    for a in st.of_type(v.PG + "Funding"):
        preds = st.subjects[a]
        ends = [o for k in ("funder", "recipient", "channel") for o in preds.get(_P[k], ())]
        add(ends, ends, preds.get(_P["inRelease"], ()))
    events = set(st.types.get(iri(v.PG + "Event"), ()))
    if events:
        by_event: dict[str, list[list[str]]] = {}
        for pa in st.of_type(v.PG + "Participation"):
            preds = st.subjects[pa]
            for ev in preds.get(_P["in"], ()):
                if ev in events:
                    by_event.setdefault(ev, []).append(pa)
        for group in by_event.values():
            everyone = [o for pb in group for o in st.subjects[pb].get(_P["participant"], ())]
            for pa in group:
                preds = st.subjects[pa]
                add(preds.get(_P["participant"], ()), everyone, preds.get(_P["inRelease"], ()))
    ids: dict[str, list[str]] = {}
    for x, y, r in pairs:
        if r not in ids:
            ids[r] = [value(i) for i in st.objects(r, v.DCT + "identifier")]
        for rid in ids[r]:
            yield lexical(x), lexical(y), rid


def _roles(st: Statements, release: str) -> dict[str, set[str]]:
    """What each organization does in ``release``, as ``organization-timeline`` names it."""
    roles: dict[str, set[str]] = {}
    for a in st.of_type(v.PG + "Partnership"):
        preds = st.subjects[a]
        if release in preds.get(_P["inRelease"], ()):
            for pk in preds.get(_P["kind"], ()):
                r = f"partner ({strafter(lexical(pk), '/vocab/partnership-')})"
                for o in preds.get(_P["partner"], ()):
                    roles.setdefault(o, set()).add(r)
    for a in st.of_type(v.PG + "Funding"):
        preds = st.subjects[a]
        if release in preds.get(_P["inRelease"], ()):
            for k, r in _FUNDING_ROLES.items():
                for o in preds.get(_P[k], ()):
                    roles.setdefault(o, set()).add(r)
    for a in st.of_type(v.PG + "Participation"):
        preds = st.subjects[a]
        if release in preds.get(_P["inRelease"], ()):
            for rc in preds.get(_P["role"], ()):
                r = strafter(lexical(rc), "/vocab/role-")
                for o in preds.get(_P["participant"], ()):
                    roles.setdefault(o, set()).add(r)
    for a in st.of_type(v.ORG + "Membership"):
        preds = st.subjects[a]
        if release in preds.get(_P["inRelease"], ()):
            for o in preds.get(_P["organization"], ()):
                roles.setdefault(o, set()).add("affiliation")
    return roles


@_declare("org_role", ("org", "relationship"), indexes=[("org",)])
def org_roles(st: Statements) -> Iterator[tuple]:
    """For each organization a release mentions, what it does there (partner (kind),
    funder, organizer...) or ``mentioned``; the release is the source's."""
    for rel in st.of_type(v.PG + "PressRelease"):
        mentioned = [o for o in st.subjects[rel].get(_P["mentions"], ()) if o.startswith(_ORG)]
        if not mentioned:
            continue
        roles = _roles(st, rel)
        for o in dict.fromkeys(mentioned):
            for r in roles.get(o) or ("mentioned",):
                yield lexical(o), r


@_declare(
    "person_role",
    ("person", "role", "org", "release", "honorific"),
    indexes=[("org",)],
)
def person_roles(st: Statements) -> Iterator[tuple]:
    """Who holds which role for which organization in a release graph (memberships),
    and roles given without an organization (``org`` NULL), with the person's honorific
    in that graph (NULL when none)."""
    if st.source.startswith(("http://", "https://")):  # a reference graph: no people
        return
    for m in st.of_type(v.ORG + "Membership"):
        preds = st.subjects[m]
        roles = [value(r) for r in preds.get(_P["roleName"], ())] or [None]
        for person in preds.get(_P["member"], ()):
            honorifics = [value(h) for h in st.objects(person, v.SCHEMA + "honorificPrefix")]
            for o in preds.get(_P["organization"], ()):
                for rel in preds.get(_P["inRelease"], ()):
                    for role in roles:
                        for h in honorifics or [None]:
                            yield lexical(person), role, lexical(o), lexical(rel), h
    release = None
    for person, role in st.triples(v.PG + "roleWithoutOrganization"):
        if release is None:
            graph = v.release_graph(st.source)
            release = v.ID + "release/" + strafter(graph, v.RELEASE_GRAPH_PREFIX)
        honorifics = [value(h) for h in st.objects(person, v.SCHEMA + "honorificPrefix")]
        for h in honorifics or [None]:
            yield lexical(person), value(role), None, release, h
