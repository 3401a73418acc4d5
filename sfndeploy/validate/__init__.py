"""Validation of States Language definitions: schema, semantic rules and lints.

``validate_definition`` checks one definition and returns a :class:`ValidationReport` of
:class:`Diagnostic` s (severity, AWS-style code, message, JSON pointer and, given a source map,
the file/line/column the value came from). It never raises for a bad definition.
"""

from __future__ import annotations

from typing import Any

from sfndeploy.sourcemap import SourceMap
from sfndeploy.validate.diagnostics import ERROR, WARNING, Diagnostic, Severity, ValidationReport, exit_status
from sfndeploy.validate.engine import run_rules
from sfndeploy.validate.parse import UnparsableDefinition, parse_or_diagnose
from sfndeploy.validate.rules import ALL_RULES

__all__ = [
    "ERROR",
    "WARNING",
    "Diagnostic",
    "Severity",
    "UnparsableDefinition",
    "ValidationReport",
    "exit_status",
    "parse_definition_text",
    "validate_definition",
    "validate_text",
]


def validate_definition(
    definition: Any,
    *,
    workflow_type: str = "STANDARD",
    source_map: SourceMap | None = None,
    name: str = "",
) -> ValidationReport:
    """Every diagnostic of ``definition`` (plain data, as parsed from JSON/YAML)."""
    if isinstance(definition, UnparsableDefinition):
        return ValidationReport((definition.diagnostic,), name)
    return run_rules(ALL_RULES, definition, workflow_type=workflow_type, source_map=source_map, name=name)


def parse_definition_text(text: str | bytes, file: str) -> tuple[Any, SourceMap]:
    """Parse a definition file's text or bytes (JSON or YAML) with a source map; never raises.

    A text that cannot be parsed comes back as an :class:`UnparsableDefinition`, which
    :func:`validate_definition` reports as its INVALID_JSON_DESCRIPTION diagnostic.
    """
    data, source_map, problem = parse_or_diagnose(text, file)
    if problem is not None:
        return UnparsableDefinition(problem), source_map
    return data, source_map


def validate_text(text: str, file: str, *, workflow_type: str = "STANDARD") -> ValidationReport:
    """Parse and validate a definition file's text; a parse failure is a diagnostic in the report."""
    data, source_map = parse_definition_text(text, file)
    return validate_definition(data, workflow_type=workflow_type, source_map=source_map, name=file)
