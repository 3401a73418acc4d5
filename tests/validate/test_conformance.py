"""Every definition AWS accepted (the recorded conformance corpus) validates with no error."""

from __future__ import annotations

from typing import Any

from sfndeploy.validate import validate_definition


def test_corpus_is_there(conformance_definitions: list[tuple[str, Any]]) -> None:
    assert len(conformance_definitions) == 982


def test_every_recorded_definition_validates_without_errors(
    conformance_definitions: list[tuple[str, Any]],
) -> None:
    failures: list[str] = []
    for case_id, definition in conformance_definitions:
        report = validate_definition(definition)
        failures.extend(f"{case_id}: {d.code} {d.pointer} {d.message}" for d in report.errors)
    assert failures == []
