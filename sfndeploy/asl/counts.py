"""How many states a definition has: the one count every command shows.

Every state counts, at every level: those inside Parallel branches and Map processors too,
which the text then names (``6 states (2 nested)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StateCount:
    total: int  # every state, nested ones included
    nested: int  # of those, the ones inside Parallel branches and Map processors

    def __str__(self) -> str:
        text = f"{self.total} state{'s' * (self.total != 1)}"
        return f"{text} ({self.nested} nested)" if self.nested else text


def count_states(definition: Any) -> StateCount:
    """The states of ``definition`` at every level (see :class:`StateCount`)."""
    top = total = 0
    for depth in _state_depths(definition, 0):
        total += 1
        top += depth == 0
    return StateCount(total=total, nested=total - top)


def _state_depths(scope: Any, depth: int) -> Iterator[int]:
    states = scope.get("States") if isinstance(scope, dict) else None
    if not isinstance(states, dict):
        return
    for state in states.values():
        yield depth
        if not isinstance(state, dict):
            continue
        branches = state.get("Branches")
        for branch in branches if isinstance(branches, list) else ():
            yield from _state_depths(branch, depth + 1)
        for key in ("ItemProcessor", "Iterator"):
            yield from _state_depths(state.get(key), depth + 1)
