"""Validation diagnostics on standard error, for commands that validate before they act."""

from __future__ import annotations

from collections.abc import Sequence

import click

from sfndeploy.validate import ValidationReport
from sfndeploy.validate.formatters.text import diagnostic_line


def echo_diagnostics(reports: Sequence[ValidationReport], *, quiet: bool = False, colour: bool = False) -> None:
    """Errors always; warnings unless quiet."""
    for report in reports:
        for diagnostic in report.diagnostics:
            if diagnostic.is_error or not quiet:
                click.echo(diagnostic_line(report, diagnostic, colour=colour), err=True)
