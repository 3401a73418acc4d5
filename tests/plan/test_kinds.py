"""The resource-kind registry: every kind is a ResourceKind, and the planner's orders follow dependencies."""

from __future__ import annotations

import pytest

from sfndeploy.plan import kinds
from sfndeploy.plan.kinds.base import ResourceKind


def test_plan_order_runs_what_a_kind_depends_on_first() -> None:
    names = [kind.name for kind in kinds.plan_order()]
    assert names[:4] == ["execution role", "log group", "state machine", "alias"]
    for index, kind in enumerate(kinds.plan_order()):
        assert all(names.index(before) < index for before in kind.depends_on)


def test_read_order_reads_state_machines_before_the_roles_they_use() -> None:
    names = [kind.name for kind in kinds.read_order()]
    assert names.index("state machine") < names.index("execution role") < names.index("log group")


def test_kind_names_are_unique_and_looked_up_by_name() -> None:
    names = [kind.name for kind in kinds.all_kinds()]
    assert len(names) == len(set(names))
    found = kinds.kind_named("alias")
    assert found is not None and found.name == "alias"
    assert kinds.kind_named("no such kind") is None


class _Kind(ResourceKind):
    def __init__(self, name: str, depends_on: tuple[str, ...]) -> None:
        self.name = name
        self.depends_on = depends_on


def test_a_circle_of_dependencies_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    circle = (_Kind("a", ("b",)), _Kind("b", ("a",)))
    monkeypatch.setattr(kinds, "all_kinds", lambda: circle)
    with pytest.raises(ValueError, match="in a circle: a, b"):
        kinds._ordered({k.name: k.depends_on for k in circle})


def test_an_unknown_dependency_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    lonely = (_Kind("a", ("nothing",)),)
    monkeypatch.setattr(kinds, "all_kinds", lambda: lonely)
    with pytest.raises(ValueError, match="'a' depends on unknown kind"):
        kinds._ordered({"a": ("nothing",)})
