"""What a rule is: an id, the diagnostic code and severity it reports, and a check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sfndeploy.validate.context import DefinitionContext
from sfndeploy.validate.diagnostics import Severity


@dataclass(frozen=True)
class Finding:
    """What a check yields; the engine turns it into a Diagnostic."""

    pointer: str
    message: str
    code: str | None = None  # overrides the rule's code for this finding
    severity: Severity | None = None  # overrides the rule's severity for this finding


Check = Callable[[DefinitionContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """``triggers``: the rule can only find something when a state has one of these fields (or
    ``Type:<T>`` for a state type, ``JSONata`` for JSONata states, or a token of the value scan,
    see ``context.TOKENS``); empty means always run. ``requires``: tokens that must all be present
    (the rule is skipped when one is missing)."""

    id: str
    code: str
    severity: Severity
    summary: str
    check: Check
    triggers: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()


def rule(
    rule_id: str,
    *,
    code: str,
    severity: Severity,
    summary: str,
    triggers: Iterable[str] = (),
    requires: Iterable[str] = (),
) -> Callable[[Check], Rule]:
    """Make a module-level check function into a :class:`Rule`."""

    def make(check: Check) -> Rule:
        return Rule(rule_id, code, severity, summary, check, frozenset(triggers), frozenset(requires))

    return make
