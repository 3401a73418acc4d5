"""The state checks compiled ahead of time are those the schema gives today, and they are used."""

from __future__ import annotations

from pathlib import Path

from sfndeploy.validate import schema, schema_checks

GENERATED = Path(schema_checks.__file__)


def test_the_generated_checks_are_current() -> None:
    assert GENERATED.read_text(encoding="utf-8") == schema.schema_checks_source(), (
        "sfndeploy/validate/schema_checks.py is out of date: run scripts/update_schema_checks.py"
    )


def test_every_state_type_and_language_uses_its_generated_check() -> None:
    assert sorted(schema_checks.CHECKS) == sorted(schema.STATE_CHECKS)
    for name in schema.STATE_CHECKS:
        assert schema._fast_check(name) is schema_checks.CHECKS[name]
    assert schema.state_is_valid({"Type": "Pass", "End": True}, "Pass", "JSONPath")
    assert not schema.state_is_valid({"Type": "Pass", "End": "yes"}, "Pass", "JSONPath")
    assert not schema.state_is_valid({"Type": "Wait", "Seconds": 1, "Next": "A", "Output": 1}, "Wait", "JSONPath")
