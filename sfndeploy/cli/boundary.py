"""The one place where errors become messages and exit statuses."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from sfndeploy.cli.context import app_context
from sfndeploy.errors import SfnDeployError
from sfndeploy.notes import NOTES
from sfndeploy.secrets.masking import mask

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn project errors into ``error: <one line>`` on stderr and their exit status.

    Under ``--debug`` the exception propagates with its traceback instead.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SfnDeployError as error:
            if app_context().debug:
                _mask_chain(error)
                raise
            click.echo(f"error: {mask(error.one_line())}", err=True)
            raise SystemExit(error.exit_code) from None
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            raise SystemExit(130) from None

    return wrapper  # type: ignore[return-value]


def _mask_chain(error: BaseException) -> None:
    """Mask secret values in the messages of ``error`` and of the exceptions it was raised from, so
    a ``--debug`` traceback (an AWS error quoting a definition) prints no more than the one line would."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.args = tuple(mask(arg) if isinstance(arg, str) else arg for arg in current.args)
        if isinstance(current, SfnDeployError):
            current.message = mask(current.message)
        pending.extend((current.__cause__, current.__context__))


class _EchoNotes(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"note: {mask(record.getMessage())}", err=True)


def route_notes(quiet: bool) -> None:
    """Print the core's notes as ``note: ...`` on stderr (none under ``--quiet``); idempotent."""
    handler = next((h for h in NOTES.handlers if isinstance(h, _EchoNotes)), None)
    if handler is None:
        handler = _EchoNotes()
        NOTES.addHandler(handler)
        NOTES.propagate = False
    handler.setLevel(logging.ERROR if quiet else logging.WARNING)
