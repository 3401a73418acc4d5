"""``diff-env A B``: how two environments' rendered workflows differ once per-environment values are set aside.

A differing value is *expected* when it is what the environments are meant to differ by: the
account, region, partition, environment name, naming prefix/suffix, state machine names, or a
``vars`` value (A's value at some ``vars`` path turning into B's value at the same path, also
inside a longer string such as an ARN or an expression, or a number scaled in the same ratio as a
numeric var, as ``hours * 3600`` is). Logging, tracing, tags and whether a trigger is enabled are
per-environment settings too, and so are the alarm fields a spec leaves to the environment file's
``defaults.alarms``.
Everything else (states added or removed, changed transitions, other literals, types, aliases) is a
structural difference a reviewer should see before promoting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from sfndeploy.model import JSON, Environment, RenderedWorkflow
from sfndeploy.sourcemap import pointer_tokens

_MIN_SUBSTITUTION = 2  # shorter strings would rewrite unrelated text
_MIN_NUMBER_TEXT = 3  # numbers written into strings: "0.7" yes, "2" no


@dataclass(frozen=True)
class Difference:
    pointer: str  # JSON pointer into the workflow: /definition/States/Charge/Next, /type
    kind: str  # added | removed | changed
    left: JSON = None
    right: JSON = None

    @property
    def path(self) -> str:
        text = ""
        for token in pointer_tokens(self.pointer):
            text += f"[{token}]" if token.isdigit() else (f".{token}" if text else token)
        return text


@dataclass(frozen=True)
class WorkflowDiff:
    workflow: str
    only_in: str | None = None  # the one environment the workflow renders in, if not both
    differences: tuple[Difference, ...] = ()
    set_aside: int = 0  # expected per-environment differences not shown


@dataclass(frozen=True)
class EnvironmentDiff:
    left: str
    right: str
    workflows: tuple[WorkflowDiff, ...]

    @property
    def structural(self) -> int:
        return sum(len(w.differences) + (1 if w.only_in else 0) for w in self.workflows)

    @property
    def set_aside(self) -> int:
        return sum(w.set_aside for w in self.workflows)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _leaves(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, str(index)))
    else:
        yield path, data


@dataclass(frozen=True)
class Expectations:
    """What may differ between the two environments: string substitutions and scalar pairs."""

    substitutions: dict[str, str]
    scalar_pairs: frozenset[tuple[Any, Any]]

    def expected(self, left: Any, right: Any) -> bool:
        if isinstance(left, str) and isinstance(right, str):
            return self.substitute(left) == right
        if type(left) is not type(right):
            return False
        return (left, right) in self.scalar_pairs or self._scaled(left, right)

    def _scaled(self, left: Any, right: Any) -> bool:
        """A number computed from a var (``hours * 3600``) changes in the same ratio as the var."""
        if not _is_number(left) or not _is_number(right):
            return False
        return any(
            _is_number(a) and _is_number(b) and a != 0 and right * a == left * b for a, b in self.scalar_pairs
        )

    def substitute(self, text: str) -> str:
        if not self.substitutions:
            return text
        keys = sorted(self.substitutions, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(key) for key in keys))
        return pattern.sub(lambda match: self.substitutions[match.group(0)], text)


def expectations(left: Environment, right: Environment, pairs: Sequence[tuple[str, str]] = ()) -> Expectations:
    substitutions: dict[str, str] = {}
    scalars: set[tuple[Any, Any]] = set()

    def add(a: Any, b: Any) -> None:
        if a == b:
            return
        if isinstance(a, str) and isinstance(b, str):
            if len(a) >= _MIN_SUBSTITUTION:
                substitutions.setdefault(a, b)
        elif not isinstance(a, (dict, list)) and not isinstance(b, (dict, list)):
            scalars.add((a, b))
            if _is_number(a) and _is_number(b) and len(str(a)) >= _MIN_NUMBER_TEXT:
                substitutions.setdefault(str(a), str(b))  # a number written into a string or expression

    for a, b in pairs:
        add(a, b)
    for a, b in (
        (left.account_id, right.account_id),
        (left.region, right.region),
        (left.partition, right.partition),
        (left.naming.prefix, right.naming.prefix),
        (left.naming.suffix, right.naming.suffix),
        (left.name, right.name),
    ):
        add(a, b)
    right_leaves = dict(_leaves(right.vars))
    for path, value in _leaves(left.vars):
        if path in right_leaves:
            add(value, right_leaves[path])
    return Expectations(substitutions, frozenset(scalars))


@dataclass
class _Comparison:
    expect: Expectations
    differences: list[Difference]
    set_aside: int = 0

    def compare(self, left: Any, right: Any, pointer: str) -> None:
        if isinstance(left, dict) and isinstance(right, dict):
            self._compare_dicts(left, right, pointer)
        elif isinstance(left, list) and isinstance(right, list):
            for index in range(max(len(left), len(right))):
                child = f"{pointer}/{index}"
                if index >= len(left):
                    self.differences.append(Difference(child, "added", None, right[index]))
                elif index >= len(right):
                    self.differences.append(Difference(child, "removed", left[index], None))
                else:
                    self.compare(left[index], right[index], child)
        elif left != right or type(left) is not type(right):
            if self.expect.expected(left, right):
                self.set_aside += 1
            else:
                self.differences.append(Difference(pointer, "changed", left, right))

    def _compare_dicts(self, left: dict[str, Any], right: dict[str, Any], pointer: str) -> None:
        for key in left:
            child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key not in right:
                self.differences.append(Difference(child, "removed", left[key], None))
            else:
                self.compare(left[key], right[key], child)
        for key in right:
            if key not in left:
                child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
                self.differences.append(Difference(child, "added", None, right[key]))


_PER_ENVIRONMENT = ("logging", "tracing", "tags")


def diff_workflow(left: RenderedWorkflow, right: RenderedWorkflow, expect: Expectations) -> WorkflowDiff:
    comparison = _Comparison(expect, [])
    comparison.compare(left.type, right.type, "/type")
    comparison.compare(left.alias, right.alias, "/alias")
    comparison.compare(left.definition, right.definition, "/definition")
    comparison.compare(_triggers(left), _triggers(right), "/triggers")
    per_env = sum(1 for name in _PER_ENVIRONMENT if getattr(left, name) != getattr(right, name))
    comparison.compare(left.spec.get("alarms") or {}, right.spec.get("alarms") or {}, "/alarms")
    per_env += _enabled_differences(left, right) + _alarm_default_differences(left, right)
    return WorkflowDiff(left.name, None, tuple(comparison.differences), comparison.set_aside + per_env)


def _triggers(workflow: RenderedWorkflow) -> dict[str, Any]:
    """The spec's triggers, but whether each is enabled: switching a trigger on per environment is expected."""
    raw = workflow.spec.get("triggers") or {}
    return {name: {k: v for k, v in spec.items() if k != "enabled"} for name, spec in raw.items()}


def _enabled_differences(left: RenderedWorkflow, right: RenderedWorkflow) -> int:
    enabled = {t.name: t.enabled for t in right.triggers}
    return sum(1 for t in left.triggers if t.name in enabled and enabled[t.name] != t.enabled)


def _alarm_default_differences(left: RenderedWorkflow, right: RenderedWorkflow) -> int:
    """Fields of an alarm in both environments that neither spec sets and whose defaults differ."""
    rights = {alarm.key: alarm for alarm in right.alarms}
    spec_left, spec_right = left.spec.get("alarms") or {}, right.spec.get("alarms") or {}
    count = 0
    for alarm in left.alarms:
        other = rights.get(alarm.key)
        if other is None:
            continue
        given = set(spec_left.get(alarm.key) or {}) | set(spec_right.get(alarm.key) or {})
        fields = [f.name for f in dataclass_fields(alarm) if f.name not in given and f.name not in ("key", "name")]
        count += sum(1 for name in fields if getattr(alarm, name) != getattr(other, name))
    return count


def diff_environments(
    left_env: Environment,
    right_env: Environment,
    left: Sequence[RenderedWorkflow],
    right: Sequence[RenderedWorkflow],
) -> EnvironmentDiff:
    by_name = {wf.name: wf for wf in right}
    names = [(wf.state_machine_name, by_name[wf.name].state_machine_name) for wf in left if wf.name in by_name]
    expect = expectations(left_env, right_env, names)
    results = []
    for wf in left:
        other = by_name.get(wf.name)
        results.append(diff_workflow(wf, other, expect) if other else WorkflowDiff(wf.name, only_in=left_env.name))
    left_names = {wf.name for wf in left}
    results.extend(WorkflowDiff(wf.name, only_in=right_env.name) for wf in right if wf.name not in left_names)
    return EnvironmentDiff(left_env.name, right_env.name, tuple(sorted(results, key=lambda w: w.workflow)))
