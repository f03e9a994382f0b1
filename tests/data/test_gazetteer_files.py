"""Checks on the gazetteer data files in src/pressgraph/data/gazetteer/.

They load with yaml.safe_load, ids are unique and well formed, types and parents are
valid, donor agencies carry an ISO3 country, countries.yaml covers every pycountry
country, and un_entities.yaml covers the UN System Chart entities when that reference
file is present in shared/.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pycountry
import pytest
import yaml

HERE = Path(__file__).resolve()
GAZ_DIR = HERE.parents[2] / "src" / "pressgraph" / "data" / "gazetteer"
UN_CHART_CSV = (
    HERE.parents[3] / "shared" / "data" / "org-gazetteers" / "un_system_chart_entities.csv"
)

ORG_FILES = ("un_entities.yaml", "multilaterals.yaml", "donor_agencies.yaml", "ngos.yaml")
ALL_FILES = (*ORG_FILES, "countries.yaml")
TYPES = {"un", "government", "donor_agency", "igo", "ngo", "private", "academic", "other"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXTRA_CODES = {"XKX"}  # Kosovo: user-assigned code, not in ISO 3166-1
ORG_KEYS = {"id", "name", "acronym", "aliases", "type", "parent"}
COUNTRY_KEYS = {"names", "adjectives", "demonyms", "ambiguous"}


@cache
def load(name: str):
    with open(GAZ_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def all_items() -> list[tuple[str, dict]]:
    return [(name, item) for name in ORG_FILES for item in load(name)]


def iso3_codes() -> set[str]:
    return {c.alpha_3 for c in pycountry.countries} | EXTRA_CODES


def surface_forms(item: dict) -> list[str]:
    return [s for s in (item["name"], item["acronym"], *item["aliases"]) if s]


@pytest.mark.parametrize("name", ALL_FILES)
def test_file_loads_and_is_small(name):
    path = GAZ_DIR / name
    assert path.stat().st_size < 1024 * 1024, f"{name} must stay well under 1 MiB"
    data = load(name)
    expected = dict if name == "countries.yaml" else list
    assert isinstance(data, expected) and data, f"{name} should be a non-empty {expected}"


@pytest.mark.parametrize("name", ORG_FILES)
def test_org_items_have_the_fields(name):
    for item in load(name):
        assert isinstance(item, dict), item
        missing = ORG_KEYS - set(item)
        assert not missing, f"{name}: {item.get('id')} lacks {sorted(missing)}"
        extra = set(item) - ORG_KEYS - {"country"}
        assert not extra, f"{name}: {item['id']} has unknown keys {sorted(extra)}"
        assert isinstance(item["name"], str) and item["name"].strip(), item
        assert item["acronym"] is None or isinstance(item["acronym"], str), item
        assert isinstance(item["aliases"], list), item
        assert all(isinstance(a, str) and a.strip() for a in item["aliases"]), item
        assert len(set(item["aliases"])) == len(item["aliases"]), f"{item['id']}: dup alias"
        assert item["name"] not in item["aliases"], f"{item['id']}: alias repeats name"
        assert item["acronym"] not in item["aliases"], f"{item['id']}: alias repeats acronym"


def test_ids_unique_and_well_formed():
    ids = [item["id"] for _, item in all_items()]
    bad = [i for i in ids if not isinstance(i, str) or not ID_RE.match(i)]
    assert not bad, f"ids must match {ID_RE.pattern}: {bad}"
    dups = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not dups, f"ids used more than once across the gazetteer files: {dups}"


def test_types_are_known():
    bad = [(f, i["id"], i["type"]) for f, i in all_items() if i["type"] not in TYPES]
    assert not bad, f"unknown types: {bad}"


def test_un_and_multilateral_types():
    assert {i["type"] for i in load("un_entities.yaml")} == {"un"}
    assert {i["type"] for i in load("multilaterals.yaml")} == {"igo"}
    assert {i["type"] for i in load("donor_agencies.yaml")} <= {"donor_agency", "government"}


def test_parents_exist():
    ids = {item["id"] for _, item in all_items()}
    bad = [
        (f, i["id"], i["parent"]) for f, i in all_items() if i["parent"] and i["parent"] not in ids
    ]
    assert not bad, f"parents that are no id: {bad}"
    assert all(i["parent"] != i["id"] for _, i in all_items())


def test_no_parent_cycles():
    parent = {i["id"]: i["parent"] for _, i in all_items()}
    for start in parent:
        seen, node = set(), start
        while node is not None:
            assert node not in seen, f"parent cycle through {start}"
            seen.add(node)
            node = parent[node]


def test_surface_forms_belong_to_one_item():
    owners: dict[str, set[str]] = {}
    for _, item in all_items():
        for form in surface_forms(item):
            owners.setdefault(form, set()).add(item["id"])
    shared = {f: sorted(o) for f, o in owners.items() if len(o) > 1}
    assert not shared, f"forms used by more than one item: {shared}"


def test_donor_agencies_have_iso3_country():
    codes = iso3_codes()
    bad = [(i["id"], i.get("country")) for i in load("donor_agencies.yaml")]
    bad = [(i, c) for i, c in bad if c not in codes]
    assert not bad, f"donor agencies without a valid ISO3 country: {bad}"


def test_optional_countries_are_iso3():
    codes = iso3_codes()
    bad = [(i["id"], i["country"]) for _, i in all_items() if i.get("country") is not None]
    bad = [(i, c) for i, c in bad if c not in codes]
    assert not bad, f"invalid country codes: {bad}"


def test_country_keys_are_iso3():
    bad = sorted(set(load("countries.yaml")) - iso3_codes())
    assert not bad, f"keys that are no ISO 3166-1 alpha-3 code: {bad}"


def test_every_pycountry_country_has_an_entry():
    missing = sorted({c.alpha_3 for c in pycountry.countries} - set(load("countries.yaml")))
    assert not missing, f"countries.yaml lacks: {missing}"


def test_country_entries_have_the_fields():
    for code, entry in load("countries.yaml").items():
        missing = COUNTRY_KEYS - set(entry)
        assert not missing, f"{code} lacks {sorted(missing)}"
        extra = set(entry) - COUNTRY_KEYS - {"ambiguous_names"}
        assert not extra, f"{code} has unknown keys {sorted(extra)}"
        assert entry["names"], f"{code} needs at least one name"
        for key in ("names", "adjectives", "demonyms"):
            assert isinstance(entry[key], list), (code, key)
            assert all(isinstance(s, str) and s.strip() for s in entry[key]), (code, key)
        assert isinstance(entry["ambiguous"], bool), code
        amb = entry.get("ambiguous_names")
        if amb is not None:
            assert entry["ambiguous"], f"{code}: ambiguous_names needs ambiguous: true"
            forms = set(entry["names"]) | set(entry["adjectives"]) | set(entry["demonyms"])
            assert set(amb) <= forms, f"{code}: ambiguous_names not among its forms"


def test_short_english_names_present():
    entries = load("countries.yaml")
    for name, code in [
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("United States", "USA"),
        ("U.S.", "USA"),
        ("UK", "GBR"),
        ("DRC", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("Ivory Coast", "CIV"),
        ("Czechia", "CZE"),
        ("Eswatini", "SWZ"),
        ("Burma", "MMR"),
        ("Laos", "LAO"),
        ("Vietnam", "VNM"),
        ("Syria", "SYR"),
        ("DPRK", "PRK"),
        ("oPt", "PSE"),
        ("Kosovo", "XKX"),
    ]:
        assert name in entries[code]["names"], (name, code)


def test_un_chart_entities_are_covered():
    if not UN_CHART_CSV.exists():
        pytest.skip(f"reference file not present: {UN_CHART_CSV}")
    with open(UN_CHART_CSV, encoding="utf-8", newline="") as fh:
        chart = [row["entity"].strip() for row in csv.DictReader(fh) if row["entity"].strip()]
    known = {
        " ".join(s.split()).casefold()
        for item in load("un_entities.yaml")
        for s in (item["acronym"], *item["aliases"])
        if s
    }
    missing = [e for e in chart if " ".join(e.split()).casefold() not in known]
    share = 1 - len(missing) / len(chart)
    assert share >= 0.95, f"only {share:.1%} of UN System Chart entities covered; missing {missing}"
