"""Choice, Wait on the virtual clock, Succeed/Fail, execution timeout, history limit."""

from __future__ import annotations

import pytest

from sfndeploy.executor.choice_rules import string_pattern
from tests.executor.helpers import elapsed, machine, run


def _choice(rule: dict[str, object]) -> dict[str, object]:
    return machine(
        ("C", {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}], "Default": "No"}),
        ("Yes", {"Type": "Pass", "Result": "yes", "End": True}),
        ("No", {"Type": "Pass", "Result": "no", "End": True}),
    )


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        ({"NumericGreaterThan": 10}, 11, "yes"),
        ({"NumericGreaterThan": 10}, "11", "no"),  # a string never compares as a number
        ({"StringEquals": "a"}, "a", "yes"),
        ({"StringLessThan": "b"}, "a", "yes"),
        ({"BooleanEquals": True}, 1, "no"),
        ({"TimestampLessThan": "2024-01-02T00:00:00Z"}, "2024-01-01T23:59:59Z", "yes"),
        ({"IsNull": True}, None, "yes"),
        ({"IsTimestamp": True}, "2024-01-01T00:00:00Z", "yes"),
        ({"IsNumeric": False}, True, "yes"),
        ({"StringMatches": "log-*.txt"}, "log-2024.txt", "yes"),
        ({"StringMatches": "log-\\*.txt"}, "log-2024.txt", "no"),
    ],
)
def test_comparison_operators(rule: dict[str, object], value: object, expected: str) -> None:
    result = run(_choice({"Variable": "$.v", **rule}), {"v": value})
    assert result.output == expected


def test_path_form_compares_two_input_values() -> None:
    definition = _choice({"Variable": "$.a", "NumericLessThanEqualsPath": "$.b"})
    assert run(definition, {"a": 3, "b": 3}).output == "yes"
    assert run(definition, {"a": 4, "b": 3}).output == "no"


def test_and_or_not_and_is_present() -> None:
    rule = {"And": [{"Variable": "$.a", "IsPresent": True}, {"Not": {"Variable": "$.a", "StringEquals": "x"}}]}
    assert run(_choice(rule), {"a": "y"}).output == "yes"
    assert run(_choice(rule), {"a": "x"}).output == "no"
    assert run(_choice(rule), {}).output == "no"


def test_no_match_without_default_is_no_choice_matched() -> None:
    definition = machine(
        ("C", {"Type": "Choice", "Choices": [{"Variable": "$.v", "IsNull": True, "Next": "E"}]}),
        ("E", {"Type": "Succeed"}),
    )
    result = run(definition, {"v": 1})
    assert (result.status, result.error) == ("FAILED", "States.NoChoiceMatched")


def test_string_matches_escapes() -> None:
    assert string_pattern("a\\*b*").fullmatch("a*bcd")
    assert not string_pattern("a\\*b").fullmatch("axb")
    assert string_pattern("a\\\\b").fullmatch("a\\b")


def test_a_week_long_wait_runs_on_the_virtual_clock() -> None:
    definition = machine(
        ("W", {"Type": "Wait", "Seconds": 7 * 24 * 3600, "Next": "P"}),
        ("P", {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime"}, "End": True}),
    )
    result = run(definition)
    assert elapsed(result) == 7 * 24 * 3600
    assert result.output == {"at": "2024-01-08T00:00:00.000Z"}


def test_wait_until_timestamp_and_seconds_path() -> None:
    definition = machine(
        ("Until", {"Type": "Wait", "Timestamp": "2024-01-01T01:00:00Z", "Next": "For"}),
        ("For", {"Type": "Wait", "SecondsPath": "$.s", "End": True}),
    )
    assert elapsed(run(definition, {"s": 30})) == 3630


def test_execution_timeout_seconds_times_out_on_the_virtual_clock() -> None:
    definition = machine(("W", {"Type": "Wait", "Seconds": 100, "End": True}), TimeoutSeconds=10)
    result = run(definition)
    assert result.status == "TIMED_OUT"
    assert result.event_types()[-1] == "ExecutionTimedOut"
    assert elapsed(result) == 10


def test_fail_state_error_and_cause() -> None:
    definition = machine(("F", {"Type": "Fail", "Error": "Oops", "Cause": "because"}))
    result = run(definition)
    assert (result.status, result.error, result.cause) == ("FAILED", "Oops", "because")
    assert result.event_types() == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]


def test_infinite_loop_fails_at_the_history_limit() -> None:
    definition = machine(("Loop", {"Type": "Pass", "Next": "Loop"}))
    result = run(definition, max_events=1000)
    assert result.status == "FAILED"
    assert result.history_limit_exceeded
    assert "1,000 events" in (result.cause or "")


def test_max_events_zero_lifts_the_limit() -> None:
    definition = machine(
        ("Count", {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"}),
        (
            "Check",
            {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericLessThan": 20000, "Next": "Count"}],
                "Default": "Done",
            },
        ),
        ("Done", {"Type": "Succeed"}),
    )
    result = run(definition, {"n": 0}, max_events=0)
    assert result.status == "SUCCEEDED"
    assert result.output == {"n": 20000}
    assert len(result.events) > 25_000


def test_express_executions_stop_after_five_minutes() -> None:
    definition = machine(("W", {"Type": "Wait", "Seconds": 600, "End": True}))
    assert run(definition, workflow_type="EXPRESS").status == "TIMED_OUT"
    assert run(definition).status == "SUCCEEDED"


def test_input_over_256_kib_is_refused() -> None:
    from sfndeploy.errors import ExecutionSetupError

    definition = machine(("P", {"Type": "Pass", "End": True}))
    with pytest.raises(ExecutionSetupError, match="256 KiB"):
        run(definition, {"big": "x" * 262_144})
