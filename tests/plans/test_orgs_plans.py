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
    "ends", [{"a": "UNDP", "b": "UNICEF"}, {"a": "UNICEF"}, {"b": "UNDP"}, {"a": UNKNOWN}, {}]
)
def test_evidence_for_edge(store, ends):
    same_rows(store, "evidence-for-edge", ends)


@pytest.mark.parametrize("text", ["water", "mangroves", "UNDP", "zzqx-not-there"])
def test_search_evidence(store, text):
    same_rows(store, "search-evidence", {"text": text}, lists=("supports",))
