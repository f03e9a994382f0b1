"""Speed of the analytics at scale: co-involvement projection, PageRank, communities and
betweenness in NetworkX, side by side with igraph in the same run (optional: ``pip install
igraph``).

    .venv/bin/python benchmarks/bench_analytics.py --store DIR       # an existing store
    .venv/bin/python benchmarks/bench_analytics.py --synth 10000     # pressgraph synth + build

Writes the figures to ``benchmarks/results/analytics.json`` (``--out`` to change) and prints
a table. Releases that fail extraction are counted and skipped, so one bad input does not
stop a long run.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def build_synthetic(n: int, directory: Path) -> tuple[Path, dict]:
    """Write ``n`` synthetic releases and build them (fault-tolerant, batched)."""
    from pressgraph.build import extract_file
    from pressgraph.reference import load_reference
    from pressgraph.store import GraphStore
    from pressgraph.synth import write_corpus

    texts = directory / "releases"
    _, t_synth = timed(write_corpus, n, texts, seed=0)
    store_dir = directory / "store"
    failed = 0
    t0 = time.perf_counter()
    with GraphStore.open(store_dir) as gs:
        load_reference(gs)
        with gs.batch():
            for path in sorted(texts.iterdir()):
                try:
                    gs.put_release(extract_file(path, validate=False))
                except Exception:  # noqa: BLE001 - count and go on
                    failed += 1
    return store_dir, {"synth_s": t_synth, "build_s": time.perf_counter() - t0, "failed": failed}


def run(store_dir: Path, sample: int) -> dict:
    import networkx as nx

    from pressgraph.analytics import (
        co_involvement_from_rows,
        involvement_rows,
        organization_attributes,
    )
    from pressgraph.analytics.metrics import betweenness
    from pressgraph.store import GraphStore

    res: dict = {}
    with GraphStore.open(store_dir) as gs:
        res["releases"] = len(gs.release_ids())
        rows, res["query_s"] = timed(involvement_rows, gs)
        attrs, res["attributes_s"] = timed(organization_attributes, gs)
    res["rows"] = len(rows)
    nx.pagerank(nx.path_graph(3))  # warm-up: scipy import is not part of the measure
    G, res["projection_s"] = timed(co_involvement_from_rows, rows, attrs)
    res["nodes"], res["edges"] = G.number_of_nodes(), G.number_of_edges()
    _, res["nx_pagerank_s"] = timed(nx.pagerank, G, weight="weight")
    comms, res["nx_louvain_s"] = timed(nx.community.louvain_communities, G, weight="weight", seed=0)
    res["nx_louvain_communities"] = len(comms)
    lpa, res["nx_label_propagation_s"] = timed(nx.community.label_propagation_communities, G)
    res["nx_label_propagation_communities"] = len(list(lpa))
    _, res["nx_betweenness_sampled_s"] = timed(betweenness, G, sample=min(sample, len(G)), seed=0)
    res["betweenness_sample"] = min(sample, len(G))
    if len(G) <= 2000:
        _, res["nx_betweenness_exact_s"] = timed(nx.betweenness_centrality, G)
    res["co_involvement_plus_pagerank_plus_louvain_s"] = (
        res["query_s"]
        + res["attributes_s"]
        + res["projection_s"]
        + res["nx_pagerank_s"]
        + res["nx_louvain_s"]
    )
    try:
        import igraph as ig
    except ImportError:
        res["igraph"] = "not installed (pip install igraph)"
        return res
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}

    def convert():
        edges = [(index[a], index[b]) for a, b in G.edges]
        g = ig.Graph(n=len(nodes), edges=edges)
        g.es["weight"] = [d["weight"] for *_, d in G.edges(data=True)]
        return g

    g, res["ig_convert_s"] = timed(convert)
    _, res["ig_pagerank_s"] = timed(g.pagerank, weights="weight")
    ml, res["ig_louvain_s"] = timed(g.community_multilevel, weights="weight")
    res["ig_louvain_communities"] = len(ml)
    _, res["ig_label_propagation_s"] = timed(g.community_label_propagation, weights="weight")
    _, res["ig_betweenness_exact_s"] = timed(g.betweenness)
    res["igraph_version"] = ig.__version__
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="An existing store to measure.")
    ap.add_argument("--synth", type=int, help="Synthesize and build this many releases first.")
    ap.add_argument("--sample", type=int, default=500, help="Sources for sampled betweenness.")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "analytics.json")
    args = ap.parse_args()
    meta: dict = {"python": platform.python_version(), "machine": platform.machine()}
    if args.store:
        res = run(args.store, args.sample)
    elif args.synth:
        with tempfile.TemporaryDirectory(prefix="pg-bench-") as tmp:
            store_dir, meta["build"] = build_synthetic(args.synth, Path(tmp))
            res = run(store_dir, args.sample)
    else:
        ap.error("give --store DIR or --synth N")
    res.update(meta)
    width = max(len(k) for k in res)
    for k, v in res.items():
        value = f"{v:.2f}" if isinstance(v, float) else v
        print(f"{k:<{width}}  {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    previous[str(res["releases"])] = res
    args.out.write_text(json.dumps(previous, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
