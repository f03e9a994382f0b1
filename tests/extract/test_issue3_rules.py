"""Extraction rules for real releases (issue 3), each on an invented snippet.

The snippets are in ``tests/fixtures/rules/snippets.yaml`` (invented texts)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pressgraph.extract.money import find_amounts
from pressgraph.extract.pipeline import extract_source
from pressgraph.sources import Source

SNIPPETS = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "rules" / "snippets.yaml").read_text("utf-8")
)


def _rec(name: str) -> dict:
    text = f"Press Release\nNews From Norland\n3 March 2024\n\n{SNIPPETS[name]}\n"
    return extract_source(Source(text=text, format="text"), release_id="invented")


def _edges(rec: dict) -> set[tuple[str, str | None]]:
    return {(f["funder"], f["recipient"]) for f in rec["fundings"]}


def _amounts(rec: dict) -> dict[tuple[str, str | None], tuple[float, str] | None]:
    return {
        (f["funder"], f["recipient"]): (
            (f["amount"]["value"], f["amount"]["currency"]) if f["amount"] else None
        )
        for f in rec["fundings"]
    }


def _org_key(rec: dict, name: str) -> str:
    for o in rec["organizations"]:
        if name in (o["name"], o.get("acronym"), *o.get("aliases", [])):
            return o["id"]
    raise AssertionError(f"{name} not among {[o['name'] for o in rec['organizations']]}")


# ---------------------------------------------------------------- money forms


@pytest.mark.parametrize(
    "text,value,currency",
    [
        ("US$4 million", 4e6, "USD"),
        ("US $4 million", 4e6, "USD"),
        ("$US71.1 million", 71.1e6, "USD"),
        ("USD 1,26 million", 1.26e6, "USD"),
        ("USD65.5mn", 65.5e6, "USD"),
        ("EUR 10.5 m", 10.5e6, "EUR"),
        ("EUR 500,000", 5e5, "EUR"),
        ("€500,000", 5e5, "EUR"),
        ("half a million euros", 5e5, "EUR"),
        ("two million dollars", 2e6, "USD"),
        ("1 m NZD", 1e6, "NZD"),
        ("2.8 billion SEK", 2.8e9, "SEK"),
        ("£5m", 5e6, "GBP"),
        ("1.2 million Swiss francs", 1.2e6, "CHF"),
    ],
)
def test_money_forms(text, value, currency):
    found = find_amounts(f"They gave {text} last year.")
    assert [(a.value, a.currency) for a in found] == [(value, currency)]


# ---------------------------------------------------------------- fundings


def test_loan_agreement_lender_is_the_bank_and_the_repeated_loan_adds_nothing():
    rec = _rec("loan_agreement")
    assert _edges(rec) == {("adb", "government-npl")}
    assert _amounts(rec)[("adb", "government-npl")] == (52e6, "USD")


def test_loans_to_countries_go_to_their_governments():
    rec = _rec("loan_to_countries")
    assert _edges(rec) == {("adb", "government-wsm"), ("adb", "government-ton")}


def test_grant_from_a_foundation_to_the_subject():
    rec = _rec("grant_from")
    funder = _org_key(rec, "Larkspur Foundation")
    recipient = _org_key(rec, "Riverside Relief Association")
    assert _edges(rec) == {(funder, recipient)}
    assert _amounts(rec)[(funder, recipient)] == (2e5, "USD")


def test_received_from_a_country_is_its_government():
    assert _edges(_rec("received_from")) == {("government-jpn", "unicef")}


def test_shared_amount_is_repeated_on_each_funder():
    rec = _rec("shared_amount")
    assert _edges(rec) == {("government-jpn", "unicef"), ("government-nor", "unicef")}
    assert set(_amounts(rec).values()) == {(3e6, "USD")}


def test_together_provided_lists_every_funder():
    rec = _rec("together_provided")
    assert _edges(rec) == {
        ("european-union", "wfp"),
        ("government-deu", "wfp"),
        ("government-swe", "wfp"),
    }
    assert set(_amounts(rec).values()) == {(10.5e6, "EUR")}


def test_coordinated_recipients_get_one_edge_each():
    rec = _rec("coordinated_recipients")
    assert _edges(rec) == {
        ("government-swe", "unhcr"),
        ("government-swe", "wfp"),
        ("government-swe", "unicef"),
    }


def test_funding_chain_keeps_the_channel_apart():
    rec = _rec("chain_through")
    assert _edges(rec) == {("government-deu", "unicef")}
    assert rec["fundings"][0]["channel"] == "kfw"
    assert _amounts(rec)[("government-deu", "unicef")] == (5e5, "EUR")


def test_funded_through_own_agency_is_a_channel_not_a_recipient():
    rec = _rec("funded_through_agency")
    assert _edges(rec) == {("government-swe", "unicef")}
    assert rec["fundings"][0]["channel"] == "sida"


def test_pooled_fund_is_the_funder():
    rec = _rec("pooled_fund")
    assert _edges(rec) == {("cerf", "wfp"), ("cerf", "unicef")}
    assert "trust-fund" not in {o["id"] for o in rec["organizations"]}


def test_country_based_pooled_fund_and_decimal_comma():
    rec = _rec("country_pooled_fund")
    assert _edges(rec) == {("ethiopia-humanitarian-fund", "iom")}
    assert _amounts(rec)[("ethiopia-humanitarian-fund", "iom")] == (1.26e6, "USD")


def test_eu_trust_fund_is_the_funder():
    assert _edges(_rec("eu_trust_fund")) == {("eutf-africa", "iom")}


def test_allocation_to_a_country_has_no_recipient_organization():
    assert _edges(_rec("allocation_to_country")) == {("cerf", None)}


def test_donor_to_and_the_relative_clause_after_it():
    rec = _rec("donor_to")
    assert _edges(rec) == {("government-irl", "cerf"), ("cerf", None)}
    assert _amounts(rec)[("government-irl", "cerf")] is None  # a rank, not an amount


@pytest.mark.parametrize("name", ["appeal_no_edge", "requirement_no_edge"])
def test_no_edge_from_appeals_requirements_or_percent_funded(name):
    assert _rec(name)["fundings"] == []


def test_subject_in_another_clause_is_not_the_funder():
    assert _rec("subject_in_other_clause")["fundings"] == []


def test_funds_as_a_noun_is_not_a_funding_verb():
    assert _rec("noun_funds")["fundings"] == []


def test_a_national_agency_does_not_fund_its_own_state():
    rec = _rec("own_state_not_recipient")
    assert _edges(rec) == {("sida", None)}


def test_contribution_of_amount_to_recipient():
    rec = _rec("contribution_of")
    assert _edges(rec) == {("government-jpn", "wfp")}
    assert _amounts(rec)[("government-jpn", "wfp")] == (1.5e6, "USD")


# ---------------------------------------------------------------- people


def _people(rec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in rec["people"]}


def test_title_words_between_organization_and_role_and_names_in_a_list():
    rec = _rec("title_words_between")
    people = _people(rec)
    nrc = _org_key(rec, "Norland Red Cross")
    assert people["Marta Kowalczyk"]["organization"] == nrc
    assert people["Tomas Berglund"]["organization"] == nrc
    assert "Director" in people["Tomas Berglund"]["role"]
    assert people["Ingrid Solheim"]["role"].startswith("Third Secretary")
    assert "Embassy" in next(
        o["name"]
        for o in rec["organizations"]
        if o["id"] == people["Ingrid Solheim"]["organization"]
    )


def test_second_title_names_the_employer():
    people = _people(_rec("second_title_org"))
    assert people["Amara Diallo"]["organization"] == "oxfam"


def test_contact_headings_give_the_affiliation():
    text = f"# Food Reaches the Valley\n\n{SNIPPETS['contact_headings']}"
    rec = extract_source(Source(text=text, format="markdown"), release_id="invented")
    people = _people(rec)
    assert people["Jane Doeson"]["organization"] == "wfp"
    assert people["Amal Karimova"]["organization"] == "unicef"


# ---------------------------------------------------------------- organizations


def _names(rec: dict) -> set[str]:
    return {o["name"] for o in rec["organizations"] if o["mentions"]}


def test_subnational_governments_one_per_place_and_no_false_country():
    rec = _rec("subnational_governments")
    names = _names(rec)
    assert {"Oromia Regional Government", "Somali Regional Government"} <= names
    assert "Government of Tamil Nadu" in names
    assert "SOM" not in {c["iso3"] for c in rec["countries"]}


def test_ministry_written_three_ways_is_one_organization():
    rec = _rec("ministry_variants")
    ministries = [o for o in rec["organizations"] if "Ministry" in o["name"]]
    assert len(ministries) == 1
    forms = {ministries[0]["name"], *ministries[0]["aliases"], ministries[0]["acronym"]}
    assert {"Federal Ministry of Health", "Ethiopian Ministry of Health", "FMOH"} <= forms
    assert ministries[0]["country"] == "ETH"


def test_coordinated_names_are_separate_organizations():
    rec = _rec("coordinated_names")
    names = _names(rec)
    met = next(o for o in rec["organizations"] if o["name"] == "Meteorological Agency")
    assert "Ghana Meteorological Agency" in met["aliases"] and met["country"] == "GHA"
    assert any(n.startswith("National Disaster Management Authority") for n in names)
    assert {
        "Kenya Red Cross Society",
        "Bangladesh Red Crescent Society",
        "Nepal Red Cross",
    } <= names
    assert not any(" and the " in n for n in names)


def test_national_agencies_known_by_acronym():
    text = (
        "Press Release\nFloods\n3 March 2024\n\nBNPB and BMKG issued warnings while NDRRMC "
        "and PAGASA met in Manila; INGD and CONRED sent observers.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    by_acr = {o["acronym"]: o for o in rec["organizations"] if o["mentions"]}
    assert {"BNPB", "BMKG", "NDRRMC", "PAGASA", "INGD", "CONRED"} <= set(by_acr)
    assert by_acr["BNPB"]["country"] == "IDN" and by_acr["BNPB"]["type"] == "government"
    assert by_acr["CONRED"]["country"] == "GTM"


def test_red_cross_and_red_crescent_societies_in_other_languages():
    text = (
        "Press Release\nRelief\n3 March 2024\n\nCruz Roja Mexicana and the Red Cross "
        "Society of China helped the Syrian Arab Red Crescent and the Croix-Rouge in "
        "Croix-des-Bouquets.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    names = _names(rec)
    assert {"Cruz Roja Mexicana", "Red Cross Society of China", "Syrian Arab Red Crescent"} <= names
    assert "Croix-Rouge" in names and not any("Bouquets" in n for n in names)
    assert all(o["type"] == "ngo" for o in rec["organizations"] if o["name"] in names)


def test_lead_country_form_is_kept_as_alias():
    rec = _rec("lead_country_alias")
    org = next(o for o in rec["organizations"] if o["name"] == "Bureau of Statistics")
    assert "Uganda Bureau of Statistics" in org["aliases"]
    assert org["country"] == "UGA"


def test_acronym_defined_in_text_beats_the_gazetteer():
    rec = _rec("acronym_defined_in_text")
    key = _org_key(rec, "Episcopal Health Foundation")
    org = next(o for o in rec["organizations"] if o["id"] == key)
    assert len(org["mentions"]) == 3  # the name, (EHF), and EHF later
    assert "ethiopia-humanitarian-fund" not in {o["id"] for o in rec["organizations"]}


def test_acronym_defined_in_a_long_first_line():
    rec = extract_source(
        Source(text=SNIPPETS["acronym_in_long_first_line"] + "\n\nMore text.\n", format="markdown"),
        release_id="invented",
    )
    people = _people(rec)
    assert people["Paolo Reyes"]["organization"] == _org_key(rec, "Norland Red Cross")
    assert "PRY" not in {c["iso3"] for c in rec["countries"]}


def test_agencies_after_through_receive_their_own_amounts():
    rec = _rec("through_agencies_with_amounts")
    assert _amounts(rec) == {
        ("government-nor", "unhcr"): (1.5e6, "EUR"),
        ("government-nor", "wfp"): (1e6, "EUR"),
    }


def test_participle_donor_verb():
    assert _edges(_rec("participle_donor")) == {("government-usa", "wfp")}


def test_requests_are_not_fundings():
    assert _rec("request_no_edge")["fundings"] == []


def test_recipient_stands_right_after_to():
    assert _edges(_rec("recipient_far_after_to")) == {("ethiopia-humanitarian-fund", None)}


def test_a_shared_acronym_alone_brings_no_country():
    def countries(body: str) -> set[str]:
        text = f"Press Release\nOutbreak\n3 March 2024\n\n{body}\n"
        rec = extract_source(Source(text=text, format="text"), release_id="invented")
        return {c["iso3"] for c in rec["countries"]}

    assert "USA" not in countries("Teams from CDC and WHO traced contacts in Norland.")
    assert "USA" in countries("Teams from the US CDC and WHO traced contacts in Norland.")


def test_implicit_acronym_of_a_named_body_is_not_a_country():
    def read(body: str) -> dict:
        text = f"Press Release\nFloods\n3 March 2024\n\n{body}\n"
        return extract_source(Source(text=text, format="text"), release_id="invented")

    rec = read("The Norland Red Cross helped. The NRC distributed kits. Later the DRC did too.")
    assert "COD" in {c["iso3"] for c in rec["countries"]}  # no body spells DRC here
    rec = read("The Dominican Red Cross responded in Santo Domingo. The DRC distributed kits.")
    assert "COD" not in {c["iso3"] for c in rec["countries"]}
    org = next(o for o in rec["organizations"] if o["name"] == "Dominican Red Cross")
    assert "DRC" in [m["text"] for m in org["mentions"]]
    rec = read(
        "Fighting goes on in the Democratic Republic of the Congo. "
        "The DRC and the Dominican Red Cross met."
    )
    assert "COD" in {c["iso3"] for c in rec["countries"]}


def test_names_with_bare_initials():
    text = (
        "Press Release\nAgreement\n3 March 2024\n\nThe agreement was signed by R K Menon, "
        "Principal Secretary, Public Works Department, on behalf of the State.\n"
    )
    people = _people(extract_source(Source(text=text, format="text"), release_id="invented"))
    assert people["R K Menon"]["role"] == "Principal Secretary"


def test_reserves_schemes_and_named_loans_are_programmes():
    text = (
        "Press Release\nFunds\n3 March 2024\n\nThe Norland Reserve for Emergencies released "
        "$2 million, the Valley Cash Transfer Scheme reached 4,000 families, and the Coastal "
        "Resilience Framework Loan II was signed.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    kinds = {p["name"]: p["kind"] for p in rec["programs"]}
    assert kinds.get("Norland Reserve for Emergencies") == "fund"
    assert kinds.get("Valley Cash Transfer Scheme") == "programme"
    assert (
        kinds.get(
            "Coastal Resilience Framework Loan II", kinds.get("Coastal Resilience Framework Loan")
        )
        == "other"
    )


def test_acronym_definitions_of_conditions_and_measures_are_not_organizations():
    names = _names(_rec("acronyms_of_things"))
    assert "Norland Water Agency" in names and "Incident Management Team" in names
    assert not names & {"Moderate Acute Malnutrition", "Case Fatality Rate"}


def test_treatment_and_health_centres_are_places():
    names = _names(_rec("facilities"))
    assert not any("Treatment" in n or "Riverside Health" in n for n in names)
    assert any("Emergency Operations Centre" in n for n in names)


def test_acronym_names_the_part_its_initials_spell():
    rec = _rec("acronym_suffix_and_verb")
    names = _names(rec)
    assert "Norland Public Health Institute" in names
    assert "Northern Regional Health Bureau" in names
    assert not any(n.startswith(("Ministry of Health and", "Supported")) for n in names)
    assert not any(" at the " in n or n.endswith(" and NPHI") for n in names)


def test_tail_country_form_is_kept_as_alias():
    rec = _rec("tail_country_alias")
    org = next(o for o in rec["organizations"] if o["name"] == "Public Health Agency")
    assert "Public Health Agency of Sweden" in org["aliases"] and org["country"] == "SWE"


def test_honourable_and_his_excellency_are_not_part_of_a_name():
    people = _people(_rec("honourable"))
    assert set(people) == {"Amina Yusuf"}


def test_informal_name_before_a_known_acronym_and_office_names():
    text = (
        "Press Release\nStorm\n3 March 2025\n\nUS$4 million from the OCHA-managed UN Global "
        "Emergency Fund (CERF) was released within hours for Norland.\n\nWorld Vision Haiti has "
        "allocated USD 300,000 from its own reserve.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    cerf = next(o for o in rec["organizations"] if o["id"] == "cerf")
    assert "UN Global Emergency Fund" in cerf["aliases"]
    assert not any("Global Emergency Fund" in p["name"] for p in rec["programs"])
    assert _edges(rec) == {("cerf", None), ("world-vision", None)}


def test_places_and_pests_named_like_bodies_are_not_organizations():
    text = (
        "Press Release\nFloods\n3 March 2025\n\nIn Gubio Local Government Area (LGA) and South "
        "Darfur State (SDS), the Fall Army Worm (FAW) spread, while the Somali National Army "
        "(SNA) and the Libyan Coast Guard (LCG) moved.\n"
    )
    names = _names(extract_source(Source(text=text, format="text"), release_id="invented"))
    assert {"Somali National Army", "Libyan Coast Guard"} <= names
    assert not any(w in n for n in names for w in ("Gubio", "Darfur", "Worm"))


def test_contact_block_name_title_organization_lines():
    text = (
        "# Outbreak Over\n\nThe outbreak is over, WHO said.\n\nFor more information:\n\n"
        "OKAFOR Chidinma\n\nCommunication officer\n\nWHO Ethiopia\n\nEmail: c@example.org\n\n"
        "Lars Berg\n\nDirector of Communication\n\nl@example.org\n"
    )
    people = _people(extract_source(Source(text=text, format="markdown"), release_id="invented"))
    assert people["OKAFOR Chidinma"]["organization"] == "who"
    assert people["OKAFOR Chidinma"]["role"] == "Communication officer"
    assert people["Lars Berg"]["organization"] is None  # an e-mail domain is not enough


def test_portfolio_minister_works_for_the_ministry():
    text = (
        "Press Release\nOutbreak Over\n3 March 2025\n\nDr Amina Yusuf, Ethiopia’s Health "
        "Minister, said the outbreak was over.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    person = _people(rec)["Amina Yusuf"]
    org = next(o for o in rec["organizations"] if o["id"] == person["organization"])
    assert org["name"] == "Ministry of Health" and org["country"] == "ETH"


def test_regional_and_country_offices_fold_into_their_organization():
    text = (
        "Press Release\nOutbreak Over\n3 March 2025\n\nThe WHO Regional Office for Africa and "
        "WHO Ethiopia supported the response, with the UNICEF Country Office and the Country "
        "Office of UNFPA.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    named = {o["id"]: o for o in rec["organizations"] if o["mentions"]}
    assert set(named) == {"who", "unicef", "unfpa"}
    assert "WHO Regional Office for Africa" in named["who"]["aliases"]


def test_passive_allocation_by_a_funder():
    rec = _rec("passive_by")
    assert _edges(rec) == {("cerf", "wfp"), ("cerf", "unicef"), ("cerf", "iom")}


def test_amount_from_a_funder():
    assert _edges(_rec("amount_from")) == {("government-jpn", "unicef")}


def test_an_acronym_inside_a_capitalized_compound_is_not_an_organization():
    # invented dateline: "AU" is a word of the city's name, not the African Union
    text = (
        "Press Release\nSAINT-AU-VILLE, 3 March 2024 – The World Food Programme (WFP) and "
        "UNICEF-WFP teams delivered food. The AU-led mission also took part.\n"
    )
    rec = extract_source(Source(text=text, format="text"), release_id="invented")
    mentions = {m["text"]: o["id"] for o in rec["organizations"] for m in o.get("mentions") or []}
    starts = [m["start"] for o in rec["organizations"] for m in o["mentions"] if m["text"] == "AU"]
    assert text.index("AU-VILLE") not in starts  # the compound's word
    assert text.index("AU-led") in starts  # an acronym before a lower-case word still counts
    assert mentions.get("UNICEF") == "unicef" and mentions.get("WFP") == "wfp"
