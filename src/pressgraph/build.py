"""Extract and build: releases and records into the store, one named graph each.

This is the orchestration every entry point uses (CLI, notebooks, tests).
A bad input is reported and skipped (``strict=True`` stops at the first);
the other inputs are still processed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .decisions import Decisions, use_decisions
from .errors import DuplicateReleaseError, PressgraphError
from .graph import SHARED_GRAPH
from .records import (
    Record,
    is_record_path,
    merge_reextracted,
    read_record,
    validate_record,
    write_record,
)
from .reference import load_reference
from .sources import RELEASE_SUFFIXES, Source, is_url, read_input
from .store import (
    GraphStore,
    LoadOutcome,
    ManifestEntry,
    ReleaseNQuads,
    release_nquads,
    shared_lines,
)


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


_WALKED = frozenset(RELEASE_SUFFIXES) | {".yaml", ".yml"}


def _walk(root: str) -> Iterator[str]:
    """Release and record files under ``root``, hidden entries skipped (one scandir each)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path)
        elif entry.is_file():
            dot = name.rfind(".")  # os.path.splitext's suffix: the name does not start with "."
            if dot > 0 and name[dot:].lower() in _WALKED:
                yield entry.path


def _inputs(paths: Iterable[str | Path]) -> Iterator[str | Path]:
    for p in paths:
        if not is_url(str(p)) and Path(p).is_dir():
            yield from sorted(_walk(str(Path(p))))
        else:
            yield p


def _stated_inputs(
    paths: Iterable[str | Path],
) -> Iterator[tuple[str, str | None, tuple[int, int] | None, bool]]:
    """Every input as ``(name, manifest key, (size, mtime_ns), is a record file)``, in
    :func:`_inputs` order.

    URLs have neither key nor state. The keys of a directory's files are made from its
    absolute path once rather than per file: at 100,000 inputs what an update costs is
    this walk, a ``stat`` per file and one read of the manifest.
    """
    for p in paths:
        name = str(p)
        if is_url(name):
            yield name, None, None, False
        elif not Path(p).is_dir():
            yield name, _manifest_key(name), _stat(p), is_record_path(Path(name))
        else:
            root = str(Path(p))
            files = sorted(_walk(root))
            if root.endswith(os.sep):
                keys = [_manifest_key(f) for f in files]
            else:
                prefix, cut = os.path.abspath(root), len(root)
                keys = [prefix + f[cut:] for f in files]
            for path, key, state in zip(files, keys, _file_states(files)):
                # is_record_path without making a Path (walked names never start with ".")
                yield path, key, state, path[-5:].lower().endswith((".yaml", ".yml"))


def _file_states(files: list[str]) -> list[tuple[int, int] | None]:
    """``(size, mtime_ns)`` of each file (``None``: gone). Measured: looking names up in
    an opened directory (``dir_fd``) instead saves nothing here; the syscall is the cost."""
    out: list[tuple[int, int] | None] = []
    append, stat = out.append, os.stat
    for path in files:
        try:
            st = stat(path)
        except OSError:
            append(None)
        else:
            append((st.st_size, st.st_mtime_ns))
    return out


def extract_text(
    text: str,
    *,
    format: str = "text",
    release_id: str | None = None,
    path: str | None = None,
    url: str | None = None,
) -> Record:
    """Extract a record from text in memory (handy in notebooks)."""
    from .extract.pipeline import extract_source

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
    # imported here: a build with nothing to extract starts without it (~0.15 s)
    from .extract.pipeline import extract_source

    source = read_input(path)
    record = extract_source(source)
    return validate_record(record, source=source.name) if validate else record


def _write_keeping_corrections(record: Record, target: Path, fmt: str) -> Record:
    """Write a fresh record over ``target``, folding in the corrections already there."""
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
    write_record(record, target, format=fmt)
    return record


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
                target = _record_target(records_dir, record["id"], format)
                record = _write_keeping_corrections(record, target, format)
                written = target
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
    jobs: int = 1,
    keep_nquads: str | Path | None = None,
    decisions: Decisions | str | Path | None = None,
) -> BuildReport:
    """Build or update the store from releases and/or records (idempotent).

    Inputs stream through ``jobs`` worker processes (extraction, record, RDF and
    its N-Quads serialization all happen there) and new release graphs reach the
    store through pyoxigraph's bulk loader in batches; no more than a few batches
    of releases are ever held in memory. An on-disk store keeps a manifest of
    input sizes, times and hashes: an input unchanged since the last build is
    skipped without being read or extracted (``force`` disables this).
    ``progress`` receives one :class:`ExtractResult` per input (``record`` is
    ``None``: records stay in the workers). ``keep_nquads`` keeps the N-Quads files
    that were bulk-loaded (new releases only) in that directory, for benchmarks.
    ``decisions`` (a file or :class:`~pressgraph.decisions.Decisions`; default: the
    active ones, see :mod:`pressgraph.decisions`) are applied to every extraction; when
    they change, the manifest is void so they reach every release.
    """
    with use_decisions(decisions) as active:
        return _build(paths, store, records_dir, strict, force, progress, jobs, keep_nquads, active)


def _build(paths, store, records_dir, strict, force, progress, jobs, keep_nquads, active):
    started = time.perf_counter()
    own = not isinstance(store, GraphStore)
    gs = GraphStore.open(store) if own else store
    report = BuildReport(store_path=gs.path)
    try:
        report.reference = load_reference(gs)
        manifest = gs.manifest()
        if manifest is not None:
            manifest.require("decisions", active.digest)
        loader = _Loader(
            gs, report, records_dir=records_dir, strict=strict, force=force, keep_nquads=keep_nquads
        )
        derived = gs.derived()
        bulk = derived.drop_fact_indexes()  # a first build: rows appended, indexed at the end
        try:
            loader.run(paths, progress=progress, jobs=max(1, int(jobs or 1)))
        finally:
            if bulk:
                derived.create_fact_indexes()
        if derived.complete and not derived.facts_ready:
            gs.refresh_facts()  # tables made by an older pressgraph: filled again from the graphs
        gs.flush()
    finally:
        if own:
            gs.close()
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- workers

_CHUNK = 32  # inputs per task sent to a worker
# Up to this many inputs to extract, a build runs them in its own process whatever
# ``jobs`` says: spawning workers (each imports the extraction and its gazetteers)
# costs more than extracting them (measured in docs/performance-scale.md, Rebuilds).
_IN_PROCESS = 64


@dataclass
class _Done:
    """What a worker sends back for one input (small, picklable)."""

    input: str
    status: str  # "skip" (manifest hit), "same" (same bytes), "built", "problem"
    rid: str | None = None
    digest: str | None = None
    data: ReleaseNQuads | None = None  # its graph, shared statements, index entries
    state: tuple | None = None  # (size, mtime_ns, sha256) of the input
    record_state: tuple | None = None  # (path, size, mtime_ns) of the kept record
    error: tuple | None = None  # (class name, attributes)


def _stat(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _record_target(records_dir, rid: str, fmt: str) -> Path:
    return Path(records_dir) / f"{rid}{'.yaml' if fmt == 'yaml' else '.json'}"


def _record_unchanged(entry: ManifestEntry | tuple, records_dir, fmt: str) -> bool:
    """Whether the record kept for an input is as the manifest saw it (``entry``: a
    :class:`ManifestEntry` or its ``(release_id, record_path, record_size,
    record_mtime_ns)``)."""
    if isinstance(entry, ManifestEntry):
        rid, path, size, mtime = (
            entry.release_id,
            entry.record_path,
            entry.record_size,
            entry.record_mtime_ns,
        )
    else:
        rid, path, size, mtime = entry
    if records_dir is None:
        return path is None
    target = _record_target(records_dir, rid, fmt)
    return path == str(target) and _stat(target) == (size, mtime)


def _process(task: tuple) -> _Done:
    """Extract (or read) one input and serialize its graph; runs in a worker."""
    kind, name, entry, records_dir, fmt = task
    try:
        state = None
        if kind != "url":
            st = _stat(name)
            if (
                entry is not None
                and st == (entry.size, entry.mtime_ns)
                and (kind == "record" or _record_unchanged(entry, records_dir, fmt))
            ):
                return _Done(name, "skip", rid=entry.release_id)
            raw = Path(name).read_bytes() if st is not None else b""
            state = (len(raw), st[1] if st else 0, hashlib.sha256(raw).hexdigest())
            if (
                entry is not None
                and state[2] == entry.sha256
                and (kind == "record" or _record_unchanged(entry, records_dir, fmt))
            ):
                return _Done(name, "same", rid=entry.release_id, state=state)
        record_state = None
        if kind == "record":
            from .extract.curation import apply_to_record

            record = apply_to_record(read_record(name))  # the curation decisions
        else:
            record = extract_file(name, validate=False)
            if records_dir is not None:
                target = _record_target(records_dir, record["id"], fmt)
                record = _write_keeping_corrections(record, target, fmt)
                size_mtime = _stat(target)
                record_state = (str(target), *size_mtime) if size_mtime else None
        data = release_nquads(record)
        return _Done(
            name,
            "built",
            rid=record["id"],
            digest=data.digest,
            data=data,
            state=state,
            record_state=record_state,
        )
    except PressgraphError as err:
        return _Done(name, "problem", error=(type(err).__name__, dict(vars(err))))


def _process_chunk(tasks: list[tuple]) -> list[_Done]:
    return [_process(t) for t in tasks]


def _rebuild_error(error: tuple) -> PressgraphError:
    from . import errors

    cls_name, attributes = error
    cls = getattr(errors, cls_name, PressgraphError)
    err = cls.__new__(cls)
    err.__dict__.update(attributes)
    Exception.__init__(err, str(err))
    return err


class _Loader:
    """The main-process side of a build: ordering, duplicates, the store, the manifest."""

    # N-Quads of new releases are spooled to a file and bulk-loaded from it in large
    # pieces: each bulk load has a fixed cost, and the file keeps them out of memory.
    # The bulk loader's memory grows with the size of one load (~5x the N-Quads: 512 MB
    # pieces peaked at 2.7 GB for the process tree), so the pieces are kept small.
    FLUSH_BYTES = 128 * 1024 * 1024

    def __init__(
        self, gs: GraphStore, report: BuildReport, *, records_dir, strict, force, keep_nquads=None
    ):
        self.gs = gs
        self.report = report
        self.records_dir = records_dir
        self.fmt = "yaml"
        self.strict = strict
        self.force = force
        self.seen: dict[str, str] = {}
        self.keep_nquads = Path(keep_nquads) if keep_nquads is not None else None
        self.spool = None
        self.spooled = 0
        self.pending_size = 0
        self.pending_rows: list[ManifestEntry] = []
        self.pending_shared: list[tuple] = []

    def plan(self, paths) -> list[tuple | _Done]:
        """Every input in build order (records given as files first, then releases): a
        task for a worker, or a ready ``_Done`` for an input the manifest says is unchanged.

        The unchanged ones are decided here, from one read of the manifest and the
        ``stat`` the directory walk gives, so they cost no task, no worker round trip and
        no per-input query: an update of a large corpus is paid for what changed.
        """
        manifest = self.gs.manifest()
        known = manifest.states() if (manifest is not None and not self.force) else {}
        records: list[tuple | _Done] = []
        releases: list[tuple | _Done] = []
        records_dir, fmt = self.records_dir, self.fmt

        def record_kept(row: tuple) -> bool:  # the record in records_dir is as it was
            if records_dir is None:
                return row[3] is None
            return _record_unchanged(row[2:], records_dir, fmt)

        for name, key, state, is_record in _stated_inputs(paths):
            if key is None:
                releases.append(("url", name, None, records_dir, fmt))
                continue
            row = known.get(key)
            if row is None:
                task = ("record" if is_record else "release", name, None, records_dir, fmt)
            elif state == row[:2] and (is_record or record_kept(row)):
                task = _Done(name, "skip", rid=row[2])
            else:
                entry = manifest.get(key)
                task = ("record" if is_record else "release", name, entry, records_dir, fmt)
            (records if is_record else releases).append(task)
        records += releases
        return records

    def run(self, paths, *, progress, jobs: int) -> None:
        # Records given as files come first, as before: then releases (whose records in
        # records_dir may have been rebuilt by the first group).
        with _gc_paused(True):  # ~3 objects per input, none in a cycle
            items = self.plan(paths)
        work = sum(1 for i in items if not isinstance(i, _Done))
        if jobs > 1 and work <= _IN_PROCESS:
            jobs = 1  # a few changed inputs: starting workers would cost more than them
        try:
            # an update: the bookkeeping of the unchanged inputs, a few extractions
            with _gc_paused(work <= _IN_PROCESS):
                for done in _run_tasks(items, jobs):
                    if progress:
                        problem = (
                            Problem(done.input, _rebuild_error(done.error)) if done.error else None
                        )
                        progress(ExtractResult(done.input, problem=problem))
                    self.take(done)
        finally:
            self.flush()

    def take(self, done: _Done) -> None:
        report = self.report
        if done.status == "problem":
            err = _rebuild_error(done.error)
            if self.strict:
                raise err
            report.problems.append(Problem(done.input, err))
            return
        rid = done.rid
        if rid in self.seen:
            err = DuplicateReleaseError(
                f"release id {rid!r} also comes from {self.seen[rid]}", source=done.input
            )
            if self.strict:
                raise err
            report.problems.append(Problem(done.input, err))
            return
        self.seen[rid] = done.input
        if done.status == "skip":
            report.outcomes.append(LoadOutcome(rid, "unchanged", 0))
            return
        if done.status == "same":
            report.outcomes.append(LoadOutcome(rid, "unchanged", 0))
            self._remember(done, None)
            return
        old = self.gs.stored_digest(rid)
        if old == done.digest and not self.force:
            report.outcomes.append(LoadOutcome(rid, "unchanged", 0))
            self._remember(done, done.record_state)
            return
        data = done.data
        quads = data.named.count(b"\n")
        if old is None:
            if self.spool is None:
                self.spool = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in flush)
                    prefix=".pressgraph-spool-", suffix=".nq", dir=self.gs.path, delete=False
                )
            self.spool.write(data.named)
            self.pending_shared.append(
                (rid, shared_lines(data.shared), data.texts, data.orgs, data.facts)
            )
            self.pending_size += len(data.named) + len(data.shared)
            report.outcomes.append(LoadOutcome(rid, "added", quads))
            self._remember(done, done.record_state)
            if self.pending_size >= self.FLUSH_BYTES:
                self.flush()
        else:
            self.flush()
            self.gs.put_release_nquads(rid, data)
            report.outcomes.append(LoadOutcome(rid, "replaced", quads))
            self._remember(done, done.record_state)

    def _remember(self, done: _Done, record_state) -> None:
        if done.state is None or self.gs.path is None:
            return
        rp, rs, rm = record_state if record_state else (None, None, None)
        if done.status == "same":  # keep the record state the entry already had
            prev = self.gs.manifest().get(_manifest_key(done.input))
            if prev is not None:
                rp, rs, rm = prev.record_path, prev.record_size, prev.record_mtime_ns
        self.pending_rows.append(
            ManifestEntry(
                _manifest_key(done.input),
                done.state[0],
                done.state[1],
                done.state[2],
                done.rid,
                rp,
                rs,
                rm,
            )
        )
        if self.spool is None:
            self._write_rows()

    def _write_rows(self) -> None:
        manifest = self.gs.manifest()
        if manifest is not None and self.pending_rows:
            manifest.put_many(self.pending_rows)
        self.pending_rows.clear()

    def _spool_shared(self, spool) -> None:
        """Count the spooled releases' shared statements and spool each distinct one once
        (one already in the store is merged by the loader: a quad is held once)."""
        if not self.pending_shared:
            return
        self.gs.derived().add_releases(self.pending_shared)
        suffix = f"<{SHARED_GRAPH}> .\n".encode()
        distinct = {line for _, lines, *_ in self.pending_shared for line in lines}
        spool.write(b"".join(line[:-1] + suffix for line in sorted(distinct)))
        self.pending_shared.clear()

    def flush(self) -> None:
        if self.spool is not None:
            spool, self.spool = self.spool, None
            self._spool_shared(spool)
            spool.close()
            try:
                self.gs.load_nquads_file(spool.name)
                if self.keep_nquads is not None:
                    self.keep_nquads.mkdir(parents=True, exist_ok=True)
                    target = self.keep_nquads / f"part-{self.spooled:05d}.nq"
                    shutil.move(spool.name, target)
            finally:
                Path(spool.name).unlink(missing_ok=True)
            self.spooled += 1
            self.pending_size = 0
        self._write_rows()  # only after the graphs they describe are in the store


@contextmanager
def _gc_paused(pause: bool) -> Iterator[None]:
    """Hold the cyclic garbage collector while ``pause``: it would walk the growing
    bookkeeping of 100,000 inputs again and again (a fifth of an update's time), though
    refcounting frees all of it. Cycles made meanwhile wait for the next collection."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _manifest_key(name: str) -> str:
    return os.path.abspath(name)


def _run_tasks(tasks: Iterable[tuple | _Done], jobs: int) -> Iterator[_Done]:
    """Results in input order; with ``jobs > 1`` a process pool with a bounded window.

    A ``_Done`` among the tasks (an input already decided) is passed through in its place.
    """
    if jobs <= 1:
        for task in tasks:
            yield task if isinstance(task, _Done) else _process(task)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    def results(items: list, future) -> Iterator[_Done]:
        done = iter(future.result() if future is not None else ())
        for item in items:
            yield item if isinstance(item, _Done) else next(done)

    window = deque()
    limit = jobs * 12  # chunks in flight: workers keep going while the store loads
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        items: list = []  # the inputs of the chunk being filled, decided ones included
        chunk: list[tuple] = []
        for task in tasks:
            items.append(task)
            if isinstance(task, _Done):
                continue
            chunk.append(task)
            if len(chunk) >= _CHUNK:
                window.append((items, pool.submit(_process_chunk, chunk)))
                items, chunk = [], []
                while len(window) >= limit:
                    yield from results(*window.popleft())
        if items:
            window.append((items, pool.submit(_process_chunk, chunk) if chunk else None))
        while window:
            yield from results(*window.popleft())
