"""The dry-run executor: runs a States Language definition locally, with mocked tasks and virtual time.

    machine = StateMachine(definition)          # compile once
    result = machine.execute(input, mocks=responder_from_mock_config(config, "Name", "Case"))
    result.status, result.output, result.error, result.cause, result.history()

Pipeline: ``compiler`` turns the definition into one object per construct (``states/``,
``choice_rules``, ``error_handling``); ``engine`` runs it in an ``Execution`` (``runtime``) that
holds the virtual clock, the variables and the event history; ``mocks`` answer the Task states.
"""

from __future__ import annotations

from sfndeploy.executor.engine import (
    FAILED,
    SUCCEEDED,
    TIMED_OUT,
    ExecutionOptions,
    ExecutionResult,
    StateMachine,
)
from sfndeploy.executor.history import HistoryEvent
from sfndeploy.executor.mocks import (
    MockOutcome,
    MockResponder,
    NoMocks,
    load_mock_config,
    responder_from_mock_config,
    responder_from_native,
)

__all__ = [
    "FAILED",
    "SUCCEEDED",
    "TIMED_OUT",
    "ExecutionOptions",
    "ExecutionResult",
    "HistoryEvent",
    "MockOutcome",
    "MockResponder",
    "NoMocks",
    "StateMachine",
    "load_mock_config",
    "responder_from_mock_config",
    "responder_from_native",
]
