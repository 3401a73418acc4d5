"""Validation diagnostics on standard error, for commands that validate before they act."""

from __future__ import annotations

from collections.abc import Sequence

import click

from sfndeploy.validate import Diagnostic, ValidationReport


def diagnostic_line(report: ValidationReport, diagnostic: Diagnostic) -> str:
    where = str(diagnostic.location) if diagnostic.location else f"{report.name}:{diagnostic.pointer or '/'}"
    return f"{where}: {diagnostic.severity.lower()}: {diagnostic.code}: {diagnostic.message}"


def echo_diagnostics(reports: Sequence[ValidationReport], *, quiet: bool = False) -> None:
    """Errors always; warnings unless quiet."""
    for report in reports:
        for diagnostic in report.diagnostics:
            if diagnostic.is_error or not quiet:
                click.echo(diagnostic_line(report, diagnostic), err=True)
