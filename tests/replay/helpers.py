"""Histories in AWS's GetExecutionHistory shape, built from real dry runs, and replaying them."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from sfndeploy.executor import ExecutionOptions, ExecutionResult, StateMachine
from sfndeploy.executor.mocks import MockResponder, responder_from_native
from sfndeploy.executor.testing.cases import UNSET, Expectation, WorkflowTestCase
from sfndeploy.executor.testing.runner import CaseResult, run_case
from sfndeploy.operate.replay_case import replayed_case
from sfndeploy.operate.replay_compare import Divergence, RecordedResponder, first_divergence
from sfndeploy.operate.replay_history import Recording, read_recording
from sfndeploy.operate.replay_shape import aws_history

PRODUCTION = ExecutionOptions(execution_name="production", state_machine_name="orders")


def dry_run(
    definition: dict[str, Any],
    execution_input: Any = None,
    mocks: dict[str, Any] | MockResponder | None = None,
    options: ExecutionOptions | None = None,
) -> ExecutionResult:
    responder = responder_from_native(mocks) if isinstance(mocks, dict) else mocks
    return StateMachine(definition).execute(execution_input or {}, mocks=responder, options=options or PRODUCTION)


def production_history(
    definition: dict[str, Any],
    execution_input: Any = None,
    mocks: dict[str, Any] | MockResponder | None = None,
    *,
    start_time: float | None = None,
) -> list[dict[str, Any]]:
    """What GetExecutionHistory would return for this run (``datetime`` timestamps, JSON text fields)."""
    options = PRODUCTION if start_time is None else replace(PRODUCTION, start_time=start_time)
    return aws_history(dry_run(definition, execution_input, mocks, options))


def test_case_of(case: dict[str, Any]) -> WorkflowTestCase:
    """A case dict in the test file format, loaded as ``sfndeploy test`` loads it."""
    expect = case.get("expect", {})
    return WorkflowTestCase(
        name=case["name"],
        file=Path("replayed.tests.yaml"),
        line=None,
        input=case.get("input", {}),
        mocks=case.get("mocks", {}),
        expect=Expectation(
            status=expect.get("status", "SUCCEEDED"),
            output=expect.get("output", UNSET),
            error=expect.get("error"),
            cause=expect.get("cause"),
            states=tuple(expect["states"]) if "states" in expect else None,
            path=tuple(expect["path"]) if "path" in expect else None,
        ),
    )


def run_replayed(
    definition: dict[str, Any], case: dict[str, Any], options: ExecutionOptions = PRODUCTION
) -> CaseResult:
    return run_case(StateMachine(definition), test_case_of(case), options, ["orders"])


def replay_against(
    definition: dict[str, Any], production: Recording, options: ExecutionOptions = PRODUCTION
) -> Divergence | None:
    """The first divergence of a dry run of ``definition`` answered with production's results."""
    result = StateMachine(definition).execute(production.input, mocks=RecordedResponder(production), options=options)
    return first_divergence(production, read_recording(aws_history(result)))


def replay(
    definition: dict[str, Any],
    events: list[dict[str, Any]],
    *,
    now: dict[str, Any] | None = None,
    options: ExecutionOptions = PRODUCTION,
) -> tuple[dict[str, Any], CaseResult, Divergence | None]:
    """The case replayed from ``events`` and how it runs against ``now`` (default: ``definition``)."""
    target = now or definition
    recording = read_recording(events)
    case = replayed_case(recording, "replayed", target)
    return case, run_replayed(target, case, options), replay_against(target, recording, options)


@cache
def stepfunctions_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("stepfunctions")
