"""The scoring protocol on invented records and labels."""

from __future__ import annotations

import pytest

from pressgraph.evaluation.gold import GoldError, parse_gold
from pressgraph.evaluation.run import occurs
from pressgraph.evaluation.scoring import aggregate, norm, score_document


def _org(key, name, type_="un", acronym=None, mentions=True, aliases=()):
    return {
        "id": key,
        "name": name,
        "acronym": acronym,
        "type": type_,
        "aliases": list(aliases),
        "source": "test",
        "mentions": [{"text": name, "start": 0, "end": 1}] if mentions else [],
    }


def _record(**kw):
    base = {
        "date": None,
        "organizations": [],
        "countries": [],
        "people": [],
        "programs": [],
        "fundings": [],
    }
    base.update(kw)
    return base


def _gold(**kw):
    return parse_gold({"documents": [{"doc": {"reliefweb_id": 1}, **kw}]}).documents[0]


def test_norm_follows_the_protocol():
    assert norm("The  Ministry’s – Office ") == "ministry's - office"
    assert norm("Ministère") == "ministère"  # accents kept


def test_occurs_is_whole_token_and_case_sensitive():
    assert occurs("EU", "the EU and EUR 5")
    assert not occurs("EU", "EUR 5")
    assert not occurs("eu", "the EU")
    assert occurs("UN's Fund", "the UN’s Fund")


def test_organisations_one_to_one_uncertain_and_metonymic():
    gold = _gold(
        organizations=[
            {"name": "World Food Programme", "acronym": "WFP", "type": "un"},
            {"name": "Government of Norland", "type": "government", "metonymic": True},
            {"name": "Crisis Lab", "type": "other", "uncertain": True},
            {"name": "Missing Agency", "type": "government"},
        ]
    )
    record = _record(
        organizations=[
            _org("wfp", "WFP"),  # matches the acronym
            _org("wfp-2", "World Food Programme", type_="ngo"),  # second match: FP
            _org("gov", "Government of Norland", type_="government"),
            _org("lab", "Crisis Lab", type_="other"),  # uncertain: ignored
            _org("parent", "Parent Only", mentions=False),  # not claimed by the text
            _org("junk", "Sud Department", type_="government"),
        ]
    )
    res = score_document(record, gold).scores
    strict, lenient = res.prf["organizations_strict"], res.prf["organizations_lenient"]
    assert (strict.tp, strict.fp, strict.fn) == (2, 2, 1)
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 2, 1)  # metonymic ignored
    assert res.ratio["organization_type"].value == 1.0


def test_countries_people_programmes():
    gold = _gold(
        countries=["KEN", "SOM"],
        countries_adjective_only=["SOM"],
        countries_uncertain=["NLD"],
        organizations=[{"name": "Red Lake Society", "acronym": "RLS", "type": "ngo"}],
        people=[
            {
                "name": "Amina Okoth",
                "role": "Director",
                "organization": "Red Lake Society",
                "surfaces": ["Okoth"],
            },
            {"name": "Jon Berg", "role": None, "organization": None},
        ],
        programs=[{"name": "Clean Rivers Programme"}, {"name": "a plan", "uncertain": True}],
    )
    record = _record(
        organizations=[_org("rls", "Red Lake Society", "ngo", acronym="RLS")],
        countries=[{"iso3": "KEN"}, {"iso3": "NLD"}, {"iso3": "ETH"}],
        people=[
            {"name": "Okoth", "role": "Regional Director", "organization": "rls"},
            {"name": "Jon Berg", "role": "Chair", "organization": None},
        ],
        programs=[{"id": "p", "name": "Clean Rivers Programme"}, {"id": "q", "name": "A Plan"}],
    )
    s = score_document(record, gold).scores
    c = s.prf["countries"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert s.ratio["countries_adjective_recall"].value == 0.0
    assert s.prf["people"].tp == 2
    assert (s.ratio["people_role"].correct, s.ratio["people_role"].n) == (1, 2)
    assert s.ratio["people_organization"].value == 1.0
    p = s.prf["programs"]
    assert (p.tp, p.fp, p.fn) == (1, 0, 0)


def test_funding_edges_amounts_and_uncertain():
    gold = _gold(
        organizations=[
            {"name": "Norland Aid", "type": "donor_agency"},
            {"name": "Government of Norland", "type": "government"},
            {"name": "UNICEF", "type": "un"},
            {"name": "WHO", "type": "un"},
        ],
        fundings=[
            {
                "funder": "Norland Aid",
                "recipient": "UNICEF",
                "amount": {"value": 3000000, "currency": "USD"},
            },
            {
                "funder": "Norland Aid",
                "recipient": "UNICEF",
                "program": "X",
                "amount": {"value": 1000000, "currency": "USD"},
            },
            {"funder": "Norland Aid", "funder_also": ["Government of Norland"], "recipient": None},
            {"funder": "Norland Aid", "recipient": "WHO", "uncertain": True},
        ],
    )
    ev = {"rule": "test"}
    record = _record(
        organizations=[
            _org("aid", "Norland Aid", "donor_agency"),
            _org("gov", "Government of Norland", "government"),
            _org("unicef", "UNICEF"),
            _org("who", "WHO"),
        ],
        fundings=[
            {
                "funder": "aid",
                "recipient": "unicef",
                "amount": {"text": "US$3 million"},
                "evidence": ev,
            },
            {"funder": "aid", "recipient": "unicef", "amount": None, "evidence": ev},  # duplicate
            {"funder": "gov", "recipient": None, "amount": None, "evidence": ev},  # funder_also
            {"funder": "aid", "recipient": "who", "amount": None, "evidence": ev},  # uncertain
            {"funder": "who", "recipient": "aid", "amount": None, "evidence": ev},  # wrong way
        ],
    )
    s = score_document(record, gold).scores
    f = s.prf["fundings"]
    assert (f.tp, f.fp, f.fn) == (2, 1, 0)
    assert s.ratio["funding_amount"].value == 1.0
    assert s.ratio["funder_recall"].value == 1.0


def test_dates_by_set_and_micro_average():
    api = parse_gold({"documents": [{"doc": {"reliefweb_id": 1}, "date": "2020-01-02"}]})
    theme = parse_gold({"documents": [{"doc": {"nid": 2}, "date_in_text": "2020-03-04"}]})
    r1 = score_document(_record(date="2020-01-02"), api.documents[0])
    r2 = score_document(_record(date=None), theme.documents[0])
    sets = aggregate([r1, r2])
    assert list(sets) == ["api", "theme", "micro"]
    assert sets["micro"].ratio["date"].as_dict() == {"correct": 1, "n": 2, "value": 0.5}


def test_gold_is_validated():
    with pytest.raises(GoldError, match="type must be one of"):
        parse_gold({"documents": [{"doc": {"nid": 1}, "organizations": [{"name": "X"}]}]})
    with pytest.raises(GoldError, match="reliefweb_id, nid or path"):
        parse_gold({"documents": [{"doc": {"id": 1}}]})
    with pytest.raises(GoldError, match="alpha-3"):
        parse_gold({"documents": [{"doc": {"nid": 1}, "countries": ["ke"]}]})
