"""Ways to print validation reports: text (for people), JSON, JUnit XML and SARIF (for pipelines)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sfndeploy.validate.diagnostics import ValidationReport
from sfndeploy.validate.formatters.json_format import format_json
from sfndeploy.validate.formatters.junit import format_junit
from sfndeploy.validate.formatters.sarif import format_sarif
from sfndeploy.validate.formatters.text import format_text

Formatter = Callable[[Sequence[ValidationReport]], str]

FORMATS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "sarif": format_sarif,
}

__all__ = ["FORMATS", "Formatter", "format_json", "format_junit", "format_sarif", "format_text"]
