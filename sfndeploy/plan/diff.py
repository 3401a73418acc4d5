"""Differences in the user's language, computed on parsed, normalised data (never on text).

What is shown is masked in three ways:

- by value: any text containing a resolved secret value (:mod:`sfndeploy.secrets.masking`);
- by reference: a field whose one side refers to a secret (``<secret:NAME>``) shows its other
  side as ``****``, since that may be an earlier value of the secret;
- by name, the second line for values never declared as secrets: a value whose key or path (a tag
  key, a definition field, a header) contains ``secret``, ``password``, ``passwd``, ``token``,
  ``authorization``, ``api-key``/``api_key``/``apikey``, ``cookie``, ``credential`` or
  ``private-key`` (any case), and any string that starts with an HTTP credential scheme
  (``Bearer ...``, ``Basic ...``), are shown as ``****``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sfndeploy.model import JSON
from sfndeploy.secrets import masking
from sfndeploy.secrets.masking import MASK
from sfndeploy.secrets.references import names_in

_SECRET_WORDS = re.compile(
    r"secret|password|passwd|token|authori[sz]ation|api[-_]?key|cookie|credential|private[-_]?key", re.IGNORECASE
)
_CREDENTIAL_SCHEME = re.compile(r"^\s*(Bearer|Basic|Digest|Token)\s+\S", re.IGNORECASE)
_MISSING = object()
_MAX_VALUE = 80
ARROW = "→"


def is_secret(key: str) -> bool:
    return bool(_SECRET_WORDS.search(key))


def redact(value: Any) -> Any:
    """``value`` with secret-named keys' values and credential strings (``Bearer ...``) masked, at any depth."""
    if isinstance(value, str):
        found = _CREDENTIAL_SCHEME.match(value)
        return f"{found.group(1)} {MASK}" if found else value
    if isinstance(value, dict):
        return {key: MASK if is_secret(str(key)) else redact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any


def show(value: Any, *, secret: bool = False) -> str:
    if value is _MISSING:
        return "(none)"
    if secret:
        return MASK
    text = masking.mask(json.dumps(redact(value), sort_keys=True, ensure_ascii=False, default=str))
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def field_changes(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """Leaf-level differences between two JSON-like values; dict key order never matters."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in sorted(set(old) | set(new), key=str):
            child = f"{path}.{key}" if path else str(key)
            changes.extend(field_changes(old.get(key, _MISSING), new.get(key, _MISSING), child))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        changes = []
        for index in range(max(len(old), len(new))):
            left = old[index] if index < len(old) else _MISSING
            right = new[index] if index < len(new) else _MISSING
            changes.extend(field_changes(left, right, f"{path}[{index}]"))
        return changes
    if old is _MISSING and new is _MISSING:
        return []
    if old != new or type(old) is not type(new):
        return [FieldChange(path, old, new)]
    return []


def describe_field(change: FieldChange) -> str:
    secret = is_secret(change.path)
    # A side without a secret reference facing one that has it may hold an earlier value of that secret.
    old_secret = secret or (bool(names_in(change.new)) and not names_in(change.old))
    new_secret = secret or (bool(names_in(change.old)) and not names_in(change.new))
    if change.old is _MISSING:
        return f"+ {change.path}: {show(change.new, secret=secret)}"
    if change.new is _MISSING:
        return f"- {change.path}: {show(change.old, secret=old_secret)}"
    return f"~ {change.path}: {show(change.old, secret=old_secret)} {ARROW} {show(change.new, secret=new_secret)}"


def _states(definition: JSON) -> dict[str, Any]:
    states = definition.get("States", {}) if isinstance(definition, dict) else {}
    return states if isinstance(states, dict) else {}


def definition_changes(old: JSON, new: JSON) -> list[str]:
    """States added/removed/changed, each changed field, and transitions that moved."""
    if old == new:
        return []
    lines: list[str] = []
    old_states, new_states = _states(old), _states(new)
    top_old = {k: v for k, v in (old or {}).items() if k != "States"}
    top_new = {k: v for k, v in (new or {}).items() if k != "States"}
    lines.extend(describe_field(c) for c in field_changes(top_old, top_new))
    for name in sorted(set(new_states) - set(old_states)):
        lines.append(f"+ state {name} ({new_states[name].get('Type', '?')})")
    for name in sorted(set(old_states) - set(new_states)):
        lines.append(f"- state {name} ({old_states[name].get('Type', '?')})")
    for name in sorted(set(old_states) & set(new_states)):
        lines.extend(_state_changes(name, old_states[name], new_states[name]))
    return lines


def _state_changes(name: str, old: Any, new: Any) -> list[str]:
    if old == new:
        return []
    lines = []
    if isinstance(old, dict) and isinstance(new, dict) and old.get("Next") != new.get("Next"):
        lines.append(_transition(name, old.get("Next"), new.get("Next")))
        old = {k: v for k, v in old.items() if k != "Next"}
        new = {k: v for k, v in new.items() if k != "Next"}
    lines.extend(describe_field(c) for c in field_changes(old, new, name))
    return lines


def _transition(name: str, old_next: Any, new_next: Any) -> str:
    if old_next is None:
        return f"~ transition {name} {ARROW} {new_next} added (was an end state)"
    if new_next is None:
        return f"~ transition {name} {ARROW} {old_next} removed (now an end state)"
    return f"~ transition {name} {ARROW} {old_next} is now {name} {ARROW} {new_next}"


def tag_changes(old: dict[str, str], new: dict[str, str], *, hidden: tuple[str, ...] = ()) -> list[str]:
    lines = []
    for key in sorted(set(old) | set(new)):
        if key in hidden or key.startswith("aws:"):
            continue
        secret = is_secret(key)
        if key not in old:
            lines.append(f"+ tag {key} = {show(new[key], secret=secret)}")
        elif key not in new:
            lines.append(f"- tag {key}")
        elif old[key] != new[key]:
            lines.append(f"~ tag {key}: {show(old[key], secret=secret)} {ARROW} {show(new[key], secret=secret)}")
    return lines


def normalise_policy(policy: JSON) -> JSON:
    """IAM accepts a string or a list for Action/Resource and any statement order; compare without them."""
    if not isinstance(policy, dict):
        return policy
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    normal = sorted((_normalise_statement(s) for s in statements), key=lambda s: json.dumps(s, sort_keys=True))
    return {"Version": policy.get("Version", "2012-10-17"), "Statement": normal}


def _normalise_statement(statement: Any) -> Any:
    if not isinstance(statement, dict):
        return statement
    result = {}
    for key, value in statement.items():
        if key in {"Action", "NotAction", "Resource", "NotResource"}:
            values = value if isinstance(value, list) else [value]
            result[key] = sorted(str(v) for v in values)
        else:
            result[key] = value
    return result


def statement_changes(old: JSON, new: JSON, label: str = "IAM statement") -> list[str]:
    old_set = {json.dumps(s, sort_keys=True): s for s in normalise_policy(old).get("Statement", [])} if old else {}
    new_set = {json.dumps(s, sort_keys=True): s for s in normalise_policy(new).get("Statement", [])} if new else {}
    lines = [f"+ {label}: {_statement_text(new_set[k])}" for k in sorted(set(new_set) - set(old_set))]
    lines.extend(f"- {label}: {_statement_text(old_set[k])}" for k in sorted(set(old_set) - set(new_set)))
    return lines


def _statement_text(statement: Any) -> str:
    if not isinstance(statement, dict):
        return show(statement)
    actions = ", ".join(_strings(statement.get("Action", statement.get("NotAction"))))
    resources = ", ".join(_strings(statement.get("Resource", statement.get("NotResource")))) or "-"
    text = f"{statement.get('Effect', '?')} {actions} on {resources}"
    if "Condition" in statement:
        text += f" if {show(statement['Condition'])}"
    return text


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
