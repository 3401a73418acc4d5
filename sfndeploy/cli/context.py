"""What every command receives from the global options."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class AppContext:
    project_dir: Path
    debug: bool
    verbosity: int  # -1 quiet, 0 normal, 1 verbose

    @property
    def interactive(self) -> bool:
        """True when a person is at a terminal (prompts and colour are allowed)."""
        return sys.stdin.isatty() and sys.stdout.isatty()


def app_context() -> AppContext:
    ctx = click.get_current_context()
    obj = ctx.find_object(AppContext)
    if obj is None:  # a command invoked on its own in a test
        return AppContext(project_dir=Path.cwd(), debug=False, verbosity=0)
    return obj
