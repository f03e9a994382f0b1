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

from pyoxigraph import Literal, NamedNode, Quad

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


class _Writer:
    """Collects quads for one release graph, deduplicated, in insertion order."""

    def __init__(self, record: Record):
        self.record = record
        self.rid = record["id"]
        self.graph = N(v.release_graph(self.rid))
        self.release = N(v.release_iri(self.rid))
        self.quads: dict[Quad, None] = {}
        self.org_index = {o["id"]: o for o in record["organizations"]}

    def add(self, s, p: str, o) -> None:
        s = N(s) if isinstance(s, str) else s
        o = N(o) if isinstance(o, str) else o
        p = N(p) if isinstance(p, str) else p
        self.quads[Quad(s, p, o, self.graph)] = None

    def org(self, key: str) -> NamedNode:
        return N(v.org_iri(key))

    # ---------------------------------------------------------------- evidence

    def span(self, ev: dict[str, Any] | None, *, section: str | None = None) -> NamedNode | None:
        if not ev or ev.get("start") is None or ev.get("end") is None or not ev.get("text"):
            return None
        node = N(v.span_iri(self.rid, ev["start"], ev["end"]))
        self.add(node, v.RDF + "type", v.PG + "TextSpan")
        self.add(node, v.PG + "inRelease", self.release)
        self.add(node, v.NIF + "beginIndex", Literal(str(ev["start"]), datatype=_XSD_INTEGER))
        self.add(node, v.NIF + "endIndex", Literal(str(ev["end"]), datatype=_XSD_INTEGER))
        self.add(node, v.NIF + "anchorOf", Literal(ev["text"]))
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
    ) -> NamedNode:
        node = N(v.assertion_iri(self.rid, kind, key))
        self.add(node, A, v.PG + "Assertion")
        for cls in classes:
            self.add(node, A, cls)
        self.add(node, v.PG + "inRelease", self.release)
        ev = ev or {}
        method = method_iri or v.EVIDENCE_METHOD[ev.get("method", "curated")]
        self.add(node, v.PG + "extractionMethod", method)
        conf = confidence if confidence is not None else ev.get("confidence", 1.0)
        self.add(node, v.PG + "confidence", decimal_literal(conf))
        if ev.get("rule"):
            self.add(node, v.PG + "rule", Literal(ev["rule"]))
        if ev.get("note"):
            self.add(node, v.RDFS + "comment", Literal(ev["note"]))
        span = self.span(ev)
        if span is not None:
            self.add(node, v.PG + "evidence", span)
        return node

    def mentions(self, entity: NamedNode, mentions: list[dict[str, Any]] | None) -> None:
        """The release mentions the entity only where the text names it (not a parent).

        A mention is two quads: its span denotes the entity and quotes the text. The span
        IRI carries the release and the offsets (``.../span/RELEASE/START-END``), so the
        four quads a full :meth:`span` adds (type, release, offsets) would repeat it; the
        spans that are the evidence of a fact are described in full.
        """
        if mentions:
            self.add(self.release, v.SCHEMA + "mentions", entity)
        for m in mentions or []:
            node = N(v.span_iri(self.rid, m["start"], m["end"]))
            self.add(node, v.NIF + "anchorOf", Literal(m["text"]))
            self.add(node, v.PG + "denotes", entity)

    # ---------------------------------------------------------------- sections

    def write_release(self) -> None:
        r, rel = self.record, self.release
        self.add(rel, A, v.PG + "PressRelease")
        self.add(rel, A, v.SCHEMA + "NewsArticle")
        self.add(rel, v.DCT + "identifier", Literal(self.rid))
        self.add(rel, v.DCT + "title", en(r["title"]))
        if r.get("date"):
            self.add(rel, v.DCT + "issued", date_literal(r["date"]))
        self.add(rel, v.PG + "releaseKind", Literal(r["kind"]))
        self.add(rel, v.DCT + "language", Literal(r.get("language") or "en"))
        src = r["source"]
        self.add(rel, v.PG + "textSha256", Literal(src["sha256"]))
        self.add(rel, v.PG + "sourceFormat", Literal(src["format"]))
        if src.get("url"):
            self.add(rel, v.DCT + "source", N(src["url"]))
        if src.get("path"):
            self.add(rel, v.PG + "sourcePath", Literal(src["path"]))
        if r.get("dateline"):
            self.add(rel, v.PG + "dateline", Literal(r["dateline"]))
        for n, bullet in enumerate(r.get("summary") or []):
            self.add(rel, v.PG + "summaryBullet", en(bullet))
            del n
        self.add(self.graph, A, v.PG + "ReleaseGraph")
        self.add(self.graph, v.PROV + "wasDerivedFrom", rel)
        self.add(self.graph, v.PROV + "wasGeneratedBy", PIPELINE_ACTIVITY)
        self.add(PIPELINE_ACTIVITY, A, v.PROV + "Activity")

    def write_organizations(self) -> None:
        for o in self.record["organizations"]:
            node = self.org(o["id"])
            self.mentions(node, o.get("mentions"))
            if str(o.get("source", "")).startswith("gazetteer"):
                continue  # described once, in the registry graph
            self.add(node, A, v.ORG + "Organization")
            self.add(node, A, v.ORG_TYPE_CLASS[o["type"]])
            self.add(node, v.SKOS + "prefLabel", en(o["name"]))
            self.add(node, v.PG + "orgType", v.org_type_concept(o["type"]))
            if o.get("acronym"):
                self.add(node, v.PG + "acronym", Literal(o["acronym"]))
            for alias in o.get("aliases") or []:
                self.add(node, v.SKOS + "altLabel", Literal(alias))
            if o.get("country"):
                self.add(node, v.PG + "country", v.country_iri(o["country"]))
            if o.get("parent"):
                self.add(node, v.ORG + "subOrganizationOf", self.org(o["parent"]))

    def write_countries(self) -> None:
        for c in self.record["countries"]:
            node = N(v.country_iri(c["iso3"]))
            self.mentions(node, c.get("mentions"))
            if c.get("focus"):
                self.add(self.release, v.DCT + "spatial", node)

    def write_people(self) -> None:
        for p in self.record["people"]:
            node = N(v.person_iri(p["id"]))
            self.mentions(node, p.get("mentions"))
            self.add(node, A, v.FOAF + "Person")
            self.add(node, v.FOAF + "name", Literal(p["name"]))
            if p.get("honorific"):
                self.add(node, v.SCHEMA + "honorificPrefix", Literal(p["honorific"]))
            if p.get("organization"):
                org = self.org(p["organization"])
                m = self.assertion("membership", p["id"], [v.ORG + "Membership"], p.get("evidence"))
                self.add(m, v.ORG + "member", node)
                self.add(m, v.ORG + "organization", org)
                if p.get("role"):
                    self.add(m, v.SCHEMA + "roleName", Literal(p["role"]))
                self.add(node, v.ORG + "memberOf", org)
            elif p.get("role"):
                self.add(node, v.PG + "roleWithoutOrganization", Literal(p["role"]))

    def participation(
        self, key: str, who: NamedNode, what: NamedNode, role: str, ev: dict[str, Any] | None
    ) -> None:
        node = self.assertion("participation", key, [v.PG + "Participation"], ev)
        self.add(node, v.PG + "participant", who)
        self.add(node, v.PG + "participationIn", what)
        self.add(node, v.PG + "role", v.role_concept(role))
        self.add(who, v.PG + "participatedIn", what)

    def write_programs(self) -> None:
        for p in self.record["programs"]:
            node = N(v.initiative_iri(p["id"]))
            self.mentions(node, p.get("mentions"))
            self.add(node, A, v.PG + "Initiative")
            self.add(node, A, v.PROGRAM_KIND_CLASS[p["kind"]])
            self.add(node, v.SKOS + "prefLabel", en(p["name"]))
            self.add(node, v.PG + "initiativeKind", Literal(p["kind"]))
            period = p.get("period") or {}
            if period.get("start"):
                self.add(node, v.SCHEMA + "startDate", date_literal(period["start"]))
            if period.get("end"):
                self.add(node, v.SCHEMA + "endDate", date_literal(period["end"]))
            for iso3 in p.get("countries") or []:
                self.add(node, v.DCT + "spatial", v.country_iri(iso3))
            self.add(node, v.PG + "reportedIn", self.release)
            if p.get("owner"):
                owner = self.org(p["owner"])
                self.add(node, v.PG + "owner", owner)
                self.participation(f"owner-{p['id']}", owner, node, "owner", p.get("evidence"))

    def write_events(self) -> None:
        for e in self.record["events"]:
            node = N(v.event_iri(self.rid, e["id"]))
            self.mentions(node, e.get("mentions"))
            self.add(node, A, v.PG + "Event")
            self.add(node, A, v.SCHEMA + "Event")
            self.add(node, v.SKOS + "prefLabel", en(e["name"]))
            self.add(node, v.PG + "eventKind", Literal(e["kind"]))
            self.add(node, v.PG + "inRelease", self.release)
            if e.get("start_date"):
                self.add(node, v.SCHEMA + "startDate", date_literal(e["start_date"]))
            if e.get("end_date"):
                self.add(node, v.SCHEMA + "endDate", date_literal(e["end_date"]))
            if e.get("duration"):
                self.add(
                    node, v.SCHEMA + "duration", Literal(e["duration"], datatype=_XSD_DURATION)
                )
            if e.get("country"):
                self.add(node, v.DCT + "spatial", v.country_iri(e["country"]))
            for iso3 in e.get("participant_countries") or []:
                self.add(node, v.PG + "participantCountry", v.country_iri(iso3))
            if e.get("program"):
                self.add(node, v.PG + "withinInitiative", N(v.initiative_iri(e["program"])))
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
                items.append(N(v.initiative_iri(f["program"])))
            if f.get("event"):
                items.append(N(v.event_iri(self.rid, f["event"])))
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
                self.add(node, A, v.SCHEMA + "MonetaryGrant")
                am = N(v.amount_iri(self.rid, f["id"]))
                self.add(am, A, v.SCHEMA + "MonetaryAmount")
                self.add(am, v.SCHEMA + "value", decimal_literal(amount["value"]))
                self.add(am, v.SCHEMA + "currency", Literal(amount["currency"]))
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
                    self.add(node, v.PG + "context", N(v.initiative_iri(ctx)))
                else:
                    self.add(node, v.PG + "context", N(v.event_iri(self.rid, ctx)))
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
            concept = N(v.sdg_iri(s["goal"], s.get("target")))
            item = self.release
            if s.get("item") and s["item"] != self.rid:
                if any(p["id"] == s["item"] for p in self.record["programs"]):
                    item = N(v.initiative_iri(s["item"]))
                else:
                    item = N(v.event_iri(self.rid, s["item"]))
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


def record_quads(record: Record) -> list[Quad]:
    """All quads of one release graph, in a deterministic order.

    The record's ``curated`` corrections are applied first.
    """
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
    return list(w.quads)


SHARED_GRAPH = v.GRAPH + "shared"
"""The graph of statements many releases make: descriptions of organizations and
programmes, and the shortcut edges between them. Each is held once (the store counts
how many releases make it), so the union of all graphs holds every triple once."""

_SHARED_SUBJECTS = (v.ID + "org/", v.ID + "initiative/", PIPELINE_ACTIVITY)


def is_shared(quad: Quad, release_id: str) -> bool:
    """Whether a quad of a release belongs in the shared graph rather than the release's.

    Statements about organizations and programmes (not release-scoped things, not
    pointing at the release or one of its events) are what several releases repeat.
    People stay in the release graphs: a release gives a person's name and role as of
    that release (``people-and-affiliations`` reads them per graph).
    """
    s = quad.subject.value
    if not s.startswith(_SHARED_SUBJECTS):
        return False
    o = quad.object
    if isinstance(o, NamedNode):
        ov = o.value
        if ov == v.release_iri(release_id) or ov.startswith(v.event_iri(release_id, "")):
            return False
    return True


def split_record_quads(record: Record) -> tuple[list[Quad], list[Quad]]:
    """The release graph's own quads and the shared statements (still in the release graph
    name; the store moves them to :data:`SHARED_GRAPH`), both in a deterministic order."""
    own, shared = [], []
    rid = record["id"]
    for q in record_quads(record):
        (shared if is_shared(q, rid) else own).append(q)
    return own, shared


def iter_record_quads(records) -> Iterator[Quad]:
    for record in records:
        yield from record_quads(record)
