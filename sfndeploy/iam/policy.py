"""From a bag of grants to a policy document: merged, deduplicated, ordered, with stable Sids.

Merging happens per condition: each action collects its resources, resources covered by another
resource's wildcard are dropped, then actions of one service with the same resources share one
statement (statements never mix services, so each Sid says what its statement is for).
Statements are sorted, so the same definition always gives the same document byte for byte.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sfndeploy.iam.model import Grant

POLICY_VERSION = "2012-10-17"
_SID_UNSAFE = re.compile(r"[^A-Za-z0-9]")

# What AWS recommends for a role that needs no permission (only activities, or no tasks at all).
DENY_ALL = {"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}


def wildcard_matches(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """IAM's ``*``/``?`` matching (no character classes, unlike fnmatch)."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE if ignore_case else 0) is not None


def drop_covered(resources: Iterable[str]) -> tuple[str, ...]:
    """Resources minus those another (wildcard) resource already covers; sorted."""
    unique = sorted(set(resources))
    if "*" in unique:
        return ("*",)
    kept = [r for r in unique if not any(o != r and "*" in o and wildcard_matches(o, r) for o in unique)]
    return tuple(kept)


def merge(grants: Iterable[Grant]) -> list[Grant]:
    by_action: dict[tuple[str, str], set[str]] = defaultdict(set)
    for grant in grants:
        for action in grant.actions:
            by_action[(grant.condition, action)].update(grant.resources)
    by_resources: dict[tuple[str, str, tuple[str, ...]], set[str]] = defaultdict(set)
    for (condition, action), resources in by_action.items():
        service = action.partition(":")[0].lower()
        by_resources[(service, condition, drop_covered(resources))].add(action)
    merged = [
        Grant(tuple(sorted(actions, key=str.lower)), resources, condition)
        for (_, condition, resources), actions in by_resources.items()
    ]
    return sorted(merged, key=_statement_order)


def _statement_order(grant: Grant) -> tuple[str, str, str]:
    return (grant.actions[0].lower(), json.dumps(grant.resources), grant.condition)


def statement(grant: Grant, sid: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Allow",
        "Action": list(grant.actions) if len(grant.actions) > 1 else grant.actions[0],
        "Resource": list(grant.resources) if len(grant.resources) > 1 else grant.resources[0],
    }
    if grant.condition:
        body["Condition"] = json.loads(grant.condition)
    return body


def sid_for(grant: Grant, taken: set[str]) -> str:
    """``<Service><FirstAction>``, numbered on collision: it names what the statement is for."""
    service, _, action = grant.actions[0].partition(":")
    base = _SID_UNSAFE.sub("", service.title() + action[:1].upper() + action[1:]) or "Statement"
    sid, number = base, 2
    while sid in taken:
        sid, number = f"{base}{number}", number + 1
    taken.add(sid)
    return sid


def build_policy(grants: Iterable[Grant], extra_statements: Iterable[dict[str, Any]]) -> dict[str, Any]:
    extras = _unique_extras(extra_statements)
    taken = {str(s["Sid"]) for s in extras if "Sid" in s}
    statements = [statement(grant, sid_for(grant, taken)) for grant in merge(grants)]
    statements += _with_sids(extras, taken)
    if not statements:
        statements = [dict(DENY_ALL)]
    return {"Version": POLICY_VERSION, "Statement": statements}


def _unique_extras(extra_statements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    unique = []
    for extra in extra_statements:
        key = json.dumps(extra, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append(extra)
    return unique


def _with_sids(extras: list[dict[str, Any]], taken: set[str]) -> list[dict[str, Any]]:
    result = []
    for index, extra in enumerate(extras, start=1):
        if "Sid" in extra:
            result.append(dict(extra))
            continue
        sid, number = f"Extra{index}", index
        while sid in taken:
            number += 1
            sid = f"Extra{number}"
        taken.add(sid)
        result.append({"Sid": sid, **extra})
    return result


def as_list(value: Any) -> list[str]:
    """A policy element that may be one string or a list of them, as a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


def statement_allows(extra: dict[str, Any], action: str) -> bool:
    """Whether an Allow statement grants ``action`` (wildcards count; IAM actions ignore case)."""
    if extra.get("Effect", "Allow") != "Allow":
        return False
    return action_matches(extra, action)


def action_matches(statement: Mapping[str, Any], action: str) -> bool:
    """Whether a statement's ``Action`` (or ``NotAction``) covers ``action``, whatever its effect."""
    if "NotAction" in statement:
        return not any(wildcard_matches(p, action, ignore_case=True) for p in as_list(statement["NotAction"]))
    return any(wildcard_matches(p, action, ignore_case=True) for p in as_list(statement.get("Action")))


def statements_allow_service(extras: Iterable[dict[str, Any]], service: str) -> bool:
    """Whether some Allow statement grants any action of ``service`` (when the action is unknown)."""
    for extra in extras:
        if extra.get("Effect", "Allow") != "Allow":
            continue
        patterns = as_list(extra.get("Action"))
        if any(p == "*" or p.lower().startswith(f"{service.lower()}:") for p in patterns):
            return True
    return False


__all__ = [
    "DENY_ALL",
    "action_matches",
    "as_list",
    "build_policy",
    "drop_covered",
    "merge",
    "statement_allows",
    "statements_allow_service",
    "wildcard_matches",
]
