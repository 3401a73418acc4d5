"""Payload templates (Parameters, ItemSelector, ResultSelector) with .$ fields."""

from __future__ import annotations

from typing import Any

import pytest

from sfndeploy.asl.intrinsics import IntrinsicSyntaxError
from sfndeploy.asl.jsonpath import CompiledPath, JsonPathSyntaxError
from sfndeploy.asl.payload import PayloadPathNotFound, PayloadSyntaxError, compile_payload

INPUT = {"order": {"id": "o-1", "lines": [{"sku": "a"}, {"sku": "b"}]}}
CONTEXT = {"Execution": {"Id": "arn:x"}, "Map": {"Item": {"Index": 3}}}
VARIABLES = {"customer": {"name": "Ann"}}


def resolve(path: CompiledPath) -> Any:
    if path.root == "$$":
        return path.evaluate(CONTEXT)
    if path.variable is not None:
        return path.evaluate(VARIABLES[path.variable])
    return path.evaluate(INPUT)


def test_fields_with_dollar_suffix_are_evaluated() -> None:
    payload = compile_payload(
        {
            "id.$": "$.order.id",
            "skus.$": "$.order.lines[*].sku",
            "execution.$": "$$.Execution.Id",
            "customer.$": "$customer.name",
            "count.$": "States.ArrayLength($.order.lines)",
            "static": {"nested.$": "$$.Map.Item.Index", "list": [{"x.$": "$.order.id"}, 1]},
            "plain": "$.not.evaluated",
        }
    )
    assert payload.evaluate(resolve) == {
        "id": "o-1",
        "skus": ["a", "b"],
        "execution": "arn:x",
        "customer": "Ann",
        "count": 2,
        "static": {"nested": 3, "list": [{"x": "o-1"}, 1]},
        "plain": "$.not.evaluated",
    }
    assert [path.text for path in payload.paths] == [
        "$.order.id",
        "$.order.lines[*].sku",
        "$$.Execution.Id",
        "$customer.name",
        "$.order.lines",
        "$$.Map.Item.Index",
        "$.order.id",
    ]
    assert len(payload.intrinsics) == 1


def test_constants_are_fresh_copies() -> None:
    payload = compile_payload({"a": {"b": [1]}})
    first = payload.evaluate(resolve)
    first["a"]["b"].append(2)
    assert payload.evaluate(resolve) == {"a": {"b": [1]}}


def test_missing_path_names_the_field() -> None:
    payload = compile_payload({"value.$": "$.no_such_jsonpath"})
    with pytest.raises(PayloadPathNotFound) as caught:
        payload.evaluate(resolve)
    assert caught.value.field_name == "value.$"
    assert caught.value.cause('{"a":1}') == (
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' "
        "could not be found in the input '{\"a\":1}'"
    )


def test_missing_path_inside_an_intrinsic_names_the_field() -> None:
    payload = compile_payload({"v.$": "States.Format('{}', $.nope)"})
    with pytest.raises(PayloadPathNotFound) as caught:
        payload.evaluate(resolve)
    assert (caught.value.field_name, caught.value.path_text) == ("v.$", "$.nope")


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ({"a.$": 1}, PayloadSyntaxError),
        ({"a.$": "plain text"}, PayloadSyntaxError),
        ({"a.$": "$.x["}, JsonPathSyntaxError),
        ({"a.$": "States.Nope()"}, IntrinsicSyntaxError),
    ],
)
def test_bad_fields_fail_at_compile_time(template: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        compile_payload(template)
