"""The desired state as plain JSON data and back: the one place a saved plan's desired state is written and read.

Reading is strict. Every field of :class:`DesiredState`, :class:`DesiredWorkflow` and
:class:`DesiredRole` is checked against its type annotation: required keys must be there, unknown
keys are refused (with the closest known one), and a value of the wrong type is one
:class:`PlanError` naming the key, never a ``TypeError`` deep inside apply. Fields added to those
dataclasses are covered without touching this module, and so are the items of each resource kind
(``DesiredWorkflow.resources``), read as the kind's ``desired_type``.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import types
import typing
from collections.abc import Callable
from typing import Any, Union

from sfndeploy.errors import PlanError
from sfndeploy.plan.desired import DesiredRole, DesiredState, DesiredWorkflow
from sfndeploy.triggers.resources import DesiredTriggers
from sfndeploy.triggers.schedules import DesiredGroup, DesiredSchedule

# Fields typed as free JSON that must nevertheless be objects.
_OBJECT_FIELDS = frozenset({"definition", "trust_policy", "policy"})
_CHOICES: dict[str, tuple[str, ...]] = {"type": ("STANDARD", "EXPRESS")}
_NESTED = (DesiredState, DesiredWorkflow, DesiredRole, DesiredTriggers, DesiredGroup, DesiredSchedule)
_NAMES = {cls.__name__: cls for cls in _NESTED}  # names the annotations use only for type checking

Fail = Callable[[str, str], PlanError]  # (key path, message) -> the error to raise


def desired_to_data(desired: DesiredState) -> dict[str, Any]:
    """Plain JSON data (tuples become lists) for the desired state."""
    data: dict[str, Any] = json.loads(json.dumps(dataclasses.asdict(desired), default=str))
    for workflow in data["workflows"]:
        if not workflow["resources"]:
            del workflow["resources"]  # files of workflows with only the core kinds stay as they were
    return data


def desired_from_data(data: Any, fail: Fail) -> DesiredState:
    """The desired state ``data`` describes; ``fail(key, message)`` makes the error for the first problem."""
    return typing.cast(DesiredState, _read_dataclass(data, DesiredState, "desired", fail))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _read_dataclass(value: Any, cls: type, where: str, fail: Fail) -> Any:
    if not isinstance(value, dict):
        raise fail(where, f"must be an object, found {_type_name(value)}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in value:
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            raise fail(f"{where}.{key}", f"unknown key{suggestion}")
    hints = typing.get_type_hints(cls, localns=_NAMES)
    arguments = {}
    for name, field in fields.items():
        if name not in value:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise fail(f"{where}.{name}", "is required but missing")
            continue
        if cls is DesiredWorkflow and name == "resources":
            arguments[name] = _read_resources(value[name], f"{where}.{name}", fail)
        else:
            arguments[name] = _read(value[name], hints[name], f"{where}.{name}", name, fail)
    return cls(**arguments)


def _read_resources(value: Any, where: str, fail: Fail) -> dict[str, tuple[Any, ...]]:
    """Each resource kind's items, read strictly as that kind's ``desired_type``."""
    from sfndeploy.plan.kinds import all_kinds

    types_by_kind = {kind.name: kind.desired_type for kind in all_kinds() if kind.desired_type is not None}
    entries = _require(value, dict, "an object", where, fail)
    result = {}
    for name, items in entries.items():
        item_type = types_by_kind.get(name)
        if item_type is None:
            close = difflib.get_close_matches(str(name), list(types_by_kind), n=1)
            suggestion = f" (did you mean '{close[0]}'?)" if close else ""
            raise fail(f"{where}.{name}", f"unknown resource kind{suggestion}")
        listed = _require(items, list, "a list", f"{where}.{name}", fail)
        result[name] = tuple(
            _read_dataclass(item, item_type, f"{where}.{name}[{i}]", fail) for i, item in enumerate(listed)
        )
    return result


def _read(value: Any, hint: Any, where: str, name: str, fail: Fail) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if value is None and len(options) < len(typing.get_args(hint)):
            return None
        return _read(value, options[0], where, name, fail)
    if hint in _NESTED or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return _read_dataclass(value, hint, where, fail)
    if origin is tuple:
        items = _require(value, list, "a list", where, fail)
        return tuple(_read(item, typing.get_args(hint)[0], f"{where}[{i}]", name, fail) for i, item in enumerate(items))
    if origin is dict:
        entries = _require(value, dict, "an object", where, fail)
        item_hint = typing.get_args(hint)[1]
        return {key: _read(item, item_hint, f"{where}.{key}", "", fail) for key, item in entries.items()}
    if hint is Any:
        return _read_json(value, where, name, fail)
    return _read_scalar(value, hint, where, name, fail)


def _require(value: Any, kind: type, described: str, where: str, fail: Fail) -> Any:
    if not isinstance(value, kind):
        raise fail(where, f"must be {described}, found {_type_name(value)}")
    return value


def _read_scalar(value: Any, hint: Any, where: str, name: str, fail: Fail) -> Any:
    if hint is bool:
        return _require(value, bool, "true or false", where, fail)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(where, f"must be an integer, found {_type_name(value)}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail(where, f"must be a number, found {_type_name(value)}")
        return float(value)
    if hint is str:
        text = _require(value, str, "a string", where, fail)
        choices = _CHOICES.get(name)
        if choices is not None and text not in choices:
            raise fail(where, f"must be one of {', '.join(choices)}, found '{text}'")
        return text
    raise TypeError(f"no reader for {hint!r} ({where})")  # a new field type: teach this module


def _read_json(value: Any, where: str, name: str, fail: Fail) -> Any:
    if name in _OBJECT_FIELDS:
        _require(value, dict, "an object", where, fail)
    _check_json(value, where, fail)
    return value


def _check_json(value: Any, where: str, fail: Fail) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise fail(where, "must be a finite number")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_json(item, f"{where}.{key}", fail)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]", fail)
