"""Unit tests of the validator's helpers: size, timestamps, resources, JSONata variables, remote."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from sfndeploy.validate import validate_definition
from sfndeploy.validate.remote import UNAVAILABLE, merge_remote, remote_diagnostics
from sfndeploy.validate.resources import classify_resource
from sfndeploy.validate.rules import ALL_RULES
from sfndeploy.validate.rules.fields.timestamps import is_rfc3339
from sfndeploy.validate.rules.structure.definition_size import _bytes_without_recursion, definition_bytes
from sfndeploy.validate.variables import jsonata_variables


@pytest.mark.parametrize(
    "value",
    [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": [1, 2.5, None, True, "é", {"k/~": "\n"}]}}},
        [],
        {},
        "text",
        {"a": {"b": {"c": []}}},
    ],
)
def test_size_without_recursion_matches_json(value: Any) -> None:
    assert _bytes_without_recursion(value) == definition_bytes(value)
    assert definition_bytes(value) == len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2026-01-31T12:00:00Z", True),
        ("2026-01-31T12:00:00.5-05:30", True),
        ("2016-12-31T23:59:60Z", True),
        ("2026-01-31t12:00:00Z", False),
        ("2026-01-31T12:00:00", False),
        ("2026-13-01T00:00:00Z", False),
        ("2026-01-31T24:00:00Z", False),
        ("2026-01-31", False),
    ],
)
def test_rfc3339(text: str, ok: bool) -> None:
    assert is_rfc3339(text) is ok


@pytest.mark.parametrize(
    ("resource", "kind", "pattern"),
    [
        ("arn:aws:states:::lambda:invoke", "integration", ""),
        ("arn:aws:states:::states:startExecution.sync:2", "integration", ".sync:2"),
        ("arn:aws:states:::aws-sdk:s3:getObject", "aws-sdk", ""),
        ("arn:aws:states:::aws-sdk:sfn:sendTaskSuccess.waitForTaskToken", "aws-sdk", ".waitForTaskToken"),
        ("arn:aws:lambda:us-east-1:123456789012:function:f:prod", "lambda-function", ""),
        ("arn:aws:states:eu-central-1:123456789012:activity:a", "activity", ""),
    ],
)
def test_classify_resource(resource: str, kind: str, pattern: str) -> None:
    found = classify_resource(resource)
    assert found is not None
    assert (found.kind, found.pattern) == (kind, pattern)


def test_classify_resource_rejects_malformed() -> None:
    for resource in ("", "lambda", "arn:aws:states:::aws-sdk:s3:getObject.sync", "arn:aws:sqs:::sendMessage"):
        assert classify_resource(resource) is None, resource


def test_jsonata_variables_skip_functions_locals_parameters_and_strings() -> None:
    expression = "($x := 1; $f := function($p) { $p + $x }; $map($items, $f) & '$notvar' & $string($other))"
    assert jsonata_variables(expression) == {"items", "other"}


def test_every_rule_has_a_unique_id_code_and_summary() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.code and rule.summary and rule.severity in ("ERROR", "WARNING") for rule in ALL_RULES)


DEFINITION = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def test_remote_diagnostics_become_warnings_with_pointers() -> None:
    seen: list[tuple[str, str]] = []

    def aws(definition: str, workflow_type: str) -> Mapping[str, Any]:
        seen.append((definition, workflow_type))
        return {
            "result": "FAIL",
            "diagnostics": [
                {"severity": "ERROR", "code": "INVALID_RESOURCE", "message": "bad", "location": "/States/A"}
            ],
        }

    found = remote_diagnostics(DEFINITION, "EXPRESS", aws)
    assert json.loads(seen[0][0]) == DEFINITION
    assert seen[0][1] == "EXPRESS"
    assert [(d.severity, d.code, d.pointer) for d in found] == [("WARNING", "INVALID_RESOURCE", "/States/A")]
    merged = merge_remote(validate_definition(DEFINITION), found)
    assert merged.ok
    assert len(merged.warnings) == 1


def test_remote_failure_is_a_warning_not_an_error() -> None:
    def no_network(definition: str, workflow_type: str) -> Mapping[str, Any]:
        raise ConnectionError("Could not connect to the endpoint URL")

    [warning] = remote_diagnostics(DEFINITION, "STANDARD", no_network)
    assert (warning.severity, warning.code) == ("WARNING", UNAVAILABLE)
    assert "Could not connect" in warning.message


def test_rules_document_lists_every_rule() -> None:
    from pathlib import Path

    import sfndeploy.validate

    text = (Path(sfndeploy.validate.__file__).parent / "RULES.md").read_text(encoding="utf-8")
    missing = [rule.id for rule in ALL_RULES if f"`{rule.id}`" not in text or f"`{rule.code}`" not in text]
    assert missing == []
