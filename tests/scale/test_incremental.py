"""Updates of a built store: what the manifest decides in the main process, and what still
reaches extraction (invented corpora from ``pressgraph synth``)."""

from __future__ import annotations

import concurrent.futures
import importlib
import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from pressgraph.build import build
from pressgraph.store import GraphStore
from pressgraph.synth import write_corpus

build_module = importlib.import_module("pressgraph.build")
N = 6


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(N, out, seed=11)
    return out


@pytest.fixture
def corpus(pristine, tmp_path) -> Path:
    """A private copy (the tests edit it), with its own times."""
    out = tmp_path / "corpus"
    shutil.copytree(pristine, out)
    return out


@pytest.fixture
def processed(monkeypatch) -> list[tuple[str, str]]:
    """(input, status) of every input that reached ``_process`` (a worker's job)."""
    seen: list[tuple[str, str]] = []
    real = build_module._process

    def spy(task):
        done = real(task)
        seen.append((Path(task[1]).name, done.status))
        return done

    monkeypatch.setattr(build_module, "_process", spy)
    return seen


def _edit(path: Path, sentence: str) -> None:
    text = path.read_text("utf-8")
    footer = "\n\nUN entities involved"
    assert footer in text
    path.unlink()  # a new file, as an editor that writes a copy does
    path.write_text(text.replace(footer, f"\n\n{sentence}{footer}", 1), "utf-8")


def _no_pool(*args, **kwargs):
    raise AssertionError("a worker pool was started")


def test_unchanged_inputs_never_reach_extraction(corpus, tmp_path, processed, monkeypatch):
    store = tmp_path / "s"
    build([corpus], store=store)
    assert len(processed) == N
    processed.clear()
    assert build([corpus], store=store).count("unchanged") == N
    assert processed == []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _no_pool)
    report = build([corpus], store=store, jobs=2)
    assert processed == [] and report.ok
    assert report.count("unchanged") == N and len(report.outcomes) == N


def test_touched_but_identical_file_is_hashed_not_extracted(corpus, tmp_path, processed):
    store = tmp_path / "s"
    build([corpus], store=store)
    victim = sorted(corpus.glob("*.txt"))[1]
    st = victim.stat()
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    processed.clear()
    report = build([corpus], store=store)
    assert processed == [(victim.name, "same")]
    assert report.count("unchanged") == N
    # the manifest took the new time: the next build does not even read it
    processed.clear()
    build([corpus], store=store)
    assert processed == []


def test_one_change_is_built_in_process_without_workers(corpus, tmp_path, processed, monkeypatch):
    store = tmp_path / "s"
    build([corpus], store=store)
    victim = sorted(corpus.glob("*.txt"))[3]
    _edit(victim, "A second phase is planned.")
    processed.clear()
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _no_pool)
    report = build([corpus], store=store, jobs=2)
    assert processed == [(victim.name, "built")]
    assert report.count("replaced") == 1 and report.count("unchanged") == N - 1
    replaced = [o.release_id for o in report.outcomes if o.status == "replaced"]
    assert replaced == [victim.stem]


def test_many_changes_use_the_pool_and_keep_input_order(corpus, tmp_path, monkeypatch):
    store, fresh = tmp_path / "s", tmp_path / "fresh"
    build([corpus], store=store)
    files = sorted(corpus.glob("*.txt"))
    for f in files[1::2]:
        _edit(f, "The partners will meet again next year.")
    monkeypatch.setattr(build_module, "_IN_PROCESS", 0)  # any change goes to workers
    monkeypatch.setattr(build_module, "_CHUNK", 2)  # skipped inputs between chunks
    report = build([corpus], store=store, jobs=2)
    assert [o.release_id for o in report.outcomes] == [f.stem for f in files]
    status = {o.release_id: o.status for o in report.outcomes}
    assert [status[f.stem] for f in files] == ["unchanged", "replaced"] * (N // 2)
    build([corpus], store=fresh)  # the same store as a build from scratch

    def quads(path):
        with GraphStore.open(path, read_only=True) as gs:
            return sorted(str(q) for q in gs.oxigraph.quads_for_pattern(None, None, None, None))

    assert quads(store) == quads(fresh)


def test_removed_input_leaves_the_store_as_it_was(corpus, tmp_path, processed):
    store = tmp_path / "s"
    build([corpus], store=store)
    gone = sorted(corpus.glob("*.txt"))[0]
    gone.unlink()
    processed.clear()
    report = build([corpus], store=store)
    assert processed == [] and report.ok
    assert report.count("unchanged") == N - 1 and len(report.outcomes) == N - 1
    with GraphStore.open(store, read_only=True) as gs:
        assert gone.stem in gs.release_ids()  # dropping a release is `remove_release`'s job
        assert len(gs.manifest()) == N


def test_copy_of_a_known_input_is_a_duplicate(corpus, tmp_path):
    store = tmp_path / "s"
    build([corpus], store=store)
    original = sorted(corpus.glob("*.txt"))[2]
    (corpus / "later").mkdir()
    copy = corpus / "later" / original.name  # same name, same release id, walked after
    shutil.copyfile(original, copy)
    report = build([corpus], store=store)
    assert [p.input for p in report.problems] == [str(copy)]
    assert "also comes from" in str(report.problems[0])
    assert report.count("unchanged") == N and len(report.outcomes) == N


def test_relative_and_absolute_paths_share_the_manifest(corpus, tmp_path, processed, monkeypatch):
    store = tmp_path / "s"
    build([corpus], store=store)
    monkeypatch.chdir(corpus.parent)
    processed.clear()
    for given in ("corpus", "./corpus/", f"../{tmp_path.name}/corpus"):
        report = build([given], store=store)
        assert report.count("unchanged") == N, given
    one = sorted(corpus.glob("*.txt"))[0]
    assert build([f"corpus/{one.name}"], store=store).count("unchanged") == 1
    assert processed == []


def test_collector_is_back_on_after_a_build_even_a_failed_one(corpus, tmp_path):
    import gc

    from pressgraph.errors import PressgraphError

    store = tmp_path / "s"
    build([corpus], store=store)
    assert gc.isenabled()
    (corpus / "empty.txt").write_text("", "utf-8")
    with pytest.raises(PressgraphError):
        build([corpus], store=store, strict=True)
    assert gc.isenabled()


def test_bench_incremental_step_leaves_linked_files_alone(pristine, tmp_path):
    """The benchmark's rebuild step edits one file of a corpus of hard links as a new file."""
    spec = importlib.util.spec_from_file_location(
        "bench_scale", Path(__file__).parents[2] / "benchmarks" / "bench_scale.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    linked, store = tmp_path / "linked", tmp_path / "s"
    linked.mkdir()
    for f in pristine.iterdir():
        os.link(f, linked / f.name)
    before = {f.name: f.read_bytes() for f in pristine.iterdir()}
    build([linked], store=store)
    out = bench.bench_incremental(linked, store, N, runs=1)
    inc = out["incremental"]
    assert inc["replaced"] == 1 and inc["one_file_replaced"] == 1
    assert inc["unchanged"] == N - 1 and inc["cli_seconds"] > 0
    assert {f.name: f.read_bytes() for f in pristine.iterdir()} == before


def test_kept_records_are_checked_in_the_main_process(corpus, tmp_path, processed):
    store, records = tmp_path / "s", tmp_path / "records"
    build([corpus], store=store, records_dir=records)
    processed.clear()
    assert build([corpus], store=store, records_dir=records).count("unchanged") == N
    assert processed == []  # inputs and their kept records as the manifest saw them
    record = sorted(records.glob("*.yaml"))[1]
    text = record.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    record.write_text(text.replace(title, "title: Retitled by hand"), "utf-8")
    report = build([corpus], store=store, records_dir=records)
    assert [name for name, _ in processed] == [record.stem + ".txt"]
    assert report.count("replaced") == 1
    # the same inputs without --records: every kept-record state differs, all are read
    processed.clear()
    build([corpus], store=store)
    assert len(processed) == N


def test_build_leaves_the_counts_of_a_large_store_to_stats(corpus, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pressgraph import cli

    store = str(tmp_path / "s")
    small = CliRunner().invoke(cli.main, ["build", str(corpus), "--store", store])
    assert small.exit_code == 0, small.output
    assert "in the graph" in small.output
    monkeypatch.setattr(cli, "SUMMARY_MAX", N - 1)  # this store counts as large
    large = CliRunner().invoke(cli.main, ["build", str(corpus), "--store", store])
    assert large.exit_code == 0, large.output
    assert f"{N} unchanged" in large.output and "in the graph" not in large.output
    assert "pressgraph stats" in large.output
