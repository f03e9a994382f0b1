"""Records to RDF and the store: determinism, no blank nodes, idempotent rebuilds."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from pressgraph import vocab as v
from pressgraph.build import build
from pressgraph.errors import StoreError
from pressgraph.export import export, nquads_bytes
from pressgraph.graph import SHARED_GRAPH, is_shared, record_quads, split_record_nquads
from pressgraph.store import GraphStore
from pressgraph.validate import validate

from .conftest import RELEASES, SAMPLE


def test_record_quads_are_deterministic_and_blank_node_free(sample_record):
    a, b = record_quads(sample_record), record_quads(json.loads(json.dumps(sample_record)))
    assert a == b
    for q in a:
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        assert q.graph_name == ox.NamedNode(v.release_graph(sample_record["id"]))


def test_every_relation_has_a_qualified_node_and_a_shortcut(sample_store):
    rows = list(
        sample_store.sparql("""
        SELECT ?f ?funder ?item ?text WHERE {
          ?f a pg:Funding ; schema:funder ?funder ; schema:fundedItem ?item ;
             pg:evidence/nif:anchorOf ?text .
          ?funder pg:funds ?item .
        }""")
    )
    assert rows and "funded by" in rows[0]["text"].value


def test_two_builds_give_byte_identical_nquads(tmp_path):
    outputs = []
    for n in range(2):
        store = GraphStore.open(tmp_path / f"s{n}")
        build([SAMPLE, RELEASES], store=store)
        outputs.append(nquads_bytes(store))
        store.close()
    assert outputs[0] == outputs[1]
    assert b"_:" not in outputs[0]


def test_rebuilding_replaces_the_release_graph(tmp_path, sample_record):
    store = GraphStore.open(tmp_path / "s")
    first = store.put_release(sample_record)
    assert first.status == "added"
    assert store.put_release(sample_record).status == "unchanged"
    size = len(store)
    changed = json.loads(json.dumps(sample_record))
    changed["title"] = "Another title"
    assert store.put_release(changed).status == "replaced"
    assert len(store) == size  # the old title is gone, not added to
    titles = [r["t"].value for r in store.sparql("SELECT ?t WHERE { ?r dct:title ?t }")]
    assert titles == ["Another title"]
    assert store.remove_release(sample_record["id"])
    assert store.release_ids() == []
    store.close()


def test_store_reopens_from_disk(tmp_path):
    build([SAMPLE], store=tmp_path / "s")
    with GraphStore.open(tmp_path / "s") as store:
        assert store.release_ids() == ["2018-05-02-iom-turkmenistan-counter-trafficking"]


def test_exports_round_trip(tmp_path, sample_store):
    n_quads = len(sample_store)
    for fmt, rdf_format in (
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        path = export(sample_store, tmp_path / f"out.{fmt}", format=fmt)
        back = list(ox.parse(path=str(path), format=rdf_format))
        assert len(set(back)) == n_quads, fmt
    ttl = export(sample_store, tmp_path / "out.ttl", format="ttl")
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in sample_store.quads()}
    assert len(list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))) == len(triples)


def test_shacl_passes_on_the_sample(sample_store):
    report = validate(sample_store)
    assert report.conforms, [str(x) for x in report.violations]


def test_shacl_reports_release_and_field_of_a_broken_record(tmp_path, sample_record):
    broken = json.loads(json.dumps(sample_record))
    broken["id"] = "broken-invented-record"
    broken["date"] = None
    broken["people"][0]["name"] = "Mr. Invented Person"
    store = GraphStore.in_memory()
    from pressgraph.reference import load_reference

    load_reference(store)
    store.put_release(broken)
    report = validate(store)
    assert not report.conforms
    lines = [str(x) for x in report.violations if x.severity == "Violation"]
    assert any("broken-invented-record [people[].name]" in line for line in lines), lines
    # a missing date is a warning: the release cannot be placed on a timeline
    warnings = [str(x) for x in report.violations if x.severity == "Warning"]
    assert any("broken-invented-record [date]" in line for line in warnings), warnings


def _triple_counts(store: GraphStore) -> dict:
    counts: dict = {}
    for q in store.quads():
        t = (q.subject, q.predicate, q.object)
        counts[t] = counts.get(t, 0) + 1
    return counts


def _shared(store: GraphStore) -> set:
    g = ox.NamedNode(SHARED_GRAPH)
    return {(q.subject, q.predicate, q.object) for q in store.quads() if q.graph_name == g}


def test_shared_statements_are_held_once_and_counted_per_release(sample_record):
    # Two releases saying the same things about the same organizations (an invented copy
    # of the sample under another id): the union of the graphs holds each statement once,
    # and dropping one release keeps what the other still says.
    twin = json.loads(json.dumps(sample_record))
    twin["id"] = "2018-05-03-invented-twin"
    store = GraphStore.in_memory()
    store.put_release(sample_record)
    alone = _shared(store)
    assert alone, "the sample describes organizations and shortcut edges"
    store.put_release(twin)
    assert _shared(store) == alone
    # each triple in one graph only, but what a release says of a person as of that
    # release (the honorific, a role without organization), read per graph
    per_release = {v.SCHEMA + "honorificPrefix", v.PG + "roleWithoutOrganization"}
    twice = [t for t, n in _triple_counts(store).items() if n > 1]
    assert all(t[1].value in per_release for t in twice)
    store.remove_release(sample_record["id"])
    assert _shared(store) == alone  # the twin still says all of it
    changed = json.loads(json.dumps(twin))
    changed["partnerships"] = []
    store.put_release(changed)
    partner_of = ox.NamedNode(v.PG + "partnerOf")
    assert not any(p == partner_of for _, p, _ in _shared(store))
    store.remove_release(twin["id"])
    assert _shared(store) == set()
    assert len(store) == 0


def test_mentions_are_two_quads_read_back_with_offsets(sample_store):
    rows = list(
        sample_store.sparql("""
        SELECT ?span ?text ?e WHERE { ?span pg:denotes ?e ; nif:anchorOf ?text }""")
    )
    assert rows
    for row in rows:
        span = row["span"].value
        start, end = (int(x) for x in span.rsplit("/", 1)[1].split("-"))
        assert end - start == len(row["text"].value)


def test_a_store_with_a_merged_default_graph_is_refused(tmp_path):
    store = ox.Store(str(tmp_path / "old"))
    store.add(
        ox.Quad(
            ox.NamedNode("https://x.invalid/s"),
            ox.NamedNode("https://x.invalid/p"),
            ox.Literal("o"),
            ox.DefaultGraph(),
        )
    )
    store.flush()
    del store
    with pytest.raises(StoreError, match="older pressgraph"):
        GraphStore.open(tmp_path / "old")


def test_text_terms_escape_as_pyoxigraph_does(sample_record):
    # The release graph is written as text: an invented title full of characters that
    # need escaping must come back as the same literal, in byte-equal N-Quads.
    nasty = 'Quote " back\\slash\ttab\nnewline \x00\x1f\x7f é \u2028 😀 <tag> {x}'
    record = json.loads(json.dumps(sample_record))
    record["title"] = nasty
    quads = record_quads(record)
    titles = [q.object for q in quads if q.predicate.value == v.DCT + "title"]
    assert [(t.value, t.language) for t in titles] == [(nasty, "en")]
    named, *_ = split_record_nquads(record)
    own = [
        q
        for q in quads
        if not is_shared(str(q.subject), str(q.predicate), str(q.object), record["id"])
    ]
    assert named.encode() == ox.serialize(own, format=ox.RdfFormat.N_QUADS)
