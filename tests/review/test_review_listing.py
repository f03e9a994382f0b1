"""`review`: candidates across the corpus, grouped, with suggestions; decisions written."""

from __future__ import annotations

import pytest

from pressgraph.build import build, iter_extract
from pressgraph.decisions import load_decisions
from pressgraph.errors import DecisionsError, StoreError
from pressgraph.extract.gazetteer import load_gazetteer
from pressgraph.review import CandidateGroup, Suggester, decide, forget, review, to_dataframe

from .conftest import REVIEW


@pytest.fixture()
def records(tmp_path):
    out = tmp_path / "records"
    assert all(r.record for r in iter_extract([REVIEW], records_dir=out))
    return out


def _groups(**kw):
    return {g.key: g for g in review(**kw)}


def test_groups_count_releases_kept_rejected_and_reasons(records):
    groups = _groups(records=records)
    hwt = groups["hwt"]
    assert (hwt.releases, hwt.kept, hwt.rejected) == (2, 0, 2)
    assert list(hwt.reasons) == ["an acronym neither the text nor the gazetteers define"]
    assert hwt.reasons[next(iter(hwt.reasons))] == 2
    assoc = groups["artibonite-water-users-association"]
    assert (assoc.releases, assoc.kept, assoc.rejected) == (2, 2, 0)
    assert assoc.types == ["ngo"] and assoc.confidence and assoc.confidence < 1
    assert "Artibonite Water Users Association" in assoc.sample
    place = groups["nord-ouest-department"]
    assert place.rejected == 1 and "compass" in next(iter(place.reasons))
    assert place.rules == {"pattern:org-head:Department": 1}


def test_status_and_min_releases_filter(records):
    kept = review(records=records, status="kept")
    assert kept and all(g.kept for g in kept)
    rejected = review(records=records, status="rejected")
    assert rejected and all(g.rejected for g in rejected)
    assert {g.key for g in review(records=records, min_releases=2)} == {
        "hwt",
        "artibonite-water-users-association",
    }


def test_the_decision_column_follows_the_decisions_file(records, tmp_path):
    path = tmp_path / "decisions.yaml"
    decide("merge", "HWT", into="Artibonite Water Users Association", path=path)
    decide("reject", "Nord-Ouest Department", path=path)
    groups = _groups(records=records, decisions=path)
    assert (groups["hwt"].decision, groups["hwt"].into) == (
        "merge",
        "Artibonite Water Users Association",
    )
    assert groups["nord-ouest-department"].decision == "reject"
    assert groups["lakeshore-water-trust"].decision is None


def test_a_store_lists_the_candidates_of_its_inputs(tmp_path, records):
    build([REVIEW], store=tmp_path / "store")
    from_store = {(g.key, g.releases, g.kept, g.rejected) for g in review(store=tmp_path / "store")}
    from_records = {(g.key, g.releases, g.kept, g.rejected) for g in review(records=records)}
    assert from_store == from_records
    # built with --records: the kept records are read
    build([REVIEW], store=tmp_path / "store2", records_dir=tmp_path / "kept")
    assert {g.key for g in review(store=tmp_path / "store2")} == {k for k, *_ in from_records}


def test_a_store_without_a_manifest_is_explained(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="no build manifest"):
        review(store=tmp_path / "empty")


def test_suggestions_come_from_the_gazetteers_and_other_candidates():
    gaz = load_gazetteer()
    unodc = gaz.organizations["unodc"].name  # United Nations Office on Drugs and Crime
    s = Suggester(gaz)
    assert s.suggest(unodc.replace(" on ", " for "))[0] == "unodc"
    assert s.suggest("Completely Unrelated Fishermen Cooperative") is None
    kept = CandidateGroup(
        key="artibonite-water-users-association", name="Artibonite Water Users Association", kept=2
    )
    s = Suggester(gaz, others=[kept])
    assert s.suggest("AWUA")[0] == "Artibonite Water Users Association"


def test_suggestions_do_not_cross_countries():
    gaz = load_gazetteer()
    entry = next(
        o
        for o in gaz.organizations.values()
        if o.country and o.type == "government" and len(o.name.split()) >= 5
    )
    variant = " ".join(entry.name.split()[:-1])  # the name without its last word
    s = Suggester(gaz)
    hit = s.suggest(variant, [entry.country])
    assert hit is not None and gaz.organizations[hit[0]].country == entry.country
    other = next(c for c in gaz.countries if c != entry.country)
    hit = s.suggest(variant, [other])
    assert (
        hit is None
        or gaz.organizations.get(hit[0]) is None
        or (gaz.organizations[hit[0]].country != entry.country)
    )


def test_dataframe(records):
    pd = pytest.importorskip("pandas")
    df = to_dataframe(review(records=records))
    assert isinstance(df, pd.DataFrame)
    assert {"name", "releases", "kept", "rejected", "reasons", "suggestion"} <= set(df.columns)
    assert int(df.loc[df["key"] == "hwt", "releases"].iloc[0]) == 2


def test_decide_writes_replaces_and_forgets(tmp_path):
    path = tmp_path / "d" / "decisions.yaml"
    decide("accept", "HWT", type="ngo", country="hti", path=path)
    assert load_decisions(path).get("HWT").country == "HTI"
    result = decide("merge", "HWT", into="United Nations Children's Fund", path=path)
    assert result.decision.into == "unicef" and "gazetteer" in result.target
    assert [d.action for d in load_decisions(path)] == ["merge"]
    assert forget("hwt", path=path) and len(load_decisions(path)) == 0
    assert not forget("hwt", path=path)


def test_decide_refuses_gazetteer_names_and_bad_values_naming_the_file(tmp_path):
    path = tmp_path / "decisions.yaml"
    with pytest.raises(
        DecisionsError, match=r"decisions\.yaml \[name\].*gazetteer organization 'unicef'"
    ):
        decide("reject", "UNICEF", path=path)
    with pytest.raises(DecisionsError, match=r"decisions\.yaml \[decisions\[0\]\.country\]"):
        decide("accept", "HWT", country="XYZ", path=path)
    assert not path.exists()  # nothing half-written
