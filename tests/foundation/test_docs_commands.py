"""docs/operations.md: every ``sfndeploy`` command line in its shell blocks is accepted by the
CLI's own parser (resolved and parsed with ``make_context``, never run), and the walk-through has
every step the guide promises."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from tests.foundation.test_ci_files import parse_command_line

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"
_SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def command_lines(path: Path) -> list[str]:
    blocks = _SHELL_BLOCK.findall(path.read_text(encoding="utf-8"))
    return [line.strip() for block in blocks for line in block.replace("\\\n", " ").splitlines() if line.strip()]


LINES = command_lines(OPERATIONS)


@pytest.mark.parametrize("line", LINES)
def test_every_command_line_parses(line: str) -> None:
    argv = shlex.split(line, comments=True)
    assert argv[0] == "sfndeploy", line
    context = parse_command_line(argv[1:])
    assert context.command.name == argv[1]


def test_the_walk_through_has_every_step() -> None:
    commands = [shlex.split(line)[1:3] for line in LINES]
    heads = {" ".join(words[:1]) for words in commands}
    assert {"executions", "history", "replay", "test", "apply", "promote", "start", "cost"} <= heads
    assert any("--status" in line and "FAILED" in line for line in LINES)
    assert any(line.startswith("sfndeploy test") and "--against-aws" in line for line in LINES)
    assert any(line.startswith("sfndeploy replay") and "--save" in line for line in LINES)


def test_a_wrong_option_would_be_caught() -> None:
    """The check above can fail: an option the command does not have is refused by the parser."""
    with pytest.raises(click.UsageError):
        parse_command_line(["replay", "arn:aws:states:eu-west-1:1:execution:x:y", "-e", "prod", "--safe", "x"])
