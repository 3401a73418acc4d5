"""Small builders shared by the executor tests."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor import ExecutionOptions, ExecutionResult, StateMachine
from sfndeploy.executor.mocks import MockResponder, responder_from_native


def run(
    definition: dict[str, Any],
    execution_input: Any = None,
    *,
    mocks: dict[str, Any] | MockResponder | None = None,
    **options: Any,
) -> ExecutionResult:
    responder = responder_from_native(mocks) if isinstance(mocks, dict) else mocks
    return StateMachine(definition).execute(
        {} if execution_input is None else execution_input,
        mocks=responder,
        options=ExecutionOptions(**options),
    )


def machine(*states: tuple[str, dict[str, Any]], **top: Any) -> dict[str, Any]:
    """A definition from (name, state) pairs; the first one is StartAt."""
    return {"StartAt": states[0][0], "States": dict(states), **top}


def elapsed(result: ExecutionResult) -> float:
    return result.events[-1][1] - result.events[0][1]
