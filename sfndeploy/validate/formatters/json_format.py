"""Reports as one JSON document (stable keys, for pipelines)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sfndeploy.validate.diagnostics import Diagnostic, ValidationReport
from sfndeploy.validate.formatters.common import counts


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    location = diagnostic.location
    return {
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "pointer": diagnostic.pointer,
        "file": location.file if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "rule": diagnostic.rule,
    }


def format_json(reports: Sequence[ValidationReport]) -> str:
    errors, warnings = counts(list(reports))
    document = {
        "ok": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "definitions": [
            {
                "name": report.name,
                "ok": report.ok,
                "diagnostics": [diagnostic_data(d) for d in report.diagnostics],
            }
            for report in reports
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
