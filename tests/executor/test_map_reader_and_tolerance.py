"""Distributed Map details: what the ItemReader is asked for, and the failure-threshold error."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor import MockOutcome
from tests.executor.helpers import machine, run

ITEMS = [{"id": 1}, {"id": 2}]
# AWS's cause text, as its TestState API reports it for a Map over its failure threshold
THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded"


class RecordingReader:
    """A mock responder that returns ``ITEMS`` and remembers each request it was given."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, Any]] = []

    def respond(self, state_name: str, invocation: int, request: Any) -> MockOutcome:
        self.requests.append((state_name, request))
        return MockOutcome(result=ITEMS)


def _distributed(reader: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, **reader},
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
        "End": True,
        **extra,
    }


def test_item_reader_parameters_are_evaluated_against_the_state_input() -> None:
    reader = {"Parameters": {"Bucket.$": "$.bucket", "Key.$": "States.Format('{}.json', $.name)", "Fixed": "x"}}
    definition = machine(("Fan", _distributed(reader, InputPath="$.source")))
    responder = RecordingReader()
    result = run(definition, {"source": {"bucket": "b1", "name": "items"}}, mocks=responder)
    assert result.output == ITEMS
    assert responder.requests == [("Fan", {"Bucket": "b1", "Key": "items.json", "Fixed": "x"})]


def test_item_reader_arguments_are_evaluated_with_jsonata() -> None:
    reader = {"Arguments": {"Bucket": "{% $states.input.bucket %}", "Key": "{% $states.input.name & '.json' %}"}}
    definition = machine(("Fan", _distributed(reader)), QueryLanguage="JSONata")
    responder = RecordingReader()
    result = run(definition, {"bucket": "b2", "name": "more"}, mocks=responder)
    assert result.output == ITEMS
    assert responder.requests == [("Fan", {"Bucket": "b2", "Key": "more.json"})]


def test_item_reader_parameter_path_missing_is_a_runtime_error() -> None:
    definition = machine(("Fan", _distributed({"Parameters": {"Bucket.$": "$.nowhere"}})))
    result = run(definition, {"bucket": "b"}, mocks=RecordingReader())
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
    assert "$.nowhere" in (result.cause or "")


def test_exceeding_the_tolerated_failures_has_aws_cause() -> None:
    definition = machine(
        (
            "Each",
            {
                "Type": "Map",
                "ToleratedFailureCount": 0,
                "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "item"}}},
                "End": True,
            },
        )
    )
    result = run(definition, [1])
    assert (result.error, result.cause) == ("States.ExceedToleratedFailureThreshold", THRESHOLD_CAUSE)
    # without a declared tolerance the iteration's own error fails the Map
    del definition["States"]["Each"]["ToleratedFailureCount"]
    assert (run(definition, [1]).error, run(definition, [1]).cause) == ("Bad", "item")


def test_a_distributed_map_run_fails_on_its_default_threshold() -> None:
    definition = machine(
        (
            "Fan",
            {
                "Type": "Map",
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "F",
                    "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "item"}},
                },
                "End": True,
            },
        )
    )
    result = run(definition, [1, 2])
    assert (result.error, result.cause) == ("States.ExceedToleratedFailureThreshold", THRESHOLD_CAUSE)
    run_failed = [details for kind, _, details in result.events if kind == "MapRunFailed"]
    assert run_failed == [{"error": "States.ExceedToleratedFailureThreshold", "cause": THRESHOLD_CAUSE}]


def test_a_runtime_error_in_an_inline_iteration_is_not_tolerated() -> None:
    # AWS: States.Runtime is never retried or caught and always fails the execution
    definition = machine(
        (
            "Each",
            {
                "Type": "Map",
                "ToleratedFailureCount": 5,
                "ItemProcessor": {
                    "StartAt": "P",
                    "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$.missing"}, "End": True}},
                },
                "End": True,
            },
        )
    )
    result = run(definition, [{"a": 1}, {"missing": 2}])
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
    assert result.event_types()[-3:] == ["PassStateEntered", "MapIterationFailed", "ExecutionFailed"]
    assert run(definition, [{"missing": 1}, {"missing": 2}]).succeeded


class FixedReader:
    """A mock responder whose ItemReader returns the given object content."""

    def __init__(self, content: Any) -> None:
        self.content = content

    def respond(self, state_name: str, invocation: int, request: Any) -> MockOutcome:
        return MockOutcome(result=self.content)


def test_reader_config_delimiters_json_lines_and_max_items() -> None:
    csv_reader = {"ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": "PIPE"}}
    piped = run(machine(("Fan", _distributed(csv_reader))), {}, mocks=FixedReader("id|name\n1|a,b\n2|c\n"))
    assert piped.output == [{"id": "1", "name": "a,b"}, {"id": "2", "name": "c"}]

    lines = {"ReaderConfig": {"InputType": "JSONL", "MaxItems": 2}}
    result = run(machine(("Fan", _distributed(lines))), {}, mocks=FixedReader('{"n": 1}\n{"n": 2}\n\n{"n": 3}\n'))
    assert result.output == [{"n": 1}, {"n": 2}]

    from_input = {"ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.limit"}}
    limited = run(machine(("Fan", _distributed(from_input))), {"limit": 1}, mocks=FixedReader([1, 2, 3]))
    assert limited.output == [1]
