"""``$$.Map.Item.Source``, the ItemReader without a mock, and how a Lambda function ARN's mock is read."""

from __future__ import annotations

from typing import Any

import pytest

from sfndeploy.errors import ExecutionSetupError
from sfndeploy.executor.mocks import NoMocks, lambda_function_result
from tests.executor.helpers import machine, run

SELECT_SOURCE = {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "source.$": "$$.Map.Item.Source"}
PROCESSOR = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def _map(mode: str, **fields: Any) -> dict[str, Any]:
    processor = {**PROCESSOR, "ProcessorConfig": {"Mode": mode}}
    if mode == "DISTRIBUTED":
        processor["ProcessorConfig"]["ExecutionType"] = "STANDARD"
    return {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}


def _reader(resource: str, **parameters: Any) -> dict[str, Any]:
    return {
        "Resource": f"arn:aws:states:::s3:{resource}",
        "ReaderConfig": {"InputType": "JSON"},
        "Parameters": parameters,
    }


@pytest.mark.parametrize("mode", ["INLINE", "DISTRIBUTED"])
def test_items_from_the_state_input_have_source_state_data(mode: str) -> None:
    definition = machine(("Fan", _map(mode, ItemsPath="$.items", ItemSelector=SELECT_SOURCE)))
    result = run(definition, {"items": ["a", "b"]})
    assert result.status == "SUCCEEDED", result.cause
    assert result.output == [
        {"index": 0, "value": "a", "source": "STATE_DATA"},
        {"index": 1, "value": "b", "source": "STATE_DATA"},
    ]


def test_items_of_an_s3_object_have_the_objects_uri_as_source() -> None:
    reader = _reader("getObject", **{"Bucket.$": "$.bucket", "Key": "in/items.json"})
    definition = machine(("Fan", _map("DISTRIBUTED", ItemReader=reader, ItemSelector=SELECT_SOURCE)))
    result = run(definition, {"bucket": "orders"}, mocks={"Fan": {"return": [{"id": 7}]}})
    assert result.output == [{"index": 0, "value": {"id": 7}, "source": "S3://orders/in/items.json"}]


def test_items_of_an_s3_listing_have_the_buckets_uri_as_source() -> None:
    reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "logs", "Prefix": "2026/"}}
    definition = machine(("Fan", _map("DISTRIBUTED", ItemReader=reader, ItemSelector={"s.$": "$$.Map.Item.Source"})))
    listing = {"Contents": [{"Key": "2026/a.log"}, {"Key": "2026/b.log"}]}
    result = run(definition, {}, mocks={"Fan": {"return": listing}})
    assert result.output == [{"s": "S3://logs"}, {"s": "S3://logs"}]


def test_jsonata_item_selector_reads_the_source_from_states_context() -> None:
    selector = {"source": "{% $states.context.Map.Item.Source %}", "value": "{% $states.context.Map.Item.Value %}"}
    definition = machine(("Fan", _map("INLINE", Items="{% $states.input.items %}", ItemSelector=selector)))
    definition["QueryLanguage"] = "JSONata"
    result = run(definition, {"items": [1]})
    assert result.output == [{"source": "STATE_DATA", "value": 1}]


def test_an_item_reader_without_a_mock_under_echo_tasks_names_the_state_and_the_remedy() -> None:
    definition = machine(("Fan", _map("DISTRIBUTED", ItemReader=_reader("getObject", Bucket="b", Key="k"))))
    with pytest.raises(ExecutionSetupError) as raised:
        run(definition, {}, mocks=NoMocks(echo=True))
    message = raised.value.one_line()
    assert message.startswith("'Fan': the ItemReader of Map state 'Fan' needs a mock:")
    assert "Map state input must be an array" not in message
    assert "mock the state 'Fan' with the object's content" in message
    assert "\n" not in message


def test_an_item_reader_without_any_mock_says_the_same() -> None:
    definition = machine(("Fan", _map("DISTRIBUTED", ItemReader=_reader("getObject", Bucket="b", Key="k"))))
    with pytest.raises(ExecutionSetupError, match="the ItemReader of Map state 'Fan' needs a mock"):
        run(definition, {}, mocks=NoMocks())


def _lambda_task() -> dict[str, Any]:
    return machine(
        ("Call", {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:f", "End": True})
    )


@pytest.mark.parametrize(
    ("mocked", "expected"),
    [
        ({"StatusCode": 200, "Payload": {"ok": True}}, {"ok": True}),
        ({"StatusCode": 200, "Payload": "text", "ExecutedVersion": "$LATEST"}, "text"),
        ({"Payload": {"ok": True}}, {"Payload": {"ok": True}}),
        ({"Payload": 1, "Other": 2}, {"Payload": 1, "Other": 2}),
        ({"StatusCode": 200, "Payload": 1, "Extra": True}, {"StatusCode": 200, "Payload": 1, "Extra": True}),
        ({"StatusCode": "200", "Payload": 1}, {"StatusCode": "200", "Payload": 1}),
        ([1, 2], [1, 2]),
    ],
)
def test_a_lambda_function_mock_is_unwrapped_only_in_the_invoke_response_form(mocked: Any, expected: Any) -> None:
    assert lambda_function_result(mocked) == expected
    result = run(_lambda_task(), {}, mocks={"Call": {"return": mocked}})
    assert result.output == expected


def test_the_lambda_invoke_integration_keeps_the_whole_response() -> None:
    definition = machine(
        (
            "Call",
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"},
                "End": True,
            },
        )
    )
    response = {"StatusCode": 200, "Payload": {"ok": True}}
    assert run(definition, {}, mocks={"Call": {"return": response}}).output == response
