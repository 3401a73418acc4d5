"""What the EventBridge checks report: a problem at a JSON pointer, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ERROR", "WARNING", "Problem", "Severity"]

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
