"""What the EventBridge checks report: a problem at a JSON pointer, as plain frozen data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from sfndeploy.sourcemap import pointer_tokens

__all__ = ["ERROR", "WARNING", "Problem", "Severity", "raise_first_error", "rebased"]

# the validator's severities, spelled the same (importing them would load the whole validator)
Severity = Literal["ERROR", "WARNING"]
ERROR: Severity = "ERROR"
WARNING: Severity = "WARNING"


@dataclass(frozen=True)
class Problem:
    """One thing EventBridge would refuse (``ERROR``) or that does not do what it seems (``WARNING``).

    ``pointer`` is an RFC 6901 JSON pointer into the checked value (``/detail/state/0/prefix``;
    ``""`` is the value itself), so a caller holding a source map can name the template line.
    """

    pointer: str
    message: str
    severity: Severity = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def raise_first_error(problems: Iterable[Problem], fail: Callable[[str, str, str], Exception]) -> None:
    """Raise ``fail(pointer, key, message)`` for the first error (the key is the pointer's last token)."""
    for problem in problems:
        if problem.is_error:
            key = pointer_tokens(problem.pointer)[-1] if problem.pointer else ""
            raise fail(problem.pointer, key, problem.message)


def rebased(problems: Iterable[Problem], pointer: str) -> tuple[Problem, ...]:
    """The problems with ``pointer`` put in front of theirs (a pattern's problems, located in the spec)."""
    return tuple(Problem(pointer + problem.pointer, problem.message, problem.severity) for problem in problems)
