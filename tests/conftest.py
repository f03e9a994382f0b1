"""Shared fixtures: paths to the sample, the invented fixture releases and stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"
FIXTURES = ROOT / "tests" / "fixtures"
RELEASES = FIXTURES / "releases"
GOLDEN = ROOT / "tests" / "golden"
SHARED_DATA = ROOT.parent / "shared" / "data"

# PRESSGRAPH_REGEN_GOLDEN=1 pytest ... rewrites the golden files instead of comparing.
REGENERATE = os.environ.get("PRESSGRAPH_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="session")
def sample_record():
    from pressgraph.build import extract_file

    return extract_file(SAMPLE)


@pytest.fixture(scope="session")
def fixture_records():
    from pressgraph.build import extract_file

    return {p.stem: extract_file(p) for p in sorted(RELEASES.iterdir()) if p.is_file()}


@pytest.fixture()
def sample_store(tmp_path):
    from pressgraph.build import build
    from pressgraph.store import GraphStore

    store = GraphStore.open(tmp_path / "store")
    build([SAMPLE], store=store)
    yield store
    store.close()
