"""Retry (back-off on the virtual clock) and Catch, with mocked Task outcomes."""

from __future__ import annotations

from tests.executor.helpers import elapsed, machine, run

TASK = "arn:aws:states:::lambda:invoke"


def _task(**extra: object) -> dict[str, object]:
    return {"Type": "Task", "Resource": TASK, "End": True, **extra}


def test_retry_backs_off_interval_times_rate_and_counts_retries() -> None:
    definition = machine(
        (
            "T",
            _task(
                Retry=[{"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 3}],
                ResultSelector={"retries.$": "$$.State.RetryCount"},
            ),
        )
    )
    mocks = {"T": {"sequence": [{"error": "Boom"}, {"error": "Boom"}, {"error": "Boom"}, {"return": {}}]}}
    result = run(definition, mocks=mocks)
    assert result.status == "SUCCEEDED"
    assert result.output == {"retries": 3}
    assert elapsed(result) == 2 + 6 + 18
    assert result.event_types().count("TaskFailed") == 3


def test_max_delay_caps_the_back_off_and_max_attempts_zero_never_retries() -> None:
    capped = machine(
        (
            "T",
            _task(
                Retry=[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 2, "MaxDelaySeconds": 15}]
            ),
        )
    )
    result = run(capped, mocks={"T": {"sequence": [{"error": "E"}, {"error": "E"}, {"return": 1}]}})
    assert elapsed(result) == 10 + 15
    never = machine(("T", _task(Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}])))
    result = run(never, mocks={"T": {"sequence": [{"error": "E"}, {"return": 1}]}})
    assert (result.status, result.error) == ("FAILED", "E")


def test_full_jitter_is_seeded_and_never_longer_than_the_back_off() -> None:
    definition = machine(("T", _task(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 100, "JitterStrategy": "FULL"}])))
    mocks = {"T": {"sequence": [{"error": "E"}, {"return": 1}]}}
    first, again = run(definition, mocks=mocks, seed=7), run(definition, mocks=mocks, seed=7)
    assert 0 <= elapsed(first) <= 100
    assert elapsed(first) == elapsed(again)


def test_catch_in_order_with_result_path() -> None:
    definition = machine(
        (
            "T",
            _task(
                End=None,
                Next="Done",
                Catch=[
                    {"ErrorEquals": ["Other"], "Next": "Wrong"},
                    {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Handled"},
                ],
            ),
        ),
        ("Wrong", {"Type": "Fail"}),
        ("Handled", {"Type": "Pass", "End": True}),
        ("Done", {"Type": "Succeed"}),
    )
    definition["States"]["T"].pop("End")
    result = run(definition, {"order": 1}, mocks={"T": {"error": "Lambda.Unknown", "cause": "bad"}})
    assert result.output == {"order": 1, "error": {"Error": "Lambda.Unknown", "Cause": "bad"}}
    assert result.states_entered() == ["T", "Handled"]


def test_task_failed_does_not_match_timeout_but_all_does() -> None:
    definition = machine(
        (
            "T",
            _task(
                TimeoutSeconds=5,
                Catch=[
                    {"ErrorEquals": ["States.TaskFailed"], "Next": "TaskFailed"},
                    {"ErrorEquals": ["States.ALL"], "Next": "All"},
                ],
            ),
        ),
        ("TaskFailed", {"Type": "Pass", "Result": "task-failed", "End": True}),
        ("All", {"Type": "Pass", "Result": "all", "End": True}),
    )
    result = run(definition, mocks={"T": {"return": {}, "duration": 60}})
    assert result.output == "all"
    assert "TaskTimedOut" in result.event_types()
    assert elapsed(result) == 5


def test_heartbeat_timeout() -> None:
    definition = machine(("T", _task(HeartbeatSeconds=3, TimeoutSeconds=100)))
    result = run(definition, mocks={"T": {"return": {}, "duration": 10}})
    assert (result.status, result.error) == ("FAILED", "States.HeartbeatTimeout")


def test_states_runtime_is_never_caught() -> None:
    definition = machine(
        ("T", _task(OutputPath="$.missing", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "C"}])),
        ("C", {"Type": "Succeed"}),
    )
    result = run(definition, mocks={"T": {"return": {}}})
    assert (result.status, result.error) == ("FAILED", "States.Runtime")


def test_unmocked_task_names_the_state_unless_echo() -> None:
    import pytest

    from sfndeploy.errors import ExecutionSetupError
    from sfndeploy.executor.mocks import NoMocks

    definition = machine(("Charge", _task(Parameters={"amount.$": "$.a"})))
    with pytest.raises(ExecutionSetupError, match="Charge"):
        run(definition, {"a": 1})
    assert run(definition, {"a": 1}, mocks=NoMocks(echo=True)).output == {"amount": 1}
