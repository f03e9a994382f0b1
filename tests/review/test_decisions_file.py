"""The decisions file: documented format, checked with coded errors, written atomically."""

from __future__ import annotations

import pytest

from pressgraph.decisions import Decision, Decisions, load_decisions, name_key, write_decisions
from pressgraph.errors import DecisionsError, DecisionsSyntaxError

from .conftest import write

GOOD = """\
version: 1
decisions:
  - {name: Artibonite Water Users Association, action: accept, type: ngo, country: HTI}
  - {name: Nord-Ouest Department, action: reject, note: "a place, not a body"}
  - {name: HWT, action: merge, into: Artibonite Water Users Association}
"""


def test_a_good_file_reads_and_matches_names_and_keys(tmp_path):
    d = load_decisions(write(tmp_path / "d.yaml", GOOD))
    assert len(d) == 3
    assert d.get("the artibonite water users  association").action == "accept"
    assert d.get("nord-ouest-department").action == "reject"
    assert d.get("unknown", "HWT").into == "Artibonite Water Users Association"
    assert d.get("Something Else") is None


def test_merge_chains_end_at_the_last_target(tmp_path):
    text = GOOD + "  - {name: Artibonite Water Users Association Haiti, action: merge, into: HWT}\n"
    d = load_decisions(write(tmp_path / "d.yaml", text))
    chained = d.get("Artibonite Water Users Association Haiti")
    assert d.final_target(chained) == "Artibonite Water Users Association"


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        ("{name: X Trust, action: keep}", "decisions[0].action", "not one of"),
        ("{name: X Trust, action: accept, colour: red}", "decisions[0].colour", "unknown key"),
        ("{name: X Trust, action: accept, country: XYZ}", "decisions[0].country", "ISO 3166"),
        ("{name: X Trust, action: accept, type: club}", "decisions[0].type", "not one of"),
        ("{name: X Trust, action: reject, type: ngo}", "decisions[0].type", "only for"),
        ("{name: X Trust, action: merge}", "decisions[0].into", "needs `into`"),
        ("{name: X Trust, action: merge, into: x trust}", "decisions[0].into", "itself"),
        ("{name: X Trust, action: accept, into: who}", "decisions[0].into", "only for"),
        ("{action: reject}", "decisions[0].name", "non-empty name"),
        ("{name: 3, action: reject}", "decisions[0].name", "expected a string"),
        ("just a string", "decisions[0]", "expected a mapping"),
    ],
)
def test_bad_entries_name_the_file_and_the_field(tmp_path, entry, field, words):
    path = write(tmp_path / "bad.yaml", f"version: 1\ndecisions:\n  - {entry}\n")
    with pytest.raises(DecisionsError) as info:
        load_decisions(path)
    message = str(info.value)
    assert message.startswith("PG600 ")
    assert str(path) in message and f"[{field}]" in message and words in message


def test_duplicates_loops_and_merges_into_rejected_names_are_refused(tmp_path):
    dup = (
        "version: 1\ndecisions:\n  - {name: A Trust, action: accept}\n"
        "  - {name: a trust, action: reject}\n"
    )
    with pytest.raises(DecisionsError, match=r"\[decisions\[1\]\.name\].*already has a decision"):
        load_decisions(write(tmp_path / "dup.yaml", dup))
    loop = (
        "decisions:\n  - {name: A Trust, action: merge, into: B Trust}\n"
        "  - {name: B Trust, action: merge, into: A Trust}\n"
    )
    with pytest.raises(DecisionsError, match="loop"):
        load_decisions(write(tmp_path / "loop.yaml", loop))
    rejected = (
        "decisions:\n  - {name: A Trust, action: merge, into: B Trust}\n"
        "  - {name: B Trust, action: reject}\n"
    )
    with pytest.raises(DecisionsError, match="which is rejected"):
        load_decisions(write(tmp_path / "rej.yaml", rejected))


def test_unreadable_files_get_the_syntax_code(tmp_path):
    with pytest.raises(DecisionsSyntaxError, match=r"^PG601 .*not valid YAML at line \d"):
        load_decisions(write(tmp_path / "broken.yaml", "decisions:\n  - {name: [\n"))
    with pytest.raises(DecisionsSyntaxError, match="cannot read"):
        load_decisions(tmp_path / "missing.yaml")
    (tmp_path / "latin.yaml").write_bytes(
        b"decisions:\n  - {name: Soci\xe9t\xe9, action: reject}\n"
    )
    with pytest.raises(DecisionsSyntaxError, match="not UTF-8"):
        load_decisions(tmp_path / "latin.yaml")
    with pytest.raises(DecisionsError, match=r"\[version\]"):
        load_decisions(write(tmp_path / "v2.yaml", "version: 2\ndecisions: []\n"))
    with pytest.raises(DecisionsError, match=r"\[\(file\)\].*expected a mapping"):
        load_decisions(write(tmp_path / "list.yaml", "- a\n- b\n"))


def test_an_empty_file_means_no_decisions(tmp_path):
    assert len(load_decisions(write(tmp_path / "empty.yaml", ""))) == 0
    assert len(load_decisions(write(tmp_path / "none.yaml", "version: 1\ndecisions: []\n"))) == 0


def test_writing_round_trips_and_leaves_no_temporary_file(tmp_path):
    d = Decisions([Decision("Lakeshore Water Trust", "merge", into="unicef", note="same body")])
    path = write_decisions(d, tmp_path / "out" / "decisions.yaml")
    again = load_decisions(path)
    assert [x.as_dict() for x in again] == [x.as_dict() for x in d]
    assert again.digest == d.digest
    assert sorted(p.name for p in path.parent.iterdir()) == ["decisions.yaml"]
    assert path.read_text("utf-8").startswith("# Curation decisions")


def test_the_shipped_example_file_is_valid():
    from ..conftest import ROOT

    assert len(load_decisions(ROOT / "data" / "decisions.yaml")) == 0


def test_name_key_ignores_case_accents_punctuation_and_the():
    assert name_key("The Société  Nationale") == name_key("societe nationale")
