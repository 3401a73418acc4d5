"""Reports as SARIF 2.1.0, the format code-scanning services read to annotate a change.

One run, one rule per diagnostic code (its description and the sfndeploy rules behind it as help),
one result per diagnostic at its template file, line and column. File URIs are relative to the
project root (``uriBaseId`` ``PROJECTROOT``); a file outside it gets an absolute ``file:`` URI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sfndeploy import __version__
from sfndeploy.validate.codes import CodeInfo, code_catalogue, describe_code
from sfndeploy.validate.diagnostics import Diagnostic, Severity, ValidationReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT_ID = "PROJECTROOT"
_LEVELS: dict[Severity, str] = {"ERROR": "error", "WARNING": "warning"}


def format_sarif(reports: Sequence[ValidationReport], *, root: Path | None = None, base: Path | None = None) -> str:
    """``root``: the project directory URIs are relative to; ``base``: what relative file names in the
    diagnostics are relative to (the project directory for project workflows, the working directory
    for ``--definition`` files). Both default to the working directory."""
    root = (root or Path.cwd()).resolve()
    base = (base or Path.cwd()).resolve()
    catalogue = code_catalogue()
    codes = list(catalogue)
    codes.extend(dict.fromkeys(d.code for r in reports for d in r.diagnostics if d.code not in catalogue))
    index = {code: position for position, code in enumerate(codes)}
    rules = [_rule(describe_code(code, catalogue)) for code in codes]
    results = [_result(report, d, index[d.code], root, base) for report in reports for d in report.diagnostics]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "sfndeploy",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri() + "/"}},
        "results": results,
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False)


def _rule(info: CodeInfo) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": info.code,
        "name": _pascal(info.code),
        "shortDescription": {"text": info.summary},
        "help": {"text": info.help_text()},
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
    }
    if info.rules:
        rule["properties"] = {"sfndeployRules": [rule_id for rule_id, _ in info.rules]}
    return rule


def _pascal(code: str) -> str:
    return "".join(word.capitalize() for word in code.split("_"))


def _result(
    report: ValidationReport, diagnostic: Diagnostic, rule_index: int, root: Path, base: Path
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
    }
    location = _location(diagnostic, root, base)
    if location is not None:
        result["locations"] = [location]
    properties = {"definition": report.name, "pointer": diagnostic.pointer or "/", "rule": diagnostic.rule}
    result["properties"] = {key: value for key, value in properties.items() if value}
    return result


def _location(diagnostic: Diagnostic, root: Path, base: Path) -> dict[str, Any] | None:
    place = diagnostic.location
    if place is None or not place.file:
        return None
    physical: dict[str, Any] = {"artifactLocation": _artifact(Path(place.file), root, base)}
    if place.line is not None:
        region = {"startLine": place.line}
        if place.column is not None:
            region["startColumn"] = place.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if diagnostic.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": diagnostic.pointer, "kind": "object"}]
    return location


def _artifact(file: Path, root: Path, base: Path) -> dict[str, str]:
    absolute = file if file.is_absolute() else base / file
    try:
        relative = absolute.resolve().relative_to(root)
    except ValueError:
        return {"uri": absolute.resolve().as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": ROOT_ID}
