"""The one place where errors become messages and exit statuses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from sfndeploy.cli.context import app_context
from sfndeploy.errors import SfnDeployError

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
                raise
            click.echo(f"error: {error.one_line()}", err=True)
            raise SystemExit(error.exit_code) from None
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            raise SystemExit(130) from None

    return wrapper  # type: ignore[return-value]
