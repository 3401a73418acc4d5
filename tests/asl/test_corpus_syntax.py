"""Every expression in every definition AWS ran (the whole recorded corpus) must compile."""

from __future__ import annotations

import json
from typing import Any

from sfndeploy.asl.intrinsics import compile_intrinsic, is_intrinsic
from sfndeploy.asl.jsonata import compile_jsonata, is_jsonata_template, jsonata_expression
from sfndeploy.asl.jsonpath import compile_path

from .passrunner import CORPUS

# fields whose string value is a JSONPath (or, for ErrorPath/CausePath, an intrinsic)
_PATH_FIELDS = {
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ItemsPath",
    "Variable",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
}


def _expressions(node: Any, found: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Result":
                continue  # literal data, never evaluated
            if isinstance(value, str) and (key.endswith(".$") or key in _PATH_FIELDS or key.endswith("Path.$")):
                found.append(("intrinsic" if is_intrinsic(value) else "path", value))
            else:
                _expressions(value, found)
    elif isinstance(node, list):
        for value in node:
            _expressions(value, found)
    elif is_jsonata_template(node):
        found.append(("jsonata", jsonata_expression(node)))


def _all_expressions() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sorted(CORPUS.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        _expressions(case["definition"], found)
    return found


def test_every_expression_aws_accepted_compiles() -> None:
    expressions = _all_expressions()
    kinds = {kind for kind, _ in expressions}
    assert kinds == {"path", "intrinsic", "jsonata"}
    assert len(expressions) > 1000
    compilers = {"path": compile_path, "intrinsic": compile_intrinsic, "jsonata": compile_jsonata}
    for kind, text in expressions:
        compilers[kind](text)
