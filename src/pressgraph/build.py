"""Extract and build: releases and records into the store, one named graph each.

This is the orchestration every entry point uses (CLI, notebooks, tests).
A bad input is reported and skipped (``strict=True`` stops at the first);
the other inputs are still processed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DuplicateReleaseError, PressgraphError
from .extract.pipeline import extract_source
from .records import (
    Record,
    is_record_path,
    merge_reextracted,
    read_record,
    validate_record,
    write_record,
)
from .reference import load_reference
from .sources import Source, is_url, iter_release_inputs, read_input
from .store import GraphStore, LoadOutcome


@dataclass
class Problem:
    """One input that could not be processed, as a one-line message."""

    input: str
    error: PressgraphError

    def __str__(self) -> str:
        return str(self.error)


@dataclass
class ExtractResult:
    input: str
    record: Record | None = None
    problem: Problem | None = None
    written: Path | None = None


def _inputs(paths: Iterable[str | Path]) -> Iterator[str | Path]:
    for p in paths:
        if not is_url(str(p)) and Path(p).is_dir():
            yield from sorted(
                set(iter_release_inputs([p]))
                | {
                    x
                    for x in Path(p).rglob("*")
                    if x.is_file()
                    and is_record_path(x)
                    and not any(part.startswith(".") for part in x.relative_to(p).parts)
                },
                key=str,
            )
        else:
            yield p


def extract_text(
    text: str,
    *,
    format: str = "text",
    release_id: str | None = None,
    path: str | None = None,
    url: str | None = None,
) -> Record:
    """Extract a record from text in memory (handy in notebooks)."""
    return validate_record(
        extract_source(Source(text=text, format=format, path=path, url=url), release_id=release_id),
        source=path or url or "<text>",
    )


def extract_file(path: str | Path, *, validate: bool = True) -> Record:
    """Extract one release file or URL into a record.

    ``validate=False`` skips the JSON-Schema check of the machine-made record (the
    pipeline produces valid records by construction, and the test suite checks every
    record it produces); records read from files are always validated.
    """
    source = read_input(path)
    record = extract_source(source)
    return validate_record(record, source=source.name) if validate else record


def iter_extract(
    paths: Iterable[str | Path],
    *,
    records_dir: str | Path | None = None,
    format: str = "yaml",
    strict: bool = False,
) -> Iterator[ExtractResult]:
    """Extract every release under ``paths``; optionally write records to ``records_dir``.

    Existing records there keep their human corrections (see :mod:`pressgraph.records`).
    """
    seen: dict[str, str] = {}
    for item in _inputs(paths):
        name = str(item)
        if not is_url(name) and is_record_path(Path(name)):
            continue
        try:
            record = extract_file(item, validate=False)
            if record["id"] in seen:
                raise DuplicateReleaseError(
                    f"release id {record['id']!r} already produced by {seen[record['id']]}",
                    source=name,
                )
            seen[record["id"]] = name
            written = None
            if records_dir is not None:
                suffix = ".yaml" if format == "yaml" else ".json"
                target = Path(records_dir) / f"{record['id']}{suffix}"
                previous = None
                if target.exists():
                    try:
                        previous = read_record(target)
                    except PressgraphError as err:
                        raise type(err)(
                            f"existing record is invalid, not overwritten: {err.message}",
                            source=str(target),
                            field=err.field,
                        ) from None
                record = merge_reextracted(previous, record)
                written = write_record(record, target, format=format)
            yield ExtractResult(name, record=record, written=written)
        except PressgraphError as err:
            if strict:
                raise
            yield ExtractResult(name, problem=Problem(name, err))


@dataclass
class BuildReport:
    outcomes: list[LoadOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    reference: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    store_path: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def iter_records(
    paths: Iterable[str | Path], *, records_dir: str | Path | None = None, strict: bool = False
) -> Iterator[ExtractResult]:
    """Records from YAML files as they are, and from releases by extraction.

    A release whose record already sits in ``records_dir`` is built from that
    record after re-extraction, so hand corrections are what gets built.
    """
    release_paths: list[str | Path] = []
    for item in _inputs(paths):
        name = str(item)
        if not is_url(name) and is_record_path(Path(name)):
            try:
                yield ExtractResult(name, record=read_record(item))
            except PressgraphError as err:
                if strict:
                    raise
                yield ExtractResult(name, problem=Problem(name, err))
        else:
            release_paths.append(item)
    if release_paths:
        yield from iter_extract(release_paths, records_dir=records_dir, strict=strict)


def build(
    paths: Iterable[str | Path],
    *,
    store: GraphStore | str | Path | None = None,
    records_dir: str | Path | None = None,
    strict: bool = False,
    force: bool = False,
    progress: Callable[[ExtractResult], None] | None = None,
) -> BuildReport:
    """Build or update the store from releases and/or records (idempotent)."""
    started = time.perf_counter()
    own = not isinstance(store, GraphStore)
    gs = GraphStore.open(store) if own else store
    report = BuildReport(store_path=gs.path)
    try:
        report.reference = load_reference(gs)
        with gs.batch():
            _load_records(
                gs,
                report,
                paths,
                records_dir=records_dir,
                strict=strict,
                force=force,
                progress=progress,
            )
        gs.flush()
    finally:
        if own:
            gs.close()
    report.seconds = time.perf_counter() - started
    return report


def _load_records(
    gs: GraphStore, report: BuildReport, paths, *, records_dir, strict, force, progress
) -> None:
    if True:
        seen: dict[str, str] = {}
        for result in iter_records(paths, records_dir=records_dir, strict=strict):
            if progress:
                progress(result)
            if result.problem:
                report.problems.append(result.problem)
                continue
            rid = result.record["id"]
            if rid in seen:
                err = DuplicateReleaseError(
                    f"release id {rid!r} also comes from {seen[rid]}", source=result.input
                )
                if strict:
                    raise err
                report.problems.append(Problem(result.input, err))
                continue
            seen[rid] = result.input
            report.outcomes.append(gs.put_release(result.record, force=force))
