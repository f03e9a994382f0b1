"""The organization plans (:mod:`pressgraph.plans.orgs`) give their queries' SPARQL rows,
and the summaries they read stay right when a release is replaced or removed."""

from __future__ import annotations

import pytest

from .conftest import same_rows

UNKNOWN = "https://w3id.org/pressgraph/id/org/no-such-organization"


def _org(store, acronym):
    from pressgraph.queries import run_query

    rows = run_query(store, "organization-names", {}).rows
    return next(r[0] for r in rows if r[1] == acronym and r[2] == "acronym")


@pytest.mark.parametrize("params", [{}, {"type": "ngo"}, {"type": "un"}, {"type": "nothing"}])
def test_organizations(store, params):
    same_rows(store, "organizations", params)


@pytest.mark.parametrize("org", [None, "UNDP", "UNICEF", "IOM", UNKNOWN])
def test_organization_names(store, org):
    params = {"org": org} if org else {}
    same_rows(store, "organization-names", params, ordered=org is not None)


@pytest.mark.parametrize("org", [None, "UNDP", UNKNOWN])
def test_organization_hierarchy(store, org):
    params = {"org": org} if org else {}
    same_rows(store, "organization-hierarchy", params, ordered=False)


def test_organization_hierarchy_of_a_ministry(store):
    from pressgraph.queries import run_query

    rows = run_query(store, "organization-hierarchy", {}, derived=False).rows
    assert rows, "the test corpus has organizations with parents"
    for org in sorted({r[0] for r in rows})[:5]:
        assert same_rows(store, "organization-hierarchy", {"org": org}, ordered=False)


@pytest.mark.parametrize("org", [None, "UNICEF", "UNDP", "IOM", UNKNOWN])
def test_partners(store, org):
    params = {"org": org} if org else {}
    same_rows(store, "partners-of-organization", params, lists=("release_ids",))


@pytest.mark.parametrize("org", [None, "UNICEF", "UNDP", UNKNOWN])
def test_organization_timeline(store, org):
    params = {"org": org} if org else {}
    same_rows(store, "organization-timeline", params)


@pytest.mark.parametrize("org", [None, "UNDP", "UNICEF", UNKNOWN])
def test_people(store, org):
    params = {"org": org} if org else {}
    same_rows(store, "people-and-affiliations", params, ordered=False)
    same_rows(store, "people-and-affiliations", params)


@pytest.mark.parametrize("weight", [None, "1", "2", "5", "1000"])
def test_co_mentioned(store, weight):
    params = {"min_weight": weight} if weight else {}
    same_rows(store, "co-mentioned-organizations", params)


@pytest.mark.parametrize(
    "ends",
    [
        {"a": "UNDP", "b": "UNICEF"},
        {"a": "UNICEF"},
        {"b": "UNDP"},
        {"a": UNKNOWN},
        {"a": "UNDP", "b": "UNDP"},
    ],
)
def test_evidence_for_edge(store, ends):
    same_rows(store, "evidence-for-edge", ends)


def test_evidence_for_edge_without_ends_is_left_to_the_sparql(store):
    from pressgraph.plans import PLANS
    from pressgraph.queries import get_query

    assert PLANS["evidence-for-edge"](store, get_query("evidence-for-edge"), {}) is None


@pytest.mark.parametrize(
    "text", [None, "water", "mangroves", "UNDP", "Ministry", "zzqx-not-there", "a", "ü"]
)
def test_search_evidence(store, text):
    params = {"text": text} if text else {}
    same_rows(store, "search-evidence", params, lists=("supports",), ordered=False)
    same_rows(store, "search-evidence", params, lists=("supports",))


def _summaries_agree(db):
    """Each trigger-kept summary equals its recount from the per-source rows."""
    for summary, base, cols in (
        ("f_label_n", "f_label", "entity, kind, text"),
        ("f_org_fact_n", "f_org_fact", "org, attr, value"),
        ("f_mention_n", "f_mention", "entity"),
    ):
        kept = sorted(db.execute(f"SELECT {cols}, n FROM {summary}").fetchall())
        recount = sorted(
            db.execute(f"SELECT {cols}, COUNT(*) FROM {base} GROUP BY {cols}").fetchall()
        )
        assert kept == recount, summary


def test_summaries_follow_a_removed_and_a_replaced_release(store, records):
    import copy

    db = store.derived().db
    _summaries_agree(db)
    gone = records[-1]  # a synth release: its organizations are described in it
    orgs_before = {
        r[0] for r in db.execute("SELECT org FROM f_org_timeline WHERE source = ?", (gone["id"],))
    }
    assert orgs_before
    assert store.remove_release(gone["id"])
    try:
        _summaries_agree(db)
        for name, params in (
            ("organizations", {}),
            ("partners-of-organization", {}),
            ("organization-timeline", {}),
            ("people-and-affiliations", {}),
            ("organization-names", {}),
            ("co-mentioned-organizations", {"min_weight": "1"}),
            ("organization-hierarchy", {}),
            ("evidence-for-edge", {"a": "UNDP"}),
            ("search-evidence", {"text": "the"}),
        ):
            lists = {"partners-of-organization": ("release_ids",), "search-evidence": ("supports",)}
            unordered = ("organization-names", "organization-hierarchy", "search-evidence")
            same_rows(store, name, params, lists=lists.get(name, ()), ordered=name not in unordered)
        changed = copy.deepcopy(records[-2])
        changed["title"] = "A title written for this test"
        store.put_release(changed)
        _summaries_agree(db)
        same_rows(store, "organization-timeline", {})
    finally:
        store.put_release(gone)
        store.put_release(records[-2])
    _summaries_agree(db)
    same_rows(store, "organizations", {})


# an invented hierarchy: two ways up from A to C (directly and through B), and a cycle
_H = "https://example.org/invented/"


@pytest.fixture(scope="module")
def hierarchy_store():
    import pyoxigraph as ox

    from pressgraph import vocab as v
    from pressgraph.store import GraphStore

    s = GraphStore.in_memory()
    sub, label = ox.NamedNode(v.ORG + "subOrganizationOf"), ox.NamedNode(v.SKOS + "prefLabel")
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("x", "y"), ("y", "x"), ("y", "z")]
    triples = [ox.Triple(ox.NamedNode(_H + c), sub, ox.NamedNode(_H + p)) for c, p in edges]
    triples += [
        ox.Triple(ox.NamedNode(_H + n), label, ox.Literal(f"Unit {n.upper()}")) for n in "abx"
    ]
    triples.append(ox.Triple(ox.NamedNode(_H + "a"), label, ox.Literal("Another name of A")))
    s.put_graph(_H + "graph", triples)
    s.derived().mark(True)
    s.derived().mark_facts(True)
    return s


@pytest.mark.parametrize("org", [None, _H + "a", _H + "x", _H + "d"])
def test_organization_hierarchy_on_branching_paths_and_cycles(hierarchy_store, org):
    params = {"org": org} if org else {}
    n = same_rows(hierarchy_store, "organization-hierarchy", params, ordered=False)
    assert (n > 0) == (org != _H + "d")


@pytest.mark.parametrize("text", [None, "water"])
def test_search_evidence_reading_the_whole_table(store, text, monkeypatch):
    from pressgraph.plans import orgs

    monkeypatch.setattr(orgs, "SCAN_AT", 0)
    params = {"text": text} if text else {}
    assert same_rows(store, "search-evidence", params, lists=("supports",))
