"""Library queries on a built store: the plans (fact tables) against the plain SPARQL.

Run:  .venv/bin/python benchmarks/bench_plans.py --store DIR [--queries a,b] [--runs 3]
      [--sparql] [--cap 12] [--refresh]

Times every library query with its typical parameters (``TYPICAL`` in bench_scale.py)
and without parameters, each in a child process (median of ``--runs``), as
``run_query`` answers it (a plan where one exists); ``--sparql`` also times
``derived=False`` (cut after ``--cap`` seconds). ``--refresh`` first fills the fact
tables from the graphs (``GraphStore.refresh_facts``) when they are not ready. Prints
a table and writes benchmarks/results/plans-<store name>.json. A development tool for
the plans; the published figures come from bench_scale.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import TYPICAL, query_in_child, typical_params  # noqa: E402


def timed(store: Path, name: str, params: dict, runs: int, derived: bool, cap: float):
    times, rows, error = query_in_child(store, name, params, runs, cap, derived=derived)
    ms = round(statistics.median(times) * 1000, 1) if times else None
    return {"ms": ms, "rows": rows, "error": error}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--queries", help="comma-separated names (default: every library query)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sparql", action="store_true", help="also time derived=False")
    ap.add_argument("--cap", type=float, default=12.0, help="seconds before a run is cut")
    ap.add_argument("--refresh", action="store_true", help="fill the fact tables if needed")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from pressgraph.queries import library
    from pressgraph.store import GraphStore

    if args.refresh:
        with GraphStore.open(args.store, read_only=True) as gs:
            if not gs.derived().facts_ready:
                t = time.perf_counter()
                n = gs.refresh_facts()
                print(f"facts refreshed for {n:,} releases in {time.perf_counter() - t:.1f} s")
    with GraphStore.open(args.store, read_only=True) as gs:  # the release of `@release`
        ids = gs.release_ids()
    release_id = ids[len(ids) // 2] if ids else ""
    names = args.queries.split(",") if args.queries else list(library())
    out: dict = {}
    print(
        f"{'query':34} {'typical ms':>11} {'rows':>8} {'all ms':>10} {'rows':>8}"
        + (f" {'sparql ms':>10}" if args.sparql else "")
    )
    for name in names:
        entry = {}
        typical = typical_params(name, release_id) if name in TYPICAL else None
        for label, params in (("typical", typical), ("all", {})):
            if params is None:
                continue
            entry[label] = timed(args.store, name, params, args.runs, True, args.cap)
            if args.sparql and label == "typical":
                entry["sparql"] = timed(args.store, name, params, 1, False, args.cap)
        out[name] = entry

        def cell(e):
            if e is None:
                return f"{'-':>11} {'':>8}"
            return f"{e['error'] or e['ms']:>11} {e['rows'] if e['rows'] is not None else '':>8}"

        line = f"{name:34} {cell(entry.get('typical'))} {cell(entry.get('all'))}"
        if args.sparql:
            s = entry.get("sparql")
            line += f" {(s['error'] or s['ms']) if s else '-':>10}"
        print(line, flush=True)
    target = ROOT / "benchmarks" / "results" / f"plans-{args.store.name}.json"
    target.write_text(json.dumps(out, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
