"""One line per diagnostic, ``file:line:col: severity CODE message [pointer]``, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

import click

from sfndeploy.validate.diagnostics import Diagnostic, ValidationReport
from sfndeploy.validate.formatters.common import counts, place

_COLOURS = {"ERROR": "red", "WARNING": "yellow"}


def format_text(reports: Sequence[ValidationReport], *, colour: bool = False) -> str:
    lines = [diagnostic_line(report, d, colour=colour) for report in reports for d in report.diagnostics]
    lines.append(summary(reports, colour=colour))
    return "\n".join(lines)


def diagnostic_line(report: ValidationReport, diagnostic: Diagnostic, *, colour: bool = False) -> str:
    severity = diagnostic.severity.lower()
    if colour:
        severity = click.style(severity, fg=_COLOURS[diagnostic.severity], bold=True)
    pointer = (
        f" [{diagnostic.pointer}]" if diagnostic.pointer and diagnostic.location and diagnostic.location.line else ""
    )
    return f"{place(report, diagnostic)}: {severity} {diagnostic.code}: {diagnostic.message}{pointer}"


def summary(reports: Sequence[ValidationReport], *, colour: bool = False) -> str:
    errors, warnings = counts(list(reports))
    failing = sum(1 for r in reports if not r.ok)
    noun = "definition" if len(reports) == 1 else "definitions"
    found = "no errors" if not errors else f"{errors} error{'s' * (errors != 1)} in {failing}"
    text = f"{len(reports)} {noun} checked: {found}, {warnings} warning{'s' * (warnings != 1)}"
    if colour:
        text = click.style(text, fg="red" if errors else "green")
    return text
