"""``pressgraph sdg classify|explain`` and ``pressgraph eval sdg``: thin wrappers over
:mod:`pressgraph.sdg`."""

from __future__ import annotations

import json
import sys

import click

from .errors import PressgraphError


def _fail(err: PressgraphError, code: int = 2) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(code)


def _threshold(value: float | None) -> float | None:
    if value is not None and not 0.0 < value < 1.0:
        raise click.BadParameter("must be between 0 and 1 (exclusive)")
    return value


@click.group(name="sdg")
def sdg_group() -> None:
    """Sustainable Development Goals of texts and releases (offline lexicon classifier)."""


@sdg_group.command(name="classify")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--threshold",
    type=float,
    default=None,
    callback=lambda _c, _p, v: _threshold(v),
    help="One score threshold for every goal (default: the tuned per-goal thresholds).",
)
def classify_cmd(input_path: str, fmt: str, threshold: float | None) -> None:
    """Goals and targets of INPUT: a release file, a text file or JSONL of {"id", "text"}."""
    from .sdg import Classifier
    from .sdg.inputs import iter_texts

    classifier = Classifier(threshold=threshold)
    rows = []
    try:
        for item_id, text in iter_texts(input_path):
            result = classifier.classify(text)
            if fmt == "jsonl":
                click.echo(json.dumps(result.as_dict(item_id), ensure_ascii=False))
            else:
                rows.append((item_id, result))
    except PressgraphError as err:
        _fail(err, 1)
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_header=True, header_style="bold")
        for col in ("id", "goal", "score", "targets", "terms"):
            table.add_column(col)
        for item_id, result in rows:
            for g in result.goals:
                targets = " ".join(t.target for t in result.targets if t.goal == g.goal)
                table.add_row(
                    item_id, str(g.goal), f"{g.score:.2f}", targets, ", ".join(g.terms[:6])
                )
            if not result.goals:
                table.add_row(item_id, "-", "", "", "")
        Console(highlight=False, soft_wrap=False).print(table)


@sdg_group.command(name="explain")
@click.argument("text")
@click.option("--threshold", type=float, default=None, callback=lambda _c, _p, v: _threshold(v))
def explain_cmd(text: str, threshold: float | None) -> None:
    """Show every goal's score, the terms behind it and the decision for TEXT."""
    from .sdg import Classifier
    from .sdg.explain import explain

    click.echo(explain(text, Classifier(threshold=threshold)))


@click.command(name="sdg")
@click.argument("csv_path", metavar="CSV", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--threshold", type=float, default=None, callback=lambda _c, _p, v: _threshold(v))
def eval_sdg_cmd(csv_path: str, fmt: str, threshold: float | None) -> None:
    """Score the classifier on a labelled CSV (id,text,sdg,label), overall and per goal."""
    from .sdg import Classifier
    from .sdg.evaluate import evaluate_binary, format_report, read_benchmark

    try:
        rows = read_benchmark(csv_path)
    except PressgraphError as err:
        _fail(err, 1)
    report = evaluate_binary(rows, Classifier(threshold=threshold))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(format_report(report))


def register(main: click.Group, eval_group: click.Group) -> None:
    main.add_command(sdg_group)
    eval_group.add_command(eval_sdg_cmd)
