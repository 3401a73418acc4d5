"""Whether a set of IAM policies allows one request, decided locally and only where it can be.

IAM's evaluation logic for one account (IAM User Guide, "Policy evaluation logic"): an explicit
``Deny`` in any applicable statement wins; otherwise an ``Allow`` is needed; otherwise the request
is implicitly denied. A statement applies when its ``Action``/``NotAction``, ``Resource``/
``NotResource`` and (in a trust policy) ``Principal`` match the request and its ``Condition``
holds. Action names match case-insensitively, resource ARNs case-sensitively, both with ``*``
and ``?`` wildcards.

Every test is three-valued: True, False, or None when it cannot be decided here (a condition key
whose value the request context does not give, a ``ForAllValues``/``Null``/numeric or date
operator, a policy variable, ``NotPrincipal``, a principal of ``{"AWS": "*"}``). A statement that
*might* apply makes the answer :attr:`Outcome.UNDECIDED` rather than a guess: callers warn on it
and refuse only :attr:`Outcome.DENIED` and :attr:`Outcome.NOT_ALLOWED`. Service control policies,
session policies and resource policies are not seen here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sfndeploy.iam.policy import action_matches, as_list, wildcard_matches

Tri = bool | None

__all__ = ["Decision", "Outcome", "Policy", "Request", "condition_holds", "evaluate"]


class Outcome(Enum):
    ALLOWED = "allowed"
    DENIED = "denied"  # an explicit Deny applies
    NOT_ALLOWED = "not allowed"  # no statement allows it: IAM's implicit deny
    UNDECIDED = "undecided"  # a statement might apply, and whether it does is not known here


@dataclass(frozen=True)
class Policy:
    """One policy document and how messages name it (``inline policy invoke``, ``trust policy``)."""

    name: str
    document: Any


@dataclass(frozen=True)
class Request:
    """What is asked: an action on a resource (None in a trust policy, whose resource is the role
    itself), by a service principal (trust policies only), with the condition keys whose values
    are known (lower-case names)."""

    action: str
    resource: str | None = None
    service_principal: str | None = None
    context: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str = ""  # which statement decided, or why it could not be decided

    @property
    def refused(self) -> bool:
        """True when IAM certainly refuses the request (an explicit or an implicit deny)."""
        return self.outcome in (Outcome.DENIED, Outcome.NOT_ALLOWED)


def evaluate(policies: Sequence[Policy], request: Request) -> Decision:
    """IAM's answer to ``request`` under ``policies`` (all of one principal), as far as it can be known."""
    allowed: str | None = None
    maybe_allowed: str | None = None
    maybe_denied: str | None = None
    for policy in policies:
        for index, statement in enumerate(_statements(policy.document), start=1):
            applies, why = _applies(statement, request)
            if applies is False:
                continue
            label = _label(policy, statement, index)
            if statement.get("Effect") == "Deny":
                if applies is True:
                    return Decision(Outcome.DENIED, f"{label} denies it")
                maybe_denied = maybe_denied or f"{label} may deny it ({why})"
            elif statement.get("Effect") == "Allow":
                if applies is True:
                    allowed = allowed or f"{label} allows it"
                else:
                    maybe_allowed = maybe_allowed or f"{label} may allow it ({why})"
    if maybe_denied is not None:
        return Decision(Outcome.UNDECIDED, maybe_denied)
    if allowed is not None:
        return Decision(Outcome.ALLOWED, allowed)
    if maybe_allowed is not None:
        return Decision(Outcome.UNDECIDED, maybe_allowed)
    return Decision(Outcome.NOT_ALLOWED, "no statement allows it")


def _statements(document: Any) -> list[dict[str, Any]]:
    if not isinstance(document, Mapping):
        return []
    found = document.get("Statement", [])
    found = [found] if isinstance(found, Mapping) else found
    return [dict(s) for s in found if isinstance(s, Mapping)] if isinstance(found, list) else []


def _label(policy: Policy, statement: Mapping[str, Any], index: int) -> str:
    sid = statement.get("Sid")
    return f"statement {sid!r} of {policy.name}" if sid else f"statement {index} of {policy.name}"


def _applies(statement: Mapping[str, Any], request: Request) -> tuple[Tri, str]:
    """Whether the statement applies to the request, and what left it undecided."""
    tests: list[tuple[Tri, str]] = [(action_matches(statement, request.action), "")]
    if request.resource is not None:
        tests.append(_resource_matches(statement, request.resource))
    if request.service_principal is not None:
        tests.append(_principal_matches(statement, request.service_principal))
    condition = statement.get("Condition")
    if condition:
        held = condition_holds(condition, request.context)
        tests.append((held, f"a condition on {', '.join(_condition_keys(condition))}" if held is None else ""))
    if any(result is False for result, _ in tests):
        return False, ""
    undecided = [why for result, why in tests if result is None]
    return (None, undecided[0]) if undecided else (True, "")


def _resource_matches(statement: Mapping[str, Any], resource: str) -> tuple[Tri, str]:
    negated = "NotResource" in statement
    patterns = as_list(statement["NotResource"] if negated else statement.get("Resource"))
    found = _any_pattern(patterns, resource)
    if found is None:
        return None, "a policy variable or a resource that differs only in case"
    return (not found if negated else found), ""


def _any_pattern(patterns: Iterable[str], value: str) -> Tri:
    """True when a pattern matches; None when only a pattern this module cannot read might."""
    unsure = False
    for pattern in patterns:
        if "${" in pattern:
            unsure = True
        elif wildcard_matches(pattern, value):
            return True
        elif wildcard_matches(pattern, value, ignore_case=True):
            unsure = True
    return None if unsure else False


def _principal_matches(statement: Mapping[str, Any], service: str) -> tuple[Tri, str]:
    if "NotPrincipal" in statement:
        return None, "NotPrincipal"
    principal = statement.get("Principal")
    if principal == "*":
        return True, ""
    if not isinstance(principal, Mapping):
        return False, ""
    if service.lower() in (p.lower() for p in as_list(principal.get("Service"))):
        return True, ""
    if "*" in as_list(principal.get("AWS")):
        return None, 'a principal of {"AWS": "*"}'
    return False, ""


def _condition_keys(condition: Mapping[str, Any]) -> list[str]:
    keys = [str(key) for tests in condition.values() if isinstance(tests, Mapping) for key in tests]
    return sorted(set(keys)) or ["(nothing)"]


_STRING_TESTS = {
    "StringEquals": (False, False, False),  # (wildcards, ignore case, negated)
    "StringNotEquals": (False, False, True),
    "StringEqualsIgnoreCase": (False, True, False),
    "StringNotEqualsIgnoreCase": (False, True, True),
    "StringLike": (True, False, False),
    "StringNotLike": (True, False, True),
    "ArnEquals": (True, False, False),  # ArnEquals and ArnLike behave the same
    "ArnLike": (True, False, False),
    "ArnNotEquals": (True, False, True),
    "ArnNotLike": (True, False, True),
}


def condition_holds(condition: Any, context: Mapping[str, str]) -> Tri:
    """A ``Condition`` block against the known keys: every test must hold (values of one key: any)."""
    if not isinstance(condition, Mapping):
        return None
    results = [
        _test(str(operator), str(key), values, context)
        for operator, tests in condition.items()
        for key, values in (tests.items() if isinstance(tests, Mapping) else [("", None)])
    ]
    if any(result is False for result in results):
        return False
    return None if any(result is None for result in results) else True


def _test(operator: str, key: str, values: Any, context: Mapping[str, str]) -> Tri:
    if ":" in operator:  # ForAnyValue: / ForAllValues: on multivalued keys
        return None
    # With the key in the context, ...IfExists tests like the plain operator.
    spec = _STRING_TESTS.get(operator.removesuffix("IfExists"))
    if spec is None or key.lower() not in context:
        return None
    wildcards, ignore_case, negated = spec
    actual = context[key.lower()]
    listed = values if isinstance(values, list) else [values]
    wanted = [str(v).lower() if isinstance(v, bool) else str(v) for v in listed]
    if wildcards:
        hit = any(wildcard_matches(v, actual, ignore_case=ignore_case) for v in wanted)
    elif ignore_case:
        hit = actual.lower() in (v.lower() for v in wanted)
    else:
        hit = actual in wanted
    return not hit if negated else hit
