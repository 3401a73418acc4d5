"""``--debug`` shows the traceback of a project error, and with it the exceptions it was raised from
(an AWS error that quotes the definition it was sent): secret values in any of them are masked."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sfndeploy.cli.boundary import reports_errors
from sfndeploy.cli.context import AppContext
from sfndeploy.errors import PlanError
from sfndeploy.secrets import masking

SECRET = "pw-Zq1Xw2Ce3Vr4Bt5"


@pytest.fixture(autouse=True)
def registry() -> Iterator[None]:
    masking.forget_all()
    masking.register(SECRET)
    yield
    masking.forget_all()


@click.command()
@reports_errors
def failing_apply() -> None:
    try:
        raise RuntimeError(f"InvalidDefinition: unexpected '{SECRET}' at /States/Call")
    except RuntimeError as aws_error:
        raise PlanError(f"CreateStateMachine failed: {aws_error}") from aws_error


def _invoke(debug: bool) -> tuple[BaseException | None, str]:
    result = CliRunner().invoke(failing_apply, obj=AppContext(project_dir=Path.cwd(), debug=debug, verbosity=0))
    return result.exception, result.output


def test_the_debug_traceback_masks_the_error_and_its_causes() -> None:
    exception, _ = _invoke(debug=True)

    assert isinstance(exception, PlanError)
    shown = "".join(traceback.format_exception(exception))
    assert SECRET not in shown
    assert "RuntimeError: InvalidDefinition: unexpected '****' at /States/Call" in shown
    assert "PlanError: CreateStateMachine failed: InvalidDefinition: unexpected '****'" in shown


def test_without_debug_the_one_line_is_masked() -> None:
    exception, output = _invoke(debug=False)

    assert isinstance(exception, SystemExit) and exception.code == 1
    assert output == "error: CreateStateMachine failed: InvalidDefinition: unexpected '****' at /States/Call\n"
