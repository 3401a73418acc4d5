"""The rollout workflow: a canary or linear shift that runs on Step Functions, not in the CLI.

:func:`rollout_definition` is a pure function returning the ASL (JSONata) of the one state machine
each environment gets; :func:`rollout_input` builds the input of one rollout. The workflow:

1. before every write, reads the alias (``DescribeStateMachineAlias``) and goes on only while its
   description is exactly the one it wrote last (at the start: the one the CLI saw). Anyone else
   who moved the alias since (``rollout abort``, ``rollback``, ``rollout route``, another apply, a
   second rollout) owns it now: the workflow stops (``sfndeploy.AliasChanged``) without touching it;
2. shifts the weights (``UpdateStateMachineAlias``), writing the rollout's state into the alias
   description in the format :func:`sfndeploy.promote.rollout.decode_state` reads, plus
   ``run=<execution name>``;
3. while a step holds, every ``pollSeconds``: reads the alarms (``DescribeAlarms``, by name, only
   when there are any: without names it would list every alarm of the account) and counts the new
   version's FAILED and TIMED_OUT executions started since the rollout began (``ListExecutions``
   with the version ARN as ``StateMachineArn``, which lists the executions associated with that
   version; one page of up to 1,000, newest first; not offered for EXPRESS state machines, whose
   rollouts pass ``watchExecutions: false``). An execution's ``StartDate`` is read as an ISO 8601
   timestamp or as epoch seconds; anything else fails the check, which then rolls back;
4. rolls back (all traffic to the old version, ``status=aborted reason=...``) and fails with
   ``sfndeploy.RolledBack`` when an alarm is in ALARM, the counts pass their thresholds, or a
   check or shift keeps failing; else shifts to the next step, and succeeds at 100% with the
   description ``plan`` expects (``sfndeploy config <hash>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

ALIAS_CHANGED = "sfndeploy.AliasChanged"
ROLLED_BACK = "sfndeploy.RolledBack"
DESCRIBE_ALIAS = "arn:aws:states:::aws-sdk:sfn:describeStateMachineAlias"
UPDATE_ALIAS = "arn:aws:states:::aws-sdk:sfn:updateStateMachineAlias"
LIST_EXECUTIONS = "arn:aws:states:::aws-sdk:sfn:listExecutions"
DESCRIBE_ALARMS = "arn:aws:states:::aws-sdk:cloudwatch:describeAlarms"
CALL_TIMEOUT_SECONDS = 60

# Read calls are retried; so are alias writes, which set the whole routing and description and
# are therefore idempotent.
_RETRY = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5, "MaxAttempts": 4, "BackoffRate": 2.0}]
_NOW = "$floor($toMillis($states.context.State.EnteredTime) / 1000)"
_STARTED_AT = "($type(StartDate) = 'number' ? StartDate : $toMillis(StartDate) / 1000)"


def _task(resource: str, arguments: dict[str, Any], assign: dict[str, Any], next_state: str) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Resource": resource,
        "Arguments": arguments,
        "TimeoutSeconds": CALL_TIMEOUT_SECONDS,
        "Retry": _RETRY,
        "Assign": assign,
        "Next": next_state,
    }


def _on_failure(task: dict[str, Any], check: str) -> dict[str, Any]:
    """A health check or shift that keeps failing rolls back: never leave traffic split unwatched."""
    reason = f"{{% '{check}-failed:' & $states.errorOutput.Error %}}"
    return {**task, "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"reason": reason}, "Next": "PrepareRollBack"}]}


def _read_alias(next_state: str) -> dict[str, Any]:
    return _task(
        DESCRIBE_ALIAS,
        {"StateMachineAliasArn": "{% $input.aliasArn %}"},
        {"aliasDescription": "{% $exists($states.result.Description) ? $states.result.Description : '' %}"},
        next_state,
    )


def _still_ours(next_state: str) -> dict[str, Any]:
    return {
        "Type": "Choice",
        "Choices": [{"Condition": "{% $aliasDescription = $expected %}", "Next": next_state}],
        "Default": "AliasChanged",
    }


def _count_since_start() -> str:
    return f"{{% $count($states.result.Executions[{_STARTED_AT} >= $input.startedAt]) %}}"


def _states() -> dict[str, Any]:
    return {
        "Begin": {
            "Type": "Pass",
            "Assign": {
                "input": "{% $states.input %}",
                "step": 0,
                "expected": "{% $states.input.expectedDescription %}",
                "firing": [],
                "failed": 0,
                "timedOut": 0,
                "reason": "",
            },
            "Next": "PrepareShift",
        },
        "PrepareShift": {
            "Type": "Pass",
            "Assign": {
                "weight": "{% $input.steps[$step].weight %}",
                "remaining": "{% $input.steps[$step].bakeSeconds %}",
                "pending": (
                    "{% $input.steps[$step].weight >= 100 ? $input.descriptions.final : "
                    "$input.descriptions.active & ' weight=' & $string($input.steps[$step].weight) & "
                    f"' since=' & $string({_NOW}) & ' run=' & $states.context.Execution.Name %}}"
                ),
            },
            "Next": "ReadAliasBeforeShift",
        },
        "ReadAliasBeforeShift": _read_alias("AliasStillOursBeforeShift"),
        "AliasStillOursBeforeShift": _still_ours("Shift"),
        "Shift": _on_failure(
            _task(
                UPDATE_ALIAS,
                {
                    "StateMachineAliasArn": "{% $input.aliasArn %}",
                    "RoutingConfiguration": (
                        "{% $weight >= 100 ? [{'StateMachineVersionArn': $input.newVersionArn, 'Weight': 100}] : "
                        "[{'StateMachineVersionArn': $input.newVersionArn, 'Weight': $weight}, "
                        "{'StateMachineVersionArn': $input.oldVersionArn, 'Weight': 100 - $weight}] %}"
                    ),
                    "Description": "{% $pending %}",
                },
                {"expected": "{% $pending %}"},
                "FullyShifted",
            ),
            "shift",
        ),
        "FullyShifted": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $weight >= 100 %}", "Next": "Completed"}],
            "Default": "Bake",
        },
        "Bake": {
            "Type": "Wait",
            "Seconds": "{% $min([$input.pollSeconds, $remaining]) %}",
            "Assign": {"remaining": "{% $remaining - $min([$input.pollSeconds, $remaining]) %}"},
            "Next": "ReadAlias",
        },
        "ReadAlias": _read_alias("AliasStillOurs"),
        "AliasStillOurs": _still_ours("HasAlarms"),
        "HasAlarms": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $count($input.alarms) > 0 %}", "Next": "DescribeAlarms"}],
            "Default": "WatchExecutions",
        },
        "DescribeAlarms": _on_failure(
            _task(
                DESCRIBE_ALARMS,
                {"AlarmNames": "{% $input.alarms %}", "AlarmTypes": ["MetricAlarm", "CompositeAlarm"]},
                {
                    "firing": (
                        "{% $append($append([], $states.result.MetricAlarms[StateValue = 'ALARM'].AlarmName), "
                        "$states.result.CompositeAlarms[StateValue = 'ALARM'].AlarmName) %}"
                    )
                },
                "WatchExecutions",
            ),
            "alarm-check",
        ),
        "WatchExecutions": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $input.watchExecutions %}", "Next": "CountFailed"}],
            "Default": "Judge",
        },
        "CountFailed": _on_failure(
            _task(
                LIST_EXECUTIONS,
                {"StateMachineArn": "{% $input.newVersionArn %}", "StatusFilter": "FAILED", "MaxResults": 1000},
                {"failed": _count_since_start()},
                "CountTimedOut",
            ),
            "execution-check",
        ),
        "CountTimedOut": _on_failure(
            _task(
                LIST_EXECUTIONS,
                {"StateMachineArn": "{% $input.newVersionArn %}", "StatusFilter": "TIMED_OUT", "MaxResults": 1000},
                {"timedOut": _count_since_start()},
                "Judge",
            ),
            "execution-check",
        ),
        "Judge": {
            "Type": "Choice",
            "Choices": [
                {
                    "Condition": "{% $count($firing) > 0 %}",
                    "Assign": {"reason": "{% 'alarm:' & $join($firing, ',') %}"},
                    "Next": "PrepareRollBack",
                },
                {
                    "Condition": "{% $failed > $input.maxFailedExecutions %}",
                    "Assign": {"reason": "{% 'failed-executions:' & $string($failed) %}"},
                    "Next": "PrepareRollBack",
                },
                {
                    "Condition": "{% $timedOut > $input.maxTimedOutExecutions %}",
                    "Assign": {"reason": "{% 'timed-out-executions:' & $string($timedOut) %}"},
                    "Next": "PrepareRollBack",
                },
                {"Condition": "{% $remaining > 0 %}", "Next": "Bake"},
            ],
            "Default": "NextStep",
        },
        "NextStep": {"Type": "Pass", "Assign": {"step": "{% $step + 1 %}"}, "Next": "PrepareShift"},
        "PrepareRollBack": {
            "Type": "Pass",
            "Assign": {
                "pending": (
                    f"{{% $input.descriptions.aborted & ' weight=0 since=' & $string({_NOW}) & "
                    "' run=' & $states.context.Execution.Name & ' reason=' & $reason %}"
                )
            },
            "Next": "ReadAliasBeforeRollBack",
        },
        "ReadAliasBeforeRollBack": _read_alias("AliasStillOursBeforeRollBack"),
        "AliasStillOursBeforeRollBack": _still_ours("RollBack"),
        "RollBack": _task(
            UPDATE_ALIAS,
            {
                "StateMachineAliasArn": "{% $input.aliasArn %}",
                "RoutingConfiguration": [{"StateMachineVersionArn": "{% $input.oldVersionArn %}", "Weight": 100}],
                "Description": "{% $substring($pending, 0, 256) %}",
            },
            {},
            "RolledBack",
        ),
        "RolledBack": {"Type": "Fail", "Error": ROLLED_BACK, "Cause": "{% $reason %}"},
        "AliasChanged": {
            "Type": "Fail",
            "Error": ALIAS_CHANGED,
            "Cause": (
                "{% 'the alias was changed by someone else (its description is now: ' & $aliasDescription & "
                "'); the rollout stopped without touching it' %}"
            ),
        },
        "Completed": {"Type": "Succeed", "Output": {"outcome": "completed", "weight": 100}},
    }


def rollout_definition() -> dict[str, Any]:
    """The ASL of the rollout workflow (the same for every environment; the input says what to move)."""
    return {
        "Comment": "sfndeploy rollout: shifts an alias to a new version step by step, watching alarms "
        "and failed executions, and rolls back on its own",
        "QueryLanguage": "JSONata",
        "StartAt": "Begin",
        "States": _states(),
    }


@dataclass(frozen=True)
class RolloutRequest:
    """What one rollout moves, and how: the facts the CLI knows when it starts the execution."""

    alias_arn: str
    old_version_arn: str
    new_version_arn: str
    steps: Sequence[tuple[int, float]]  # (weight of the new version, seconds it holds), the last one at 100
    alarms: Sequence[str]
    max_failed_executions: int
    max_timed_out_executions: int
    watch_executions: bool
    poll_seconds: int
    started_at: int  # executions of the new version started before this (epoch seconds) do not count
    expected_description: str  # the alias description the first shift must find
    active_description: str  # the fixed part of the description while the rollout runs
    aborted_description: str  # ... after it rolled back
    final_description: str  # ... once the new version serves 100%


def rollout_input(request: RolloutRequest) -> dict[str, Any]:
    return {
        "aliasArn": request.alias_arn,
        "oldVersionArn": request.old_version_arn,
        "newVersionArn": request.new_version_arn,
        "steps": [{"weight": weight, "bakeSeconds": max(0, round(seconds))} for weight, seconds in request.steps],
        "alarms": list(request.alarms),
        "maxFailedExecutions": request.max_failed_executions,
        "maxTimedOutExecutions": request.max_timed_out_executions,
        "watchExecutions": request.watch_executions,
        "pollSeconds": request.poll_seconds,
        "startedAt": request.started_at,
        "expectedDescription": request.expected_description,
        "descriptions": {
            "active": request.active_description,
            "aborted": request.aborted_description,
            "final": request.final_description,
        },
    }
