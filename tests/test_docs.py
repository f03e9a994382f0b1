"""The README stays true: its commands exist and run as shown."""

from __future__ import annotations

import os
import re
import shlex

from click.testing import CliRunner

from pressgraph.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert m, title
    return m.group(1)


def _blocks(text: str) -> list[list[str]]:
    return [
        [line for line in block.splitlines() if line.strip()]
        for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.M | re.S)
    ]


def test_quick_start_is_one_block_of_exactly_two_commands():
    blocks = _blocks(_section("Quick start"))
    assert len(blocks) == 1
    build_cmd, test_cmd = blocks[0]
    for cmd in (build_cmd, test_cmd):
        path = ROOT / cmd.split()[0]
        assert path.is_file() and os.access(path, os.X_OK), cmd
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert test_cmd.lstrip("./") in ci


def test_usage_commands_run_as_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    (block,) = [b for b in _blocks(_section("Using it")) if b[0].startswith(".venv/bin/")]
    for line in block:
        args = shlex.split(line.replace("/tmp/", f"{tmp_path}/"))
        assert args[0] == ".venv/bin/pressgraph"
        result = runner.invoke(main, args[1:], catch_exceptions=False)
        assert result.exit_code == 0, (line, result.output)


def test_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    (code,) = re.findall(r"```python\n(.*?)```", README, re.S)
    code = code.replace("/tmp/", f"{tmp_path}/")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102
    assert len(namespace["partners"]) >= 1


def test_every_cli_command_is_in_the_readme():
    for name in main.commands:
        assert f"`{name}" in README or f"pressgraph {name}" in README, name
