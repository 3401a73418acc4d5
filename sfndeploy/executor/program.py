"""A compiled set of states with a StartAt: the whole machine, a Parallel branch or a Map processor."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor.failures import StatesFailure
from sfndeploy.executor.runtime import Execution, Scope
from sfndeploy.executor.states.base import State


class Program:
    __slots__ = ("can_pause", "query_language", "start_at", "states")

    def __init__(self, start_at: str, states: dict[str, State], query_language: str) -> None:
        self.start_at = start_at
        self.states = states
        self.query_language = query_language
        # False when no state can wait: such a branch runs straight through (see ``scheduler``).
        self.can_pause = any(state.can_pause() for state in states.values())

    def run(self, execution: Execution, scope: Scope, value: Any) -> Any:
        """Run from StartAt until a state ends; failures propagate as StatesFailure."""
        states = self.states
        state = states[self.start_at]
        edges = execution.edges
        while True:
            try:
                next_name, value = state.execute(execution, scope, value)
            except StatesFailure as failure:
                if failure.origin is None:
                    failure.origin = state.name
                raise
            if next_name is None:
                return value
            execution.transitions += 1
            if next_name == state.next:  # Choice and Catch record their own edges
                edges.add((state.name, "Next", next_name))
            state = states[next_name]
