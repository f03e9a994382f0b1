"""Commands ``analyze``, ``path``, ``view`` and ``report``: thin wrappers of the library."""

from __future__ import annotations

import json
import sys

import click

STORE_HELP = "Store directory (default: $PRESSGRAPH_STORE or ./pressgraph-store)."
NETWORK_CHOICES = ["co-involvement", "funding", "org-release", "org-programme", "person-org"]


def filter_options(fn):
    """The filters every network command (and ``export``) accepts."""
    options = [
        click.option("--since", help="Releases issued on or after this date (YYYY-MM-DD)."),
        click.option("--until", help="Releases issued on or before this date (YYYY-MM-DD)."),
        click.option("--country", help="Releases about this country (ISO code or name)."),
        click.option("--sdg", help="Releases aligned with this SDG goal (e.g. 13)."),
        click.option("--org-type", help="Only organizations of this type (un, ngo, ...)."),
        click.option("--min-confidence", type=float, help="Only assertions this confident."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def make_filters(
    since=None, until=None, country=None, sdg=None, org_type=None, min_confidence=None
):
    from .analytics import Filters

    return Filters(since, until, country, sdg, org_type, min_confidence)


def _open(store):
    from .cli import _open as open_store

    return open_store(store)


def _emit(df, fmt: str, title: str | None = None) -> None:
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df.to_json(orient="records", indent=2, force_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for c in df.columns:
            wide = c in ("label", "top_members", "members", "roles")
            table.add_column(
                str(c),
                overflow="fold" if wide else "ellipsis",
                min_width=8 if wide else None,
                no_wrap=not wide,
            )
        for row in df.itertuples(index=False):
            table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row))
        Console(highlight=False).print(table)


def _fail(err: Exception) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(2)


def register(main, eval_group) -> None:  # noqa: ARG001 - the registration signature
    """Add the analytics commands to the ``pressgraph`` group."""

    @main.command()
    @click.option("--network", type=click.Choice(NETWORK_CHOICES), default="co-involvement")
    @click.option(
        "--what",
        type=click.Choice(["centrality", "brokers", "communities", "components", "ego", "time"]),
        default="centrality",
        show_default=True,
        help="Which analysis.",
    )
    @click.option("--org", help="For --what ego: the organization (name, acronym or IRI).")
    @click.option(
        "--method", type=click.Choice(["louvain", "label_propagation"]), default="louvain"
    )
    @click.option("--window", type=int, default=1, help="For --what time: years per period.")
    @click.option("--top", type=int, default=20, help="Rows to show.")
    @click.option("--sample", type=int, help="Sampled betweenness with this many sources.")
    @click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
    @click.option("--write-back", is_flag=True, help="Store the scores in graph/analytics/NETWORK.")
    @click.option("--store", help=STORE_HELP)
    @filter_options
    def analyze(network, what, org, method, window, top, sample, fmt, write_back, store, **flt):
        """Network analytics: centralities, brokers, communities, ego networks, change over time."""
        from . import analytics as A
        from .errors import PressgraphError

        try:
            with _open(store) as gs:
                filters = make_filters(**flt)
                if what == "time":
                    attrs = A.organization_attributes(gs)
                    graphs = A.networks_by_period_from_releases(
                        A.filtered_release_organizations(gs, filters),
                        attrs,
                        window=window,
                        allowed=A.organizations_of_type(attrs, filters.org_type),
                    )
                    _emit(A.period_summary(graphs), fmt, "Network per period")
                    _emit(A.tie_persistence(graphs), fmt, "Tie persistence")
                    _emit(A.brokerage_change(graphs, top), fmt, "Top movers (betweenness)")
                    return
                # Scores need only who acts where (the lean form); ego tables show roles.
                G = A.network(gs, network, filters, detail=what == "ego")
                if what == "ego":
                    if not org:
                        raise click.UsageError("--what ego needs --org")
                    _, df = A.ego(G, org)
                    df = df.drop(columns=["partner"])
                elif what == "communities":
                    df, _ = A.communities(G, method=method)
                    df = df.drop(columns=["members"])
                elif what == "components":
                    df = A.components(G)
                else:
                    table = A.centrality(G, betweenness_sample=sample)
                    if write_back:
                        n = A.write_scores(gs, table, network=network)
                        click.echo(f"wrote {n} triples to {A.scores_graph(network)}", err=True)
                    df = A.brokers(table, top) if what == "brokers" else table
                    df = df.drop(columns=["node"])
                _emit(df.head(top) if fmt == "table" else df, fmt, f"{what} ({network})")
        except (PressgraphError, KeyError, ValueError, ImportError) as err:
            _fail(err)

    @main.command()
    @click.argument("a")
    @click.argument("b")
    @click.option("--k", type=int, default=3, show_default=True, help="How many paths.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
    @click.option("--store", help=STORE_HELP)
    @filter_options
    def path(a, b, k, fmt, store, **flt):
        """The K shortest ways organization A reaches B, each hop with its evidence."""
        from dataclasses import asdict

        from . import analytics as A
        from .errors import PressgraphError

        try:
            with _open(store) as gs:
                G = A.co_involvement(gs, make_filters(**flt), detail=False)
                paths = A.k_shortest_paths(G, a, b, k, store=gs)
        except (PressgraphError, KeyError, ValueError) as err:
            _fail(err)
        if fmt == "json":
            click.echo(json.dumps([asdict(p) for p in paths], indent=2, ensure_ascii=False))
            return
        if not paths:
            click.echo(f"no path from {a} to {b}")
            sys.exit(1)
        for i, p in enumerate(paths, 1):
            names = " → ".join(h.source_label for h in p.hops) + f" → {p.hops[-1].target_label}"
            click.echo(f"path {i} ({p.length} hop(s)): {names}")
            click.echo(p.render())

    @main.command()
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
    @click.option("--network", type=click.Choice(NETWORK_CHOICES), default="co-involvement")
    @click.option(
        "--size-by",
        type=click.Choice(["pagerank", "degree", "weighted_degree", "betweenness", "eigenvector"]),
        default="pagerank",
    )
    @click.option("--title", default="pressgraph network")
    @click.option("--store", help=STORE_HELP)
    @filter_options
    def view(output, network, size_by, title, store, **flt):
        """Write a self-contained offline HTML viewer of a network."""
        from . import analytics as A
        from .errors import PressgraphError

        try:
            from .viewer import write_viewer

            with _open(store) as gs:
                G = A.network(gs, network, make_filters(**flt))
            table = A.centrality(G, structural_holes=False)
            metric = dict(zip(table["node"], table[size_by].astype(float)))
            path = write_viewer(G, output, metric=metric, metric_name=size_by, title=title)
        except (PressgraphError, ImportError, ValueError) as err:
            _fail(err)
        click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} ties)")

    @main.command()
    @click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False))
    @click.option("--store", help=STORE_HELP)
    @filter_options
    def report(out_dir, store, **flt):
        """Write an HTML and Markdown report with tables and plots (PNG and SVG)."""
        from .errors import PressgraphError

        try:
            from .analytics.report import write_report

            with _open(store) as gs:
                path = write_report(gs, out_dir, make_filters(**flt))
        except (PressgraphError, ImportError) as err:
            _fail(err)
        click.echo(f"wrote {path}")


def export_network(gs, fmt: str, output: str, filters, network: str = "co-involvement"):
    """Body of ``pressgraph export`` for the network formats."""
    from . import analytics as A
    from .exports import write

    G = A.network(gs, network, filters)
    return write(G, output, fmt)
