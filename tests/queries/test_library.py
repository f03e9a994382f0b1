"""The query library (``queries/*.rq``) against the invented fixture corpus.

The store is built from ``tests/fixtures/records/*.yaml`` (seven invented releases, see the
README there). Every expected row below was worked out by hand from those records; when a
record changes, the expectations here change with it.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
try:
    import pressgraph  # noqa: F401
except ImportError:  # a plain checkout, not an installed package
    sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from pressgraph import vocab  # noqa: E402
from pressgraph.errors import QueryParameterError  # noqa: E402
from pressgraph.queries import (  # noqa: E402
    PARAM_TYPES,
    QueryResult,
    compact,
    library,
    run_query,
)
from pressgraph.records import read_record  # noqa: E402
from pressgraph.store import GraphStore  # noqa: E402

RECORDS_DIR = ROOT / "tests" / "fixtures" / "records"

R1 = "2016-03-14-undp-kyrgyzstan-flood-early-warning"
R2 = "2017-09-05-iom-tajikistan-migrant-health"
R3 = "2018-11-20-glacier-monitoring-central-asia"
R4 = "2020-06-30-kenya-water-for-displaced-families"
R5 = "2021-04-12-osh-youth-climate-forum"
R6 = "2023-02-08-uganda-solar-schools"
R7 = "2024-10-01-tajikistan-migrant-family-resilience"
ALL_RELEASES = [R1, R2, R3, R4, R5, R6, R7]


def ORG(key: str) -> str:
    return vocab.org_iri(key)


def REL(rid: str) -> str:
    return vocab.release_iri(rid)


def C(iso3: str) -> str:
    return vocab.country_iri(iso3)


# Names as the records give them (the same in every release).
NAMES = {
    "undp": "United Nations Development Programme",
    "iom": "International Organization for Migration",
    "unicef": "United Nations Children's Fund",
    "wfp": "World Food Programme",
    "government-kgz": "Government of Kyrgyzstan",
    "kgz-mes": "Ministry of Emergency Situations",
    "kgz-bhm": "Bureau of Hydrometeorology",
    "government-nor": "Government of Norway",
    "nor-mfa": "Ministry of Foreign Affairs",
    "nor-bcp": "Bureau of Climate Partnerships",
    "government-tjk": "Government of Tajikistan",
    "tjk-mohsp": "Ministry of Health and Social Protection",
    "government-ken": "Government of Kenya",
    "government-uga": "Government of Uganda",
    "hda": "Helvetic Development Agency",
    "cawc": "Central Asian Water Council",
    "mrf": "Mountain Roots Foundation",
    "cwa": "Clean Wells Alliance",
    "tessera": "Tessera Solar",
    "aih": "Alatau Institute of Hydrology",
    "oyc": "Osh Youth Council",
}

# --------------------------------------------------------------------------- coverage

TESTED: set[str] = set()


def covers(*names: str):
    """Register the library queries a test checks (see test_every_query_has_a_test)."""
    TESTED.update(names)

    def mark(fn):
        return fn

    return mark


# --------------------------------------------------------------------------- fixtures


def _fixture_records() -> list[dict]:
    paths = sorted(RECORDS_DIR.glob("*.yaml"))  # not broken/: those are invalid on purpose
    return [read_record(p) for p in paths]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return _fixture_records()


@pytest.fixture(scope="module")
def store(records) -> GraphStore:
    return build_store(records)


def build_store(records: list[dict]) -> GraphStore:
    s = GraphStore.in_memory()
    for record in records:
        s.put_release(record)
    return s


def run(store: GraphStore, name: str, **params) -> QueryResult:
    return run_query(store, name, {k: str(v) for k, v in params.items()})


def short(value):
    """IRIs as compact strings ('org/undp', 'country/KGZ', 'sdg:13'), other values as is."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return compact(value)
    return value


def table(result: QueryResult, *columns: str) -> list[tuple]:
    """The chosen columns of every row, in row order, with IRIs compacted."""
    idx = [result.columns.index(c) for c in columns]
    return [tuple(short(row[i]) for i in idx) for row in result.rows]


def split(value: str | None, sep: str = " ") -> list[str]:
    return sorted(x for x in (value or "").split(sep) if x)


# --------------------------------------------------------------------------- the corpus


def test_fixture_records_are_valid_and_consistent(records):
    assert [r["id"] for r in records] == ALL_RELEASES
    years = {r["date"][:4] for r in records}
    assert min(years) == "2016" and max(years) == "2024"
    for r in records:
        assert all(o["source"] == "fixture" for o in r["organizations"])
        spans = []
        for section in ("organizations", "countries", "people", "programs", "events"):
            for item in r[section]:
                spans += item.get("mentions") or []
                if item.get("evidence"):
                    spans.append(item["evidence"])
        for section in ("fundings", "partnerships", "un_entities_involved", "sdgs"):
            spans += [i["evidence"] for i in r[section] if i.get("evidence")]
        for span in spans:
            assert span["end"] - span["start"] == len(span["text"]), (r["id"], span)


def test_store_holds_one_graph_per_release(store):
    assert store.release_ids() == ALL_RELEASES


# --------------------------------------------------------------------------- the files


def test_every_query_parses_with_title_description_and_typed_parameters():
    queries = library()
    assert len(queries) >= 14
    for name, q in queries.items():
        assert q.title and q.title != name, name
        assert len(q.description) > 20, name
        for p in q.parameters:
            assert p.type in PARAM_TYPES, (name, p)
            assert p.description, (name, p.name)
        # pyoxigraph only substitutes variables of the SELECT projection
        select = q.sparql[q.sparql.index("SELECT") : q.sparql.index("WHERE")]
        for p in q.parameters:
            assert f"?{p.name}" in select, (name, p.name)
        assert re.search(r"^ORDER BY ", q.sparql, re.M), f"{name}: no ORDER BY"


def test_every_query_declares_its_prefixes():
    """Each file runs on a plain SPARQL engine without the predeclared prefixes."""
    empty = ox.Store()
    for name, q in library().items():
        try:
            list(empty.query(q.sparql))
        except SyntaxError as err:  # pragma: no cover - the message is the point
            pytest.fail(f"{name}: {err}")


def test_every_query_runs_without_parameters(store):
    for name, q in library().items():
        result = run_query(store, name)
        assert result.columns, name
        assert {p.name for p in q.parameters} <= set(result.columns), name


def test_every_query_has_a_test():
    missing = set(library()) - TESTED
    assert not missing, f"queries without a test: {sorted(missing)}"
    unknown = TESTED - set(library())
    assert not unknown, f"tests for queries that do not exist: {sorted(unknown)}"


def test_unknown_parameter_names_are_refused(store):
    with pytest.raises(QueryParameterError, match="unknown parameter"):
        run_query(store, "releases", {"sinse": "2018-01-01"})
    with pytest.raises(QueryParameterError):
        run_query(store, "organization-hierarchy", {"organization": ORG("undp")})


def test_badly_typed_parameters_are_refused(store):
    with pytest.raises(QueryParameterError):
        run_query(store, "releases", {"since": "2018"})
    with pytest.raises(QueryParameterError):
        run_query(store, "co-mentioned-organizations", {"min_weight": "two"})
    with pytest.raises(QueryParameterError):
        run_query(store, "sdg-coverage-by-country", {"goal": "18"})


# --------------------------------------------------------------------------- releases

TITLES = {
    R1: "UNDP and Kyrgyzstan launch flood early warning programme",
    R2: "IOM and Tajikistan expand health services for returning migrants",
    R3: "Regional partners start a glacier monitoring network in Central Asia",
    R4: "Clean water reaches displaced families in northern Kenya",
    R5: "Young people in Osh set their climate priorities",
    R6: "Solar power for 200 rural schools in Uganda",
    R7: "Norway supports the resilience of migrant families in Tajikistan",
}
KINDS = {
    R1: "press release",
    R2: "press release",
    R3: "press release",
    R4: "story",
    R5: "story",
    R6: "press release",
    R7: "press release",
}


@covers("releases")
def test_releases(store):
    result = run(store, "releases")
    assert table(result, "release", "date", "title", "kind") == [
        (f"release/{r}", r[:10], TITLES[r], KINDS[r]) for r in ALL_RELEASES
    ]
    window = run(store, "releases", since="2018-01-01", until="2021-12-31")
    assert [r[0] for r in table(window, "release")] == [f"release/{r}" for r in (R3, R4, R5)]
    assert {row["since"] for row in window} == {"2018-01-01"}
    # both ends are inclusive
    edges = run(store, "releases", since="2017-09-05", until="2020-06-30")
    assert [r[0] for r in table(edges, "release")] == [f"release/{r}" for r in (R2, R3, R4)]
    stories = run(store, "releases", kind="story")
    assert [r[0] for r in table(stories, "release")] == [f"release/{R4}", f"release/{R5}"]
    assert len(run(store, "releases", kind="statement")) == 0


def test_optional_parameters_and_missing_values(records):
    """A given parameter drops rows that lack the value; an absent one keeps them."""
    undated = copy.deepcopy(next(r for r in records if r["id"] == R4))
    undated["id"] = "undated-copy-of-the-kenya-story"
    undated["date"] = None
    undated["countries"] = []  # no focus country: the unprogrammed funding has no country
    for part in undated["partnerships"]:
        part["context"] = None
    # the same organization named differently in another release
    next(o for o in undated["organizations"] if o["id"] == "hda")["name"] = "HDA Switzerland"
    small = build_store([records[0], undated])
    assert table(run(small, "releases"), "release", "date") == [
        ("release/undated-copy-of-the-kenya-story", None),  # unbound sorts first
        (f"release/{R1}", "2016-03-14"),
    ]
    assert table(run(small, "releases", since="2000-01-01"), "release") == [
        (f"release/{R1}",),
    ]
    assert table(run(small, "releases", until="2999-12-31"), "release") == [
        (f"release/{R1}",),
    ]
    assert table(run(small, "donors"), "recipient", "country") == [
        ("org/undp", "country/KGZ"),
        ("org/iom", None),
        ("org/unicef", "country/KEN"),
    ]
    assert table(run(small, "donors", country=C("KEN")), "recipient", "country") == [
        ("org/unicef", "country/KEN"),
    ]
    # two labels, still one row per funding (the smallest label is shown)
    assert {r["funder_name"] for r in run(small, "donors")} == {"HDA Switzerland"}
    assert table(run(small, "organizations", type="donor_agency"), "name", "releases") == [
        ("HDA Switzerland", 2),
    ]
    iom = run(small, "partners-of-organization", org=ORG("iom"))
    assert table(iom, "partner", "partner_name") == [
        ("org/hda", "HDA Switzerland"),  # funder
        ("org/unicef", NAMES["unicef"]),  # cooperation
    ]


# --------------------------------------------------------------------------- organizations


@covers("organizations")
def test_organizations(store):
    result = run(store, "organizations")
    assert table(result, "organization", "type", "releases") == [
        ("org/aih", "academic", 1),
        ("org/hda", "donor_agency", 4),
        ("org/nor-bcp", "government", 3),
        ("org/nor-mfa", "government", 3),
        ("org/government-kgz", "government", 2),
        ("org/government-tjk", "government", 2),
        ("org/kgz-mes", "government", 2),
        ("org/tjk-mohsp", "government", 2),
        ("org/kgz-bhm", "government", 1),
        ("org/government-ken", "government", 1),
        ("org/government-uga", "government", 1),
        # only ever a parent (of nor-mfa), never named in a text: in no release's mentions
        ("org/government-nor", "government", 0),
        ("org/cawc", "igo", 2),
        ("org/mrf", "ngo", 3),
        ("org/cwa", "ngo", 1),
        ("org/oyc", "other", 1),
        ("org/tessera", "private", 1),
        ("org/undp", "un", 4),
        ("org/iom", "un", 3),
        ("org/unicef", "un", 2),
        ("org/wfp", "un", 1),
    ]
    rows = {r["organization"]: r for r in result}
    assert rows[ORG("nor-bcp")]["name"] == "Bureau of Climate Partnerships"
    assert rows[ORG("nor-bcp")]["acronym"] == "BCP"
    assert rows[ORG("nor-bcp")]["country"] == C("NOR")
    assert rows[ORG("cawc")]["country"] is None  # a regional body has no country
    assert rows[ORG("oyc")]["acronym"] is None

    ngos = run(store, "organizations", type="ngo")
    assert table(ngos, "organization", "name", "acronym", "type", "country", "releases") == [
        ("org/mrf", "Mountain Roots Foundation", "MRF", "ngo", "country/KGZ", 3),
        ("org/cwa", "Clean Wells Alliance", "CWA", "ngo", "country/KEN", 1),
    ]
    donors = run(store, "organizations", type="donor_agency")
    assert table(donors, "organization", "releases") == [("org/hda", 4)]
    assert len(run(store, "organizations", type="charity")) == 0


# --------------------------------------------------------------------------- partners


@covers("partners-of-organization")
def test_partners_of_organization(store):
    bcp = run(store, "partners-of-organization", org=ORG("nor-bcp"))
    got = [
        (short(r["partner"]), r["partner_name"], r["releases"], split(r["release_ids"]))
        for r in bcp
    ]
    assert got == [
        ("org/mrf", NAMES["mrf"], 2, [R3, R5]),  # recipient of both fundings
        ("org/iom", NAMES["iom"], 1, [R7]),  # recipient
        ("org/undp", NAMES["undp"], 1, [R3]),  # channel
    ]
    assert {r["org"] for r in bcp} == {ORG("nor-bcp")}

    undp = run(store, "partners-of-organization", org=ORG("undp"))
    got = [(short(r["partner"]), r["releases"], split(r["release_ids"])) for r in undp]
    assert got == [
        ("org/mrf", 3, [R1, R3, R5]),  # partnership, funding (recipient/channel), events
        ("org/cawc", 2, [R3, R5]),  # workshop and forum
        ("org/hda", 2, [R1, R6]),  # funder
        ("org/kgz-mes", 2, [R1, R3]),  # partnership and events
        ("org/aih", 1, [R3]),
        ("org/nor-bcp", 1, [R3]),
        ("org/kgz-bhm", 1, [R1]),
        ("org/government-uga", 1, [R6]),
        ("org/oyc", 1, [R5]),
        ("org/tessera", 1, [R6]),
        ("org/unicef", 1, [R6]),
    ]
    # without ORG: every pair, in both directions, the same counts
    everyone = run(store, "partners-of-organization")
    pairs = {(r["org"], r["partner"]): r["releases"] for r in everyone}
    assert all(pairs[(b, a)] == n for (a, b), n in pairs.items())
    assert {(short(b), n) for (a, b), n in pairs.items() if a == ORG("undp")} == {
        (p, n) for p, n, _ in got
    }
    assert (ORG("cwa"), ORG("iom")) not in pairs  # same release, but nothing done together


def test_org_parameter_resolves_acronyms_names_and_aliases(store):
    expected = run(store, "partners-of-organization", org=ORG("nor-bcp")).rows
    assert expected
    for value in ("BCP", "Bureau of Climate Partnerships", "bureau of climate partnerships"):
        got = run(store, "partners-of-organization", org=value)
        assert got.rows == expected, value
    # skos:altLabel
    alias = run(store, "organization-timeline", org="Tessera Solar GmbH")
    assert {r["org"] for r in alias} == {ORG("tessera")}


def test_org_parameter_unknown_name_is_an_error(store):
    with pytest.raises(QueryParameterError):
        run(store, "partners-of-organization", org="No Such Organization")


def test_country_and_sdg_parameters_resolve(store):
    pytest.importorskip("pressgraph.extract.gazetteer")
    by_iri = run(store, "programmes-by-country", country=C("TJK")).rows
    assert run(store, "programmes-by-country", country="Tajikistan").rows == by_iri
    assert run(store, "programmes-by-country", country="TJK").rows == by_iri
    by_number = run(store, "sdg-coverage-by-country", goal="13").rows
    for spelling in ("SDG 13", "Goal 13", "sdg13"):
        assert run(store, "sdg-coverage-by-country", goal=spelling).rows == by_number


# --------------------------------------------------------------------------- donors


@covers("donors")
def test_donors(store):
    cols = ("funder", "recipient", "channel", "program", "country", "amount", "currency", "release")
    result = run(store, "donors")
    assert table(result, *cols) == [
        (
            "org/hda",
            "org/undp",
            None,
            "initiative/flood-ews",
            "country/KGZ",
            2500000.0,
            "USD",
            f"release/{R1}",
        ),
        (
            "org/hda",
            "org/iom",
            None,
            "initiative/healthy-return",
            "country/TJK",
            None,
            None,
            f"release/{R2}",
        ),
        # the channelled funding: a programme in two countries gives two rows
        (
            "org/nor-bcp",
            "org/mrf",
            "org/undp",
            "initiative/glacier-watch",
            "country/KGZ",
            12000000.0,
            "NOK",
            f"release/{R3}",
        ),
        (
            "org/nor-bcp",
            "org/mrf",
            "org/undp",
            "initiative/glacier-watch",
            "country/TJK",
            12000000.0,
            "NOK",
            f"release/{R3}",
        ),
        # no programme: the country is the release's focus country
        ("org/hda", "org/iom", None, None, "country/KEN", 600000.0, "USD", f"release/{R4}"),
        (
            "org/hda",
            "org/unicef",
            None,
            "initiative/safe-water",
            "country/KEN",
            1800000.0,
            "USD",
            f"release/{R4}",
        ),
        # an event is funded, not a programme
        ("org/nor-bcp", "org/mrf", None, None, "country/KGZ", 300000.0, "NOK", f"release/{R5}"),
        (
            "org/hda",
            "org/undp",
            None,
            "initiative/solar-schools",
            "country/UGA",
            4000000.0,
            "USD",
            f"release/{R6}",
        ),
        (
            "org/tessera",
            "org/undp",
            None,
            "initiative/solar-schools",
            "country/UGA",
            250000.0,
            "EUR",
            f"release/{R6}",
        ),
        (
            "org/nor-bcp",
            "org/iom",
            None,
            "initiative/migrant-resilience",
            "country/TJK",
            750000.0,
            "USD",
            f"release/{R7}",
        ),
    ]
    names = {r["release"]: r for r in result if r["channel"]}
    row = names[REL(R3)]
    assert (
        row["funder_name"],
        row["recipient_name"],
        row["channel_name"],
        row["program_name"],
    ) == (NAMES["nor-bcp"], NAMES["mrf"], NAMES["undp"], "Glacier Watch Network")

    hda_kenya = run(store, "donors", funder=ORG("hda"), country=C("KEN"))
    assert table(hda_kenya, "recipient", "program", "amount", "country") == [
        ("org/iom", None, 600000.0, "country/KEN"),
        ("org/unicef", "initiative/safe-water", 1800000.0, "country/KEN"),
    ]
    tajikistan = run(store, "donors", country=C("TJK"))
    assert table(tajikistan, "funder", "recipient", "release") == [
        ("org/hda", "org/iom", f"release/{R2}"),
        ("org/nor-bcp", "org/mrf", f"release/{R3}"),
        ("org/nor-bcp", "org/iom", f"release/{R7}"),
    ]
    assert len(run(store, "donors", funder=ORG("tessera"), country=C("KGZ"))) == 0


@covers("funding-totals-by-donor")
def test_funding_totals_by_donor(store):
    cols = ("funder", "funder_name", "currency", "total", "fundings", "releases")
    assert table(run(store, "funding-totals-by-donor"), *cols) == [
        ("org/tessera", NAMES["tessera"], "EUR", 250000.0, 1, 1),
        # 12 000 000 (2018) + 300 000 (2021)
        ("org/nor-bcp", NAMES["nor-bcp"], "NOK", 12300000.0, 2, 2),
        # 2.5M (2016) + 1.8M + 0.6M (2020) + 4M (2023); the 2017 funding has no amount
        ("org/hda", NAMES["hda"], "USD", 8900000.0, 4, 3),
        ("org/nor-bcp", NAMES["nor-bcp"], "USD", 750000.0, 1, 1),
    ]
    usd = run(store, "funding-totals-by-donor", currency="USD")
    assert table(usd, "funder", "total") == [("org/hda", 8900000.0), ("org/nor-bcp", 750000.0)]
    bcp = run(store, "funding-totals-by-donor", funder=ORG("nor-bcp"))
    assert table(bcp, "currency", "total", "fundings") == [
        ("NOK", 12300000.0, 2),
        ("USD", 750000.0, 1),
    ]


# --------------------------------------------------------------------------- programmes


@covers("programmes-by-country")
def test_programmes_by_country(store):
    cols = ("country", "program", "name", "kind", "owner", "start", "end", "releases")
    assert table(run(store, "programmes-by-country"), *cols) == [
        (
            "country/KEN",
            "initiative/safe-water",
            "Safe Water for Displaced Communities",
            "project",
            "org/unicef",
            "2020-06",
            "2021-06",
            1,
        ),
        (
            "country/KGZ",
            "initiative/flood-ews",
            "Flood Early Warning Programme",
            "programme",
            "org/undp",
            "2016",
            "2019",
            1,
        ),
        (
            "country/KGZ",
            "initiative/glacier-watch",
            "Glacier Watch Network",
            "project",
            "org/cawc",
            "2018-11-20",
            "2022-12-31",
            1,
        ),
        (
            "country/KGZ",
            "initiative/youth-climate-voices",
            "Youth Climate Voices",
            "campaign",
            "org/mrf",
            "2021",
            None,
            1,
        ),
        (
            "country/TJK",
            "initiative/healthy-return",
            "Healthy Return Initiative",
            "initiative",
            "org/iom",
            "2017-09",
            None,
            1,
        ),
        (
            "country/TJK",
            "initiative/glacier-watch",
            "Glacier Watch Network",
            "project",
            "org/cawc",
            "2018-11-20",
            "2022-12-31",
            1,
        ),
        (
            "country/TJK",
            "initiative/migrant-resilience",
            "Migrant Family Resilience Programme",
            "programme",
            "org/iom",
            "2024-10-01",
            "2027",
            1,
        ),
        (
            "country/UGA",
            "initiative/solar-schools",
            "Solar for Schools",
            "programme",
            "org/undp",
            "2023",
            "2026",
            1,
        ),
    ]
    kenya = run(store, "programmes-by-country", country=C("KEN"))
    assert table(kenya, "program", "owner_name") == [
        ("initiative/safe-water", NAMES["unicef"]),
    ]
    assert len(run(store, "programmes-by-country", country=C("NOR"))) == 0


# --------------------------------------------------------------------------- SDGs


@covers("sdg-coverage-by-country")
def test_sdg_coverage_by_country(store):
    F, T = "footer-listed", "text-inferred"
    result = run(store, "sdg-coverage-by-country")
    got = [
        (short(r["country"]), short(r["goal"]), r["method"], r["releases"], split(r["release_ids"]))
        for r in result
    ]
    assert got == [
        ("country/KEN", "sdg:6", T, 1, [R4]),
        ("country/KGZ", "sdg:4", F, 1, [R5]),
        ("country/KGZ", "sdg:4", T, 1, [R5]),
        ("country/KGZ", "sdg:6", F, 1, [R3]),
        ("country/KGZ", "sdg:6", T, 1, [R3]),
        ("country/KGZ", "sdg:13", F, 3, [R1, R3, R5]),
        ("country/KGZ", "sdg:13", T, 3, [R1, R3, R5]),
        ("country/TJK", "sdg:1", F, 1, [R7]),
        ("country/TJK", "sdg:1", T, 1, [R7]),
        ("country/TJK", "sdg:2", F, 1, [R7]),
        ("country/TJK", "sdg:2", T, 1, [R7]),  # target 2.1 counts under goal 2
        ("country/TJK", "sdg:3", F, 1, [R2]),
        ("country/TJK", "sdg:6", F, 1, [R3]),
        ("country/TJK", "sdg:6", T, 1, [R3]),
        ("country/TJK", "sdg:13", F, 1, [R3]),
        ("country/TJK", "sdg:13", T, 1, [R3]),
        ("country/UGA", "sdg:4", F, 1, [R6]),
        ("country/UGA", "sdg:7", F, 1, [R6]),
        ("country/UGA", "sdg:7", T, 1, [R6]),
        ("country/UGA", "sdg:13", T, 1, [R6]),  # target 13.2
    ]
    goal13 = run(store, "sdg-coverage-by-country", goal="13")
    assert table(goal13, "country", "method", "releases") == [
        ("country/KGZ", F, 3),
        ("country/KGZ", T, 3),
        ("country/TJK", F, 1),
        ("country/TJK", T, 1),
        ("country/UGA", T, 1),
    ]
    kgz13 = run(store, "sdg-coverage-by-country", country=C("KGZ"), goal="13")
    assert table(kgz13, "country", "goal", "method", "releases") == [
        ("country/KGZ", "sdg:13", F, 3),
        ("country/KGZ", "sdg:13", T, 3),
    ]


@covers("footer-text-disagreements")
def test_footer_text_disagreements(store):
    # Only the Uganda release disagrees; 2017 (footer only) and 2020 (text only) have a
    # single method and are not compared.
    expected = [
        (f"release/{R6}", R6, "sdg:4", "footer only"),
        (f"release/{R6}", R6, "sdg:13", "text only"),
    ]
    result = run(store, "footer-text-disagreements")
    assert table(result, "release", "release_id", "goal", "found_in") == expected
    one = run(store, "footer-text-disagreements", release=R6)
    assert table(one, "release", "release_id", "goal", "found_in") == expected
    # 2024: footer 1 and 2, text 1 and target 2.1: they agree at goal level
    assert len(run(store, "footer-text-disagreements", release=R7)) == 0
    assert len(run(store, "footer-text-disagreements", release=R5)) == 0


# --------------------------------------------------------------------------- people


@covers("people-and-affiliations")
def test_people_and_affiliations(store):
    cols = ("person", "name", "honorific", "role", "org", "release")
    result = run(store, "people-and-affiliations")
    assert table(result, *cols) == [
        (
            "person/aida-bekova",
            "Aida Bekova",
            "Ms.",
            "Minister of Emergency Situations",
            "org/kgz-mes",
            f"release/{R1}",
        ),
        (
            "person/aizada-toktogulova",
            "Aizada Toktogulova",
            None,
            "Chair",
            "org/oyc",
            f"release/{R5}",
        ),
        (
            "person/amina-otieno",
            "Amina Otieno",
            None,
            "Executive Director",
            "org/cwa",
            f"release/{R4}",
        ),
        (
            "person/farrukh-nazarov",
            "Farrukh Nazarov",
            None,
            "Deputy Minister",
            "org/tjk-mohsp",
            f"release/{R2}",
        ),
        (
            "person/farrukh-nazarov",
            "Farrukh Nazarov",
            None,
            "Minister",
            "org/tjk-mohsp",
            f"release/{R7}",
        ),
        (
            "person/grace-namutebi",
            "Grace Namutebi",
            None,
            "Representative",
            "org/unicef",
            f"release/{R6}",
        ),
        ("person/ilse-varga", "Ilse Varga", None, "Chief of Mission", "org/iom", f"release/{R2}"),
        (
            "person/ingrid-haugen",
            "Ingrid Haugen",
            None,
            "Head of Bureau",
            "org/nor-bcp",
            f"release/{R3}",
        ),
        (
            "person/ingrid-haugen",
            "Ingrid Haugen",
            None,
            "Head of Bureau",
            "org/nor-bcp",
            f"release/{R5}",
        ),
        (
            "person/ingrid-haugen",
            "Ingrid Haugen",
            None,
            "Head of Bureau",
            "org/nor-bcp",
            f"release/{R7}",
        ),
        (
            "person/jonas-weber",
            "Jonas Weber",
            None,
            "Managing Director",
            "org/tessera",
            f"release/{R6}",
        ),
        (
            "person/marta-lind",
            "Marta Lind",
            None,
            "Resident Representative",
            "org/undp",
            f"release/{R1}",
        ),
        (
            "person/marta-lind",
            "Marta Lind",
            None,
            "Resident Representative",
            "org/undp",
            f"release/{R3}",
        ),
        ("person/nurlan-osmonov", "Nurlan Osmonov", "Dr.", "Director", "org/aih", f"release/{R3}"),
        # a role without an organization
        ("person/peter-ekai", "Peter Ekai", None, "County Commissioner", None, f"release/{R4}"),
    ]
    ministry = run(store, "people-and-affiliations", org=ORG("tjk-mohsp"))
    assert table(ministry, "name", "role", "org_name", "release") == [
        ("Farrukh Nazarov", "Deputy Minister", NAMES["tjk-mohsp"], f"release/{R2}"),
        ("Farrukh Nazarov", "Minister", NAMES["tjk-mohsp"], f"release/{R7}"),
    ]
    undp = run(store, "people-and-affiliations", org=ORG("undp"))
    assert table(undp, "person", "release") == [
        ("person/marta-lind", f"release/{R1}"),
        ("person/marta-lind", f"release/{R3}"),
    ]
    assert len(run(store, "people-and-affiliations", org=ORG("hda"))) == 0


# --------------------------------------------------------------------------- timeline


@covers("organization-timeline")
def test_organization_timeline(store):
    mrf = run(store, "organization-timeline", org=ORG("mrf"))
    assert table(mrf, "date", "release", "title", "relationship") == [
        ("2016-03-14", f"release/{R1}", TITLES[R1], "participant"),
        ("2016-03-14", f"release/{R1}", TITLES[R1], "partner (implementer)"),
        ("2018-11-20", f"release/{R3}", TITLES[R3], "funding recipient"),
        ("2018-11-20", f"release/{R3}", TITLES[R3], "participant"),
        ("2018-11-20", f"release/{R3}", TITLES[R3], "partner (partner)"),
        ("2021-04-12", f"release/{R5}", TITLES[R5], "funding recipient"),
        ("2021-04-12", f"release/{R5}", TITLES[R5], "organizer"),
        ("2021-04-12", f"release/{R5}", TITLES[R5], "owner"),
        ("2021-04-12", f"release/{R5}", TITLES[R5], "partner (co-organizer)"),
    ]
    undp = run(store, "organization-timeline", org=ORG("undp"))
    r3 = [row[1] for row in table(undp, "release", "relationship") if row[0] == f"release/{R3}"]
    assert r3 == ["affiliation", "funding channel", "participant", "un-entity-involved"]
    gov = run(store, "organization-timeline", org=ORG("government-kgz"))
    assert table(gov, "release", "relationship") == [
        (f"release/{R1}", "mentioned"),
        (f"release/{R3}", "mentioned"),
    ]
    hda = run(store, "organization-timeline", org=ORG("hda"))
    assert table(hda, "release", "relationship") == [
        (f"release/{r}", "funder") for r in (R1, R2, R4, R6)
    ]
    everyone = run(store, "organization-timeline")
    # the Norwegian government is only ever a parent: it has no timeline of its own
    assert {r["org"] for r in everyone} == {ORG(k) for k in NAMES} - {ORG("government-nor")}


# --------------------------------------------------------------------------- evidence


def _evidence(records, rid: str, section: str, item_id: str) -> dict:
    record = next(r for r in records if r["id"] == rid)
    return next(i for i in record[section] if i["id"] == item_id)["evidence"]


@covers("evidence-for-edge")
def test_evidence_for_edge(store, records):
    cols = ("a", "b", "kind", "method", "confidence", "sentence", "start", "end", "release")
    partnership = _evidence(records, R1, "partnerships", "undp-mrf")
    funding = _evidence(records, R3, "fundings", "bcp-mrf-glacier-watch")
    expected = [
        (
            "org/undp",
            "org/mrf",
            "partnership",
            "text-inferred",
            0.7,
            partnership["text"],
            partnership["start"],
            partnership["end"],
            f"release/{R1}",
        ),
        (
            "org/undp",
            "org/mrf",
            "funding",
            "text-explicit",
            0.9,
            funding["text"],
            funding["start"],
            funding["end"],
            f"release/{R3}",
        ),
    ]
    result = run(store, "evidence-for-edge", a=ORG("undp"), b=ORG("mrf"))
    assert table(result, *cols) == expected
    assert partnership["text"] == (
        "The Mountain Roots Foundation will implement the village component for UNDP."
    )
    assert [short(r["assertion"]) for r in result] == [
        f"assertion/{R1}/partnership/undp-mrf",
        f"assertion/{R3}/funding/bcp-mrf-glacier-watch",
    ]
    # the order of A and B does not matter
    swapped = run(store, "evidence-for-edge", a=ORG("mrf"), b=ORG("undp"))
    assert [r["assertion"] for r in swapped] == [r["assertion"] for r in result]
    # funder and channel of the same funding
    channel = run(store, "evidence-for-edge", a=ORG("nor-bcp"), b=ORG("undp"))
    assert table(channel, "kind", "release") == [("funding", f"release/{R3}")]
    # an organization and a person: memberships, in two releases
    marta = run(store, "evidence-for-edge", a=vocab.person_iri("marta-lind"), b=ORG("undp"))
    assert table(marta, "kind", "sentence", "release") == [
        ("membership", "Marta Lind, UNDP Resident Representative", f"release/{R1}"),
        ("membership", "Marta Lind, UNDP Resident Representative", f"release/{R3}"),
    ]
    # an organization and an event; a footer entity has no evidence sentence
    launch = vocab.event_iri(R1, "launch-ceremony")
    assert table(run(store, "evidence-for-edge", a=ORG("undp"), b=launch), "kind", "release") == [
        ("participation", f"release/{R1}")
    ]
    footer = run(store, "evidence-for-edge", a=ORG("iom"), b=REL(R2))
    assert table(footer, "kind", "method", "confidence", "sentence") == [
        ("participation", "footer-listed", 1.0, None),
    ]
    # nothing links these two
    assert len(run(store, "evidence-for-edge", a=ORG("cwa"), b=ORG("iom"))) == 0


@covers("search-evidence")
def test_search_evidence(store, records):
    cols = ("release", "start", "end", "span_text", "section", "supports")
    result = run(store, "search-evidence", text="NORWAY")  # case-insensitive
    r3 = _evidence(records, R3, "fundings", "bcp-mrf-glacier-watch")
    r5 = _evidence(records, R5, "fundings", "bcp-mrf-forum")
    r7 = _evidence(records, R7, "fundings", "bcp-iom-resilience")
    assert (r3["start"], r3["end"], r5["start"], r5["end"], r7["start"], r7["end"]) == (
        252,
        403,
        335,
        444,
        250,
        376,
    )
    assert table(result, *cols) == [
        (
            f"release/{R3}",
            252,
            403,
            r3["text"],
            "body",
            f"assertion/{R3}/funding/bcp-mrf-glacier-watch",
        ),
        (f"release/{R3}", 296, 302, "Norway", None, "country/NOR"),
        (f"release/{R5}", 335, 444, r5["text"], "body", f"assertion/{R5}/funding/bcp-mrf-forum"),
        (f"release/{R5}", 373, 379, "Norway", None, "country/NOR"),
        (f"release/{R7}", 0, 6, "Norway", None, "country/NOR"),
        (
            f"release/{R7}",
            250,
            376,
            r7["text"],
            "body",
            f"assertion/{R7}/funding/bcp-iom-resilience",
        ),
    ]
    assert {r["text"] for r in result} == {"NORWAY"}
    # one sentence that is the evidence of two SDG alignments
    shared = run(store, "search-evidence", text="climate education")
    assert len(shared) == 1
    assert split(shared.rows[0][shared.columns.index("supports")]) == [
        f"{vocab.ID}assertion/{R5}/sdg/text-13",
        f"{vocab.ID}assertion/{R5}/sdg/text-4",
    ]
    assert len(run(store, "search-evidence", text="no such words anywhere")) == 0


INJECTIONS = [
    '" } ; DROP ALL ; SELECT * { ?s ?p "',
    "') || true || ('",
    '") || true || ("',
    'Norway" ) } UNION { ?span ?p ?o } #',
    "x' . } DELETE WHERE { ?s ?p ?o } #",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_string_parameters_are_data_not_sparql(store, payload):
    before = len(store)
    quads_before = set(store.quads())
    assert len(run(store, "search-evidence", text=payload)) == 0
    assert len(run(store, "releases", kind=payload)) == 0
    assert len(run(store, "organizations", type=payload)) == 0
    assert len(run(store, "funding-totals-by-donor", currency=payload)) == 0
    assert len(store) == before
    assert set(store.quads()) == quads_before
    assert store.release_ids() == ALL_RELEASES


# --------------------------------------------------------------------------- the rest


@covers("un-entities-by-country")
def test_un_entities_by_country(store):
    result = run(store, "un-entities-by-country")
    got = [
        (
            short(r["country"]),
            short(r["entity"]),
            r["acronym"],
            r["releases"],
            split(r["release_ids"]),
        )
        for r in result
    ]
    assert got == [
        ("country/KEN", "org/iom", "IOM", 1, [R4]),
        ("country/KEN", "org/unicef", "UNICEF", 1, [R4]),
        ("country/KGZ", "org/undp", "UNDP", 3, [R1, R3, R5]),
        ("country/TJK", "org/iom", "IOM", 2, [R2, R7]),
        ("country/TJK", "org/undp", "UNDP", 1, [R3]),
        ("country/TJK", "org/wfp", "WFP", 1, [R7]),
        ("country/UGA", "org/undp", "UNDP", 1, [R6]),
        ("country/UGA", "org/unicef", "UNICEF", 1, [R6]),
    ]
    tjk = run(store, "un-entities-by-country", country=C("TJK"))
    assert table(tjk, "entity_name", "releases") == [
        (NAMES["iom"], 2),
        (NAMES["undp"], 1),
        (NAMES["wfp"], 1),
    ]


# Organizations of each release, from the records.
ORGS_BY_RELEASE = {
    R1: {"undp", "kgz-mes", "government-kgz", "kgz-bhm", "hda", "mrf"},
    R2: {"iom", "tjk-mohsp", "government-tjk", "hda"},
    R3: {
        "cawc",
        "nor-bcp",
        "nor-mfa",
        "government-nor",
        "mrf",
        "undp",
        "aih",
        "kgz-mes",
        "government-kgz",
    },
    R4: {"unicef", "cwa", "hda", "iom", "government-ken"},
    R5: {"mrf", "oyc", "cawc", "undp", "nor-bcp", "nor-mfa", "government-nor"},
    R6: {"undp", "unicef", "hda", "tessera", "government-uga"},
    R7: {"iom", "wfp", "nor-bcp", "nor-mfa", "government-nor", "tjk-mohsp", "government-tjk"},
}


@covers("co-mentioned-organizations")
def test_co_mentioned_organizations(store, records):
    assert {r["id"]: {o["id"] for o in r["organizations"]} for r in records} == ORGS_BY_RELEASE
    # government-nor is in three records only as the ministry's parent, never mentioned:
    # it is in no pair. Weight 3: the Norwegian bureau and ministry (2018, 2021, 2024) and
    # MRF with UNDP (2016, 2018, 2021)
    three = {
        ("nor-bcp", "nor-mfa"),
        ("mrf", "undp"),
    }
    # weight 2: the other pairs within 2018 & 2021 {cawc, nor-*, mrf, undp}, within 2016 &
    # 2018 {undp, kgz-mes, government-kgz, mrf}, within 2017 & 2024 {iom, tjk-mohsp,
    # government-tjk}, and HDA with IOM (2017, 2020), UNDP (2016, 2023), UNICEF (2020, 2023)
    two = {
        ("cawc", "mrf"),
        ("cawc", "nor-bcp"),
        ("cawc", "nor-mfa"),
        ("cawc", "undp"),
        ("mrf", "nor-bcp"),
        ("mrf", "nor-mfa"),
        ("nor-bcp", "undp"),
        ("nor-mfa", "undp"),
        ("government-kgz", "kgz-mes"),
        ("government-kgz", "mrf"),
        ("government-kgz", "undp"),
        ("kgz-mes", "mrf"),
        ("kgz-mes", "undp"),
        ("government-tjk", "iom"),
        ("government-tjk", "tjk-mohsp"),
        ("iom", "tjk-mohsp"),
        ("hda", "iom"),
        ("hda", "undp"),
        ("hda", "unicef"),
    }
    expected = sorted(
        [(f"org/{a}", f"org/{b}", 3) for a, b in three]
        + [(f"org/{a}", f"org/{b}", 2) for a, b in two],
        key=lambda t: (-t[2], ORG(t[0][4:]), ORG(t[1][4:])),
    )
    result = run(store, "co-mentioned-organizations")  # default min_weight = 2
    assert table(result, "a", "b", "weight") == expected
    assert {r["min_weight"] for r in result} == {2}
    assert all(r["a_name"] == NAMES[r["a"].rsplit("/", 1)[1]] for r in result)
    strong = run(store, "co-mentioned-organizations", min_weight=3)
    assert table(strong, "a", "b", "weight") == [t for t in expected if t[2] == 3]
    # weight 1 adds every other pair that shares a release
    pairs = set()
    for orgs in ORGS_BY_RELEASE.values():
        named = orgs - {"government-nor"}
        pairs |= {(a, b) for a in named for b in named if ORG(a) < ORG(b)}
    assert len(run(store, "co-mentioned-organizations", min_weight=1)) == len(pairs)


@covers("organization-hierarchy")
def test_organization_hierarchy(store):
    cols = ("org", "org_name", "ancestor", "ancestor_name", "level")
    assert table(run(store, "organization-hierarchy"), *cols) == [
        ("org/kgz-bhm", NAMES["kgz-bhm"], "org/kgz-mes", NAMES["kgz-mes"], 1),
        ("org/kgz-bhm", NAMES["kgz-bhm"], "org/government-kgz", NAMES["government-kgz"], 2),
        ("org/kgz-mes", NAMES["kgz-mes"], "org/government-kgz", NAMES["government-kgz"], 1),
        ("org/nor-bcp", NAMES["nor-bcp"], "org/nor-mfa", NAMES["nor-mfa"], 1),
        ("org/nor-bcp", NAMES["nor-bcp"], "org/government-nor", NAMES["government-nor"], 2),
        ("org/nor-mfa", NAMES["nor-mfa"], "org/government-nor", NAMES["government-nor"], 1),
        ("org/tjk-mohsp", NAMES["tjk-mohsp"], "org/government-tjk", NAMES["government-tjk"], 1),
    ]
    bureau = run(store, "organization-hierarchy", org=ORG("kgz-bhm"))
    assert table(bureau, "ancestor", "level") == [("org/kgz-mes", 1), ("org/government-kgz", 2)]
    assert len(run(store, "organization-hierarchy", org=ORG("undp"))) == 0


@covers("events")
def test_events(store):
    result = run(store, "events")
    got = [
        (
            short(r["event"]),
            r["name"],
            r["kind"],
            r["start"],
            r["end"],
            short(r["country"]),
            split(r["organizers"], "; "),
            split(r["participants"], "; "),
            short(r["release"]),
        )
        for r in result
    ]
    assert got == [
        (
            f"event/{R1}/launch-ceremony",
            "Launch of the Flood Early Warning Programme",
            "launch",
            "2016-03-14",
            "2016-03-14",
            "country/KGZ",
            [NAMES["kgz-mes"], NAMES["undp"]],
            [NAMES["kgz-bhm"], NAMES["mrf"]],
            f"release/{R1}",
        ),
        (
            f"event/{R3}/inception-workshop",
            "Glacier Watch inception workshop",
            "workshop",
            "2018-11-19",
            "2018-11-20",
            "country/KGZ",
            [NAMES["aih"], NAMES["cawc"]],
            [NAMES["kgz-mes"], NAMES["mrf"], NAMES["undp"]],
            f"release/{R3}",
        ),
        (
            f"event/{R5}/youth-forum",
            "Osh Youth Climate Forum",
            "forum",
            "2021-04-10",
            "2021-04-11",
            "country/KGZ",
            [NAMES["mrf"], NAMES["oyc"]],
            [NAMES["cawc"], NAMES["undp"]],
            f"release/{R5}",
        ),
        (
            f"event/{R6}/handover",
            "Handover of the first solar installations",
            "ceremony",
            "2023-02-08",
            None,
            "country/UGA",
            [NAMES["undp"]],
            [NAMES["government-uga"], NAMES["tessera"], NAMES["unicef"]],
            f"release/{R6}",
        ),
    ]
    uganda = run(store, "events", country=C("UGA"))
    assert table(uganda, "event", "country") == [(f"event/{R6}/handover", "country/UGA")]
    kyrgyzstan = run(store, "events", country=C("KGZ"))
    assert [r[0] for r in table(kyrgyzstan, "event")] == [
        f"event/{R1}/launch-ceremony",
        f"event/{R3}/inception-workshop",
        f"event/{R5}/youth-forum",
    ]
    assert len(run(store, "events", country=C("KEN"))) == 0


def test_country_labels_are_optional_and_come_from_the_registry(store, records):
    # without the registry graph, countries have no label: the rows are still there
    plain = run(store, "programmes-by-country", country=C("KEN"))
    assert table(plain, "country", "country_name", "program") == [
        ("country/KEN", None, "initiative/safe-water"),
    ]
    reference = pytest.importorskip("pressgraph.reference")
    with_registry = build_store(records)
    reference.load_reference(with_registry)
    got = run(with_registry, "programmes-by-country")
    assert table(got, "country", "country_name", "program") == [
        ("country/KEN", "Kenya", "initiative/safe-water"),
        ("country/KGZ", "Kyrgyzstan", "initiative/flood-ews"),
        ("country/KGZ", "Kyrgyzstan", "initiative/glacier-watch"),
        ("country/KGZ", "Kyrgyzstan", "initiative/youth-climate-voices"),
        ("country/TJK", "Tajikistan", "initiative/healthy-return"),
        ("country/TJK", "Tajikistan", "initiative/glacier-watch"),
        ("country/TJK", "Tajikistan", "initiative/migrant-resilience"),
        ("country/UGA", "Uganda", "initiative/solar-schools"),
    ]
    un = run(with_registry, "un-entities-by-country", country=C("UGA"))
    assert table(un, "country_name", "acronym", "releases") == [
        ("Uganda", "UNDP", 1),
        ("Uganda", "UNICEF", 1),
    ]
    sdg = run(with_registry, "sdg-coverage-by-country", country=C("KEN"))
    assert table(sdg, "country_name", "goal", "method", "releases") == [
        ("Kenya", "sdg:6", "text-inferred", 1),
    ]
    # the reference graphs add no fundings, partners or co-mentions
    for name in ("funding-totals-by-donor", "donors", "co-mentioned-organizations"):
        assert run(with_registry, name).rows == run(store, name).rows, name
    assert (
        run(with_registry, "partners-of-organization", org=ORG("undp")).rows
        == run(store, "partners-of-organization", org=ORG("undp")).rows
    )


# --------------------------------------------------------------------------- exports


def test_result_exports(store):
    result = run(store, "funding-totals-by-donor", currency="USD")
    text = result.to_csv()
    assert text.splitlines() == [
        "funder,funder_name,currency,total,fundings,releases",
        f"{ORG('hda')},Helvetic Development Agency,USD,8900000.0,4,3",
        f"{ORG('nor-bcp')},Bureau of Climate Partnerships,USD,750000.0,1,1",
    ]
    assert (
        list(csv.reader(io.StringIO(result.to_csv(delimiter="\t")), delimiter="\t"))[1][1]
        == "Helvetic Development Agency"
    )
    # empty cells for unbound values, quoting for commas
    people = run(store, "people-and-affiliations")
    parsed = list(csv.DictReader(io.StringIO(people.to_csv())))
    assert len(parsed) == len(people)
    assert parsed[-1]["name"] == "Peter Ekai" and parsed[-1]["org"] == ""

    data = json.loads(result.to_json())
    assert data == [
        {
            "funder": ORG("hda"),
            "funder_name": "Helvetic Development Agency",
            "currency": "USD",
            "total": 8900000.0,
            "fundings": 4,
            "releases": 3,
        },
        {
            "funder": ORG("nor-bcp"),
            "funder_name": "Bureau of Climate Partnerships",
            "currency": "USD",
            "total": 750000.0,
            "fundings": 1,
            "releases": 1,
        },
    ]
    assert json.loads(QueryResult(["a"], []).to_json()) == []
    assert QueryResult(["a", "b"], []).to_csv() == "a,b\n"


def test_result_to_dataframe(store):
    pd = pytest.importorskip("pandas")
    frame = run(store, "funding-totals-by-donor").to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [
        "funder",
        "funder_name",
        "currency",
        "total",
        "fundings",
        "releases",
    ]
    assert frame.shape == (4, 6)
    assert frame.groupby("currency")["total"].sum().to_dict() == {
        "EUR": 250000.0,
        "NOK": 12300000.0,
        "USD": 9650000.0,
    }
