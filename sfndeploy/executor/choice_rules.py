"""Choice rules: every comparison operator (and its ``Path`` form), And/Or/Not, JSONata Condition.

A rule compiles into a ``test(data, run) -> bool``. Comparisons of mismatched types are false,
as in AWS; a ``Variable`` that is not present is a ``States.Runtime`` error (except for
``IsPresent``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from sfndeploy.asl.jsonpath import PathNotFound, compile_path
from sfndeploy.executor.clock import parse_timestamp
from sfndeploy.executor.expressions import PathReader, compile_jsonata_value, query_problem, resolve_root
from sfndeploy.executor.failures import EvaluationProblem
from sfndeploy.executor.runtime import StateRun
from sfndeploy.wildcards import wildcard_regex as string_pattern

Test = Callable[[Any, StateRun], bool]
_MISSING = object()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool)


def _is_timestamp(value: Any) -> bool:
    return isinstance(value, str) and parse_timestamp(value) is not None


def _timestamp_value(value: Any) -> float | None:
    return parse_timestamp(value) if isinstance(value, str) else None


def _string_matches(value: Any, pattern: Any) -> bool:
    return isinstance(value, str) and isinstance(pattern, str) and string_pattern(pattern).fullmatch(value) is not None


_ORDER = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEquals": operator.le,
    "GreaterThanEquals": operator.ge,
}


def _typed_comparison(kind: str, compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    if kind == "String":
        return lambda left, right: isinstance(left, str) and isinstance(right, str) and compare(left, right)
    if kind == "Numeric":
        return lambda left, right: _is_number(left) and _is_number(right) and compare(left, right)
    if kind == "Boolean":
        return lambda left, right: isinstance(left, bool) and isinstance(right, bool) and compare(left, right)

    def timestamps(left: Any, right: Any) -> bool:
        left_time, right_time = _timestamp_value(left), _timestamp_value(right)
        return left_time is not None and right_time is not None and compare(left_time, right_time)

    return timestamps


def _build_comparisons() -> dict[str, Callable[[Any, Any], bool]]:
    table: dict[str, Callable[[Any, Any], bool]] = {}
    for kind in ("String", "Numeric", "Timestamp"):
        for suffix, compare in _ORDER.items():
            table[f"{kind}{suffix}"] = _typed_comparison(kind, compare)
    table["BooleanEquals"] = _typed_comparison("Boolean", operator.eq)
    table["StringMatches"] = _string_matches
    return table


COMPARISONS = _build_comparisons()

TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda value: value is None,
    "IsNumeric": _is_number,
    "IsString": _is_string,
    "IsBoolean": _is_boolean,
    "IsTimestamp": _is_timestamp,
}

OPERATORS = (
    set(COMPARISONS)
    | {f"{name}Path" for name in COMPARISONS if name != "StringMatches"}
    | set(TYPE_TESTS)
    | {"IsPresent"}
)


def compile_rule(rule: dict[str, Any], jsonata: bool) -> Test:
    if jsonata and "Condition" in rule:
        return _compile_condition(rule["Condition"])
    if "And" in rule:
        tests = [compile_rule(each, jsonata) for each in rule["And"]]
        return lambda data, run: all(test(data, run) for test in tests)
    if "Or" in rule:
        tests = [compile_rule(each, jsonata) for each in rule["Or"]]
        return lambda data, run: any(test(data, run) for test in tests)
    if "Not" in rule:
        inner = compile_rule(rule["Not"], jsonata)
        return lambda data, run: not inner(data, run)
    return _compile_comparison(rule)


def _compile_comparison(rule: dict[str, Any]) -> Test:
    name = next((key for key in rule if key in OPERATORS), None)
    if name is None:
        raise ValueError(f"choice rule without a known operator: {sorted(rule)}")
    variable = PathReader(rule["Variable"], "Variable")
    expected = rule[name]
    if name == "IsPresent":
        return _is_present(variable, bool(expected))
    if name in TYPE_TESTS:
        check = TYPE_TESTS[name]
        wanted = bool(expected)
        return lambda data, run: check(variable.read(data, run)) is wanted
    if name.endswith("Path"):
        compare = COMPARISONS[name[: -len("Path")]]
        other = PathReader(expected, name)
        return lambda data, run: compare(variable.read(data, run), other.read(data, run))
    compare = COMPARISONS[name]
    return lambda data, run: compare(variable.read(data, run), expected)


def _is_present(variable: PathReader, wanted: bool) -> Test:
    path = compile_path(variable.text or "$")

    def test(data: Any, run: StateRun) -> bool:
        try:
            found = path.evaluate(resolve_root(path, data, run))
        except PathNotFound:
            return not wanted
        except EvaluationProblem:
            return not wanted
        if not path.definite and found == []:
            return not wanted
        return wanted

    return test


def _compile_condition(condition: Any) -> Test:
    evaluate = compile_jsonata_value(condition, "Condition")
    text = condition.strip()[2:-2].strip() if isinstance(condition, str) else condition

    def test(states: Any, run: StateRun) -> bool:
        value = evaluate(run, states)
        if not isinstance(value, bool):
            raise query_problem(
                f"The JSONata expression '{text}' specified for the field 'Condition' returned an "
                f"unexpected result type. Expected 'boolean', but was '{type(value).__name__}' for value: {value}"
            )
        return value

    return test
