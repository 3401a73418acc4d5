"""Retrier numbers are within AWS's bounds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule

MAX_SECONDS = 99_999_999
MAX_DELAY_SECONDS = 31_622_400  # one year (366 days)

BOUNDS: dict[str, tuple[float, float]] = {
    "IntervalSeconds": (1, MAX_SECONDS),
    "MaxAttempts": (0, MAX_SECONDS),
    "BackoffRate": (1.0, float("inf")),
    "MaxDelaySeconds": (1, MAX_DELAY_SECONDS),
}


def _text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@rule(
    "retry-bounds",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="IntervalSeconds >= 1, MaxAttempts >= 0, BackoffRate >= 1.0, 1 <= MaxDelaySeconds <= 31622400.",
    triggers=("Retry",),
)
def retry_bounds(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with("Retry"):
        retriers = state.get("Retry")
        if not isinstance(retriers, list):
            continue
        for index, retrier in enumerate(retriers):
            if not isinstance(retrier, dict):
                continue
            for field, (low, high) in BOUNDS.items():
                value = retrier.get(field)
                if value is None or not _is_number(value):
                    continue
                if value < low:
                    yield Finding(
                        state.at("Retry", index, field), f"{field} must be at least {_text(low)}, not {value}"
                    )
                elif value > high:
                    yield Finding(
                        state.at("Retry", index, field), f"{field} must be at most {_text(high)}, not {value}"
                    )
