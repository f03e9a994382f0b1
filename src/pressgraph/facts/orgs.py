"""Fact tables for the organization queries: what organizations are (type, country,
parent), who acts with whom in each release, what an organization does in a release,
who speaks for which organization, which assertions link an entity, and the spans of
each span text (for the evidence queries).

Descriptions of organizations sit in the shared graph, so every release that mentions an
organization restates them, and a per-release table holds them once per release. The
queries want each fact once (``MIN`` of labels, ``DISTINCT`` types, release counts), so
three summaries are kept beside the per-release rows by SQLite triggers, exactly in step
with them on build, replace, remove and refresh: each distinct row with the number of
sources that give it (``f_label_n``, ``f_org_fact_n``), and the number of releases that
mention each entity (``f_mention_n``).
"""

from __future__ import annotations

import hashlib
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
        "title": v.DCT + "title",
        "issued": v.DCT + "issued",
        "mentions": v.SCHEMA + "mentions",
        "orgType": v.PG + "orgType",
        "country": v.PG + "country",
        "parent": v.ORG + "subOrganizationOf",
    }.items()
}
_ANCHOR = iri(v.NIF + "anchorOf")
_EVIDENCE = iri(v.PG + "evidence")
_SECTION = iri(v.PG + "section")
_DENOTES = iri(v.PG + "denotes")
_SPAN_PREFIX = v.ID + "span/"
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


@_declare(
    "org_timeline",
    ("org", "date", "release", "title", "relationship"),
    indexes=[("org", "date", "release", "relationship")],
)
def org_timeline(st: Statements) -> Iterator[tuple]:
    """The rows of ``organization-timeline`` a release gives: for each organization it
    mentions, its date, title and what the organization does there (partner (kind),
    funder, organizer...) or ``mentioned``."""
    for rel in st.of_type(v.PG + "PressRelease"):
        preds = st.subjects[rel]
        mentioned = [o for o in preds.get(_P["mentions"], ()) if o.startswith(_ORG)]
        titles = [value(t) for t in preds.get(_P["title"], ())]
        if not mentioned or not titles:
            continue
        dates = [value(d) for d in preds.get(_P["issued"], ())] or [None]
        roles = _roles(st, rel)
        release = lexical(rel)
        rows = set()
        for o in mentioned:
            org = lexical(o)
            for r in roles.get(o) or ("mentioned",):
                for date in dates:
                    for title in titles:
                        rows.add((org, date, release, title, r))
        yield from rows


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
    yield from set(_person_roles(st))


def _person_roles(st: Statements) -> Iterator[tuple]:
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


# --------------------------------------------------------------------------- evidence

ASSERTION_PREFIX = v.ID + "assertion/"
# the predicates that link an assertion to its ends (evidence-for-edge's VALUES ?link_a)
LINKS = tuple(
    iri(p)
    for p in (
        v.PG + "partner",
        v.SCHEMA + "funder",
        v.PG + "recipient",
        v.PG + "channel",
        v.SCHEMA + "fundedItem",
        v.PG + "participant",
        v.PG + "participationIn",
        v.ORG + "member",
        v.ORG + "organization",
        v.PG + "alignedItem",
        v.PG + "sdgConcept",
    )
)
_EDGE_CLASSES = tuple(
    v.PG + c for c in ("Partnership", "Funding", "Participation", "GoalAlignment")
) + (v.ORG + "Membership",)


def compact(name: str, source: str) -> str:
    """An IRI written short: ``@rest`` for an assertion of the source's release,
    ``~rest`` for anything else under the pressgraph id namespace; other IRIs as they are.
    :func:`expand` undoes it."""
    mine = f"{ASSERTION_PREFIX}{source}/"
    if name.startswith(mine):
        return "@" + name[len(mine) :]
    if name.startswith(v.ID):
        return "~" + name[len(v.ID) :]
    return name


def expand(name: str, source: str) -> str:
    if name[0] == "@":
        return f"{ASSERTION_PREFIX}{source}/{name[1:]}"
    if name[0] == "~":
        return v.ID + name[1:]
    return name


def short(name: str) -> str:
    """An IRI under the pressgraph id namespace as ``~rest`` (the same in every source)."""
    return "~" + name[len(v.ID) :] if name.startswith(v.ID) else name


@_declare("edge_end", ("entity", "assertions"), indexes=[("entity", "source")])
def edge_ends(st: Statements) -> Iterator[tuple]:
    """For each entity an assertion (partnership, funding, participation, membership,
    goal alignment) links in a source, the assertions linking it (compact IRIs, space
    separated): ``evidence-for-edge`` finds the assertions linking two ends here."""
    by_end: dict[str, list[str]] = {}
    seen: set[str] = set()
    for cls in _EDGE_CLASSES:
        for a in st.of_type(cls):
            if a in seen or a[0] != "<":
                continue
            seen.add(a)
            preds = st.subjects[a]
            name = compact(lexical(a), st.source)
            for end in {o for p in LINKS for o in preds.get(p, ())}:
                if end[0] == "<":
                    by_end.setdefault(lexical(end), []).append(name)
    for end, names in by_end.items():
        yield short(end), " ".join(sorted(set(names)))


def text_key(text: str) -> int:
    """A 64-bit key for a span text (the text index gives texts; this finds their spans)."""
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True
    )


@_declare("span_text", ("text_key", "spans"), indexes=[("text_key",)])
def span_texts(st: Statements) -> Iterator[tuple]:
    """For each span text of a source (``nif:anchorOf``), its spans as ``search-evidence``
    reports them: one line each, ``release-id/offsets TAB sections TAB supports`` (the
    tail of the span IRI, ``@`` standing for the source's id; its section codes; what it
    is evidence for or denotes, compact IRIs)."""
    evidence: dict[str, list[str]] = {}
    spans = []
    source = st.source
    for s, preds in st.subjects.items():
        if s[0] != "<":
            continue
        for span in preds.get(_EVIDENCE, ()):
            evidence.setdefault(span, []).append(compact(lexical(s), source))
        if _ANCHOR in preds:
            spans.append((s, preds))
    by_text: dict[str, list[str]] = {}
    mine = source + "/"
    for span, preds in spans:
        tail = strafter(lexical(span), _SPAN_PREFIX)
        if tail.startswith(mine):  # the source's own spans: its id written as "@"
            tail = "@" + tail[len(mine) :]
        sections = " ".join(
            sorted(strafter(lexical(s), "/vocab/section-") for s in preds.get(_SECTION, ()))
        )
        about = [compact(lexical(o), source) for o in preds.get(_DENOTES, ()) if o[0] == "<"]
        about += evidence.get(span, ())
        line = f"{tail}\t{sections}\t{' '.join(sorted(set(about)))}"
        for t in preds[_ANCHOR]:
            by_text.setdefault(lexical(t), []).append(line)
    for text, lines in by_text.items():
        yield text_key(text), "\n".join(sorted(lines))
