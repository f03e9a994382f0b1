"""``pressgraph eval extraction`` and ``pressgraph explain``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import PressgraphError


def _fail(err: PressgraphError | str, code: int = 2) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(code)


@click.command(name="extraction")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option(
    "--inputs",
    type=click.Path(file_okay=False),
    help="Directory of the labelled texts (default: ../shared/data next to the repository).",
)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Also write JSON here.")
@click.option("--errors", is_flag=True, help="List each document's errors (FP, FN, wrong values).")
@click.option("--check", is_flag=True, help="Check that label strings occur in the texts.")
@click.option(
    "--calibrate",
    "calibrate_out",
    is_flag=False,
    flag_value="",
    default=None,
    help="Fit per-rule confidences on GOLD and write them (default: the package's "
    "data/calibration.yaml).",
)
def eval_extraction(gold, inputs, json_out, errors, check, calibrate_out) -> None:
    """Precision, recall and F1 of extraction against the hand labels in GOLD, and how
    confidence tracks precision."""
    from .evaluation.gold import load_gold
    from .evaluation.run import check_gold, evaluate, format_report

    try:
        g = load_gold(gold)
        if check:
            problems = check_gold(g, data_dir=inputs)
            for p in problems:
                click.echo(p)
            sys.exit(1 if problems else 0)
        ev = evaluate(g, data_dir=inputs)
    except PressgraphError as err:
        _fail(err)
    if calibrate_out is not None:
        from .evaluation.calibration import fit, write_table
        from .extract.calibration import CALIBRATION_FILE, load_calibration

        target = Path(calibrate_out) if calibrate_out else CALIBRATION_FILE
        write_table(
            fit(ev.items()),
            target,
            note=f"fitted on {Path(gold).name} ({len(ev.results)} documents)",
        )
        load_calibration.cache_clear()
        click.echo(f"wrote {target}")
    click.echo(format_report(ev, errors=errors))
    if json_out:
        Path(json_out).write_text(json.dumps(ev.as_dict(), indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {json_out}")


@click.command()
@click.argument("release")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def explain(release, fmt) -> None:
    """Each fact extracted from RELEASE next to its sentence and the rule that read it."""
    from .evaluation.explain import explain_facts, format_explanation
    from .sources import read_input

    try:
        source = read_input(release)
    except PressgraphError as err:
        _fail(err)
    facts, record = explain_facts(source)
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in facts], indent=2, ensure_ascii=False))
    else:
        click.echo(format_explanation(facts, record))


def register(main: click.Group, eval_group: click.Group) -> None:
    eval_group.add_command(eval_extraction)
    main.add_command(explain)
