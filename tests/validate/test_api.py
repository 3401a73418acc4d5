"""The public API: reports, source locations, parse failures as diagnostics."""

from __future__ import annotations

from sfndeploy.validate import (
    UnparsableDefinition,
    parse_definition_text,
    validate_definition,
    validate_text,
)

YAML_DEFINITION = """\
StartAt: First
States:
  First:
    Type: Pass
    Next: Missing
"""


def test_a_valid_definition_has_no_diagnostics() -> None:
    report = validate_definition({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})
    assert report.ok
    assert report.diagnostics == ()


def test_diagnostics_carry_the_source_line_of_the_pointer() -> None:
    definition, source_map = parse_definition_text(YAML_DEFINITION, "flow.asl.yaml")
    report = validate_definition(definition, source_map=source_map)
    [error] = report.errors
    assert error.code == "MISSING_TRANSITION_TARGET"
    assert error.pointer == "/States/First/Next"
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("flow.asl.yaml", 5)


def test_a_parse_failure_becomes_a_diagnostic() -> None:
    definition, _ = parse_definition_text('{"StartAt": "A", "States": {', "broken.json")
    assert isinstance(definition, UnparsableDefinition)
    report = validate_definition(definition)
    assert [d.code for d in report.errors] == ["INVALID_JSON_DESCRIPTION"]
    assert report.errors[0].location is not None
    assert report.errors[0].location.file == "broken.json"


def test_an_empty_file_is_missing_description() -> None:
    assert [d.code for d in validate_text("  \n", "empty.json").errors] == ["MISSING_DESCRIPTION"]


def test_all_errors_of_a_definition_are_reported_in_one_run() -> None:
    report = validate_definition(
        {
            "StartAt": "A",
            "States": {
                "A": {"Type": "Pass", "Next": "Nowhere"},
                "B": {"Type": "Task", "End": True},
                "C": {"Type": "Wait", "Seconds": 1, "End": True},
            },
        }
    )
    codes = sorted(d.code for d in report.errors)
    assert "MISSING_TRANSITION_TARGET" in codes
    assert "SCHEMA_VALIDATION_FAILED" in codes  # B has no Resource
    assert "UNREACHABLE_STATE" in codes
    assert len(report.errors) >= 4
