"""Invented corpora, parallel builds and the manifest of input hashes."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pressgraph.build import build, extract_text
from pressgraph.cli import main
from pressgraph.store import GraphStore, Manifest
from pressgraph.synth import release_text, write_corpus

build_module = importlib.import_module("pressgraph.build")
N = 8


def _nquads(path: Path) -> list[str]:
    with GraphStore.open(path, read_only=True) as gs:
        return sorted(str(q) for q in gs.oxigraph.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(N, out, seed=3)
    return out


def test_synth_is_deterministic_and_seeded():
    assert release_text(5, seed=1) == release_text(5, seed=1)
    assert release_text(5, seed=1) != release_text(5, seed=2)
    assert release_text(5, seed=1) != release_text(6, seed=1)


def test_synth_releases_exercise_the_real_extraction():
    found = {"organizations": 0, "fundings": 0, "people": 0, "programs": 0, "sdgs": 0}
    kinds, years = set(), set()
    for i in range(30):
        stem, text = release_text(i, seed=4)
        record = extract_text(text, path=f"{stem}.txt")
        assert record["title"] and record["date"]
        years.add(record["date"][:4])
        kinds.add(record["kind"])
        assert record["un_entities_involved"], stem
        for key in found:
            found[key] += len(record[key])
    assert all(found.values()), found
    assert len(years) > 5 and len(kinds) > 1


def test_synth_popularity_is_skewed():
    from collections import Counter

    leads = Counter(release_text(i, seed=0)[0].split("-")[3] for i in range(400))
    top = leads.most_common(1)[0][1]
    assert top > 40  # one agency leads a large share
    assert sum(1 for n in leads.values() if n == 1) > 10  # and many appear once


def test_synth_command(tmp_path):
    result = CliRunner().invoke(main, ["synth", "-n", "3", "-o", str(tmp_path), "--seed", "9"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.txt"))) == 3


def test_parallel_build_gives_the_same_store(corpus, tmp_path):
    one = build([corpus], store=tmp_path / "one")
    two = build([corpus], store=tmp_path / "two", jobs=2)
    assert one.ok and two.ok
    assert one.count("added") == two.count("added") == N
    assert _nquads(tmp_path / "one") == _nquads(tmp_path / "two")


def test_unchanged_inputs_are_skipped_without_extraction(corpus, tmp_path, monkeypatch):
    store = tmp_path / "s"
    build([corpus], store=store)

    def boom(*a, **k):
        raise AssertionError("extracted again")

    monkeypatch.setattr(build_module, "extract_file", boom)
    again = build([corpus], store=store)
    assert again.count("unchanged") == N and again.ok
    # touched but identical bytes: read and hashed, still not extracted
    victim = sorted(corpus.glob("*.txt"))[0]
    victim.write_bytes(victim.read_bytes())
    assert build([corpus], store=store).count("unchanged") == N


def test_one_changed_release_touches_only_its_graph(corpus, tmp_path):
    store = tmp_path / "s"
    build([corpus], store=store)
    before = _nquads(store)
    victim = sorted(corpus.glob("*.txt"))[4]
    text = victim.read_text("utf-8")
    victim.write_text(
        text.replace(
            "\n\nUN entities involved", "\n\nA second phase is planned.\n\nUN entities involved", 1
        ),
        "utf-8",
    )
    try:
        report = build([corpus], store=store)
        assert report.count("replaced") == 1 and report.count("unchanged") == N - 1
        after = _nquads(store)
        changed = {q for q in set(before) ^ set(after)}
        rid = victim.stem
        graph = f"<https://w3id.org/pressgraph/graph/release/{rid}>"
        named = [
            q
            for q in changed
            if q.rstrip(" .").endswith(">") and " <https://w3id.org/pressgraph/graph/" in q
        ]
        assert named and all(graph in q for q in named)
        # and a fresh build of the edited corpus gives the same store
        build([corpus], store=tmp_path / "fresh")
        assert _nquads(tmp_path / "fresh") == after
    finally:
        victim.write_text(text, "utf-8")


def test_manifest_follows_removals_and_force(corpus, tmp_path):
    store = tmp_path / "s"
    build([corpus], store=store)
    rid = sorted(corpus.glob("*.txt"))[2].stem
    with GraphStore.open(store) as gs:
        assert len(gs.manifest()) == N
        assert gs.remove_release(rid)
    report = build([corpus], store=store)
    assert report.count("added") == 1 and report.count("unchanged") == N - 1
    assert build([corpus], store=store, force=True).count("replaced") == N


def test_manifest_is_void_when_the_pipeline_changes(corpus, tmp_path, monkeypatch):
    store = tmp_path / "s"
    build([corpus], store=store)
    store_module = importlib.import_module("pressgraph.store")

    monkeypatch.setattr(store_module, "pipeline_fingerprint", lambda: "another pipeline")
    with GraphStore.open(store) as gs:
        assert len(gs.manifest()) == 0
    calls = []
    real = build_module.extract_file
    monkeypatch.setattr(
        build_module, "extract_file", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    report = build([corpus], store=store)
    assert len(calls) == N and report.count("unchanged") == N


def test_edited_kept_record_is_rebuilt(tmp_path):
    corpus = tmp_path / "c"
    write_corpus(2, corpus, seed=5)
    records, store = tmp_path / "records", tmp_path / "s"
    build([corpus], store=store, records_dir=records)
    record = sorted(records.glob("*.yaml"))[0]
    text = record.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    record.write_text(text.replace(title, "title: Edited by hand"), "utf-8")
    report = build([corpus], store=store, records_dir=records)
    assert report.count("replaced") == 1
    with GraphStore.open(store, read_only=True) as gs:
        assert bool(gs.sparql('ASK { ?r <http://purl.org/dc/terms/title> "Edited by hand"@en }'))
    assert Manifest.FILE in {p.name for p in store.iterdir()}


def test_cli_build_jobs(corpus, tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--store", str(tmp_path / "s"), "--jobs", "2", "-q"]
    )
    assert result.exit_code == 0, result.output
