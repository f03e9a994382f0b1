"""The place plans at ten times a store's size, without refreshing a big store.

Run:  .venv/bin/python benchmarks/bench_places_x10.py --store DIR [--copies 10] [--runs 3]

Refreshing the fact tables of a 100,000-release store costs more than building it, so
this copies the fact tables the place plans read (``pressgraph.facts.core`` and
``.places``) from a built store with ready facts into a scratch SQLite, ``--copies``
times, each copy's releases (ids, release/event/funding IRIs) renamed with a suffix;
organizations, countries and programmes stay shared, as in a bigger corpus. Then it
times each plan (typical parameters of bench_scale.py and a large country, and no
parameters) straight on that SQLite: CPU and wall time, best of ``--runs``. Prints a
table and writes benchmarks/results/places-x10.json. An estimate: the rows grow ``copies``
times, the distinct organizations do not.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# per table: the columns naming a release or something only it holds (renamed per copy)
RENAMED = {
    "release": ("source", "release", "release_id"),
    "release_country": ("source", "release"),
    "label": ("source",),
    "goal_country": ("source", "release", "release_id"),
    "goal_gap": ("source", "release", "release_id"),
    "alignment": ("source", "release", "release_id", "item"),
    "un_entity_country": ("source", "release", "release_id"),
    "event": ("source", "release", "event"),
    "event_org": ("source", "event"),
    "funding": ("source", "release", "funding"),
    "funded": ("source", "funding", "item"),
    "initiative": ("source", "release"),
    "initiative_country": ("source",),
}


def replicate(src: Path, dst: Path, copies: int) -> dict[str, int]:
    from pressgraph.facts import TABLES

    s = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    d = sqlite3.connect(dst)
    d.execute("PRAGMA journal_mode=OFF")
    d.execute("PRAGMA synchronous=OFF")
    counts = {}
    for name, renamed in RENAMED.items():
        table = TABLES[name]
        ddl = table.ddl()
        d.execute(ddl[0])
        cols = ("source", *table.columns)
        idx = [cols.index(c) for c in renamed]
        rows = s.execute(f"SELECT * FROM f_{name}").fetchall()
        for k in range(copies):
            suffix = f"-x{k}" if k else ""
            out = []
            for r in rows:
                if r[0].startswith("http"):  # a reference graph's rows: once
                    if not k:
                        out.append(r)
                    continue
                r = list(r)
                for i in idx:
                    x = r[i]
                    if x is None or (
                        cols[i] == "item" and not ("/release/" in x or "/event/" in x)
                    ):
                        continue  # programmes and organizations are shared by releases
                    r[i] = x + suffix
                out.append(tuple(r))
            d.executemany(table.insert_sql(), out)
        for stmt in ddl[1:]:
            d.execute(stmt)
        d.commit()
        counts[name] = d.execute(f"SELECT count(*) FROM f_{name}").fetchone()[0]
    d.close()
    return counts


def cases(release_iri: str) -> list[tuple[str, str, dict]]:
    import pyoxigraph as ox

    from pressgraph import vocab as v

    def country(iso: str):
        return ox.NamedNode(v.country_iri(iso))

    def day(x: str):
        return ox.Literal(x, datatype=ox.NamedNode(v.XSD + "date"))

    release = ox.NamedNode(release_iri)
    out = []
    for name in (
        "sdg-coverage-by-country",
        "un-entities-by-country",
        "events",
        "donors",
        "programmes-by-country",
    ):
        out += [
            (name, "Kenya", {"country": country("KEN")}),
            (name, "Benin (largest)", {"country": country("BEN")}),
            (name, "all", {}),
        ]
    out += [
        ("funding-totals-by-donor", "all", {}),
        ("sdg-alignments", "one release", {"release": release}),
        ("sdg-alignments", "all", {}),
        ("footer-text-disagreements", "one release", {"release": release}),
        ("footer-text-disagreements", "all", {}),
        ("releases", "Jan 2020", {"since": day("2020-01-01"), "until": day("2020-01-31")}),
        ("releases", "all", {}),
    ]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import pyoxigraph as ox

    from pressgraph.plans import PLANS
    from pressgraph.queries import get_query
    from pressgraph.store import GraphStore

    with GraphStore.open(args.store, read_only=True) as gs:
        if not gs.derived().facts_ready:
            sys.exit(f"{args.store}: fact tables not ready (run bench_plans.py --refresh)")
        ids = gs.release_ids()
        n = len(ids)
        rid = ids[n // 2]
        row = (
            gs.derived()
            .db.execute("SELECT release FROM f_release WHERE source = ?", (rid,))
            .fetchone()
        )
    with tempfile.TemporaryDirectory(dir=args.store.parent) as tmp:
        db_path = Path(tmp) / "x.sqlite"
        t = time.perf_counter()
        counts = replicate(args.store / "pressgraph-derived.sqlite", db_path, args.copies)
        print(f"{n * args.copies:,} releases' fact rows in {time.perf_counter() - t:.0f} s")
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

        class Derived:
            pass

        class Store:  # what the plans use of a store: its derived SQLite
            def derived(self):
                d = Derived()
                d.db = db
                return d

        store = Store()
        results = []
        print(f"{'query':28} {'parameters':16} {'rows':>8} {'cpu ms':>8} {'wall ms':>8}")
        for name, label, params in cases(row[0]):
            query = get_query(name)
            subs = {ox.Variable(k): x for k, x in params.items()}
            best = None
            for _ in range(args.runs):
                t, c = time.perf_counter(), time.process_time()
                rows = len(PLANS[name](store, query, subs).rows)
                took = (time.perf_counter() - t, time.process_time() - c)
                best = took if best is None or took[1] < best[1] else best
            entry = {
                "query": name,
                "params": label,
                "rows": rows,
                "cpu_ms": round(best[1] * 1000, 1),
                "wall_ms": round(best[0] * 1000, 1),
            }
            results.append(entry)
            print(
                f"{name:28} {label:16} {rows:>8} {entry['cpu_ms']:>8} {entry['wall_ms']:>8}",
                flush=True,
            )
        db.close()
    out = {
        "store": str(args.store),
        "releases": n * args.copies,
        "copies": args.copies,
        "table_rows": counts,
        "machine": f"{platform.machine()}, shared by other sessions while measured",
        "results": results,
    }
    target = ROOT / "benchmarks" / "results" / "places-x10.json"
    target.write_text(json.dumps(out, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
