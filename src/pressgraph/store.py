"""The embedded on-disk store: pyoxigraph, one named graph per release.

Chosen by measurement (see ``docs/performance.md`` and the design notes):
pyoxigraph loads ~13x faster than rdflib's memory store, holds data in ~5x
less memory, reopens instantly from disk, and runs our queries 15-170x faster.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from . import vocab as v
from .errors import QueryError, StoreError
from .facts import TABLES as FACT_TABLES
from .facts import Facts, facts_version, release_facts
from .graph import SHARED_GRAPH, N, split_record_nquads
from .records import Record, effective_record, item_digests

DEFAULT_STORE = "pressgraph-store"
_DIGEST = N(v.PG + "recordDigest")


def default_store_path() -> Path:
    """``$PRESSGRAPH_STORE`` if set, else ``./pressgraph-store``."""
    return Path(os.environ.get("PRESSGRAPH_STORE") or DEFAULT_STORE)


def record_digest(record: Record) -> str:
    import hashlib
    import json

    eff = effective_record(record)
    body = {k: v for k, v in eff.items() if k not in ("extraction", "curated")}
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LoadOutcome:
    release_id: str
    status: str  # "added", "replaced", "unchanged"
    quads: int


_DEFAULT = ox.DefaultGraph()
_SHARED = N(SHARED_GRAPH)


class GraphStore:
    """A pyoxigraph store holding release graphs, the shared graph and reference graphs.

    Queries see the union of all named graphs as their default graph. pyoxigraph 0.5
    returns a triple of that union once per graph holding it, so the store keeps every
    triple in one graph only: what one release says in its graph, what many releases
    repeat (organization and programme descriptions, shortcut edges) once in the shared
    graph, counted per release in the derived data (:class:`Derived`), so replacing or
    dropping a release removes exactly what only it said. (Until 0.3 the default graph
    held a merged copy of everything: twice the quads.)

    >>> store = GraphStore.in_memory()
    >>> store.release_ids()
    []
    """

    BATCH_QUADS = 50_000

    def __init__(self, store: ox.Store, path: Path | None):
        self._store = store
        self.path = path
        self._pending: list[ox.Quad] | None = None
        self._manifest: Manifest | None = None
        self._derived: Derived | None = None

    @contextmanager
    def batch(self) -> Iterator[GraphStore]:
        """Group the writes of many releases into few transactions (much faster on disk).

        Removals apply at once, additions when the batch is full or ends; reads inside
        a batch may not see releases added earlier in the same batch.
        """
        if self._pending is not None:
            yield self
            return
        self._pending = []
        try:
            yield self
        finally:
            self._write_pending()
            self._pending = None

    def _write_pending(self) -> None:
        if self._pending:
            if len(self._pending) >= 10_000:
                self._store.bulk_extend(self._pending)  # skips the transaction log: ~3x
            else:
                self._store.extend(self._pending)
            self._pending.clear()

    def _add(self, quads: list[ox.Quad]) -> None:
        if self._pending is None:
            self._store.extend(quads)
        else:
            self._pending.extend(quads)
            if len(self._pending) >= self.BATCH_QUADS:
                self._write_pending()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
    ) -> GraphStore:
        path = Path(path) if path is not None else default_store_path()
        if not path.exists():
            if not create or read_only:
                raise StoreError(
                    "no store here; build one first with `pressgraph build PATH`",
                    source=str(path),
                )
        elif not path.is_dir():
            raise StoreError("exists but is not a store directory", source=str(path))
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as err:
            raise StoreError(f"cannot open the store: {err}", source=str(path)) from None
        if next(iter(store.quads_for_pattern(None, None, None, _DEFAULT)), None) is not None:
            raise StoreError(
                "made by an older pressgraph (it keeps a merged default graph): build it "
                "again into a new directory",
                source=str(path),
            )
        gs = cls(store, path)
        gs.read_only = read_only
        return gs

    read_only = False

    @classmethod
    def in_memory(cls) -> GraphStore:
        return cls(ox.Store(), None)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`, for anything not wrapped here."""
        return self._store

    def __len__(self) -> int:
        """Quads in the named graphs."""
        return self.quad_count()

    def derived(self) -> Derived:
        """The derived data kept beside the graphs (shared-statement counts)."""
        if self._derived is None:
            self._derived = Derived(self.path)
            if self._derived.complete is None:  # new: it covers the store if that is empty
                empty = next(iter(self._store.quads_for_pattern(None, _DIGEST, None)), None) is None
                self._derived.mark(empty)
        return self._derived

    # ------------------------------------------------------------- releases

    def stored_digest(self, release_id: str) -> str | None:
        g = N(v.release_graph(release_id))
        for quad in self._store.quads_for_pattern(g, _DIGEST, None, g):
            return quad.object.value
        return None

    def put_release(self, record: Record, *, force: bool = False) -> LoadOutcome:
        """Replace the release's named graph with the record's quads (idempotent)."""
        rid = record["id"]
        digest = record_digest(record)
        old = self.stored_digest(rid)
        if old == digest and not force:
            return LoadOutcome(rid, "unchanged", 0)
        n = self.put_release_nquads(rid, release_nquads(record))
        self._forget(rid)
        return LoadOutcome(rid, "replaced" if old is not None else "added", n)

    def load_nquads_file(self, path: str | os.PathLike[str]) -> None:
        """Bulk-load an N-Quads file of new release graphs and shared statements."""
        self._write_pending()
        # lenient: the quads were made by pyoxigraph terms, whose IRIs are already checked
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)

    def put_release_nquads(self, release_id: str, data: ReleaseNQuads | None) -> int:
        """Replace a release (``None``: drop it): its graph, its shared statements (counted,
        so no other release's are lost) and its entries in the derived indexes."""
        graph = N(v.release_graph(release_id))
        named = data.named if data else b""
        quads = list(ox.parse(named, format=ox.RdfFormat.N_QUADS)) if named else []
        if self._has_graph(graph):
            self._store.remove_graph(graph)
        derived = self.derived()
        added, removed = derived.replace(
            release_id,
            shared_lines(data.shared) if data else [],
            data.texts if data else [],
            data.orgs if data else [],
            data.facts if data else {},
        )
        if removed:
            self._write_pending()
            for line in removed:
                for t in ox.parse(line, format=ox.RdfFormat.N_TRIPLES):
                    self._store.remove(ox.Quad(t.subject, t.predicate, t.object, _SHARED))
        if added:
            quads += [
                ox.Quad(t.subject, t.predicate, t.object, _SHARED)
                for t in ox.parse(b"\n".join(added), format=ox.RdfFormat.N_TRIPLES)
            ]
        self._add(quads)
        return len(quads)

    def manifest(self) -> Manifest | None:
        """The manifest of input hashes of an on-disk store (``None`` in memory)."""
        if self.path is None:
            return None
        if self._manifest is None:
            self._manifest = Manifest(self.path)
        return self._manifest

    def _forget(self, release_id: str) -> None:
        """A release written by other means than a build: its manifest rows are stale."""
        if self.path is not None and (self.path / Manifest.FILE).exists():
            manifest = self.manifest()
            if manifest is not None:
                manifest.forget(release_id)

    def remove_release(self, release_id: str) -> bool:
        graph = N(v.release_graph(release_id))
        if not self._has_graph(graph):
            return False
        self.put_release_nquads(release_id, None)
        self.derived().forget(release_id)
        self._forget(release_id)
        return True

    def _has_graph(self, graph: ox.NamedNode) -> bool:
        return any(True for _ in self._store.quads_for_pattern(None, None, None, graph))

    def refresh_facts(self, *, progress=None) -> int:
        """Fill the fact tables from the graphs already in the store (after pressgraph
        changed what they hold), without extracting anything again; returns the number of
        releases read. ``progress`` is called with each release id.

        One sequential pass: pyoxigraph serializes the whole store as N-Quads (grouped by
        graph) into a sink that cuts it into graphs as it arrives (a lookup per graph
        costs ~8 ms on a large store on disk; the pass ~0.5 ms a release).
        """
        derived = self.derived()
        if not derived.complete:
            raise StoreError(
                "the derived data does not cover this store; build it again into a new directory",
                source=str(self.path or "<memory>"),
            )
        derived.clear_facts()
        sink = _GraphSink(self, derived, progress)
        self._write_pending()
        self._store.dump(sink, format=ox.RdfFormat.N_QUADS)
        sink.close()
        derived.mark_facts(True)
        return sink.releases

    def release_ids(self) -> list[str]:
        prefix = v.RELEASE_GRAPH_PREFIX
        from urllib.parse import unquote

        return sorted(
            unquote(g.value[len(prefix) :])
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)
        )

    # ------------------------------------------------------------- reference graphs

    def put_graph(self, graph_iri: str, quads: Iterable[ox.Quad] | Iterable[ox.Triple]) -> int:
        """Replace one named graph with the given triples or quads."""
        graph = N(graph_iri)
        out = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
        if self._has_graph(graph):
            self._write_pending()
            self._store.remove_graph(graph)
        self._add(out)
        triples = ((str(q.subject), str(q.predicate), str(q.object)) for q in out)
        self.derived().put_facts(graph_iri, release_facts(triples, source=graph_iri))
        return len(out)

    def graph_sizes(self) -> dict[str, int]:
        """Quads per named graph."""
        sizes: dict[str, int] = {}
        for q in self.quads():
            sizes[q.graph_name.value] = sizes.get(q.graph_name.value, 0) + 1
        return sizes

    # ------------------------------------------------------------- reading

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""
        for q in self._store.quads_for_pattern(None, None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield q

    def merged_triples(self) -> Iterator[ox.Triple]:
        """The merge of all graphs, each triple once (what queries see)."""
        seen: set[ox.Triple] = set()
        for q in self.quads():
            t = ox.Triple(q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                yield t

    def quad_count(self) -> int:
        return sum(1 for _ in self.quads())

    def sparql(self, query: str, *, substitutions: dict | None = None):
        """Run SPARQL; the default graph is the union of all graphs."""
        try:
            return self._store.query(
                query,
                substitutions=substitutions,
                prefixes=v.PREFIXES,
                use_default_graph_as_union=True,
            )
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except RuntimeError as err:
            raise QueryError(f"query failed: {err}") from None

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        if self.path is not None:
            self._store.optimize()

    def close(self) -> None:
        self.flush()
        if self._manifest is not None:
            self._manifest.close()
            self._manifest = None
        if self._derived is not None:
            self._derived.close()
            self._derived = None
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        if self._store is not None:
            self.close()


# --------------------------------------------------------------------------- derived data


class _GraphSink:
    """Receives a store's N-Quads dump and turns each graph into fact rows."""

    def __init__(self, gs: GraphStore, derived: Derived, progress):
        from urllib.parse import unquote

        self._unquote = unquote
        self.gs, self.derived, self.progress = gs, derived, progress
        self.rest = b""
        self.graph: str | None = None
        self.triples: list[tuple[str, str, str]] = []
        self.seen: set[str] = set()
        self.batch: list[tuple[str, Facts]] = []
        self.releases = 0
        # an on-disk store dumps graph after graph; a store in memory in no set order,
        # so its graphs are collected first (it is small)
        self.collected: dict[str, list] | None = {} if gs.path is None else None

    def write(self, data: bytes) -> int:
        chunk = self.rest + bytes(data)
        cut = chunk.rfind(b"\n")
        self.rest = chunk[cut + 1 :]
        graph, triples = self.graph, self.triples
        for line in chunk[:cut].decode("utf-8").split("\n"):
            body, _, g = line[:-2].rpartition(" ")
            if g != graph:
                self._switch()
                graph = self.graph = g
                triples = self.triples
            s, p, o = body.split(" ", 2)
            triples.append((s, p, o))
        return len(data)

    def _switch(self) -> None:
        if self.collected is not None:
            if self.graph is not None:
                self.collected.setdefault(self.graph, []).extend(self.triples)
            self.triples = []
            return
        self._graph_done()

    def flush(self) -> None:
        pass

    def _graph_done(self) -> None:
        self._process(self.graph, self.triples)
        self.triples = []

    def _process(self, graph: str | None, triples: list) -> None:
        if graph is None or graph[0] != "<":
            return
        name = graph[1:-1]
        if name in self.seen:
            raise StoreError("the store's dump is not grouped by graph", source=name)
        self.seen.add(name)
        if name in v.REFERENCE_GRAPHS or name.startswith(v.GRAPH + "analytics/"):
            # reference graphs and written-back scores (put_graph) have facts too
            self.derived.put_facts(name, release_facts(triples, source=name))
            return
        if not name.startswith(v.RELEASE_GRAPH_PREFIX):
            return
        rid = self._unquote(name[len(v.RELEASE_GRAPH_PREFIX) :])
        for line in self.derived.release_lines(rid):
            s, p, o = line.decode("utf-8").split(" ", 2)
            triples.append((s, p, o[: o.rindex(" ")]))
        self.batch.append((rid, release_facts(triples, source=rid)))
        self.releases += 1
        if self.progress is not None:
            self.progress(rid)
        if len(self.batch) >= 2_000:
            self.derived.add_facts(self.batch)
            self.batch = []

    def close(self) -> None:
        if self.rest.strip():
            self.write(b"\n")
        self._switch()
        for graph, triples in (self.collected or {}).items():
            self._process(graph, triples)
        self.derived.add_facts(self.batch)
        self.batch = []


def shared_lines(shared: bytes) -> list[bytes]:
    """The distinct N-Triples lines of a release's shared statements, sorted."""
    return sorted({line for line in shared.split(b"\n") if line})


def _hash(line: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "big", signed=True)


def _pairs(orgs: list[str]) -> list[tuple[str, str]]:
    ordered = sorted(set(orgs))
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]


class Derived:
    """Data derived from the graphs, kept in SQLite inside the store directory.

    * ``shared``: for each statement of the shared graph (by a 64-bit hash of its
      N-Triples line), how many releases make it; ``release_shared``: each release's
      shared statements (compressed), so a replaced or dropped release gives back
      exactly its own.
    * ``anchor`` / ``anchor_fts``: every distinct span text, with a trigram index, so
      ``search-evidence`` finds the texts holding a word without reading every span.
    * ``comention``: for each pair of organizations, in how many releases both are
      mentioned; ``release_orgs``: the organizations each release mentions (to take its
      pairs back out when it changes).

    * ``f_*``: the fact tables (:mod:`pressgraph.facts`) the query plans read, each row
      tagged with its release (or reference graph) in ``source``.

    Maintained on every write of a release (bulk build, replace, remove). In memory for
    an in-memory store.
    """

    FILE = "pressgraph-derived.sqlite"

    def __init__(self, directory: Path | None):
        import sqlite3

        self._db = sqlite3.connect(":memory:" if directory is None else Path(directory) / self.FILE)
        self._db.execute("PRAGMA cache_size = -262144")  # 256 MB: the indexes are large
        for ddl in (
            "CREATE TABLE IF NOT EXISTS shared (h INTEGER PRIMARY KEY, n INTEGER)",
            "CREATE TABLE IF NOT EXISTS release_shared (release_id TEXT PRIMARY KEY, lines BLOB)",
            "CREATE TABLE IF NOT EXISTS anchor (id INTEGER PRIMARY KEY, text TEXT UNIQUE)",
            "CREATE VIRTUAL TABLE IF NOT EXISTS anchor_fts USING fts5(text, content='anchor', "
            "content_rowid='id', tokenize='trigram', detail='none')",
            "CREATE TABLE IF NOT EXISTS comention (a TEXT, b TEXT, n INTEGER, PRIMARY KEY (a, b))"
            " WITHOUT ROWID",
            # co-mentioned-organizations reads the heaviest pairs first, in this order
            "CREATE INDEX IF NOT EXISTS comention_weight ON comention (n DESC, a, b)",
            "CREATE TABLE IF NOT EXISTS release_orgs (release_id TEXT PRIMARY KEY, orgs TEXT)",
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
        ):
            self._db.execute(ddl)
        self._prepare_facts()
        self._db.commit()

    def _prepare_facts(self) -> None:
        """Create the fact tables; tables made by other code are dropped, and the facts
        count as incomplete until the store is built again (the plans then use SPARQL)."""
        db = self._db
        row = db.execute("SELECT value FROM meta WHERE key = 'facts_version'").fetchone()
        version = facts_version()
        existed = db.execute("SELECT 1 FROM meta WHERE key = 'complete'").fetchone()
        if row is None and existed:  # made before the fact tables existed
            db.execute("INSERT OR REPLACE INTO meta VALUES ('facts_complete', '0')")
        if row is not None and row[0] != version:
            self._drop_fact_objects("table")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('facts_complete', '0')")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('facts_version', ?)", (version,))
        for table in FACT_TABLES.values():
            for ddl in table.ddl():
                db.execute(ddl)

    @property
    def facts_ready(self) -> bool:
        """Whether the fact tables cover every graph of the store (made by this code)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'facts_complete'").fetchone()
        return bool(self.complete) and (row is None or row[0] == "1")

    @property
    def db(self):
        """The SQLite connection (read it; the store's writes keep it up to date)."""
        return self._db

    def _insert_facts(self, items: Iterable[tuple[str, Facts]]) -> None:
        by_table: dict[str, list[tuple]] = {}
        for source, facts in items:
            for name, rows in facts.items():
                by_table.setdefault(name, []).extend((source, *r) for r in rows)
        for name, rows in by_table.items():
            self._db.executemany(FACT_TABLES[name].insert_sql(), rows)

    def _delete_facts(self, source: str) -> None:
        for table in FACT_TABLES.values():
            self._db.execute(f"DELETE FROM f_{table.name} WHERE source = ?", (source,))

    def clear_facts(self) -> None:
        """Empty the fact tables (they count as incomplete until filled again)."""
        self.mark_facts(False)
        for table in FACT_TABLES.values():
            self._db.execute(f"DELETE FROM f_{table.name}")
        self._db.commit()

    def mark_facts(self, complete: bool) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('facts_complete', ?)", ("1" if complete else "0",)
        )
        self._db.commit()

    def add_facts(self, items: list[tuple[str, Facts]]) -> None:
        self._insert_facts(items)
        self._db.commit()

    def drop_fact_indexes(self) -> bool:
        """Before a build into a store whose fact tables hold no release, drop their
        indexes (returns whether it did): rows are then appended, and
        :meth:`create_fact_indexes` sorts each index once at the end. Inserted one by one,
        ~50 indexes outgrow the page cache near 100,000 releases and the build's main
        process spent ~5 of its 15 minutes in them."""
        db = self._db
        if db.execute("SELECT 1 FROM f_release LIMIT 1").fetchone() is not None:
            return False
        self._drop_fact_objects("index")
        db.commit()
        return True

    def _drop_fact_objects(self, kind: str) -> None:
        """Drop every table or index (not the implicit ones) of the fact tables."""
        names = self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
            "AND tbl_name LIKE 'f\\_%' ESCAPE '\\'",
            (kind,),
        ).fetchall()
        for (name,) in names:
            self._db.execute(f'DROP {kind.upper()} "{name}"')

    def create_fact_indexes(self) -> None:
        """Create the fact tables' indexes that are missing (after a bulk build)."""
        for table in FACT_TABLES.values():
            for ddl in table.ddl():
                if ddl.startswith("CREATE INDEX"):
                    self._db.execute(ddl)
        self._db.commit()

    def put_facts(self, source: str, facts: Facts) -> None:
        """Replace the fact rows of one source (a reference graph is written whole)."""
        self._delete_facts(source)
        self._insert_facts([(source, facts)])
        self._db.commit()

    @property
    def complete(self) -> bool | None:
        """Whether the data covers every release of the store (``None``: not yet known)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
        return None if row is None else row[0] == "1"

    def mark(self, complete: bool) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('complete', ?)", ("1" if complete else "0",)
        )
        self._db.commit()

    def release_lines(self, release_id: str) -> list[bytes]:
        import zlib

        row = self._db.execute(
            "SELECT lines FROM release_shared WHERE release_id = ?", (release_id,)
        ).fetchone()
        return [x for x in zlib.decompress(row[0]).split(b"\n") if x] if row and row[0] else []

    def _index_texts(self, texts) -> None:
        db = self._db
        (before,) = db.execute("SELECT COALESCE(MAX(id), 0) FROM anchor").fetchone()
        db.executemany("INSERT OR IGNORE INTO anchor (text) VALUES (?)", ((t,) for t in texts))
        db.execute(
            "INSERT INTO anchor_fts (rowid, text) SELECT id, text FROM anchor WHERE id > ?",
            (before,),
        )

    def _count_pairs(self, pairs: dict[tuple[str, str], int]) -> None:
        self._db.executemany(
            "INSERT INTO comention (a, b, n) VALUES (?, ?, ?) "
            "ON CONFLICT (a, b) DO UPDATE SET n = n + excluded.n",
            ((a, b, n) for (a, b), n in pairs.items()),
        )
        self._db.execute("DELETE FROM comention WHERE n <= 0")

    def add_releases(
        self, items: list[tuple[str, list[bytes], list[str], list[str], Facts]]
    ) -> None:
        """Count what new releases add, and insert their facts (the bulk path of a build)."""
        import zlib
        from collections import Counter

        counts: Counter[int] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        texts: set[str] = set()
        for _, lines, rtexts, orgs, _ in items:
            counts.update(_hash(line) for line in lines)
            pairs.update(_pairs(orgs))
            texts.update(rtexts)
        db = self._db
        db.executemany(
            "INSERT INTO shared (h, n) VALUES (?, ?) "
            "ON CONFLICT (h) DO UPDATE SET n = n + excluded.n",
            counts.items(),
        )
        db.executemany(
            "INSERT OR REPLACE INTO release_shared VALUES (?, ?)",
            [(rid, zlib.compress(b"\n".join(lines), 1)) for rid, lines, _, _, _ in items],
        )
        db.executemany(
            "INSERT OR REPLACE INTO release_orgs VALUES (?, ?)",
            [(rid, " ".join(orgs)) for rid, _, _, orgs, _ in items],
        )
        self._insert_facts((rid, facts) for rid, _, _, _, facts in items)
        self._count_pairs(pairs)
        self._index_texts(sorted(texts))
        db.commit()

    def replace(
        self,
        release_id: str,
        lines: list[bytes],
        texts: list[str],
        orgs: list[str],
        facts: Facts | None = None,
    ) -> tuple[list[bytes], list[bytes]]:
        """Set a release's shared statements, texts, organizations and facts; returns the
        lines that enter the shared graph and those no release makes any more."""
        import zlib

        old, new = set(self.release_lines(release_id)), set(lines)
        added, removed = [], []
        db = self._db
        for line in sorted(old - new):
            h = _hash(line)
            row = db.execute("SELECT n FROM shared WHERE h = ?", (h,)).fetchone()
            if row is None or row[0] <= 1:
                db.execute("DELETE FROM shared WHERE h = ?", (h,))
                removed.append(line)
            else:
                db.execute("UPDATE shared SET n = n - 1 WHERE h = ?", (h,))
        for line in sorted(new - old):
            h = _hash(line)
            row = db.execute("SELECT n FROM shared WHERE h = ?", (h,)).fetchone()
            if row is None:
                db.execute("INSERT INTO shared VALUES (?, 1)", (h,))
                added.append(line)
            else:
                db.execute("UPDATE shared SET n = n + 1 WHERE h = ?", (h,))
        db.execute(
            "INSERT OR REPLACE INTO release_shared VALUES (?, ?)",
            (release_id, zlib.compress(b"\n".join(sorted(new)), 1)),
        )
        row = db.execute(
            "SELECT orgs FROM release_orgs WHERE release_id = ?", (release_id,)
        ).fetchone()
        old_pairs = set(_pairs(row[0].split())) if row and row[0] else set()
        new_pairs = set(_pairs(orgs))
        delta = {p: -1 for p in old_pairs - new_pairs}
        delta.update({p: 1 for p in new_pairs - old_pairs})
        self._count_pairs(delta)
        db.execute(
            "INSERT OR REPLACE INTO release_orgs VALUES (?, ?)", (release_id, " ".join(orgs))
        )
        self._index_texts(sorted(set(texts)))
        self._delete_facts(release_id)
        self._insert_facts([(release_id, facts or {})])
        db.commit()
        return added, removed

    def forget(self, release_id: str) -> None:
        self._db.execute("DELETE FROM release_shared WHERE release_id = ?", (release_id,))
        self._db.execute("DELETE FROM release_orgs WHERE release_id = ?", (release_id,))
        self._delete_facts(release_id)
        self._db.commit()

    def texts_containing(self, needle: str) -> list[str] | None:
        """Span texts containing ``needle`` ignoring case; ``None`` when the index cannot
        answer (fewer than 3 characters, or letters beyond ASCII whose case SQLite does not
        fold). Texts no release holds any more may be listed: callers join them to spans."""
        if len(needle) < 3 or not needle.isascii():
            return None
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        low = needle.lower()
        rows = self._db.execute(
            "SELECT text FROM anchor_fts WHERE text LIKE ? ESCAPE '\\'", (pattern,)
        )
        return sorted({t for (t,) in rows if low in t.lower()})

    def comentions(self, min_weight: int | None) -> list[tuple[str, str, int]]:
        """Organization pairs (a < b) mentioned together in at least ``min_weight`` releases."""
        return self._db.execute(
            "SELECT a, b, n FROM comention WHERE n >= ? ORDER BY n DESC, a, b",
            (min_weight if min_weight is not None else 1,),
        ).fetchall()

    def close(self) -> None:
        self._db.close()


# --------------------------------------------------------------------------- manifest


@dataclass(frozen=True)
class ManifestEntry:
    """What the store knows about one input file as of the last build that read it."""

    key: str  # the input's resolved path
    size: int
    mtime_ns: int
    sha256: str
    release_id: str
    record_path: str | None = None  # the record kept for it in --records DIR, if any
    record_size: int | None = None
    record_mtime_ns: int | None = None


def pipeline_fingerprint() -> str:
    """A digest of everything that turns an input into quads (code and gazetteers).

    When it changes, the manifest is void: every input is read and extracted again
    (the record digests still spare the store unchanged graphs).
    """
    import hashlib

    from . import __version__

    here = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    files = [here / n for n in ("graph.py", "records.py", "vocab.py", "sources.py", "decisions.py")]
    files += sorted((here / "extract").glob("*.py")) + sorted((here / "data").rglob("*.yaml"))
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


class Manifest:
    """Input hashes kept next to the data (SQLite file inside the store directory).

    One row per input path: size, modification time, SHA-256 and the release id it
    produced (plus the state of its kept record). A build skips an input whose size and
    time are unchanged without reading it, and one whose bytes are unchanged without
    extracting it.
    """

    FILE = "pressgraph-manifest.sqlite"

    def __init__(self, directory: Path):
        import sqlite3

        self.path = Path(directory) / self.FILE
        self._db = sqlite3.connect(self.path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS input (key TEXT PRIMARY KEY, size INTEGER, "
            "mtime_ns INTEGER, sha256 TEXT, release_id TEXT, record_path TEXT, "
            "record_size INTEGER, record_mtime_ns INTEGER)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS input_release ON input (release_id)")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        fingerprint = pipeline_fingerprint()
        row = self._db.execute("SELECT value FROM meta WHERE key = 'pipeline'").fetchone()
        if row is None or row[0] != fingerprint:
            self._db.execute("DELETE FROM input")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('pipeline', ?)", (fingerprint,))
        self._db.commit()

    def require(self, name: str, value: str) -> bool:
        """Void the manifest when another build input (``name``) changed to ``value``.

        Curation decisions use it: a new decision must reach every release on the next
        build. Returns True when the manifest was voided.
        """
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
        if row is not None and row[0] == value:
            return False
        self._db.execute("DELETE FROM input")
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))
        self._db.commit()
        return True

    def get(self, key: str) -> ManifestEntry | None:
        row = self._db.execute("SELECT * FROM input WHERE key = ?", (key,)).fetchone()
        return ManifestEntry(*row) if row else None

    def all(self) -> dict[str, ManifestEntry]:
        """Every entry by key (one read: far cheaper than a lookup per input)."""
        return {row[0]: ManifestEntry(*row) for row in self._db.execute("SELECT * FROM input")}

    def states(self) -> dict[str, tuple]:
        """What a build compares against, by key: ``(size, mtime_ns, release_id,
        record_path, record_size, record_mtime_ns)`` (plain tuples from one read:
        100,000 rows in ~0.1 s; digests are fetched with :meth:`get` for the few that
        changed)."""
        cursor = self._db.execute(
            "SELECT key, size, mtime_ns, release_id, record_path, record_size, "
            "record_mtime_ns FROM input"
        )
        return {row[0]: row[1:] for row in cursor}

    def put_many(self, entries: Iterable[ManifestEntry]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO input VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    e.key,
                    e.size,
                    e.mtime_ns,
                    e.sha256,
                    e.release_id,
                    e.record_path,
                    e.record_size,
                    e.record_mtime_ns,
                )
                for e in entries
            ],
        )
        self._db.commit()

    def forget(self, release_id: str) -> None:
        self._db.execute("DELETE FROM input WHERE release_id = ?", (release_id,))
        self._db.commit()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM input").fetchone()[0]

    def close(self) -> None:
        self._db.close()


class ReleaseNQuads(NamedTuple):
    """One release ready for the store (made in build workers: plain bytes and strings)."""

    named: bytes  # the release graph, N-Quads
    shared: bytes  # its statements for the shared graph, N-Triples
    digest: str
    texts: list[str]  # the texts of its spans (evidence and mentions), for the text index
    orgs: list[str]  # the organizations it mentions, for the co-mention counts
    facts: Facts = {}  # its rows of the fact tables (pressgraph.facts)


def release_nquads(record: Record) -> ReleaseNQuads:
    """A release graph as N-Quads, its shared statements as N-Triples, its digest, and
    what the derived indexes need.

    Runs in build workers, so the main process only hands bytes to the bulk loader.
    """
    digest = record_digest(record)
    graph = f"<{v.release_graph(record['id'])}>"
    extra = [(graph, f"<{_DIGEST.value}>", str(ox.Literal(digest)))]
    named, shared, texts, orgs, triples = split_record_nquads(record, extra)
    return ReleaseNQuads(
        named.encode("utf-8"),
        "".join(shared).encode("utf-8"),
        digest,
        texts,
        orgs,
        release_facts(triples, source=record["id"]),
    )


__all__ = [
    "Derived",
    "GraphStore",
    "LoadOutcome",
    "Manifest",
    "ManifestEntry",
    "ReleaseNQuads",
    "default_store_path",
    "item_digests",
    "record_digest",
    "release_nquads",
    "shared_lines",
]
