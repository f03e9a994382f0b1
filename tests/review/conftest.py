"""Fixtures for the curation tests: the invented releases in tests/fixtures/review/."""

from __future__ import annotations

import pytest

from ..conftest import FIXTURES

REVIEW = FIXTURES / "review" / "releases"
WATER = REVIEW / "2024-03-12-unicef-haiti-water-points.txt"
TAPS = REVIEW / "2024-05-20-unicef-haiti-school-taps.txt"


@pytest.fixture(autouse=True)
def _no_ambient_decisions(monkeypatch, tmp_path):
    """Each test chooses its decisions: no $PRESSGRAPH_DECISIONS, no ./data/decisions.yaml."""
    monkeypatch.delenv("PRESSGRAPH_DECISIONS", raising=False)
    monkeypatch.chdir(tmp_path)


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path
