"""JSONata with Step Functions' bindings and added functions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sfndeploy.asl import jsonata as jsonata_module
from sfndeploy.asl.jsonata import (
    JsonataRuntimeError,
    JsonataSyntaxError,
    compile_jsonata,
    compile_jsonata_template,
    is_jsonata_template,
    jsonata_expression,
)

STATES: dict[str, Any] = {"input": {"items": [1, 2, 3], "name": "x", "none": None}, "context": {"State": {"Name": "S"}}}


def run(text: str, variables: dict[str, Any] | None = None) -> Any:
    return compile_jsonata(text).evaluate(STATES, variables or {})


def failure(text: str, variables: dict[str, Any] | None = None) -> JsonataRuntimeError:
    with pytest.raises(JsonataRuntimeError) as caught:
        run(text, variables)
    assert caught.value.error == "States.QueryEvaluationError"
    return caught.value


@pytest.mark.parametrize(
    ("value", "expected"),
    [("{% 1 %}", True), ("{%%}", True), (" {% 1 %}", False), ("{% 1 %} ", False), ("1", False), (1, False)],
)
def test_is_jsonata_template(value: Any, expected: bool) -> None:
    assert is_jsonata_template(value) is expected


def test_expression_inside_the_delimiters() -> None:
    assert jsonata_expression("{% $states.input %}") == "$states.input"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$states.input.items", [1, 2, 3]),
        ("$sum($states.input.items)", 6),
        ("$states.input.none", None),
        ("$states.context.State.Name", "S"),
        ("$count($states.input.items) * 2", 6),
        ("$v", None),
        ("$w.a", 1),
        ("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)", [[1, 2, 3, 4], [5, 6, 7, 8], [9]]),
        ("$partition([0], 2)", [[0]]),
        ("$range(0, 10, 2)", [0, 2, 4, 6, 8, 10]),
        ("$range(1, 9, 9)", 1),
        ("$hash('input data', 'MD5')", "812f45842bc6d66ee14572ce20db8e86"),
        ("$parse('{\"a\": [1, null]}')", {"a": [1, None]}),
        ("$parse('-0')", 0),
    ],
)
def test_values(text: str, expected: Any) -> None:
    assert run(text, {"v": None, "w": {"a": 1}}) == expected


def test_random_and_uuid() -> None:
    assert 0 <= run("$random()") < 1
    assert run("$random(42)") == run("$random(42)")
    assert re.fullmatch(r"[0-9a-f-]{36}", run("$uuid()"))


def test_undefined_is_an_error_with_aws_wording() -> None:
    error = failure("$doesNotExist")
    assert error.cause_for("Output") == (
        "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined)."
    )


def test_unknown_functions_fail_like_aws() -> None:
    error = failure("$randomSeeded($states.input.items)")
    assert error.cause_for("Output/FunctionResult") == (
        "The JSONata expression '$randomSeeded($states.input.items)' specified for the field "
        "'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function"
    )


def test_eval_is_not_available() -> None:
    assert failure("$eval('1 + 1')").code == "T1006"


def test_a_function_result_is_unsupported() -> None:
    assert failure("$fn := function($x){$x}").reason == "returned an unsupported result type."


def test_added_function_errors() -> None:
    assert "positive integer" in failure("$partition([1], 0)").reason
    assert "SHA-2" in failure("$hash('x', 'SHA-2')").reason
    assert "not valid JSON" in failure("$parse('{')").reason
    assert "1000" in failure("$range(0, 1000, 1)").reason


def test_syntax_errors_have_a_code_and_position() -> None:
    with pytest.raises(JsonataSyntaxError) as caught:
        compile_jsonata("1 +")
    assert caught.value.code == "S0207"
    assert caught.value.position == 3
    with pytest.raises(JsonataSyntaxError):
        compile_jsonata("   ")


def test_templates_evaluate_every_leaf_and_copy_constants() -> None:
    template = compile_jsonata_template({"a": "{% $states.input.name %}", "b": [1, "{% 1 + 1 %}"], "c": {"d": 1}})
    first = template.evaluate(STATES, {})
    assert first == {"a": "x", "b": [1, 2], "c": {"d": 1}}
    first["c"]["d"] = 2
    assert template.evaluate(STATES, {})["c"] == {"d": 1}
    assert [expression.text for expression in template.expressions] == ["$states.input.name", "1 + 1"]


def test_template_failures_name_the_field() -> None:
    template = compile_jsonata_template({"result": {"list": [0, "{% $nope %}"]}})
    with pytest.raises(JsonataRuntimeError) as caught:
        template.evaluate(STATES, {})
    assert caught.value.cause_for("Output") == (
        "The JSONata expression '$nope' specified for the field 'Output/result/list/1' returned nothing (undefined)."
    )


def test_a_whole_field_expression() -> None:
    assert compile_jsonata_template("{% $states.input.items[0] %}").evaluate(STATES, {}) == 1


def test_a_virtual_clock_fixes_now_and_millis() -> None:
    result = compile_jsonata("[$now(), $millis()]").evaluate({}, {}, now_ms=1_700_000_000_000)
    assert result == ["2023-11-14T22:13:20.000Z", 1_700_000_000_000]
    template = compile_jsonata_template({"at": "{% $now() %}"})
    assert template.evaluate({}, {}, now_ms=0) == {"at": "1970-01-01T00:00:00.000Z"}


@pytest.mark.parametrize(
    "value",
    [[], [1], [[1]], [1, 2], {"x": []}, None, 1.0, 2.5, "s", True, [None], {"b": 1}, [{"b": 1}, {"b": 2}]],
)
def test_plain_paths_take_a_shortcut_with_the_same_result(value: Any) -> None:
    # "(...)" defeats the shortcut, so both forms go through different code
    states = {"input": {"a": value}}
    variables = {"v": {"a": value}}
    for text in ("$states.input.a", "$v.a", "$states.input.a.b"):
        assert _outcome(text, states, variables) == _outcome(f"({text})", states, variables)


def _outcome(text: str, states: dict[str, Any], variables: dict[str, Any]) -> Any:
    try:
        return ("value", compile_jsonata(text).evaluate(states, variables))
    except JsonataRuntimeError as error:
        return ("error", error.reason)


def test_a_runaway_expression_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonata_module, "EVALUATION_TIME_LIMIT", 0.2)
    error = failure("($loop := function(){$loop()}; $loop())")
    assert error.code == "U1001"
    assert "Expression evaluation timeout" in error.reason


@pytest.mark.parametrize("text", ["1/0", "$number('x')"])
def test_python_errors_inside_the_evaluator_become_query_errors(text: str) -> None:
    assert failure(text).reason.startswith("threw an error during evaluation. ")
