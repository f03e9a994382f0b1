"""``pressgraph report``: an HTML and Markdown report with tables and matplotlib plots.

matplotlib comes with the ``report`` extra (``pip install 'pressgraph[report]'``); plots are
written as PNG and SVG beside the pages.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import networkx as nx

from ..store import GraphStore
from .metrics import brokers, centrality, communities
from .projections import (
    Filters,
    co_involvement_from_rows,
    funding_network,
    involvement_rows,
    organization_attributes,
    run_query,
)


def _plt():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "the report draws with matplotlib: pip install 'pressgraph[report]'"
        ) from None
    return plt


def _save(fig, out: Path, name: str) -> str:
    fig.tight_layout()
    fig.savefig(out / f"{name}.png", dpi=110)
    fig.savefig(out / f"{name}.svg")
    fig.clf()
    return name


def write_report(
    store: GraphStore, out_dir: str | Path, filters: Filters | None = None, *, top: int = 15
) -> Path:
    """Write ``index.html``, ``report.md`` and the plots into ``out_dir``; returns the HTML path."""
    plt = _plt()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = involvement_rows(store, filters)
    G = co_involvement_from_rows(rows, organization_attributes(store))
    table = centrality(G)
    comm, _ = communities(G)
    plots = []

    fig = plt.figure(figsize=(8, 6))
    keep = list(table["node"].head(40))
    H = G.subgraph(keep)
    pos = nx.spring_layout(H, seed=0)
    pr = dict(zip(table["node"], table["pagerank"]))
    from ..viewer import TYPE_COLORS

    nx.draw_networkx(
        H,
        pos,
        ax=fig.gca(),
        node_size=[3000 * pr[n] + 20 for n in H],
        node_color=[TYPE_COLORS.get(G.nodes[n].get("type"), "#999") for n in H],
        labels={n: G.nodes[n].get("acronym") or G.nodes[n]["label"][:24] for n in H},
        font_size=7,
        edge_color="#bbb",
        width=[0.4 + 0.3 * d["weight"] for *_, d in H.edges(data=True)],
    )
    fig.gca().set_title("Top organizations (co-involvement, size = PageRank)")
    fig.gca().axis("off")
    plots.append(_save(fig, out, "network"))

    fig = plt.figure(figsize=(6, 4))
    counts = Counter(d for _, d in G.degree())
    fig.gca().bar(list(counts), list(counts.values()), color="#1f77b4")
    fig.gca().set(xlabel="degree (partners)", ylabel="organizations", title="Degree distribution")
    plots.append(_save(fig, out, "degree-distribution"))

    br = brokers(table, top)
    fig = plt.figure(figsize=(7, 4))
    fig.gca().barh(list(br["label"])[::-1], list(br["betweenness"])[::-1], color="#d62728")
    fig.gca().set(xlabel="betweenness", title="Top brokers")
    plots.append(_save(fig, out, "brokers"))

    F = funding_network(store, filters)
    out_amount = Counter()
    in_amount = Counter()
    for a, b, d in F.edges(data=True):
        if F.nodes[a].get("kind") == "organization" and d["fundings"]:
            out_amount[F.nodes[a]["label"]] += d["fundings"]
        if F.nodes[b].get("kind") == "organization":
            in_amount[F.nodes[b]["label"]] += d["fundings"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, data, title in ((axes[0], out_amount, "Funders"), (axes[1], in_amount, "Recipients")):
        items = data.most_common(10)[::-1]
        ax.barh([k for k, _ in items], [v for _, v in items], color="#2ca02c")
        ax.set(xlabel="funding ties", title=title)
    plots.append(_save(fig, out, "funders-recipients"))

    sdg = run_query(store, "sdg-coverage-by-country").records()
    fig = plt.figure(figsize=(8, 4))
    if sdg:
        cols = [c for c in ("country", "country_name", "iso3") if c in sdg[0]]
        goal_col = next(c for c in sdg[0] if "goal" in c)
        count_col = next((c for c in sdg[0] if c in ("releases", "count", "n")), None)
        ckey = cols[0] if cols else list(sdg[0])[0]
        countries = sorted({str(r[ckey]).rsplit("/", 1)[-1] for r in sdg})
        goals = sorted({int(str(r[goal_col]).rsplit("/", 1)[-1].split(".")[0]) for r in sdg})
        grid = [[0] * len(goals) for _ in countries]
        for r in sdg:
            i = countries.index(str(r[ckey]).rsplit("/", 1)[-1])
            j = goals.index(int(str(r[goal_col]).rsplit("/", 1)[-1].split(".")[0]))
            grid[i][j] += int(r[count_col]) if count_col else 1
        im = fig.gca().imshow(grid, cmap="Blues", aspect="auto")
        fig.gca().set_xticks(range(len(goals)), [f"SDG {g}" for g in goals], rotation=45)
        fig.gca().set_yticks(range(len(countries)), countries)
        fig.colorbar(im)
    fig.gca().set_title("SDG × country (releases)")
    plots.append(_save(fig, out, "sdg-country"))

    years = Counter(
        int(str(r["date"])[:4]) for r in rows if r["date"] and r["kind"] == "partnership"
    )
    fig = plt.figure(figsize=(7, 3.5))
    ys = sorted(years)
    fig.gca().plot(ys, [years[y] for y in ys], marker="o")
    fig.gca().set(xlabel="year", ylabel="partnership statements", title="Partnerships over time")
    plots.append(_save(fig, out, "timeline"))
    plt.close("all")

    top_table = table.head(top)[
        ["label", "type", "degree", "weighted_degree", "pagerank", "betweenness", "constraint"]
    ]
    md = [
        "# pressgraph network report",
        "",
        f"{G.number_of_nodes()} organizations, {G.number_of_edges()} ties, "
        f"{len({r['release_id'] for r in rows})} releases.",
        "",
        "## Top organizations",
        "",
        _markdown_table(top_table),
        "",
        "## Communities (Louvain)",
        "",
    ]
    for _, c in comm.iterrows():
        md.append(f"* {c['size']} members: {', '.join(c['top_members'])}")
    md.append("")
    for p in plots:
        md += [f"![{p}]({p}.png)", ""]
    (out / "report.md").write_text("\n".join(md), "utf-8")
    page = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>pressgraph report</title>",
        "<style>body{font:14px system-ui,sans-serif;max-width:1000px;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>",
        "</head><body>",
        "<h1>pressgraph network report</h1>",
        f"<p>{G.number_of_nodes()} organizations, {G.number_of_edges()} ties.</p>",
        "<h2>Top organizations</h2>",
        top_table.to_html(index=False, float_format=lambda x: f"{x:.4f}"),
        "<h2>Communities (Louvain)</h2><ul>",
        *(
            f"<li>{c['size']} members: {html.escape(', '.join(c['top_members']))}</li>"
            for _, c in comm.iterrows()
        ),
        "</ul>",
        *(f"<h2>{p}</h2><img src='{p}.svg' alt='{p}' style='max-width:100%'>" for p in plots),
        "</body></html>",
    ]
    target = out / "index.html"
    target.write_text("\n".join(page), "utf-8")
    return target


def _markdown_table(df) -> str:
    """A pipe table without the optional tabulate package."""
    cell = lambda v: f"{v:.4f}" if isinstance(v, float) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + " --- |" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)
