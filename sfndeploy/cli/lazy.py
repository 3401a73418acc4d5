"""A click group that imports a command's module only when that command is run or its help shown.

Start-up time is what a user feels on every call: ``sfndeploy --version`` or ``validate`` must not
pay for boto3, the executor or jsonschema. The group knows each command by name, by where it lives
(``"module:attribute"``) and by its short help, so ``sfndeploy --help`` lists every command without
importing any of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class LazyCommand:
    target: str  # "package.module:attribute"
    short_help: str  # the first sentence of the command's docstring, as click would show it

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyGroup(click.Group):
    """``click.Group`` whose commands are :class:`LazyCommand` entries until first used."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, LazyCommand] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, LazyCommand] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        loaded = super().get_command(ctx, cmd_name)
        if loaded is not None or cmd_name not in self.lazy_commands:
            return loaded
        command = self.lazy_commands[cmd_name].load()
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands section of ``--help`` from the table, as click formats loaded commands."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows: Sequence[tuple[str, str]] = [(name, self._short_help(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str:
        loaded = self.commands.get(name)
        if loaded is not None:
            return loaded.get_short_help_str(limit)
        # An empty command carrying the table's text: click shortens it exactly as it would the real one.
        return click.Command(name, help=self.lazy_commands[name].short_help).get_short_help_str(limit)
