"""Diagnostics: what the validator says about a definition, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sfndeploy.errors import SourceLocation

Severity = Literal["ERROR", "WARNING"]
ERROR: Severity = "ERROR"
WARNING: Severity = "WARNING"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a definition.

    ``code`` is AWS's ValidateStateMachineDefinition code where AWS has one, sfndeploy's own
    otherwise; ``pointer`` is an RFC 6901 JSON pointer into the definition; ``location`` is where
    the user wrote that value (template file, line, column) when a source map was given;
    ``rule`` names the sfndeploy rule that found it.
    """

    severity: Severity
    code: str
    message: str
    pointer: str = ""
    location: SourceLocation | None = None
    rule: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class ValidationReport:
    """Every diagnostic of one definition, in a stable order."""

    diagnostics: tuple[Diagnostic, ...] = ()
    name: str = ""  # the workflow name or the file validated, for formatters

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> set[str]:
        return {d.code for d in self.diagnostics}


def exit_status(reports: tuple[ValidationReport, ...] | list[ValidationReport]) -> int:
    """0 when no report has an error (warnings allowed), 1 otherwise."""
    return 0 if all(report.ok for report in reports) else 1
