"""``pressgraph review``: list unknown-organization candidates; accept, reject or merge them."""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from .errors import PressgraphError

DECISIONS_OPTION = click.option(
    "--decisions",
    type=click.Path(dir_okay=False),
    help="Decisions file (default: $PRESSGRAPH_DECISIONS or ./data/decisions.yaml).",
)
COLUMNS = ("name", "releases", "kept", "rejected", "reasons", "suggestion", "decision", "sample")


def _fail(err: Exception, code: int = 2) -> None:
    for line in str(err).splitlines():
        click.echo(f"error: {line}", err=True)
    sys.exit(code)


def _short(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group(invoke_without_command=True)
@click.option(
    "--records", type=click.Path(file_okay=False), help="Read records from this directory."
)
@click.option(
    "--store",
    metavar="DIR",
    help="Read the inputs this store was built from (default: $PRESSGRAPH_STORE or "
    "./pressgraph-store).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--status",
    type=click.Choice(["all", "kept", "rejected"]),
    default="all",
    show_default=True,
    help="Names the pipeline kept somewhere, rejected somewhere, or all.",
)
@click.option(
    "--min-releases",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only names found in at least this many releases.",
)
@DECISIONS_OPTION
@click.pass_context
def review(ctx, records, store, fmt, status, min_releases, decisions) -> None:
    """Unknown-organization candidates the pipeline kept or rejected, grouped by name.

    Then `review accept|reject|merge NAME` records a decision; every later extract and build
    applies it.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .review import review as run_review

    if records and store:
        _fail(click.UsageError("give --records DIR or --store DIR, not both"))
    try:
        groups = run_review(
            records=records,
            store=store,
            status=status,
            min_releases=min_releases,
            decisions=decisions,
        )
    except PressgraphError as err:
        _fail(err)
    if fmt == "json":
        click.echo(json.dumps([g.as_dict() for g in groups], indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        buf = io.StringIO()
        rows = [g.as_row() for g in groups]
        fields = list(rows[0]) if rows else list(COLUMNS)
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold")
    for col in COLUMNS:
        numeric = col in ("releases", "kept", "rejected")
        table.add_column(
            col, justify="right" if numeric else "left", no_wrap=True, overflow="ellipsis"
        )
    for g in groups:
        decision = g.decision or ""
        if g.decision == "merge":
            decision = f"merge → {g.into}"
        suggestion = f"{g.suggestion} ({g.suggestion_score})" if g.suggestion else ""
        table.add_row(
            _short(g.name, 40),
            str(g.releases),
            str(g.kept),
            str(g.rejected),
            _short("; ".join(f"{r} ({n})" for r, n in g.reasons.items()), 40),
            _short(suggestion, 30),
            decision,
            _short(g.sample, 60),
        )
    width = None if sys.stdout.isatty() else 200  # pipes and files get whole rows
    console = Console(highlight=False, soft_wrap=False, width=width)
    console.print(table)
    console.print(f"{len(groups)} candidate name(s)")


def _decide(action: str, name: str, **options) -> None:
    from .review import decide

    try:
        result = decide(action, name, **options)
    except PressgraphError as err:
        _fail(err, 1)
    d = result.decision
    what = {"accept": "accepted", "reject": "rejected", "merge": "merged"}[action]
    extra = []
    if d.type:
        extra.append(f"type {d.type}")
    if d.country:
        extra.append(f"country {d.country}")
    if result.target:
        extra.append(f"into {result.target}")
    tail = f" ({', '.join(extra)})" if extra else ""
    click.echo(f"{what} {d.name!r}{tail}; wrote {result.path}; applied on the next build")


@review.command()
@click.argument("name")
@click.option(
    "--type",
    "otype",
    type=click.Choice(
        ["un", "government", "donor_agency", "igo", "ngo", "private", "academic", "other"]
    ),
    help="The organization's type.",
)
@click.option("--country", help="ISO 3166-1 alpha-3 code of its country.")
@click.option("--note", help="Why (kept in the file).")
@DECISIONS_OPTION
def accept(name, otype, country, note, decisions) -> None:
    """Keep NAME as an organization (also where the pipeline rejected it)."""
    _decide("accept", name, type=otype, country=country, note=note, path=decisions)


@review.command()
@click.argument("name")
@click.option("--note", help="Why (kept in the file).")
@DECISIONS_OPTION
def reject(name, note, decisions) -> None:
    """Drop NAME wherever it appears (its mentions and the relations that need it)."""
    _decide("reject", name, note=note, path=decisions)


@review.command()
@click.argument("name")
@click.option("--into", required=True, help="A gazetteer key or name, a government, or a name.")
@click.option("--note", help="Why (kept in the file).")
@DECISIONS_OPTION
def merge(name, into, note, decisions) -> None:
    """Make NAME the organization INTO (its mentions and relations re-pointed)."""
    _decide("merge", name, into=into, note=note, path=decisions)


@review.command()
@click.argument("name")
@DECISIONS_OPTION
def forget(name, decisions) -> None:
    """Remove the decision about NAME."""
    from .review import forget as run_forget

    try:
        removed = run_forget(name, path=decisions)
    except PressgraphError as err:
        _fail(err, 1)
    if not removed:
        _fail(PressgraphError(f"no decision about {name!r}"), 1)
    click.echo(f"removed the decision about {name!r}")


def register(main: click.Group, eval_group: click.Group) -> None:
    main.add_command(review)
