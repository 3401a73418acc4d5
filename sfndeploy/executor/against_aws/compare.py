"""AWS's TestState answer for one state next to the dry run's: every field in which they differ.

Compared: the status (SUCCEEDED, CAUGHT_ERROR, FAILED; RETRIABLE only ever from AWS), the
error and cause, and, where both sides agree on a status other than FAILED, the output, the
next state and the variables after the state (TestState's ``inspectionData.variables``).
JSON values are equal when they are the same JSON: ``1`` equals ``1.0``, ``true`` does not
equal ``1``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sfndeploy.executor.inspection import FAILED, StateVisit

CONTEXT_NOTE = "the state reads the context object, which TestState takes only with a mock: AWS used its own"


@dataclass(frozen=True)
class Disagreement:
    state: str
    field: str  # status | output | error | cause | next state | variables | request
    local: Any
    aws: Any
    note: str | None = None


def compare(visit: StateVisit, response: dict[str, Any], *, context_note: bool = False) -> list[Disagreement]:
    """Where ``response`` (TestState's, for ``visit``) differs from the dry run."""
    found: list[Disagreement] = []
    note = CONTEXT_NOTE if context_note else None

    def differ(field: str, local: Any, aws: Any) -> None:
        if not same_json(local, aws):
            found.append(Disagreement(visit.name, field, local, aws, note))

    aws_status = response.get("status")
    differ("status", visit.status, aws_status)
    differ("error", visit.error, response.get("error"))
    differ("cause", visit.cause, response.get("cause"))
    if aws_status != visit.status or visit.status == FAILED:
        return found  # no output, next state or variables to compare, or they differ because of the status
    differ("output", visit.output, _parsed(response.get("output")))
    differ("next state", visit.next_state, response.get("nextState") or None)
    inspection = response.get("inspectionData") or {}
    differ("variables", visit.variables_after or {}, _parsed(inspection.get("variables")) or {})
    return found


def same_json(left: Any, right: Any) -> bool:
    """Equality of JSON values: numbers by value, booleans only with booleans."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_json(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_json(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and bool(left == right)


def differing_paths(left: Any, right: Any, path: str = "$") -> list[tuple[str, Any, Any]]:
    """The innermost places (JSONPath, left value, right value) where two JSON values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        found: list[tuple[str, Any, Any]] = []
        for key in [*left, *(key for key in right if key not in left)]:
            inner = f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"
            found.extend(differing_paths(left.get(key, ABSENT), right.get(key, ABSENT), inner))
        return found
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [
            each
            for index, (a, b) in enumerate(zip(left, right, strict=True))
            for each in differing_paths(a, b, f"{path}[{index}]")
        ]
    return [] if same_json(left, right) else [(path, left, right)]


ABSENT: Any = object()  # a key one side has and the other has not (differing_paths)


def _parsed(text: Any) -> Any:
    """TestState's JSON text fields as values (text that is not JSON stays text)."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text
