"""Compile an ASL definition once into state objects with their paths and expressions parsed."""

from __future__ import annotations

from typing import Any

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.program import Program
from sfndeploy.executor.states.base import JSONPATH, State
from sfndeploy.executor.states.choice_state import ChoiceState
from sfndeploy.executor.states.fail_state import FailState
from sfndeploy.executor.states.map_state import MapState
from sfndeploy.executor.states.parallel_state import ParallelState
from sfndeploy.executor.states.pass_state import PassState
from sfndeploy.executor.states.succeed_state import SucceedState
from sfndeploy.executor.states.task_state import TaskState
from sfndeploy.executor.states.wait_state import WaitState

_SIMPLE_STATES: dict[str, type[State]] = {
    "Pass": PassState,
    "Task": TaskState,
    "Choice": ChoiceState,
    "Wait": WaitState,
    "Succeed": SucceedState,
    "Fail": FailState,
}


def compile_program(definition: dict[str, Any], query_language: str | None = None) -> Program:
    """A Program for a definition or a branch/processor (``StartAt`` + ``States``)."""
    language = definition.get("QueryLanguage", query_language or JSONPATH)
    states: dict[str, State] = {}
    for name, spec in definition.get("States", {}).items():
        states[name] = _compile_state(name, spec, language)
    start_at = definition.get("StartAt")
    if start_at not in states:
        raise ExecutionSetupError(f"StartAt names the missing state '{start_at}'", key="StartAt")
    return Program(start_at, states, language)


def _compile_state(name: str, spec: dict[str, Any], language: str) -> State:
    state_type = spec.get("Type")
    try:
        if state_type == "Parallel":
            branches = [compile_program(branch, language) for branch in spec.get("Branches", ())]
            return ParallelState(name, spec, language, branches)
        if state_type == "Map":
            processor = spec.get("ItemProcessor") or spec.get("Iterator") or {}
            return MapState(name, spec, language, compile_program(processor, language))
        return _SIMPLE_STATES[str(state_type)](name, spec, language)
    except ExecutionSetupError:
        raise
    except KeyError as missing:
        raise ExecutionSetupError(f"state '{name}' cannot be compiled: missing {missing}", key=name) from None
    except (ValueError, TypeError) as problem:
        raise ExecutionSetupError(f"state '{name}' cannot be compiled: {problem}", key=name) from None
