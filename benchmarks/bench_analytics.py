"""Speed of the analytics at scale: the co-involvement projection from the store, then
PageRank, communities, betweenness and k-cores in NetworkX, side by side with igraph and
rustworkx in the same run (``pip install 'pressgraph[bench]'``; a library that is missing is
reported as such and skipped).

    .venv/bin/python benchmarks/bench_analytics.py --store DIR    # an existing built store
    .venv/bin/python benchmarks/bench_analytics.py -n 10000       # pressgraph synth + build

Prints a table (task x library) and keeps the raw figures in
``benchmarks/results/analytics.json`` (``--out`` to change), keyed by store size, next to the
earlier runs. The projection is the library's (``co_involvement(store, detail=False)``), so
the figure holds for any pressgraph store; ``--detail`` also times the detailed projection
(roles and evidence on every tie), which exports and the viewer use.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TASKS = (
    ("projection", "co-involvement projection from the store"),
    ("acts_query", "  who acts in each release (ids, dates)"),
    ("attributes_query", "  organization attributes"),
    ("graph", "  ties counted into the graph"),
    ("projection_warm", "  the same again (store pages cached)"),
    ("projection_sdg", "projection --sdg 6"),
    ("projection_org_type", "projection --org-type ngo"),
    ("projection_country_since", "projection --country KEN --since 2015-01-01"),
    ("detail_projection", "detailed projection (roles, evidence)"),
    ("build_graph", "build graph (from the NetworkX graph)"),
    ("pagerank", "PageRank (weighted)"),
    ("louvain", "Louvain (weighted, seed 0)"),
    ("label_propagation", "label propagation"),
    ("projection_pagerank_louvain", "projection + PageRank + Louvain"),
    ("betweenness_sampled", "betweenness, sampled"),
    ("projection_betweenness_sampled", "projection + sampled betweenness"),
    ("betweenness_exact", "betweenness, exact"),
    ("kcore", "k-core numbers"),
)
LIBRARIES = ("networkx", "igraph", "rustworkx")


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def build_synthetic(n: int, directory: Path, jobs: int) -> tuple[Path, dict]:
    """``pressgraph synth`` N releases (seed 7) and ``pressgraph build`` them."""
    from pressgraph.build import build
    from pressgraph.synth import write_corpus

    texts = directory / "releases"
    _, t_synth = timed(write_corpus, n, texts, seed=7)
    store_dir = directory / "store"
    report, t_build = timed(build, [texts], store=store_dir, jobs=jobs)
    del report
    return store_dir, {"synth_s": t_synth, "build_s": t_build, "seed": 7}


def machine() -> dict:
    """What the figures were measured on (the machine is often shared: see the load)."""
    info = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "note": "shared machine: other sessions were running; figures are upper bounds",
    }
    try:
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["memory_gb"] = round(int(mem) / 1024**2, 1)
    except (OSError, IndexError, ValueError):
        pass
    return info


def default_sample(edges: int) -> int:
    from pressgraph.analytics.metrics import betweenness_sample_size

    return betweenness_sample_size(edges)


def run(store_dir: Path, *, sample: int | None, exact_max_nodes: int, detail: bool) -> dict:
    import networkx as nx

    from pressgraph.analytics import (
        Filters,
        co_involvement,
        co_involvement_from_releases,
        organization_attributes,
        organizations_of_type,
        release_organizations,
    )

    FILTERED = {
        "projection_sdg": Filters(sdg="6"),
        "projection_org_type": Filters(org_type="ngo"),
        "projection_country_since": Filters(country="KEN", since="2015-01-01"),
    }
    from pressgraph.analytics.metrics import betweenness
    from pressgraph.store import GraphStore

    t: dict[str, dict[str, float]] = {lib: {} for lib in LIBRARIES}
    res: dict = {"store": str(store_dir), "times_s": t}
    nx.pagerank(nx.path_graph(3))  # warm-up: scipy import is not part of the measure
    with GraphStore.open(store_dir, read_only=True) as gs:
        res["releases"] = len(gs.release_ids())
        start = time.perf_counter()
        acts, t["networkx"]["acts_query"] = timed(release_organizations, gs, Filters())
        attrs, t["networkx"]["attributes_query"] = timed(organization_attributes, gs)
        G, t["networkx"]["graph"] = timed(
            co_involvement_from_releases,
            acts,
            {k: v["orgs"] for k, v in acts.items()},
            attrs,
            organizations_of_type(attrs, None),
        )
        t["networkx"]["projection"] = time.perf_counter() - start
        # Again, with the store's pages in the OS cache (the first run reads them from disk).
        _, t["networkx"]["projection_warm"] = timed(co_involvement, gs, detail=False)
        # Filters pre-select releases (and organizations) first.
        for key, flt in FILTERED.items():
            H, t["networkx"][key] = timed(co_involvement, gs, flt, detail=False)
            res[f"{key}_size"] = [H.number_of_nodes(), H.number_of_edges()]
        if detail:
            D, t["networkx"]["detail_projection"] = timed(co_involvement, gs, detail=True)
            res["detail_matches_lean"] = sorted(D.edges(data="weight")) == sorted(
                G.edges(data="weight")
            )
            del D
    res["nodes"], res["edges"] = G.number_of_nodes(), G.number_of_edges()
    if not G.number_of_edges():
        raise SystemExit(
            f"{store_dir}: the co-involvement projection is empty ({res['releases']} releases): "
            "not a pressgraph store, or one whose graph shape these queries do not read"
        )
    res["components"] = nx.number_connected_components(G)
    nxt = t["networkx"]
    _, nxt["pagerank"] = timed(nx.pagerank, G, weight="weight")
    comms, nxt["louvain"] = timed(nx.community.louvain_communities, G, weight="weight", seed=0)
    res["louvain_communities"] = {"networkx": len(comms)}
    res["louvain_modularity"] = {"networkx": nx.community.modularity(G, comms, weight="weight")}
    lpa, nxt["label_propagation"] = timed(
        lambda: list(nx.community.label_propagation_communities(G))
    )
    res["label_propagation_communities"] = {"networkx": len(lpa)}
    nxt["projection_pagerank_louvain"] = nxt["projection"] + nxt["pagerank"] + nxt["louvain"]
    k = min(sample or default_sample(G.number_of_edges()), G.number_of_nodes())
    res["betweenness_sample"] = k
    _, nxt["betweenness_sampled"] = timed(betweenness, G, sample=k, seed=0)
    nxt["projection_betweenness_sampled"] = nxt["projection"] + nxt["betweenness_sampled"]
    if G.number_of_nodes() <= exact_max_nodes:
        _, nxt["betweenness_exact"] = timed(nx.betweenness_centrality, G)
    else:
        per_source = nxt["betweenness_sampled"] / max(k, 1)
        res["networkx_betweenness_exact_estimate_s"] = per_source * G.number_of_nodes()
    _, nxt["kcore"] = timed(nx.core_number, G)

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    weighted = [(index[a], index[b], w) for a, b, w in G.edges(data="weight")]
    res["versions"] = {"networkx": nx.__version__}
    try:
        import igraph as ig
    except ImportError:
        res["versions"]["igraph"] = "not installed (pip install igraph)"
    else:
        igt = t["igraph"]
        res["versions"]["igraph"] = ig.__version__

        def to_igraph():
            g = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in weighted])
            g.es["weight"] = [w for *_, w in weighted]
            return g

        g, igt["build_graph"] = timed(to_igraph)
        _, igt["pagerank"] = timed(g.pagerank, weights="weight")
        ml, igt["louvain"] = timed(g.community_multilevel, weights="weight")
        res["louvain_communities"]["igraph"] = len(ml)
        res["louvain_modularity"]["igraph"] = ml.modularity
        lp, igt["label_propagation"] = timed(g.community_label_propagation, weights="weight")
        res["label_propagation_communities"]["igraph"] = len(lp)
        _, igt["betweenness_exact"] = timed(g.betweenness)
        _, igt["kcore"] = timed(g.coreness)
        igt["projection_pagerank_louvain"] = (
            nxt["projection"] + igt["build_graph"] + igt["pagerank"] + igt["louvain"]
        )
        del g
    try:
        import rustworkx as rx
    except ImportError:
        res["versions"]["rustworkx"] = "not installed (pip install rustworkx)"
    else:
        rxt = t["rustworkx"]
        res["versions"]["rustworkx"] = rx.__version__

        def to_rustworkx():
            r = rx.PyGraph(multigraph=False)
            r.add_nodes_from(nodes)
            r.add_edges_from(weighted)
            return r

        r, rxt["build_graph"] = timed(to_rustworkx)
        # rustworkx's PageRank is for directed graphs: each tie becomes two arcs.
        _, rxt["pagerank"] = timed(lambda: rx.pagerank(r.to_directed(), weight_fn=float))
        _, rxt["betweenness_exact"] = timed(rx.betweenness_centrality, r, normalized=True)
        _, rxt["kcore"] = timed(rx.core_number, r)
        del r
    return res


def table(res: dict) -> str:
    """The figures as a plain-text table, task by library."""
    t = res["times_s"]
    head = (
        f"{res['releases']:,} releases: {res['nodes']:,} organizations, {res['edges']:,} ties "
        f"(sampled betweenness: k={res['betweenness_sample']} sources)"
    )
    lines = [head, f"{'task':<44}" + "".join(f"{lib:>12}" for lib in LIBRARIES)]
    for key, label in TASKS:
        cells = [t[lib].get(key) for lib in LIBRARIES]
        if all(c is None for c in cells):
            continue
        lines.append(
            f"{label:<44}"
            + "".join(f"{c:>11.2f}s" if c is not None else f"{'-':>12}" for c in cells)
        )
    if "networkx_betweenness_exact_estimate_s" in res:
        est = res["networkx_betweenness_exact_estimate_s"]
        lines.append(f"{'  (networkx exact betweenness, estimated)':<44}{est:>11.0f}s")
    for what in ("louvain_communities", "label_propagation_communities"):
        found = ", ".join(f"{lib} {n}" for lib, n in res[what].items())
        lines.append(f"{what.replace('_', ' ')}: {found}")
    lines.append(f"versions: {', '.join(f'{k} {v}' for k, v in res['versions'].items())}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--store", type=Path, help="An existing built store to measure.")
    src.add_argument("-n", type=int, help="Synthesize and build this many releases first.")
    ap.add_argument("--jobs", type=int, default=2, help="Build workers for -n (default 2).")
    ap.add_argument(
        "--sample",
        type=int,
        help="Sources for sampled betweenness (default: sized to the ties, see docs).",
    )
    ap.add_argument(
        "--exact-max-nodes",
        type=int,
        default=3000,
        help="Time NetworkX's exact betweenness up to this many nodes (else estimate it).",
    )
    ap.add_argument("--detail", action="store_true", help="Also time the detailed projection.")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "analytics.json")
    args = ap.parse_args()
    meta = machine()
    opts = {"sample": args.sample, "exact_max_nodes": args.exact_max_nodes, "detail": args.detail}
    if args.store:
        if not args.store.is_dir():
            ap.error(f"--store {args.store}: no store directory there")
        res = run(args.store, **opts)
    else:
        with tempfile.TemporaryDirectory(prefix="pg-bench-analytics-") as tmp:
            store_dir, meta["build"] = build_synthetic(args.n, Path(tmp), args.jobs)
            res = run(store_dir, **opts)
            res["store"] = f"pressgraph synth -n {args.n} --seed 7, built with --jobs {args.jobs}"
    res["machine"] = meta
    print(table(res))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    previous[str(res["releases"])] = res
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(previous, indent=2, default=str) + "\n")
    tmp.replace(args.out)
    print(
        f"raw figures: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
    )


if __name__ == "__main__":
    main()
