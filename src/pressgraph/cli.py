"""The ``pressgraph`` command: a thin layer over the library.

Each command parses its options, calls one library function and prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import PressgraphError

STORE_HELP = "Store directory (default: $PRESSGRAPH_STORE or ./pressgraph-store)."
DECISIONS_HELP = (
    "Curation decisions file (default: $PRESSGRAPH_DECISIONS or ./data/decisions.yaml if present)."
)


def _store_path(store: str | None) -> Path:
    from .store import default_store_path

    return Path(store) if store else default_store_path()


def _open(store: str | None, *, create: bool = False):
    from .store import GraphStore

    return GraphStore.open(_store_path(store), create=create)


def _fail(err: PressgraphError, code: int = 2) -> None:
    _echo_problem(err)
    sys.exit(code)


def _echo_problem(problem) -> None:
    """One line per problem (a bad record may have several)."""
    for line in str(problem).splitlines():
        click.echo(f"error: {line}", err=True)


def _console():
    from rich.console import Console

    return Console(stderr=False, highlight=False, soft_wrap=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pressgraph")
def main() -> None:
    """Turn press releases into an RDF knowledge graph of partnerships, and query it."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json", "jsonl"]),
    default="yaml",
    show_default=True,
    help="Record format.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Write one record file per release here (keeps hand corrections).",
)
@click.option("--strict", is_flag=True, help="Stop at the first bad input.")
@click.option("--decisions", type=click.Path(dir_okay=False), help=DECISIONS_HELP)
def extract(
    paths: tuple[str, ...], fmt: str, out_dir: str | None, strict: bool, decisions: str | None
) -> None:
    """Extract release records from PATHS (files, directories, URLs)."""
    from .build import iter_extract
    from .decisions import use_decisions
    from .records import to_json, to_yaml

    failures = 0
    results = []
    try:
        write_fmt = "json" if fmt in ("json", "jsonl") else "yaml"
        with use_decisions(decisions):
            for res in iter_extract(paths, records_dir=out_dir, format=write_fmt, strict=strict):
                if res.problem:
                    failures += 1
                    _echo_problem(res.problem)
                    continue
                results.append(res)
                if out_dir:
                    click.echo(f"wrote {res.written}", err=True)
                elif fmt == "jsonl":
                    click.echo(to_json(res.record, indent=None))
    except PressgraphError as err:
        _fail(err, 1)
    if not out_dir and fmt != "jsonl":
        if fmt == "json":
            if len(results) == 1:
                click.echo(to_json(results[0].record))
            else:
                click.echo(json.dumps([r.record for r in results], ensure_ascii=False, indent=2))
        else:
            click.echo("---\n".join(to_yaml(r.record) for r in results), nl=False)
    if failures:
        click.echo(f"{failures} input(s) failed, {len(results)} extracted", err=True)
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", help=STORE_HELP)
@click.option(
    "--records",
    "records_dir",
    type=click.Path(file_okay=False),
    help="Keep each release's YAML record here; corrections in it are built.",
)
@click.option("--strict", is_flag=True, help="Stop at the first bad input.")
@click.option("--force", is_flag=True, help="Rewrite release graphs even when unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="Print no summary.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for extraction (one per core is a good start).",
)
@click.option("--decisions", type=click.Path(dir_okay=False), help=DECISIONS_HELP)
def build(paths, store, records_dir, strict, force, quiet, jobs, decisions) -> None:
    """Build or update the store from releases and/or YAML records in PATHS."""
    from .build import build as run_build
    from .decisions import resolve_decisions
    from .store import GraphStore
    from .summary import summary

    try:
        decisions = resolve_decisions(decisions)  # a bad file fails before the store is touched
        gs = GraphStore.open(_store_path(store))
        with gs:
            report = run_build(
                paths,
                store=gs,
                records_dir=records_dir,
                strict=strict,
                force=force,
                jobs=jobs,
                decisions=decisions,
            )
            for problem in report.problems:
                _echo_problem(problem)
            if not quiet:
                manifest = gs.manifest()
                held = len(manifest) if manifest is not None else 0
                _print_summary(summary(gs) if held <= SUMMARY_MAX else None, report, held)
    except PressgraphError as err:
        _fail(err, 1)
    if report.problems:
        sys.exit(1)


# The counts table after a build are whole-store aggregates: ~1 min at 100,000 releases
# (measured), far more than an update itself. Above this many it is left to `stats`.
SUMMARY_MAX = 20_000


def _print_summary(s: dict | None, report, held: int = 0) -> None:
    from rich.table import Table

    console = _console()
    console.print(
        f"Built {len(report.outcomes)} release(s) into {report.store_path} in "
        f"{report.seconds:.2f} s: {report.count('added')} added, "
        f"{report.count('replaced')} replaced, {report.count('unchanged')} unchanged"
        + (f", {len(report.problems)} failed" if report.problems else "")
    )
    if s is None:
        console.print(
            f"{held:,} inputs in the store's manifest: the counts are left out above "
            f"{SUMMARY_MAX:,} (they take about a minute at 100,000); `pressgraph stats` "
            "prints them."
        )
        return
    table = Table(show_header=True, header_style="bold")
    table.add_column("in the graph")
    table.add_column("count", justify="right")
    for key, label in (
        ("releases", "releases"),
        ("organizations", "organizations"),
        ("countries", "countries"),
        ("programmes", "programmes"),
        ("fundings", "fundings"),
        ("people", "people"),
        ("events", "events"),
        ("sdg_goals", "SDG goals and targets"),
    ):
        table.add_row(label, str(s[key]))
    for kind, n in s["organizations_by_type"].items():
        table.add_row(f"  organizations: {kind}", str(n))
    console.print(table)


@main.command()
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; repeat for several.",
)
@click.option("--store", help=STORE_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
def query(name, params, store, fmt) -> None:
    """Run library query NAME (see `pressgraph queries`) or a FILE.rq."""
    from .queries import compact, run_query

    parsed = {}
    for item in params:
        if "=" not in item:
            _fail(PressgraphError(f"--param {item!r}: expected KEY=VALUE"))
        key, _, value = item.partition("=")
        parsed[key.strip()] = value
    try:
        with _open(store) as gs:
            result = run_query(gs, name, parsed)
    except PressgraphError as err:
        _fail(err, 2)
    if fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    elif fmt == "tsv":
        click.echo(result.to_csv(delimiter="\t"), nl=False)
    elif fmt == "json":
        click.echo(result.to_json())
    else:
        from rich.table import Table

        table = Table(show_header=True, header_style="bold")
        for col in result.columns:
            table.add_column(col)
        for row in result.rows:
            table.add_row(*("" if x is None else compact(str(x)) for x in row))
        console = _console()
        console.print(table)
        console.print(f"{len(result)} row(s)")


@main.command()
def queries() -> None:
    """List the query library with each query's description and parameters."""
    from .queries import library

    for name, q in library().items():
        click.echo(f"{name}: {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        for p in q.parameters:
            default = f" = {p.default}" if p.default is not None else " (optional)"
            doc = f"  {p.description}" if p.description else ""
            click.echo(f"    --param {p.name}=<{p.type}>{default}{doc}")


@main.command()
@click.option("--store", help=STORE_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def validate(store, fmt) -> None:
    """Check the store against the SHACL shapes; exit 1 on violations."""
    from .validate import validate as run_validate

    try:
        with _open(store) as gs:
            report = run_validate(gs)
    except PressgraphError as err:
        _fail(err, 2)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"conforms": report.conforms, "violations": [vars(v) for v in report.violations]},
                indent=2,
            )
        )
    else:
        for violation in report.violations:
            click.echo(f"{violation.severity.lower()}: {violation}")
        state = "conforms" if report.conforms else "does not conform"
        click.echo(
            f"{report.triples} triples checked: {state} ({len(report.violations)} result(s))"
        )
    if not report.conforms:
        sys.exit(1)


NETWORK_FORMATS = ["graphml", "gexf", "cyjs", "d3", "dot", "csv"]


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nq", "trig", "ttl", "jsonld", "nt", *NETWORK_FORMATS]),
    required=True,
    help="RDF (whole store) or a network format (graphml|gexf|cyjs|d3|dot|csv).",
)
@click.option("-o", "--output", required=True, type=click.Path())
@click.option("--store", help=STORE_HELP)
@click.option(
    "--network",
    type=click.Choice(["co-involvement", "funding", "org-release", "org-programme", "person-org"]),
    default="co-involvement",
    help="Network formats: which projection.",
)
@click.option("--since", help="Network formats: releases on or after this date.")
@click.option("--until", help="Network formats: releases on or before this date.")
@click.option("--country", help="Network formats: releases about this country.")
@click.option("--sdg", help="Network formats: releases aligned with this SDG goal.")
@click.option("--org-type", help="Network formats: only organizations of this type.")
@click.option("--min-confidence", type=float, help="Network formats: minimum confidence.")
def export(fmt, output, store, network, **filters) -> None:
    """Export the whole store (deterministic: same input, same bytes), or a network."""
    from .export import export as run_export

    try:
        with _open(store) as gs:
            if fmt in NETWORK_FORMATS:
                from .cli_analytics import export_network, make_filters

                paths = export_network(gs, fmt, output, make_filters(**filters), network)
            else:
                paths = [run_export(gs, output, format=fmt)]
    except (PressgraphError, ValueError, KeyError) as err:
        _fail(err, 2)
    for path in paths:
        click.echo(f"wrote {path} ({path.stat().st_size} bytes)")


@main.command()
@click.option("--store", help=STORE_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def stats(store, fmt) -> None:
    """Counts of releases, entities, relations and quads in the store."""
    from .summary import stats as run_stats

    try:
        with _open(store) as gs:
            s = run_stats(gs)
    except PressgraphError as err:
        _fail(err, 2)
    if fmt == "json":
        click.echo(json.dumps(s, indent=2))
        return
    for key, value in s.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, n in value.items():
                click.echo(f"  {k}: {n}")
        else:
            click.echo(f"{key}: {value}")


@click.group(name="eval")
def eval_group() -> None:
    """Measure quality against labelled data."""


# Command modules, one per concern, add their commands here: each ``pressgraph.cli_<name>``
# module defines ``register(main, eval_group)``.
COMMAND_MODULES = ("sdg", "evaluation", "analytics", "scale", "review")


def _register_command_modules() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module_name = f"pressgraph.cli_{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name == module_name:
                continue
            raise
        module.register(main, eval_group)
    if eval_group.commands:
        main.add_command(eval_group)


_register_command_modules()


if __name__ == "__main__":  # pragma: no cover
    main()
