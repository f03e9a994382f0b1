"""Goals listed in a release's footer ("Goals we are supporting through this initiative"),
in every form pages use: bare numbers, "SDG 8", "Goal 16", "SDGs 5 and 13", "SDG 16.2",
goal names ("Decent Work and Economic Growth", "Peace, Justice & Strong Institutions"), icon
alt text ("Goal 5: Gender Equality") and icon file names ("E_SDG_Icons-13", "goal-05",
"TheGlobalGoals_Icons_Color_Goal_4", "sdg13"), also in French and Spanish ("ODD 5", "ODS 5").

>>> parse_goal_line("SDG 8"), parse_goal_line("Goal 16: Peace"), parse_goal_line("5")
([8], [16], [5])
>>> parse_goal_line("E_SDG_Icons-13"), parse_goal_line("goal-05"), parse_goal_line("sdg13")
([13], [5], [13])
>>> parse_goal_line("SDGs 5, 13 and 16"), parse_goal_line("Decent Work & Economic Growth")
([5, 13, 16], [8])
>>> parse_footer_line("SDG 16.2: end trafficking of children")
[(16, '16.2')]
>>> parse_goal_line("Updated 2023"), parse_goal_line("Learn more about the Goals")
([], [])
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

import yaml

from ..resources import data_dir

# Names pages use besides the official short titles in data/sdg.yaml (our own list of
# common variants: UN INFO labels, older icon texts, shortened forms).
GOAL_ALIASES = {
    1: ["end poverty", "poverty"],
    2: ["end hunger", "hunger", "food security and nutrition"],
    3: [
        "good health and wellbeing",
        "good health",
        "health and well being",
        "health and wellbeing",
    ],
    4: ["education"],
    5: ["gender"],
    6: ["clean water", "water and sanitation"],
    7: ["clean energy", "affordable energy", "energy"],
    8: ["decent work", "decent jobs and economic growth", "economic growth"],
    9: ["industry innovation infrastructure", "innovation and infrastructure", "infrastructure"],
    10: ["reduced inequality", "reduce inequality", "reduced inequalities", "inequality"],
    11: ["sustainable cities", "sustainable cities and communities", "cities"],
    12: [
        "responsible consumption",
        "responsible production and consumption",
        "sustainable consumption and production",
        "responsible consumption production",
    ],
    13: ["climate", "climate change"],
    14: ["life under water", "oceans", "life below water"],
    15: ["life on land", "biodiversity"],
    16: [
        "peace and justice strong institutions",
        "peace justice and strong institutions",
        "peace and justice",
        "peace",
        "strong institutions",
    ],
    17: ["partnerships", "partnership for the goals", "partnerships for the goals", "partnership"],
}

_PREFIX = (
    r"(?:sustainable\s+development\s+goals?|global\s+goals?|sdgs?|goals?|targets?|"
    r"objectifs?|objetivos?|odd|ods|metas?|cibles?)"
)
_NUM = r"0?(?:1[0-7]|[1-9])"
_TARGET = rf"{_NUM}\.(?:1[0-9]|[1-9]|[a-c])"
_ITEM = rf"(?:{_TARGET}|{_NUM})"
_SEP = r"\s*(?:,|;|&|/|\||\+|\band\b|\bet\b|\by\b|\bor\b|\bou\b|\bo\b)\s*"
# "SDG 8", "Goals 5, 13 and 16", "SDG#8", "Goal-05", "sdg13", "ODD 5", "SDG 16.2"
_PREFIXED = re.compile(
    rf"(?<![a-z]){_PREFIX}\s*(?:#|n[o°º]\.?|no\.)?\s*[-_:.]?\s*"
    rf"({_ITEM}(?:{_SEP}{_ITEM})*)(?![\d.]*\d)",
    re.I,
)
# icon file names: "E_SDG_Icons-13", "E-WEB-Goal-08", "SDG_Icons_Inverted_WEB-08"
_FILE_NUMBER = re.compile(rf"(?<=[_-]){_NUM}(?![\d])", re.I)
_FILE_LIKE = re.compile(r"^[\w. -]*(?:sdg|goal|icon)[\w. -]*$", re.I)
_ANY_TARGET = re.compile(rf"(?<![\d.])({_TARGET})(?![\d.]*\d)", re.I)
# a line of bare numbers: "6", "5, 13", "13 Climate Action", "08 | 13"
_BARE = re.compile(
    rf"^\s*({_ITEM}(?:{_SEP}{_ITEM})*)(?![\d.]*\d)(?:\s*[-–—:.)]?\s+\D.*)?\s*$", re.I
)


def _key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower().replace("&", " and ")).strip()


@functools.lru_cache(maxsize=1)
def goal_names() -> dict[str, int]:
    """Every name a goal goes by (normalized: lower case letters and single spaces)."""
    names: dict[str, int] = {}
    for goal, aliases in GOAL_ALIASES.items():
        for alias in aliases:
            names[_key(alias)] = goal
    path = data_dir() / "sdg.yaml"
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        for g in data.get("goals", []):
            for field in ("title", "name"):
                if g.get(field):
                    names[_key(g[field])] = int(g["goal"])
    return names


def _items(group: str, offset: int = 0) -> list[tuple[int, int, str | None]]:
    """(position, goal, target) of the numbers and target codes in ``group``."""
    out = []
    for m in re.finditer(_ITEM, group, re.I):
        goal, _, rest = m.group(0).partition(".")
        n = int(goal)
        out.append((offset + m.start(), n, f"{n}.{rest.lower()}" if rest else None))
    return out


def _by_name(text: str) -> list[int]:
    key = _key(text)
    if not key:
        return []
    names = goal_names()
    if key in names:
        return [names[key]]
    # the longest names first; a name counts when it is a whole-word part of the line
    found: list[tuple[int, int]] = []
    taken = f" {key} "
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 5:
            continue
        pos = taken.find(f" {name} ")
        if pos >= 0:
            found.append((pos, names[name]))
            taken = taken[:pos] + " " + "#" * len(name) + " " + taken[pos + len(name) + 2 :]
    return [g for _pos, g in sorted(found)]


def parse_footer_line(line: str) -> list[tuple[int, str | None]]:
    """(goal, target or None) pairs listed in one footer line, in order, without repeats."""
    text = unquote(line).strip()
    found: list[tuple[int, int, str | None]] = []
    for m in _PREFIXED.finditer(text):
        found.extend(_items(m.group(1), m.start(1)))
    if found:  # "Goal 16 (16.2, 16.3)": the targets that follow
        for m in _ANY_TARGET.finditer(text):
            found.extend(_items(m.group(1), m.start(1)))
    for tok in re.finditer(r"\S+", text):  # icon file names among other words
        if ("_" in tok.group(0) or "-" in tok.group(0)) and _FILE_LIKE.match(tok.group(0)):
            found.extend(
                (tok.start() + m.start(), int(m.group(0)), None)
                for m in _FILE_NUMBER.finditer(tok.group(0))
            )
    if not found:
        m = _BARE.match(text)
        if m:
            found.extend(_items(m.group(1), m.start(1)))
    if not found and _FILE_LIKE.match(text):  # "E_SDG goals_icons-individual-rgb-04"
        found.extend((m.start(), int(m.group(0)), None) for m in _FILE_NUMBER.finditer(text))
    if not found:
        # drop icon words and a leading "Goal"/"SDG", then read names
        name = re.sub(r"\b(?:icon|logo|image|sdg|goal)s?\b", " ", text, flags=re.I)
        found.extend((i, g, None) for i, g in enumerate(_by_name(name)))
    out: list[tuple[int, str | None]] = []
    for _pos, goal, target in sorted(found, key=lambda f: f[0]):
        if 1 <= goal <= 17 and (goal, target) not in out:
            out.append((goal, target))
    return out


def parse_goal_line(line: str) -> list[int]:
    """The goal numbers listed in one footer line (targets count for their goal)."""
    goals: list[int] = []
    for goal, _target in parse_footer_line(line):
        if goal not in goals:
            goals.append(goal)
    return goals
