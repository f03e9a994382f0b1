"""The lexicon classifier on short invented texts: goals, targets, scores, explanations."""

from __future__ import annotations

import time

import pytest
import yaml

from pressgraph.resources import data_dir
from pressgraph.sdg import Classifier, classify, load_lexicon
from pressgraph.sdg.explain import explain
from pressgraph.sdg.lexicon import lexicon_from_dict, parse_term

# One invented sentence per goal; each must give its goal, and give it first.
TEXTS = {
    1: "Cash transfers and social protection lifted poor households out of extreme poverty.",
    2: "Smallholder farmers fight hunger and child malnutrition with better crops and seeds.",
    3: "The hospital vaccinated children against measles and treated patients with malaria.",
    4: "Teachers in primary schools improved pupils' literacy and numeracy.",
    5: "The campaign against gender-based violence helps women and girls and ends child marriage.",
    6: "New latrines, handwashing stations and safe drinking water reached the villages.",
    7: "Solar mini-grids bring electricity to villages and cut the use of kerosene.",
    8: "Young people found decent work as unemployment fell and wages rose.",
    9: "The ministry invests in broadband, railways and manufacturing industry.",
    10: "Income inequality fell as progressive taxes and redistribution reached the bottom 40.",
    11: "The city improves urban planning, public transport and affordable housing for slums.",
    12: "Recycling and a circular economy cut food waste and plastic packaging.",
    13: "Climate change adaptation plans cut greenhouse gas emissions under the Paris Agreement.",
    14: "Marine protected areas restore coral reefs and end overfishing in coastal waters.",
    15: "Reforestation stops deforestation, land degradation and the loss of biodiversity.",
    16: "Police, courts and prosecutors fight corruption and organized crime: the rule of law.",
    17: "Official development assistance, debt relief and South-South cooperation pay for it.",
}


@pytest.mark.parametrize("goal", sorted(TEXTS))
def test_each_goal_is_found_first(goal):
    result = classify(TEXTS[goal])
    assert result.goals, f"no goal for {TEXTS[goal]!r}"
    assert result.goals[0].goal == goal
    top = result.goals[0]
    assert 0 < top.score < 1 and top.terms and top.evidence == [TEXTS[goal]]


def test_scores_terms_and_evidence():
    text = (
        "The weather was fine. Police arrested traffickers. "
        "Victims of human trafficking and forced labour received legal aid."
    )
    result = classify(text)
    assert result.goal_numbers()[:2] == [16, 8]
    g16 = result.scores[16]
    assert {"human trafficking", "police", "legal aid"} <= set(g16.terms)
    # every hit points at the words that triggered it
    for hit in g16.hits:
        assert (
            text[hit.start : hit.end]
            .lower()
            .replace("-", " ")
            .startswith(hit.term.rstrip("*").split()[0])
        )
    assert any(e.startswith("Victims of human trafficking") for e in g16.evidence)
    assert "The weather was fine." not in g16.evidence
    targets = [t.target for t in result.targets]
    assert "16.2" in targets and "8.7" in targets
    assert all(t.goal in result.goal_numbers() for t in result.targets)


def test_targets_only_under_returned_goals():
    # "banking" names target 8.10, but one weak word does not make goal 8
    c = Classifier()
    text = "The town has a banking office."
    assert 8 not in c.classify(text).goal_numbers()
    assert not [t for t in c.classify(text).targets if t.goal == 8]
    assert "8.10" in [t.target for t in c.classify(text, threshold=0.1).targets]


def test_no_terms_no_goals():
    result = classify("The meeting took place on Tuesday in the main hall.")
    assert result.goals == [] and result.targets == [] and result.scores == {}
    assert classify("").goals == []


def test_threshold_override():
    text = "The clinic opened."
    assert classify(text).goals == []
    assert [g.goal for g in classify(text, threshold=0.1).goals] == [3]
    assert classify(TEXTS[7], threshold=0.999).goals == []


def test_repeats_are_damped_and_long_texts_normalized():
    c = Classifier()
    once, n1 = c.raw_scores("poverty")
    many, n2 = c.raw_scores("poverty " * 10)
    assert many[1] > once[1] and many[1] < 3 * once[1]
    short = c.score_of(6.0, 50)
    long = c.score_of(6.0, 2000)
    assert long < short


def test_predict_equals_classify():
    c = Classifier()
    for text in TEXTS.values():
        assert c.predict(text) == c.classify(text).goal_numbers()


def test_as_dict_shape():
    d = classify(TEXTS[6]).as_dict("x1")
    assert d["id"] == "x1"
    assert d["goals"][0]["goal"] == 6 and isinstance(d["goals"][0]["score"], float)
    assert d["goals"][0]["evidence"] and d["goals"][0]["terms"]
    assert {"target", "score", "terms"} <= set(d["targets"][0])


def test_explain_names_terms_thresholds_and_decision():
    out = explain("Solar mini-grids bring electricity to rural clinics.")
    first = out.splitlines()[0]
    assert first.startswith("SDG 7") and "YES" in first and "solar (3)" in first
    assert "SDG 3" in out and " no " in out  # the clinic is below threshold
    assert "target 7.1" in out
    assert explain("Nothing here.") == "no lexicon term found: no goal"


def test_speed_is_well_above_a_thousand_per_second():
    c = Classifier()
    texts = list(TEXTS.values()) * 30
    start = time.perf_counter()
    for t in texts:
        c.predict(t)
    assert len(texts) / (time.perf_counter() - start) > 1000


# ----------------------------------------------------------------------------- lexicon


def test_lexicon_covers_every_goal_with_valid_terms():
    lex = load_lexicon()
    assert sorted(lex.goal_terms) == list(range(1, 18))
    for goal, terms in lex.goal_terms.items():
        assert len(terms) >= 30, goal
        assert all(0 < t.weight <= 3 for t in terms)
        assert 0 < lex.threshold(goal) < 1


def test_lexicon_targets_exist_in_the_reference_data():
    with (data_dir() / "sdg.yaml").open(encoding="utf-8") as handle:
        ref = yaml.safe_load(handle)
    codes = {t["code"] for g in ref["goals"] for t in g["targets"]}
    lex = load_lexicon()
    assert set(lex.target_terms) <= codes
    assert len(lex.target_terms) >= 100


def test_term_syntax():
    assert parse_term("Women's rights") == (("women", False), ("s", False), ("rights", False))
    assert parse_term("low-income") == (("low", False), ("income", False))
    assert parse_term("vaccin*") == (("vaccin", True),)
    lex = lexicon_from_dict({"goals": {3: {"vaccin*": 3, "clinic": 1}}, "params": {"scale": 1}})
    c = Classifier(lex)
    assert c.predict("Vaccination of children") == [3]
    assert c.classify("Vaccination at the clinic").scores[3].terms == ["vaccin*", "clinic"]
    with pytest.raises(Exception, match="goal 18"):
        lexicon_from_dict({"goals": {18: {"x": 1}}})
    with pytest.raises(Exception, match="target code"):
        lexicon_from_dict({"targets": {"3.x1": ["y"]}})
