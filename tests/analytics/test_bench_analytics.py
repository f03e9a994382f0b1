"""The analytics benchmark runs unattended on a built store (the fixture corpus, on disk).

Only that it runs and what it writes are checked here; its figures are the benchmark's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_runs_on_a_store_and_keeps_raw_json(records, tmp_path):
    from pressgraph.store import GraphStore

    store_dir = tmp_path / "store"
    with GraphStore.open(store_dir) as s:
        for r in records:
            s.put_release(r)
    out = tmp_path / "analytics.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_analytics.py"), "--store", str(store_dir)]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "42 releases: 20 organizations, 88 ties" in done.stdout
    assert "projection + PageRank + Louvain" in done.stdout
    res = json.loads(out.read_text())["42"]
    assert (res["nodes"], res["edges"]) == (20, 88)
    assert {"projection", "pagerank", "louvain", "betweenness_sampled", "kcore"} <= set(
        res["times_s"]["networkx"]
    )
    assert res["machine"]["cores"] >= 1

    empty = tmp_path / "empty"
    GraphStore.open(empty).close()
    bad = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_analytics.py"), "--store", str(empty)]
        + ["--out", str(tmp_path / "x.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode != 0 and "projection is empty" in bad.stderr
    assert not (tmp_path / "x.json").exists()
