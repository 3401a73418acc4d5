"""JSONPath input/output processing, in AWS's order (examples from the AWS Developer Guide)."""

from __future__ import annotations

from tests.executor.helpers import machine, run

TASK = "arn:aws:states:::lambda:invoke"


def test_input_path_parameters_result_selector_result_path_output_path_in_order() -> None:
    # The "InputPath, Parameters, ResultSelector, ResultPath and OutputPath" walk-through of the
    # AWS Developer Guide, with the Lambda result mocked.
    definition = machine(
        (
            "Task",
            {
                "Type": "Task",
                "Resource": TASK,
                "InputPath": "$.library",
                "Parameters": {"staticValue": "Just a string", "catalog": {"myFavoriteItem.$": "$.movies[0]"}},
                "ResultSelector": {"modifiedPayload.$": "$.Payload.body"},
                "ResultPath": "$.TaskResult",
                "OutputPath": "$.TaskResult",
                "End": True,
            },
        )
    )
    result = run(
        definition,
        {"comment": "x", "library": {"movies": ["Dune", "Heat"]}},
        mocks={"Task": {"return": {"Payload": {"body": {"hello": "world"}}, "StatusCode": 200}}},
    )
    assert result.output == {"modifiedPayload": {"hello": "world"}}
    scheduled = next(event for event in result.history() if event.type == "TaskScheduled")
    assert scheduled.details is not None
    assert scheduled.details["parameters"] == '{"staticValue":"Just a string","catalog":{"myFavoriteItem":"Dune"}}'
    assert scheduled.as_json()["taskScheduledEventDetails"]["resourceType"] == "lambda"


def test_result_path_creates_missing_objects_and_keeps_the_input() -> None:
    definition = machine(("P", {"Type": "Pass", "Result": 7, "ResultPath": "$.a.b.c", "End": True}))
    assert run(definition, {"x": 1}).output == {"x": 1, "a": {"b": {"c": 7}}}


def test_null_result_path_discards_the_result_and_null_paths_give_empty_objects() -> None:
    definition = machine(
        ("Discard", {"Type": "Pass", "Result": 7, "ResultPath": None, "Next": "Empty"}),
        ("Empty", {"Type": "Pass", "InputPath": None, "End": True}),
    )
    result = run(definition, {"x": 1})
    assert result.output == {}
    assert result.events[2][2] == {"name": "Discard", "output": {"x": 1}}


def test_indefinite_path_yields_a_list() -> None:
    definition = machine(("P", {"Type": "Pass", "Parameters": {"titles.$": "$.books[*].title"}, "End": True}))
    assert run(definition, {"books": [{"title": "a"}, {"title": "b"}]}).output == {"titles": ["a", "b"]}


def test_missing_input_path_is_states_runtime_naming_the_state() -> None:
    definition = machine(("P", {"Type": "Pass", "InputPath": "$.nope", "End": True}))
    result = run(definition, {"x": 1})
    assert result.status == "FAILED"
    assert result.error == "States.Runtime"
    assert result.cause == (
        "An error occurred while executing the state 'P' (entered at the event id #2). "
        "Invalid path '$.nope' : No results for path: $['nope']"
    )


def test_context_object_has_execution_state_and_state_machine() -> None:
    definition = machine(("P", {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True}))
    result = run(definition, {"k": 1}, state_machine_name="Orders", execution_name="e1")
    ctx = result.output["ctx"]
    assert ctx["Execution"]["Input"] == {"k": 1}
    assert ctx["Execution"]["Name"] == "e1"
    assert ctx["StateMachine"]["Name"] == "Orders"
    assert ctx["StateMachine"]["Id"].endswith(":stateMachine:Orders")
    assert ctx["State"]["Name"] == "P"
    assert ctx["State"]["EnteredTime"] == "2024-01-01T00:00:00.000Z"


def test_intrinsic_function_in_parameters() -> None:
    definition = machine(
        ("P", {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "End": True})
    )
    assert run(definition, {"name": "Ada"}).output == {"greeting": "Hello, Ada!"}


def test_payload_over_256_kib_is_data_limit_exceeded() -> None:
    definition = machine(("P", {"Type": "Pass", "Result": {"big": "a" * (256 * 1024)}, "End": True}))
    result = run(definition)
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")
