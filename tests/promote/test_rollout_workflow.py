"""The rollout workflow, run by sfndeploy's own executor with its AWS SDK calls answered by a fake.

The fake keeps one alias (routing and description), the alarms' states and the new version's
executions, and answers each Task the way the API would; what the workflow sent is recorded.
Waits advance the executor's virtual clock, so a 30-minute bake runs in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sfndeploy.executor import ExecutionOptions, ExecutionResult, StateMachine
from sfndeploy.executor.clock import DEFAULT_START, iso_timestamp
from sfndeploy.executor.mocks import MockOutcome
from sfndeploy.promote.rollout import decode_state
from sfndeploy.promote.workflow_asl import (
    ALIAS_CHANGED,
    ROLLED_BACK,
    RolloutRequest,
    rollout_definition,
    rollout_input,
)
from sfndeploy.validate import validate_definition

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod"
ALIAS = f"{MACHINE}:live"
OLD, NEW = f"{MACHINE}:4", f"{MACHINE}:5"
BEFORE = "sfndeploy config old-config"
ACTIVE = "sfndeploy rollout status=active strategy=canary new=5 old=4 started=1700000000 cfg=new-config"
ABORTED = "sfndeploy rollout status=aborted strategy=canary new=5 old=4 started=1700000000 cfg=new-config"
FINAL = "sfndeploy config new-config"
RUN = "orders-v5-1700000000"


@dataclass
class FakeAws:
    """One alias, some alarms and the new version's executions, as the SDK integrations see them."""

    description: str = BEFORE
    routing: list[dict[str, Any]] = field(default_factory=lambda: [{"StateMachineVersionArn": OLD, "Weight": 100}])
    alarms: dict[str, str] = field(default_factory=dict)
    executions: dict[str, list[float]] = field(default_factory=dict)  # status -> start times (epoch seconds)
    failing: dict[str, str] = field(default_factory=dict)  # state name -> error it throws
    before_read: Callable[[FakeAws, int], None] | None = None  # another actor, run before each alias read
    calls: list[tuple[str, Any]] = field(default_factory=list)
    reads: int = 0

    def respond(self, state: str, invocation: int, request: Any) -> MockOutcome:
        self.calls.append((state, request))
        if state in self.failing:
            return MockOutcome(error=self.failing[state], cause="refused")
        if state.startswith("ReadAlias"):
            if self.before_read is not None:
                self.before_read(self, self.reads)
            self.reads += 1
            return MockOutcome(result={"Description": self.description, "RoutingConfiguration": self.routing})
        if state in {"Shift", "RollBack"}:
            self.description, self.routing = request["Description"], request["RoutingConfiguration"]
            return MockOutcome(result={"UpdateDate": "2026-12-03T10:00:00Z"})
        if state == "DescribeAlarms":
            found = [{"AlarmName": n, "StateValue": self.alarms[n]} for n in request["AlarmNames"] if n in self.alarms]
            return MockOutcome(result={"MetricAlarms": found, "CompositeAlarms": []})
        status = request["StatusFilter"]
        listed = [{"Status": status, "StartDate": iso_timestamp(t)} for t in self.executions.get(status, [])]
        return MockOutcome(result={"Executions": listed})

    def writes(self) -> list[tuple[str, list[int]]]:
        written = [call for call in self.calls if call[0] in {"Shift", "RollBack"}]
        return [(state, [route["Weight"] for route in sent["RoutingConfiguration"]]) for state, sent in written]

    def weights(self) -> dict[str, int]:
        return {route["StateMachineVersionArn"]: route["Weight"] for route in self.routing}


def request(
    steps: tuple[tuple[int, float], ...] = ((10, 1800), (100, 0)),
    *,
    alarms: tuple[str, ...] = (),
    max_failed: int = 0,
    max_timed_out: int = 0,
    watch_executions: bool = True,
    expected: str = BEFORE,
) -> RolloutRequest:
    return RolloutRequest(
        alias_arn=ALIAS,
        old_version_arn=OLD,
        new_version_arn=NEW,
        steps=steps,
        alarms=alarms,
        max_failed_executions=max_failed,
        max_timed_out_executions=max_timed_out,
        watch_executions=watch_executions,
        poll_seconds=60,
        started_at=int(DEFAULT_START),
        expected_description=expected,
        active_description=ACTIVE,
        aborted_description=ABORTED,
        final_description=FINAL,
    )


def run(aws: FakeAws, rollout: RolloutRequest) -> ExecutionResult:
    options = ExecutionOptions(execution_name=RUN, state_machine_name="sfndeploy-rollout-shop-prod")
    return StateMachine(rollout_definition()).execute(rollout_input(rollout), mocks=aws, options=options)


def elapsed(result: ExecutionResult) -> float:
    return result.events[-1][1] - result.events[0][1]


def test_the_definition_passes_sfndeploys_own_validator_without_a_finding() -> None:
    report = validate_definition(rollout_definition(), workflow_type="STANDARD", name="rollout")

    assert [str(d) for d in report.diagnostics] == []


def test_a_healthy_canary_bakes_then_serves_the_new_version_alone() -> None:
    aws = FakeAws(alarms={"orders-errors": "OK"})

    result = run(aws, request(alarms=("orders-errors",)))

    assert (result.status, result.output) == ("SUCCEEDED", {"outcome": "completed", "weight": 100})
    assert aws.writes() == [("Shift", [10, 90]), ("Shift", [100])]
    assert aws.weights() == {NEW: 100} and aws.description == FINAL
    assert 1800 <= elapsed(result) < 1900  # 30 polls of 60 s of virtual time
    assert [c[0] for c in aws.calls].count("DescribeAlarms") == 30
    assert [c[1]["StatusFilter"] for c in aws.calls if c[0] == "CountFailed"] == ["FAILED"] * 30
    assert {c[1]["StateMachineArn"] for c in aws.calls if c[0].startswith("Count")} == {NEW}


def test_the_description_while_baking_is_the_rollout_state_the_cli_reads() -> None:
    seen: list[str] = []
    aws = FakeAws(before_read=lambda fake, _: seen.append(fake.description))

    run(aws, request())

    state = decode_state(seen[1])  # the first read after the canary shift
    assert state is not None and state.active
    assert (state.new, state.old, state.weight, state.started) == (5, 4, 10, 1700000000)
    assert state.since == int(DEFAULT_START)
    assert seen[1].endswith(f" run={RUN}")


def test_linear_shifts_in_steps_and_checks_between_them() -> None:
    aws = FakeAws()

    result = run(aws, request(((40, 120), (80, 120), (100, 0))))

    assert result.status == "SUCCEEDED"
    assert aws.writes() == [("Shift", [40, 60]), ("Shift", [80, 20]), ("Shift", [100])]
    assert 240 <= elapsed(result) < 300


def test_an_alarm_in_alarm_state_rolls_back_at_the_next_poll() -> None:
    def fire_after_ten_minutes(fake: FakeAws, reads: int) -> None:
        if reads == 10:
            fake.alarms["orders-errors"] = "ALARM"

    aws = FakeAws(alarms={"orders-errors": "OK", "other": "OK"}, before_read=fire_after_ten_minutes)

    result = run(aws, request(alarms=("orders-errors", "other")))

    assert (result.status, result.error, result.cause) == ("FAILED", ROLLED_BACK, "alarm:orders-errors")
    assert aws.writes() == [("Shift", [10, 90]), ("RollBack", [100])]
    assert aws.weights() == {OLD: 100}
    state = decode_state(aws.description)
    assert state is not None and (state.status, state.reason, state.weight) == ("aborted", "alarm:orders-errors", 0)
    assert 590 <= elapsed(result) < 700


def test_failed_executions_of_the_new_version_over_the_threshold_roll_back() -> None:
    aws = FakeAws(executions={"FAILED": [DEFAULT_START + 5, DEFAULT_START + 6, DEFAULT_START + 7]})

    result = run(aws, request(max_failed=2))

    assert (result.status, result.error, result.cause) == ("FAILED", ROLLED_BACK, "failed-executions:3")
    assert aws.weights() == {OLD: 100}


def test_executions_up_to_the_threshold_or_from_before_the_rollout_do_not_count() -> None:
    before = DEFAULT_START - 3600  # an earlier run of the same version
    aws = FakeAws(executions={"FAILED": [before, before, DEFAULT_START + 5], "TIMED_OUT": [before]})

    result = run(aws, request(max_failed=1))

    assert result.status == "SUCCEEDED"
    assert aws.weights() == {NEW: 100}


def test_timed_out_executions_roll_back_too() -> None:
    aws = FakeAws(executions={"TIMED_OUT": [DEFAULT_START + 1]})

    result = run(aws, request())

    assert (result.error, result.cause) == (ROLLED_BACK, "timed-out-executions:1")


def test_an_express_workflow_is_watched_by_its_alarms_only() -> None:
    aws = FakeAws(executions={"FAILED": [DEFAULT_START + 1]})

    result = run(aws, request(watch_executions=False))

    assert result.status == "SUCCEEDED"
    assert not [c for c in aws.calls if c[0].startswith("Count") or c[0] == "DescribeAlarms"]


def test_a_check_that_keeps_failing_rolls_back_instead_of_leaving_traffic_split() -> None:
    aws = FakeAws(alarms={"a": "OK"}, failing={"DescribeAlarms": "CloudWatch.CloudWatchException"})

    result = run(aws, request(alarms=("a",)))

    assert (result.error, result.cause) == (ROLLED_BACK, "alarm-check-failed:CloudWatch.CloudWatchException")
    assert [c[0] for c in aws.calls].count("DescribeAlarms") == 5  # the first try and four retries
    assert aws.weights() == {OLD: 100}


def test_abort_puts_the_alias_back_and_the_workflow_stops_without_touching_it() -> None:
    def abort_during_the_bake(fake: FakeAws, reads: int) -> None:
        if reads == 3:  # what 'sfndeploy rollout abort' writes
            fake.routing = [{"StateMachineVersionArn": OLD, "Weight": 100}]
            fake.description = ABORTED + " weight=0 since=1 reason=manual"

    aws = FakeAws(before_read=abort_during_the_bake)

    result = run(aws, request())

    assert (result.status, result.error) == ("FAILED", ALIAS_CHANGED)
    assert "reason=manual" in str(result.cause)
    assert aws.writes() == [("Shift", [10, 90])]
    assert aws.weights() == {OLD: 100}


def test_a_second_apply_during_the_rollout_owns_the_alias_and_the_first_rollout_stops() -> None:
    second = "sfndeploy rollout status=active strategy=canary new=6 old=4 weight=10 since=2 started=2 cfg=x run=other"

    def second_rollout(fake: FakeAws, reads: int) -> None:
        if reads == 5:
            fake.routing = [{"StateMachineVersionArn": f"{MACHINE}:6", "Weight": 10},
                            {"StateMachineVersionArn": OLD, "Weight": 90}]
            fake.description = second

    aws = FakeAws(before_read=second_rollout)

    result = run(aws, request())

    assert result.error == ALIAS_CHANGED
    assert aws.writes() == [("Shift", [10, 90])]
    assert aws.description == second


def test_a_rollout_that_would_roll_back_leaves_an_alias_someone_else_moved() -> None:
    def moved_then_alarm(fake: FakeAws, reads: int) -> None:
        if reads == 2:
            fake.alarms["a"] = "ALARM"
        if reads == 3:  # between the health check and the rollback's own read
            fake.description = "sfndeploy rollback to=4 from=5 at=1"

    aws = FakeAws(alarms={"a": "OK"}, before_read=moved_then_alarm)

    result = run(aws, request(alarms=("a",)))

    assert result.error == ALIAS_CHANGED
    assert aws.writes() == [("Shift", [10, 90])]


def test_a_rollout_started_after_the_alias_moved_never_shifts() -> None:
    aws = FakeAws(description="sfndeploy route v4=50 v3=50 at=1")

    result = run(aws, request())

    assert result.error == ALIAS_CHANGED
    assert aws.writes() == []
