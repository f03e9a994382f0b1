"""Records to RDF: every fact of a record becomes quads in the release's named graph.

Each relation gets a qualified node (an ``pg:Assertion`` with its method,
confidence and evidence span) *and* a plain shortcut edge, so provenance is
complete while simple SPARQL and NetworkX stay simple. Entities that the
reference registry describes (gazetteer organizations, countries and their
governments) are only referred to here; everything else is described in the
release graph, so dropping the graph removes exactly what the release said.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from . import vocab as v
from .records import Record, effective_record

PIPELINE_ACTIVITY = v.ID + "activity/pressgraph-extraction"

_XSD_DATE = NamedNode(v.XSD + "date")
_XSD_GYEAR = NamedNode(v.XSD + "gYear")
_XSD_GYEARMONTH = NamedNode(v.XSD + "gYearMonth")
_XSD_DECIMAL = NamedNode(v.XSD + "decimal")
_XSD_INTEGER = NamedNode(v.XSD + "integer")
_XSD_DURATION = NamedNode(v.XSD + "duration")

_nodes: dict[str, NamedNode] = {}


def N(iri: str) -> NamedNode:
    node = _nodes.get(iri)
    if node is None:
        node = _nodes[iri] = NamedNode(iri)
        if len(_nodes) > 50_000:
            _nodes.clear()
    return node


A = N(v.RDF + "type")


def decimal_literal(value: float | int | Decimal) -> Literal:
    """Canonical xsd:decimal text, so equal values give byte-equal quads.

    >>> decimal_literal(4000000.0).value, decimal_literal(0.95).value
    ('4000000.0', '0.95')
    """
    d = Decimal(str(value)).normalize()
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=_XSD_DECIMAL)


def date_literal(value: str) -> Literal:
    """xsd:date, gYearMonth or gYear depending on the precision given."""
    if len(value) == 4:
        return Literal(value, datatype=_XSD_GYEAR)
    if len(value) == 7:
        return Literal(value, datatype=_XSD_GYEARMONTH)
    return Literal(value, datatype=_XSD_DATE)


def en(text: str) -> Literal:
    return Literal(text, language="en")


_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"})
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\"})
_T_XSD_DATE = f"<{v.XSD}date>"
_T_XSD_GYEAR = f"<{v.XSD}gYear>"
_T_XSD_GYEARMONTH = f"<{v.XSD}gYearMonth>"
_T_XSD_DECIMAL = f"<{v.XSD}decimal>"
_XSD_INTEGER_T = f"<{v.XSD}integer>"
_XSD_DURATION_T = f"<{v.XSD}duration>"
_iris: dict[str, str] = {}


def _iri(iri: str) -> str:
    """An IRI as N-Triples text. The IRIs written here are built from constants and
    percent-encoded keys; an IRI taken from a record as is goes through
    :func:`_checked_iri`."""
    term = _iris.get(iri)
    if term is None:
        term = _iris[iri] = f"<{iri}>"
        if len(_iris) > 50_000:
            _iris.clear()
    return term


def _checked_iri(iri: str) -> str:
    return f"<{NamedNode(iri).value}>"  # raises ValueError on an invalid IRI


def _lit(text: str, datatype: str | None = None) -> str:
    """A literal as N-Triples text, escaped as pyoxigraph escapes it (byte-equal output)."""
    quoted = '"' + text.translate(_ESCAPES) + '"'
    return quoted if datatype is None else f"{quoted}^^{datatype}"


def _en(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"@en'


def _dec(value: float | int | Decimal) -> str:
    return _lit(decimal_literal(value).value, _T_XSD_DECIMAL)


def _date(value: str) -> str:
    if len(value) == 4:
        return _lit(value, _T_XSD_GYEAR)
    if len(value) == 7:
        return _lit(value, _T_XSD_GYEARMONTH)
    return _lit(value, _T_XSD_DATE)


_A = _iri(v.RDF + "type")


class _Writer:
    """Collects quads for one release graph, deduplicated, in insertion order."""

    def __init__(self, record: Record):
        self.record = record
        self.rid = record["id"]
        self.graph = _iri(v.release_graph(self.rid))
        self.release = _iri(v.release_iri(self.rid))
        self.quads: dict[tuple[str, str, str], None] = {}
        self.texts: set[str] = set()  # every span text, for the text index
        self.org_index = {o["id"]: o for o in record["organizations"]}

    def add(self, s: str, p: str, o: str) -> None:
        """Terms are N-Triples text (``<iri>``, ``"literal"``) or bare IRIs."""
        if s[0] != "<":
            s = _iri(s)
        if o[0] not in '<"':
            o = _iri(o)
        if p[0] != "<":
            p = _iri(p)
        self.quads[(s, p, o)] = None

    def org(self, key: str) -> str:
        return _iri(v.org_iri(key))

    # ---------------------------------------------------------------- evidence

    def span(self, ev: dict[str, Any] | None, *, section: str | None = None) -> str | None:
        if not ev or ev.get("start") is None or ev.get("end") is None or not ev.get("text"):
            return None
        node = _iri(v.span_iri(self.rid, ev["start"], ev["end"]))
        self.texts.add(ev["text"])
        self.add(node, v.RDF + "type", v.PG + "TextSpan")
        self.add(node, v.PG + "inRelease", self.release)
        self.add(node, v.NIF + "beginIndex", _lit(str(ev["start"]), _XSD_INTEGER_T))
        self.add(node, v.NIF + "endIndex", _lit(str(ev["end"]), _XSD_INTEGER_T))
        self.add(node, v.NIF + "anchorOf", _lit(ev["text"]))
        sec = ev.get("section") or section
        if sec:
            self.add(node, v.PG + "section", v.section_concept(sec))
        return node

    def assertion(
        self,
        kind: str,
        key: str,
        classes: list[str],
        ev: dict[str, Any] | None,
        *,
        method_iri: str | None = None,
        confidence: float | None = None,
    ) -> str:
        node = _iri(v.assertion_iri(self.rid, kind, key))
        self.add(node, _A, v.PG + "Assertion")
        for cls in classes:
            self.add(node, _A, cls)
        self.add(node, v.PG + "inRelease", self.release)
        ev = ev or {}
        method = method_iri or v.EVIDENCE_METHOD[ev.get("method", "curated")]
        self.add(node, v.PG + "extractionMethod", method)
        conf = confidence if confidence is not None else ev.get("confidence", 1.0)
        self.add(node, v.PG + "confidence", _dec(conf))
        if ev.get("rule"):
            self.add(node, v.PG + "rule", _lit(ev["rule"]))
        if ev.get("note"):
            self.add(node, v.RDFS + "comment", _lit(ev["note"]))
        span = self.span(ev)
        if span is not None:
            self.add(node, v.PG + "evidence", span)
        return node

    def mentions(self, entity: str, mentions: list[dict[str, Any]] | None) -> None:
        """The release mentions the entity only where the text names it (not a parent).

        A mention is two quads: its span denotes the entity and quotes the text. The span
        IRI carries the release and the offsets (``.../span/RELEASE/START-END``), so the
        four quads a full :meth:`span` adds (type, release, offsets) would repeat it; the
        spans that are the evidence of a fact are described in full.
        """
        if mentions:
            self.add(self.release, v.SCHEMA + "mentions", entity)
        for m in mentions or []:
            node = _iri(v.span_iri(self.rid, m["start"], m["end"]))
            self.texts.add(m["text"])
            self.add(node, v.NIF + "anchorOf", _lit(m["text"]))
            self.add(node, v.PG + "denotes", entity)

    # ---------------------------------------------------------------- sections

    def write_release(self) -> None:
        r, rel = self.record, self.release
        self.add(rel, _A, v.PG + "PressRelease")
        self.add(rel, _A, v.SCHEMA + "NewsArticle")
        self.add(rel, v.DCT + "identifier", _lit(self.rid))
        self.add(rel, v.DCT + "title", _en(r["title"]))
        if r.get("date"):
            self.add(rel, v.DCT + "issued", _date(r["date"]))
        self.add(rel, v.PG + "releaseKind", _lit(r["kind"]))
        self.add(rel, v.DCT + "language", _lit(r.get("language") or "en"))
        src = r["source"]
        self.add(rel, v.PG + "textSha256", _lit(src["sha256"]))
        self.add(rel, v.PG + "sourceFormat", _lit(src["format"]))
        if src.get("url"):
            self.add(rel, v.DCT + "source", _checked_iri(src["url"]))
        if src.get("path"):
            self.add(rel, v.PG + "sourcePath", _lit(src["path"]))
        if r.get("dateline"):
            self.add(rel, v.PG + "dateline", _lit(r["dateline"]))
        for n, bullet in enumerate(r.get("summary") or []):
            self.add(rel, v.PG + "summaryBullet", _en(bullet))
            del n
        self.add(self.graph, _A, v.PG + "ReleaseGraph")
        self.add(self.graph, v.PROV + "wasDerivedFrom", rel)
        self.add(self.graph, v.PROV + "wasGeneratedBy", PIPELINE_ACTIVITY)
        self.add(PIPELINE_ACTIVITY, _A, v.PROV + "Activity")

    def write_organizations(self) -> None:
        for o in self.record["organizations"]:
            node = self.org(o["id"])
            self.mentions(node, o.get("mentions"))
            if str(o.get("source", "")).startswith("gazetteer"):
                continue  # described once, in the registry graph
            self.add(node, _A, v.ORG + "Organization")
            self.add(node, _A, v.ORG_TYPE_CLASS[o["type"]])
            self.add(node, v.SKOS + "prefLabel", _en(o["name"]))
            self.add(node, v.PG + "orgType", v.org_type_concept(o["type"]))
            if o.get("acronym"):
                self.add(node, v.PG + "acronym", _lit(o["acronym"]))
            for alias in o.get("aliases") or []:
                self.add(node, v.SKOS + "altLabel", _lit(alias))
            if o.get("country"):
                self.add(node, v.PG + "country", v.country_iri(o["country"]))
            if o.get("parent"):
                self.add(node, v.ORG + "subOrganizationOf", self.org(o["parent"]))

    def write_countries(self) -> None:
        for c in self.record["countries"]:
            node = _iri(v.country_iri(c["iso3"]))
            self.mentions(node, c.get("mentions"))
            if c.get("focus"):
                self.add(self.release, v.DCT + "spatial", node)

    def write_people(self) -> None:
        for p in self.record["people"]:
            node = _iri(v.person_iri(p["id"]))
            self.mentions(node, p.get("mentions"))
            self.add(node, _A, v.FOAF + "Person")
            self.add(node, v.FOAF + "name", _lit(p["name"]))
            if p.get("honorific"):
                self.add(node, v.SCHEMA + "honorificPrefix", _lit(p["honorific"]))
            if p.get("organization"):
                org = self.org(p["organization"])
                m = self.assertion("membership", p["id"], [v.ORG + "Membership"], p.get("evidence"))
                self.add(m, v.ORG + "member", node)
                self.add(m, v.ORG + "organization", org)
                if p.get("role"):
                    self.add(m, v.SCHEMA + "roleName", _lit(p["role"]))
                self.add(node, v.ORG + "memberOf", org)
            elif p.get("role"):
                self.add(node, v.PG + "roleWithoutOrganization", _lit(p["role"]))

    def participation(
        self, key: str, who: str, what: str, role: str, ev: dict[str, Any] | None
    ) -> None:
        node = self.assertion("participation", key, [v.PG + "Participation"], ev)
        self.add(node, v.PG + "participant", who)
        self.add(node, v.PG + "participationIn", what)
        self.add(node, v.PG + "role", v.role_concept(role))
        self.add(who, v.PG + "participatedIn", what)

    def write_programs(self) -> None:
        for p in self.record["programs"]:
            node = _iri(v.initiative_iri(p["id"]))
            self.mentions(node, p.get("mentions"))
            self.add(node, _A, v.PG + "Initiative")
            self.add(node, _A, v.PROGRAM_KIND_CLASS[p["kind"]])
            self.add(node, v.SKOS + "prefLabel", _en(p["name"]))
            self.add(node, v.PG + "initiativeKind", _lit(p["kind"]))
            period = p.get("period") or {}
            if period.get("start"):
                self.add(node, v.SCHEMA + "startDate", _date(period["start"]))
            if period.get("end"):
                self.add(node, v.SCHEMA + "endDate", _date(period["end"]))
            for iso3 in p.get("countries") or []:
                self.add(node, v.DCT + "spatial", v.country_iri(iso3))
            self.add(node, v.PG + "reportedIn", self.release)
            if p.get("owner"):
                owner = self.org(p["owner"])
                self.add(node, v.PG + "owner", owner)
                self.participation(f"owner-{p['id']}", owner, node, "owner", p.get("evidence"))

    def write_events(self) -> None:
        for e in self.record["events"]:
            node = _iri(v.event_iri(self.rid, e["id"]))
            self.mentions(node, e.get("mentions"))
            self.add(node, _A, v.PG + "Event")
            self.add(node, _A, v.SCHEMA + "Event")
            self.add(node, v.SKOS + "prefLabel", _en(e["name"]))
            self.add(node, v.PG + "eventKind", _lit(e["kind"]))
            self.add(node, v.PG + "inRelease", self.release)
            if e.get("start_date"):
                self.add(node, v.SCHEMA + "startDate", _date(e["start_date"]))
            if e.get("end_date"):
                self.add(node, v.SCHEMA + "endDate", _date(e["end_date"]))
            if e.get("duration"):
                self.add(node, v.SCHEMA + "duration", _lit(e["duration"], _XSD_DURATION_T))
            if e.get("country"):
                self.add(node, v.DCT + "spatial", v.country_iri(e["country"]))
            for iso3 in e.get("participant_countries") or []:
                self.add(node, v.PG + "participantCountry", v.country_iri(iso3))
            if e.get("program"):
                self.add(node, v.PG + "withinInitiative", _iri(v.initiative_iri(e["program"])))
            ev = e.get("evidence")
            for key in e.get("organizers") or []:
                self.participation(
                    f"organizer-{e['id']}-{key}", self.org(key), node, "organizer", ev
                )
            for key in e.get("participants") or []:
                self.participation(
                    f"participant-{e['id']}-{key}", self.org(key), node, "participant", ev
                )

    def write_fundings(self) -> None:
        for f in self.record["fundings"]:
            node = self.assertion(
                "funding", f["id"], [v.PG + "Funding", v.SCHEMA + "Grant"], f.get("evidence")
            )
            funder = self.org(f["funder"])
            self.add(node, v.SCHEMA + "funder", funder)
            items = []
            if f.get("program"):
                items.append(_iri(v.initiative_iri(f["program"])))
            if f.get("event"):
                items.append(_iri(v.event_iri(self.rid, f["event"])))
            if f.get("recipient"):
                recipient = self.org(f["recipient"])
                self.add(node, v.PG + "recipient", recipient)
                if not items:
                    items.append(recipient)
            if f.get("channel"):
                self.add(node, v.PG + "channel", self.org(f["channel"]))
            for item in items:
                self.add(node, v.SCHEMA + "fundedItem", item)
                self.add(funder, v.PG + "funds", item)
            amount = f.get("amount")
            if amount:
                self.add(node, _A, v.SCHEMA + "MonetaryGrant")
                am = _iri(v.amount_iri(self.rid, f["id"]))
                self.add(am, _A, v.SCHEMA + "MonetaryAmount")
                self.add(am, v.SCHEMA + "value", _dec(amount["value"]))
                self.add(am, v.SCHEMA + "currency", _lit(amount["currency"]))
                self.add(node, v.SCHEMA + "amount", am)

    def write_partnerships(self) -> None:
        for p in self.record["partnerships"]:
            node = self.assertion("partnership", p["id"], [v.PG + "Partnership"], p.get("evidence"))
            orgs = [self.org(k) for k in p["organizations"]]
            for org in orgs:
                self.add(node, v.PG + "partner", org)
            self.add(node, v.PG + "partnershipKind", v.V + f"partnership-{p['kind']}")
            if p.get("context"):
                ctx = p["context"]
                if ctx == self.rid:
                    self.add(node, v.PG + "context", self.release)
                elif any(x["id"] == ctx for x in self.record["programs"]):
                    self.add(node, v.PG + "context", _iri(v.initiative_iri(ctx)))
                else:
                    self.add(node, v.PG + "context", _iri(v.event_iri(self.rid, ctx)))
            for a in orgs:
                for b in orgs:
                    if a != b:
                        self.add(a, v.PG + "partnerOf", b)

    def write_footer(self) -> None:
        for f in self.record["un_entities_involved"]:
            org = self.org(f["organization"])
            self.add(self.release, v.PG + "unEntityInvolved", org)
            self.add(self.release, v.SCHEMA + "mentions", org)
            ev = f.get("evidence") or {"method": "footer", "confidence": 1.0}
            self.participation(
                f"footer-{f['organization']}", org, self.release, "un-entity-involved", ev
            )

    def write_sdgs(self) -> None:
        for s in self.record["sdgs"]:
            concept = _iri(v.sdg_iri(s["goal"], s.get("target")))
            item = self.release
            if s.get("item") and s["item"] != self.rid:
                if any(p["id"] == s["item"] for p in self.record["programs"]):
                    item = _iri(v.initiative_iri(s["item"]))
                else:
                    item = _iri(v.event_iri(self.rid, s["item"]))
            node = self.assertion(
                "sdg",
                s["id"],
                [v.PG + "GoalAlignment"],
                s.get("evidence"),
                method_iri=v.SDG_METHOD[s["method"]],
                confidence=s["confidence"],
            )
            self.add(node, v.PG + "alignedItem", item)
            self.add(node, v.PG + "sdgConcept", concept)
            self.add(item, v.DCT + "subject", concept)


def _write(record: Record) -> _Writer:
    eff = effective_record(record)
    w = _Writer(eff)
    w.write_release()
    w.write_organizations()
    w.write_countries()
    w.write_people()
    w.write_programs()
    w.write_events()
    w.write_fundings()
    w.write_partnerships()
    w.write_footer()
    w.write_sdgs()
    return w


def record_triples(record: Record) -> list[tuple[str, str, str]]:
    """The release graph's statements as N-Triples terms, in a deterministic order.

    Built as text (about 4x faster than pyoxigraph term objects); the record's ``curated``
    corrections are applied first.
    """
    return list(_write(record).quads)


def record_quads(record: Record) -> list[Quad]:
    """All quads of one release graph, in a deterministic order.

    The record's ``curated`` corrections are applied first.
    """
    w = _write(record)
    g = w.graph
    text = "".join(f"{s} {p} {o} {g} .\n" for s, p, o in w.quads)
    return list(parse(text.encode("utf-8"), format=RdfFormat.N_QUADS))


SHARED_GRAPH = v.GRAPH + "shared"
"""The graph of statements many releases make: descriptions of organizations and
programmes, and the shortcut edges between them. Each is held once (the store counts
how many releases make it), so the union of all graphs holds every triple once."""

_SHARED_SUBJECTS = ("<" + v.ID + "org/", "<" + v.ID + "initiative/", "<" + PIPELINE_ACTIVITY + ">")


_PERSON = "<" + v.ID + "person/"
_PERSON_SHARED = {_iri(v.RDF + "type"), _iri(v.FOAF + "name"), _iri(v.ORG + "memberOf")}


def is_shared(subject: str, predicate: str, obj: str, release_id: str) -> bool:
    """Whether a statement of a release (N-Triples terms) belongs in the shared graph
    rather than the release's.

    Statements about organizations and programmes (not pointing at the release or one of
    its events) are what several releases repeat; so are a person's type, name and
    ``org:memberOf`` edges. What a release says of a person as of that release (the
    honorific, a role without organization) stays in its graph, read per graph by
    ``people-and-affiliations``.
    """
    if subject.startswith(_PERSON):
        return predicate in _PERSON_SHARED
    if not subject.startswith(_SHARED_SUBJECTS):
        return False
    if obj[0] != "<":
        return True
    release = _iri(v.release_iri(release_id))
    return obj != release and not obj.startswith("<" + v.event_iri(release_id, ""))


def split_record_nquads(
    record: Record, extra: list[tuple[str, str, str]] = ()
) -> tuple[str, list[str], list[str], list[str], list[tuple[str, str, str]]]:
    """One release as text for the store: its graph as N-Quads (with ``extra``
    statements), its shared statements as N-Triples lines, its span texts, the
    organizations it mentions (IRIs) and all its statements (N-Triples terms)."""
    w = _write(record)
    rid, g = w.rid, w.graph
    own, shared, orgs = [], [], []
    mentions = _iri(v.SCHEMA + "mentions")
    org_prefix = "<" + v.ID + "org/"
    for s, p, o in w.quads:
        if is_shared(s, p, o, rid):
            shared.append(f"{s} {p} {o} .\n")
        else:
            own.append(f"{s} {p} {o} {g} .\n")
            if p == mentions and s == w.release and o.startswith(org_prefix):
                orgs.append(o[1:-1])
    own += [f"{s} {p} {o} {g} .\n" for s, p, o in extra]
    return "".join(own), shared, sorted(w.texts), sorted(set(orgs)), list(w.quads)


def iter_record_quads(records) -> Iterator[Quad]:
    for record in records:
        yield from record_quads(record)
