"""Footer goals in every form: lines of text, HTML icons (alt text, file names, lazy
images, empty links, inline SVG), Markdown images, and one-line footers. All releases here
are invented."""

from __future__ import annotations

import pytest

from pressgraph.build import extract_text
from pressgraph.extract.structure import read_structure
from pressgraph.sdg.footer import parse_footer_line, parse_goal_line
from pressgraph.sources import Source


@pytest.mark.parametrize(
    ("line", "goals"),
    [
        ("6", [6]),
        ("08", [8]),
        ("5, 13", [5, 13]),
        ("08 | 13", [8, 13]),
        ("13 Climate Action", [13]),
        ("Goal 16", [16]),
        ("Goal 13: Climate Action", [13]),
        ("SDG 8", [8]),
        ("SDG8", [8]),
        ("SDG #8", [8]),
        ("SDG-8", [8]),
        ("SDGs 5, 13 and 16", [5, 13, 16]),
        ("Goals 1 & 2", [1, 2]),
        ("Sustainable Development Goal 13", [13]),
        ("Global Goal 4", [4]),
        ("ODD 5 : Égalité entre les sexes", [5]),
        ("Objetivo 6", [6]),
        ("Decent Work and Economic Growth", [8]),
        ("Decent work & economic growth", [8]),
        ("Decent Jobs and Economic Growth", [8]),
        ("Peace, Justice and Strong Institutions", [16]),
        ("PEACE, JUSTICE AND STRONG INSTITUTIONS", [16]),
        ("16 Peace and Justice - Strong Institutions", [16]),
        ("Good Health and Well-being", [3]),
        ("Clean Water and Sanitation", [6]),
        ("Affordable and Clean Energy", [7]),
        ("Industry, Innovation and Infrastructure", [9]),
        ("Reduced Inequalities", [10]),
        ("Responsible Consumption and Production", [12]),
        ("Life Below Water", [14]),
        ("Life on Land", [15]),
        ("Partnerships for the Goals", [17]),
        ("No Poverty", [1]),
        ("Zero Hunger", [2]),
        ("Gender equality icon", [5]),
        ("E_SDG_Icons-13", [13]),
        ("goal-05", [5]),
        ("sdg13", [13]),
        ("E-WEB-Goal-08", [8]),
        ("TheGlobalGoals_Icons_Color_Goal_4", [4]),
        ("E_SDG%20goals_icons-individual-rgb-04", [4]),
        ("sdg-icon-goal-7-en", [7]),
        ("SDG 13 Climate Action icon", [13]),
    ],
)
def test_goal_line_forms(line, goals):
    assert parse_goal_line(line) == goals


@pytest.mark.parametrize(
    "line", ["", "Updated 2023", "2030 Agenda", "Read more", "UN Women", "Goal 18", "SDG 0"]
)
def test_lines_without_goals(line):
    assert parse_goal_line(line) == []


def test_targets_in_footer_lines():
    assert parse_footer_line("SDG 16.2") == [(16, "16.2")]
    assert parse_footer_line("Target 8.7: end forced labour") == [(8, "8.7")]
    assert parse_footer_line("Goal 16 (16.2, 16.3)") == [(16, None), (16, "16.2"), (16, "16.3")]
    assert parse_goal_line("Goal 3.b") == [3]


BODY = (
    "Press Release\n\nA Made-up Clinic Opens\n\n12 March 2024\n\n"
    "NAIROBI, 12 March 2024 – An invented clinic opened its doors to mothers and newborns.\n\n"
)


def _html(footer: str) -> str:
    return (
        "<html><head><title>A Made-up Clinic Opens</title></head><body><main><article>"
        "<h1>A Made-up Clinic Opens</h1><time datetime='2024-03-12'>12 March 2024</time>"
        "<p>NAIROBI, 12 March 2024 – An invented clinic opened its doors to mothers and "
        "newborns, and its nurses will vaccinate children in three villages.</p>"
        f"{footer}</article></main></body></html>"
    )


def _footer_goals(text: str, fmt: str) -> list[int]:
    record = extract_text(text, format=fmt, release_id="invented")
    return [s["goal"] for s in record["sdgs"] if s["method"] == "footer" and not s["target"]]


@pytest.mark.parametrize(
    ("footer", "goals"),
    [
        # alt text
        (
            '<img src="/i/goal-03.svg" alt="Goal 3: Good Health and Well-being">'
            '<img src="/i/goal-05.svg" alt="Goal 5: Gender Equality">',
            [3, 5],
        ),
        # file names only (alt="")
        (
            '<img src="/files/E_SDG_Icons-03.png" alt=""><img src="/files/E_SDG_Icons-17.png">',
            [3, 17],
        ),
        # lazy-loaded icons: the real address is in data-src / srcset
        (
            '<img src="data:image/gif;base64,R0lGOD" data-src="/icons/sdg-06.png" alt="">'
            '<img srcset="/icons/TheGlobalGoals_Icons_Color_Goal_4.png 1x, /x.png 2x">',
            [6, 4],
        ),
        # links without text: their label or address
        ('<a href="/sdgs/3"></a><a href="/en/goals/goal-10/"><span></span></a>', [3, 10]),
        ('<a href="/x" aria-label="SDG 1: No poverty"><i class="icon"></i></a>', [1]),
        # inline SVG icons with a label
        ('<svg aria-label="Goal 13"><title>Climate</title></svg>', [13]),
        # names as text
        ("<ul><li>Good Health and Well-being</li><li>Reduced Inequalities</li></ul>", [3, 10]),
    ],
)
def test_html_footer_forms(footer, goals):
    page = _html(
        f"<section><h2>Goals we are supporting through this initiative</h2>{footer}</section>"
    )
    assert _footer_goals(page, "html") == goals


def test_html_icon_links_in_the_body_do_not_break_the_text():
    page = _html('<p>See <a href="/sdgs/3">our health work</a> for more.</p>')
    st = read_structure(Source(text=page, format="html"))
    assert "See our health work for more." in st.text
    assert st.footer_goals == []


@pytest.mark.parametrize(
    ("footer", "goals"),
    [
        ("## Goals we are supporting through this initiative\n\n- SDG 3\n- SDG 5\n", [3, 5]),
        (
            "## SDGs supported\n\n![](/img/E_SDG_Icons-03.png) ![Goal 6](/img/x.png)\n",
            [3, 6],
        ),
        ("**Sustainable Development Goals:** 3, 5 and 10\n", [3, 5, 10]),
    ],
)
def test_markdown_footer_forms(footer, goals):
    doc = "# A Made-up Clinic Opens\n\n12 March 2024\n\nAn invented clinic opened.\n\n" + footer
    assert _footer_goals(doc, "markdown") == goals


@pytest.mark.parametrize(
    ("footer", "goals"),
    [
        ("Goals we are supporting through this initiative\n\n3\nGood Health\n\n5\n", [3, 5]),
        ("SDGs we are supporting: 3, 5\n", [3, 5]),
        ("Related SDGs\n\nSDG 3 | SDG 10\n", [3, 10]),
        ("This project contributes to the following SDGs:\nGoal 3\nGoal 6\n", [3, 6]),
        ("Sustainable Development Goals (SDGs)\n\nZero Hunger\nLife on Land\n", [2, 15]),
    ],
)
def test_text_footer_forms(footer, goals):
    assert _footer_goals(BODY + footer, "text") == goals


def test_a_goals_line_in_prose_is_not_a_footer():
    text = BODY + "Goals: to vaccinate 5,000 children and train 12 nurses by 2025.\n"
    st = read_structure(Source(text=text, format="text"))
    assert st.footer_goals == [] and st.footer_goals_heading is None
    assert "Goals: to vaccinate" in st.body[-1].text


def test_footer_goal_records_are_facts_with_evidence():
    record = extract_text(BODY + "SDGs supported\n\nSDG 3\nTarget 3.b\n", release_id="invented")
    footer = [s for s in record["sdgs"] if s["method"] == "footer"]
    assert [(s["goal"], s["target"]) for s in footer] == [(3, None), (3, "3.b")]
    for s in footer:
        assert s["confidence"] == 1.0 and s["item"] is None
        ev = s["evidence"]
        assert ev["section"] == "footer-sdgs" and ev["rule"] == "footer:goals"
        assert ev["method"] == "footer"
    # the text says the same: a text-inferred goal 3 sits next to the footer's
    assert any(s["goal"] == 3 and s["method"] == "text" for s in record["sdgs"])
