"""What every format says about a diagnostic's place."""

from __future__ import annotations

from sfndeploy.validate.diagnostics import Diagnostic, ValidationReport


def place(report: ValidationReport, diagnostic: Diagnostic) -> str:
    """``file:line:column`` when known, else ``name`` and the pointer."""
    if diagnostic.location is not None and diagnostic.location.line is not None:
        return str(diagnostic.location)
    name = diagnostic.location.file if diagnostic.location is not None else report.name or "<definition>"
    return f"{name}:{diagnostic.pointer or '/'}"


def counts(reports: list[ValidationReport] | tuple[ValidationReport, ...]) -> tuple[int, int]:
    return sum(len(r.errors) for r in reports), sum(len(r.warnings) for r in reports)
