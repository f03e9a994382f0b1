"""Foundation figures: extraction speed, build speed and size, query latency.

Run:  .venv/bin/python benchmarks/bench_foundation.py [--repeat 30]

Corpus: the sample release plus the invented fixture releases (text, Markdown, HTML),
repeated under distinct ids. Prints a table and writes benchmarks/results/foundation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, help="copies of the corpus")
    args = parser.parse_args()

    from pressgraph.build import build
    from pressgraph.extract.gazetteer import load_gazetteer
    from pressgraph.extract.pipeline import extract_source
    from pressgraph.queries import library, run_query
    from pressgraph.sources import read_file
    from pressgraph.store import GraphStore

    inputs = [ROOT / "data" / "releases" / "2018-05-02-iom-turkmenistan-counter-trafficking.txt"]
    inputs += sorted((ROOT / "tests" / "fixtures" / "releases").iterdir())
    sources = [read_file(p) for p in inputs]
    kb = sum(len(s.text.encode("utf-8")) for s in sources) / len(sources) / 1024
    t0 = time.perf_counter()
    load_gazetteer()
    extract_source(sources[0], release_id="warm-up")
    warm = time.perf_counter() - t0

    n = 0
    t0 = time.perf_counter()
    for r in range(args.repeat):
        for i, src in enumerate(sources):
            extract_source(src, release_id=f"r{r}-{i}")
            n += 1
    extract_s = time.perf_counter() - t0

    results: dict = {
        "machine": {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "corpus": {"releases": n, "distinct": len(sources), "mean_kb": round(kb, 1)},
        "startup_s": round(warm, 3),
        "extract": {"seconds": round(extract_s, 3), "releases_per_s": round(n / extract_s, 1)},
    }

    with tempfile.TemporaryDirectory() as tmp:
        # sample alone: the figure the foundation issue asks for
        t0 = time.perf_counter()
        report = build([inputs[0]], store=Path(tmp) / "sample")
        sample_s = time.perf_counter() - t0
        with GraphStore.open(Path(tmp) / "sample") as store:
            sizes = store.graph_sizes()
            rel = next(n for g, n in sizes.items() if "/graph/release/" in g)
            ents = list(
                store.sparql(
                    "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?r a pg:PressRelease ; "
                    "schema:mentions ?e }"
                )
            )[0]["n"].value
            results["sample_build"] = {
                "seconds": round(sample_s, 3),
                "release_quads": rel,
                "total_quads": sum(sizes.values()),
                "entities": int(ents),
                "reference_quads": sum(sizes.values()) - rel,
            }
        del report

        # the corpus, through records, into an on-disk store
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for r in range(args.repeat):
            for p in inputs:
                (corpus / f"c{r:03d}-{p.name}").write_bytes(p.read_bytes())
        t0 = time.perf_counter()
        report = build([corpus], store=Path(tmp) / "store")
        build_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = build([corpus], store=Path(tmp) / "store")
        rebuild_s = time.perf_counter() - t1
        store_path = Path(tmp) / "store"
        results["build"] = {
            "releases": len(report.outcomes),
            "seconds": round(build_s, 3),
            "releases_per_s": round(len(report.outcomes) / build_s, 1),
            "unchanged_rebuild_s": round(rebuild_s, 3),
            "unchanged": again.count("unchanged"),
            "store_mb": round(_dir_size(store_path) / 1e6, 2),
        }
        latencies = {}
        with GraphStore.open(store_path) as store:
            results["build"]["quads"] = len(store)
            for name in library():
                times = []
                for _ in range(5):
                    t = time.perf_counter()
                    run_query(store, name)
                    times.append(time.perf_counter() - t)
                latencies[name] = round(statistics.median(times) * 1000, 1)
        results["query_median_ms"] = latencies

    out = ROOT / "benchmarks" / "results" / "foundation.json"
    out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(f"machine: {results['machine']['cores']} cores, Python {results['machine']['python']}")
    print(f"corpus: {n} releases ({len(sources)} distinct, mean {kb:.1f} KB)")
    print(f"start-up (gazetteer load + first release): {warm:.2f} s")
    e = results["extract"]
    print(f"extraction, one core: {e['releases_per_s']} releases/s ({e['seconds']} s)")
    s = results["sample_build"]
    print(
        f"sample build: {s['seconds']} s, {s['release_quads']} quads in its graph, "
        f"{s['entities']} entities, {s['total_quads']} quads with reference data"
    )
    b = results["build"]
    print(
        f"corpus build: {b['releases']} releases in {b['seconds']} s "
        f"({b['releases_per_s']}/s), {b['quads']} quads, store {b['store_mb']} MB; "
        f"unchanged rebuild {b['unchanged_rebuild_s']} s"
    )
    print("query medians (ms, 5 runs):")
    for name, ms in latencies.items():
        print(f"  {name:32s} {ms:8.1f}")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
