"""A misspelt Next or End ("Nxt": "Done", "Edn": true) is one mistake, reported once.

The schema reports the unknown field with "did you mean 'Next'?". Taken literally, the state
would also lack a transition and the state it meant to go to would be unreachable: more errors,
none new. The engine calls :func:`assume_misspelt_transitions` before the rules: in the copy they
check, such a state also has the field it meant, when the value fits it (a state of the same
scope for Next, true for End).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sfndeploy.suggest import closest
from sfndeploy.validate.schema import STATE_TYPES, schema_document

NEEDS_TRANSITION = frozenset({"Pass", "Task", "Wait", "Parallel", "Map"})
TRANSITIONS = ("Next", "End")


def assume_misspelt_transitions(definition: Any) -> Any:
    """``definition`` with the meant Next/End added beside each misspelt one; itself when none."""
    try:
        return _scope(definition)
    except RecursionError:
        return definition  # nested too deeply: the engine reports DEFINITION_TOO_DEEP


def _scope(scope: Any) -> Any:
    states = scope.get("States") if isinstance(scope, dict) else None
    if not isinstance(states, dict):
        return scope
    changed = {}
    for name, state in states.items():
        fixed = _state(state, states)
        if fixed is not state:
            changed[name] = fixed
    if not changed:
        return scope
    return {**scope, "States": {**states, **changed}}


def _state(state: Any, siblings: dict[str, Any]) -> Any:
    if not isinstance(state, dict):
        return state
    fixed = state
    kind = state.get("Type")
    if isinstance(kind, str) and kind in NEEDS_TRANSITION and "Next" not in state and "End" not in state:
        meant = _meant_transition(state, siblings)
        if meant is not None:
            fixed = {**state, meant[0]: meant[1]}
    return _children(fixed)


@cache
def _state_fields() -> frozenset[str]:
    """Every field some state type allows, in either query language."""
    entries = schema_document()["$defs"]
    return frozenset(
        field
        for state_type in STATE_TYPES
        for language in ("JSONPath", "JSONata")
        for field in entries[state_type + language].get("properties", {})
    )


def _meant_transition(state: dict[str, Any], siblings: dict[str, Any]) -> tuple[str, Any] | None:
    known = _state_fields()
    for key, value in state.items():
        field = closest(str(key), TRANSITIONS) if key not in known else None
        if field == "Next" and isinstance(value, str) and value in siblings:
            return field, value
        if field == "End" and value is True:
            return field, value
    return None


def _children(state: dict[str, Any]) -> dict[str, Any]:
    fixed = state
    branches = state.get("Branches")
    if isinstance(branches, list):
        new_branches = [_scope(branch) for branch in branches]
        if any(new is not old for new, old in zip(new_branches, branches, strict=True)):
            fixed = {**fixed, "Branches": new_branches}
    for key in ("ItemProcessor", "Iterator"):
        if key in state:
            processor = _scope(state[key])
            if processor is not state[key]:
                fixed = {**fixed, key: processor}
    return fixed
