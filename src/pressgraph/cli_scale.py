"""Commands for scale: ``synth`` (an invented corpus) and ``push`` (to a SPARQL server)."""

from __future__ import annotations

import sys

import click

from .errors import PressgraphError


def register(main: click.Group, eval_group: click.Group) -> None:
    del eval_group
    main.add_command(synth)
    main.add_command(push)
    if "query" in main.commands:
        _add_endpoint_to_query(main.commands["query"])


_REMOTE_OPTIONS = (
    click.Option(
        ["--endpoint"],
        help="Run on this SPARQL 1.1 server (URL of its query endpoint) instead of the store.",
    ),
    click.Option(["--user"], help="User name for the endpoint (HTTP digest or basic auth)."),
    click.Option(
        ["--password"],
        envvar="PRESSGRAPH_ENDPOINT_PASSWORD",
        help="Password for the endpoint (or set $PRESSGRAPH_ENDPOINT_PASSWORD).",
    ),
    click.Option(["--auth"], type=click.Choice(["digest", "basic"]), default="digest"),
)


def _add_endpoint_to_query(command: click.Command) -> None:
    """``pressgraph query --endpoint URL``: the same library query, run on a server."""
    local = command.callback
    command.params.extend(_REMOTE_OPTIONS)

    def callback(endpoint=None, user=None, password=None, auth="digest", **kw):
        if not endpoint:
            return local(**kw)
        return _remote_query(endpoint, user, password, auth, kw["name"], kw["params"], kw["fmt"])

    command.callback = callback


def _remote_query(endpoint, user, password, auth, name, params, fmt) -> None:
    from .queries import compact
    from .remote import Endpoint, run_remote_query

    parsed = {}
    try:
        for item in params:
            if "=" not in item:
                raise PressgraphError(f"--param {item!r}: expected KEY=VALUE")
            key, _, value = item.partition("=")
            parsed[key.strip()] = value
        ep = Endpoint(endpoint, user=user, password=password, auth=auth)
        result = run_remote_query(ep, name, parsed)
    except PressgraphError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    if fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    elif fmt == "tsv":
        click.echo(result.to_csv(delimiter="\t"), nl=False)
    elif fmt == "json":
        click.echo(result.to_json())
    else:
        for row in [result.columns, *result.rows]:
            click.echo("\t".join("" if x is None else compact(str(x)) for x in row))
        click.echo(f"{len(result)} row(s)")


@click.command()
@click.option("-n", "count", type=click.IntRange(min=1), required=True, help="Releases to write.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    required=True,
    help="Directory to write the release files to.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same corpus.")
def synth(count: int, out_dir: str, seed: int) -> None:
    """Write N invented, realistic releases (for benchmarks and load tests)."""
    from .synth import write_corpus

    n = write_corpus(count, out_dir, seed=seed)
    click.echo(f"wrote {n} release(s) to {out_dir}")


@click.command()
@click.option("--endpoint", required=True, help="Base URL of the SPARQL server.")
@click.option(
    "--graph-store",
    help="Graph Store Protocol URL (default: derived from the endpoint for known servers).",
)
@click.option("--user", help="User name for HTTP digest (or basic) authentication.")
@click.option(
    "--password",
    envvar="PRESSGRAPH_ENDPOINT_PASSWORD",
    help="Password (or set $PRESSGRAPH_ENDPOINT_PASSWORD).",
)
@click.option("--auth", type=click.Choice(["digest", "basic"]), default="digest", show_default=True)
@click.option("--release", "releases", multiple=True, help="Push only this release; repeat.")
@click.option("--store", help="Store directory (default: $PRESSGRAPH_STORE or ./pressgraph-store).")
def push(endpoint, graph_store, user, password, auth, releases, store) -> None:
    """Load the store's named graphs into a SPARQL 1.1 server (Graph Store Protocol)."""
    from .cli import _open
    from .remote import Endpoint, push_store

    try:
        ep = Endpoint(endpoint, graph_store=graph_store, user=user, password=password, auth=auth)
        with _open(store) as gs:
            report = push_store(gs, ep, releases=list(releases) or None)
    except PressgraphError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    click.echo(
        f"pushed {report.graphs} graph(s), {report.triples} triples to {ep.graph_store_url} "
        f"in {report.seconds:.1f} s"
    )
