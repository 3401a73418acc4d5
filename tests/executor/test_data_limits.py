"""``States.DataLimitExceeded``: AWS's 256 KiB quota on state output, input after Parameters, task results.

AWS documents the error for "the output of a connector", "the output of a state" and "the input of
a state after Parameters processing" larger than the payload quota; the cause text and the
``TaskFailed`` event for a too-large task result follow the recorded conformance cases
``states_errors.*data_limit_exceeded*`` and ``states_errors.start_large_input``.
"""

from __future__ import annotations

from tests.executor.helpers import machine, run

LAMBDA = "arn:aws:states:::lambda:invoke"
KIB_150 = "x" * (150 * 1024)


def _cause(source: str) -> str:
    return (
        f"The state/task '{source}' returned a result with a size exceeding the maximum number of bytes "
        "service limit."
    )


def test_parameters_producing_an_input_over_the_quota_fail_the_state() -> None:
    definition = machine(("Double", {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": True}))
    result = run(definition, {"s": KIB_150})
    assert (result.status, result.error, result.cause) == ("FAILED", "States.DataLimitExceeded", _cause("Double"))
    assert result.event_types() == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]


def test_a_state_output_over_the_quota_fails_the_execution_even_with_a_catch() -> None:
    definition = machine(
        (
            "Fetch",
            {
                "Type": "Task",
                "Resource": LAMBDA,
                "ResultPath": "$.fetched",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                "End": True,
            },
        ),
        ("Handled", {"Type": "Succeed"}),
    )
    result = run(definition, {"s": KIB_150}, mocks={"Fetch": {"return": KIB_150}})
    assert (result.status, result.error, result.cause) == ("FAILED", "States.DataLimitExceeded", _cause("Fetch"))
    types = result.event_types()
    assert "TaskSucceeded" in types  # the call itself returned 150 KiB: within the quota
    assert "TaskStateExited" not in types
    assert "PassStateEntered" not in types and "SucceedStateEntered" not in types


def test_a_task_result_over_the_quota_is_a_failed_call_that_a_catch_handles() -> None:
    definition = machine(
        (
            "Fetch",
            {
                "Type": "Task",
                "Resource": LAMBDA,
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}],
                "End": True,
            },
        ),
        ("Handled", {"Type": "Pass", "End": True}),
    )
    result = run(definition, {}, mocks={"Fetch": {"return": KIB_150 + KIB_150}})
    assert result.succeeded
    assert result.output == {"error": {"Error": "States.DataLimitExceeded", "Cause": _cause("lambda")}}
    assert "TaskFailed" in result.event_types()
    assert "TaskSucceeded" not in result.event_types()


def test_a_lambda_function_arn_task_names_the_function_in_the_cause() -> None:
    function = "arn:aws:lambda:us-east-1:123456789012:function:big"
    definition = machine(("Call", {"Type": "Task", "Resource": function, "End": True}))
    result = run(definition, {}, mocks={"Call": {"return": {"StatusCode": 200, "Payload": KIB_150 * 2}}})
    assert (result.error, result.cause) == ("States.DataLimitExceeded", _cause(function))
    assert "LambdaFunctionFailed" in result.event_types()


def test_a_map_whose_combined_output_is_over_the_quota_fails() -> None:
    definition = machine(
        (
            "Each",
            {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemSelector": {"text.$": "$.s"},
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
                "End": True,
            },
        )
    )
    small = run(definition, {"items": [1], "s": KIB_150})
    assert small.succeeded
    result = run(definition, {"items": [1, 2], "s": KIB_150})
    assert (result.error, result.cause) == ("States.DataLimitExceeded", _cause("Each"))
    assert result.event_types()[-3:] == ["MapIterationSucceeded", "MapStateSucceeded", "ExecutionFailed"]


def test_jsonata_output_over_the_quota_fails() -> None:
    definition = machine(
        ("Grow", {"Type": "Pass", "Output": "{% [$states.input.s, $states.input.s] %}", "End": True}),
        QueryLanguage="JSONata",
    )
    result = run(definition, {"s": KIB_150})
    assert (result.error, result.cause) == ("States.DataLimitExceeded", _cause("Grow"))


def test_multibyte_text_counts_in_utf8_bytes() -> None:
    definition = machine(("Echo", {"Type": "Pass", "Parameters": {"t.$": "$.t"}, "End": True}))
    # 70,000 three-byte characters: 210,000 bytes, under the quota; twice that is over it
    assert run(definition, {"t": "€" * 70_000}).succeeded
    wrapped = machine(("Echo", {"Type": "Pass", "Parameters": {"t.$": "$.t", "u.$": "$.t"}, "End": True}))
    assert run(wrapped, {"t": "€" * 70_000}).error == "States.DataLimitExceeded"


def test_escaped_control_characters_count_as_written_in_json() -> None:
    # each \u0001 is 6 bytes of JSON: the input (40,000 + 3,000 of them) is about 258,000 bytes,
    # within the quota; copying the short one twice more makes about 276,000
    execution_input = {"t": "\u0001" * 40_000, "u": "\u0001" * 3_000}
    same = machine(("Echo", {"Type": "Pass", "Parameters": {"t.$": "$.t", "u.$": "$.u"}, "End": True}))
    assert run(same, execution_input).succeeded
    grown = machine(
        ("Echo", {"Type": "Pass", "Parameters": {"t.$": "$.t", "u.$": "$.u", "v.$": "$.u", "w.$": "$.u"}, "End": True})
    )
    assert run(grown, execution_input).error == "States.DataLimitExceeded"


def test_jsonata_arguments_over_the_quota_fail_the_task_before_the_call() -> None:
    definition = machine(
        (
            "Call",
            {
                "Type": "Task",
                "Resource": LAMBDA,
                "Arguments": {"Payload": "{% [$states.input.s, $states.input.s] %}"},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                "End": True,
            },
        ),
        ("Handled", {"Type": "Succeed"}),
        QueryLanguage="JSONata",
    )
    result = run(definition, {"s": KIB_150}, mocks={"Call": {"return": 1}})
    # raised while the Task runs, so its Catch sees it, as with a too-large task result
    assert result.output == {"Error": "States.DataLimitExceeded", "Cause": _cause("Call")}
    assert "TaskScheduled" not in result.event_types()
