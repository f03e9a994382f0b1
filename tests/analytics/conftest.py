"""Session fixtures: the invented analytics corpus in an in-memory store (see analytics_corpus)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analytics_corpus import corpus_records  # noqa: E402


@pytest.fixture(scope="session")
def records() -> list[dict]:
    return corpus_records()


@pytest.fixture(scope="session")
def store(records):
    from pressgraph.store import GraphStore

    s = GraphStore.in_memory()
    for r in records:
        s.put_release(r)
    return s


@pytest.fixture(scope="session")
def G(store):
    from pressgraph.analytics import co_involvement

    return co_involvement(store)


@pytest.fixture(scope="session")
def table(G):
    from pressgraph.analytics import centrality

    return centrality(G)
