"""``test --against-aws``: TestState requests and the comparison with AWS's answers.

moto does not serve TestState, so AWS's side is botocore's Stubber, which checks every request
against botocore's service model. The responses are written in TestState's documented shape
(API reference and the developer guide's "Testing state machines with TestState API"): JSON text
in ``output`` and ``inspectionData.variables``, ``status`` SUCCEEDED / CAUGHT_ERROR / FAILED /
RETRIABLE, ``nextState`` absent at the end or on failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from sfndeploy.aws.api import AwsApi
from sfndeploy.executor.against_aws.check import WorkflowCheck, check_workflow
from sfndeploy.executor.against_aws.compare import ABSENT, CONTEXT_NOTE, Disagreement, differing_paths
from sfndeploy.executor.against_aws.live import AgainstAwsError, aws_state_tester
from sfndeploy.executor.against_aws.report import as_json, junit_cases, text_lines
from sfndeploy.executor.against_aws.requests import Skip, state_request
from sfndeploy.executor.engine import ExecutionOptions, StateMachine
from sfndeploy.executor.testing.cases import WorkflowTestCase
from sfndeploy.executor.testing.coverage import measure_coverage
from sfndeploy.executor.testing.runner import run_case
from sfndeploy.executor.testing.suite import WorkflowTests

ROLE = "arn:aws:iam::123456789012:role/dev-orders-role"
WORK = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
DEFINITION: dict[str, Any] = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "ResultSelector": {"id.$": "$.Payload.id"},
            "ResultPath": "$.charge",
            "Assign": {"chargeId.$": "$.id"},
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Declined"}],
            "Next": "IsBig",
        },
        "IsBig": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"}],
            "Default": "Receipt",
        },
        "Review": {"Type": "Pass", "Next": "Receipt"},
        "Receipt": {
            "Type": "Pass",
            "QueryLanguage": "JSONata",
            "Output": "{% {'order': $states.input.orderId, 'charge': $chargeId} %}",
            "Assign": {"done": "{% true %}"},
            "End": True,
        },
        "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "card declined"},
    },
}
TEXT = json.dumps(DEFINITION)
SMALL = WorkflowTestCase(
    name="small order",
    file=Path("orders.tests.yaml"),
    line=2,
    input={"orderId": "o-1", "total": 20},
    mocks={"Charge": {"return": {"Payload": {"id": "ch-1"}}}},
)
THROTTLED = WorkflowTestCase(
    name="throttled then declined",
    file=Path("orders.tests.yaml"),
    line=9,
    input={"orderId": "o-2", "total": 20},
    mocks={"Charge": {"error": "Lambda.TooManyRequestsException", "cause": "slow down"}},
)
CHARGED = {"orderId": "o-1", "total": 20, "charge": {"id": "ch-1"}}
RECEIPT = {"order": "o-1", "charge": "ch-1"}
THROTTLE_OUTPUT = {
    "orderId": "o-2",
    "total": 20,
    "error": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"},
}


def stubbed() -> tuple[AwsApi, Stubber]:
    client = boto3.client(
        "stepfunctions",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        endpoint_url="https://states.us-east-1.amazonaws.com",
    )
    return AwsApi(lambda _: client, region="us-east-1", sleep=lambda _: None), Stubber(client)


def inspected(*cases: WorkflowTestCase) -> WorkflowTests:
    machine = StateMachine(DEFINITION)
    options = ExecutionOptions(state_machine_name="dev-orders", execution_name="case", inspect=True)
    results = tuple(run_case(machine, case, options, ["orders"]) for case in cases)
    coverage = measure_coverage(DEFINITION, (each.result for each in results))
    return WorkflowTests("orders", Path("orders.tests.yaml"), results, coverage)


def request(state: str, state_input: Any, **extra: Any) -> dict[str, Any]:
    return {
        "definition": TEXT,
        "stateName": state,
        "roleArn": ROLE,
        "input": json.dumps(state_input),
        "inspectionLevel": "DEBUG",
        **extra,
    }


def answer(status: str, output: Any = None, next_state: str | None = None, **fields: Any) -> dict[str, Any]:
    """A TestState response; ``variables`` goes into inspectionData as JSON text."""
    response: dict[str, Any] = {"status": status}
    if output is not None:
        response["output"] = json.dumps(output)
    if next_state is not None:
        response["nextState"] = next_state
    variables = fields.pop("variables", None)
    response.update(fields)
    response["inspectionData"] = {"variables": json.dumps(variables)} if variables is not None else {}
    return response


def expect_small_order(stubber: Stubber, *, receipt: dict[str, Any] | None = None, **charge: Any) -> None:
    stubber.add_response(
        "test_state",
        answer("SUCCEEDED", CHARGED, "IsBig", variables={"chargeId": "ch-1"}) | charge,
        request(
            "Charge",
            SMALL.input,
            mock={"result": json.dumps({"Payload": {"id": "ch-1"}}), "fieldValidationMode": "NONE"},
            context=ANY,
        ),
    )
    stubber.add_response(
        "test_state",
        answer("SUCCEEDED", CHARGED, "Receipt", variables={"chargeId": "ch-1"}),
        request("IsBig", CHARGED, variables=json.dumps({"chargeId": "ch-1"}), revealSecrets=False),
    )
    stubber.add_response(
        "test_state",
        receipt or answer("SUCCEEDED", RECEIPT, variables={"chargeId": "ch-1", "done": True}),
        request("Receipt", CHARGED, variables=json.dumps({"chargeId": "ch-1"}), revealSecrets=False),
    )


def check(api: AwsApi, *cases: WorkflowTestCase) -> WorkflowCheck:
    return check_workflow(DEFINITION, inspected(*cases), ROLE, aws_state_tester(api, "dev-orders", "dev", ROLE))


def test_agreement_on_a_task_a_choice_and_a_jsonata_pass() -> None:
    api, stubber = stubbed()
    expect_small_order(stubber)
    with stubber:
        result = check(api, SMALL)
    stubber.assert_no_pending_responses()
    (case,) = result.cases
    assert (case.agrees, case.sent, case.disagreements, case.not_sent) == (True, 3, (), ())
    assert (result.calls, result.disagreeing) == (3, 0)
    assert text_lines(result) == [
        "orders against AWS: 1/1 cases agree, 3 state run(s) checked with 3 TestState call(s)",
        "  AGREE small order",
    ]


def test_the_task_request_carries_its_mock_and_its_context_object() -> None:
    api, stubber = stubbed()
    sent: list[dict[str, Any]] = []

    def keep(request: dict[str, Any]) -> Any:
        sent.append(request)
        return aws_state_tester(api, "dev-orders", "dev", ROLE)(request)

    expect_small_order(stubber)
    with stubber:
        check_workflow(DEFINITION, inspected(SMALL), ROLE, keep)
    context = json.loads(sent[0]["context"])
    assert context["State"] == {"EnteredTime": "2024-01-01T00:00:00.000Z", "Name": "Charge", "RetryCount": 0}
    assert set(context) == {"Execution", "State", "StateMachine"}
    assert set(context["Execution"]) == {"Id", "Input", "Name", "RoleArn", "StartTime"}
    assert context["Execution"]["Name"] == "case"
    assert context["Execution"]["Input"] == SMALL.input
    assert context["StateMachine"]["Name"] == "dev-orders"
    assert [("mock" in each, "context" in each) for each in sent] == [(True, True), (False, False), (False, False)]


@pytest.mark.parametrize(
    ("field", "changed", "local", "aws", "shown"),
    [
        (
            "output",
            {"output": json.dumps({**CHARGED, "charge": "ch-1"})},
            CHARGED,
            {**CHARGED, "charge": "ch-1"},
            'at $.charge local {"id": "ch-1"}, AWS "ch-1"',
        ),
        ("next state", {"nextState": "Review"}, "IsBig", "Review", 'local "IsBig", AWS "Review"'),
        (
            "variables",
            {"inspectionData": {"variables": json.dumps({"chargeId": 1})}},
            {"chargeId": "ch-1"},
            {"chargeId": 1},
            'at $.chargeId local "ch-1", AWS 1',
        ),
        (
            "error",
            {"status": "SUCCEEDED", "error": "States.Runtime"},
            None,
            "States.Runtime",
            'local null, AWS "States.Runtime"',
        ),
    ],
)
def test_each_kind_of_disagreement_names_the_case_the_state_and_the_field(
    field: str, changed: dict[str, Any], local: Any, aws: Any, shown: str
) -> None:
    api, stubber = stubbed()
    expect_small_order(stubber, **changed)
    with stubber:
        result = check(api, SMALL)
    (case,) = result.cases
    assert case.disagreements == (Disagreement("Charge", field, local, aws),)
    lines = text_lines(result)
    assert lines[1] == "  DIFFER small order"
    assert lines[2] == f"       orders.tests.yaml:2: state 'Charge': {field}: {shown}"
    assert result.disagreeing == 1


def test_a_boolean_is_not_a_number_and_a_jsonata_pass_output_is_compared_as_json() -> None:
    api, stubber = stubbed()
    receipt = answer("SUCCEEDED", {"order": "o-1", "charge": "ch-1"}, variables={"chargeId": "ch-1", "done": 1})
    expect_small_order(stubber, receipt=receipt)
    with stubber:
        result = check(api, SMALL)
    (case,) = result.cases
    assert case.disagreements == (
        Disagreement("Receipt", "variables", {"chargeId": "ch-1", "done": True}, {"chargeId": "ch-1", "done": 1}),
    )


def test_a_mocked_error_is_sent_with_the_retries_before_it_and_caught_as_aws_says() -> None:
    api, stubber = stubbed()
    stubber.add_response(
        "test_state",
        answer(
            "CAUGHT_ERROR",
            THROTTLE_OUTPUT,
            "Declined",
            error="Lambda.TooManyRequestsException",
            cause="slow down",
            variables={},
        ),
        request(
            "Charge",
            THROTTLED.input,
            mock={"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "slow down"}},
            context=ANY,
            stateConfiguration={"retrierRetryCount": 2},
        ),
    )
    stubber.add_response(
        "test_state",
        answer("FAILED", error="Declined", cause="card declined"),
        request("Declined", THROTTLE_OUTPUT, revealSecrets=False),
    )
    with stubber:
        result = check(api, THROTTLED)
    stubber.assert_no_pending_responses()
    assert result.cases[0].disagreements == ()


def test_retries_left_at_aws_and_another_catcher_are_disagreements() -> None:
    api, stubber = stubbed()
    stubber.add_response(
        "test_state",
        answer("RETRIABLE", error="Lambda.TooManyRequestsException", cause="slow down"),
        request("Charge", THROTTLED.input, mock=ANY, context=ANY, stateConfiguration={"retrierRetryCount": 2}),
    )
    stubber.add_response(
        "test_state",
        answer("FAILED", error="Declined", cause="card was declined"),
        request("Declined", THROTTLE_OUTPUT, revealSecrets=False),
    )
    with stubber:
        result = check(api, THROTTLED)
    assert result.cases[0].disagreements == (
        Disagreement("Charge", "status", "CAUGHT_ERROR", "RETRIABLE"),
        Disagreement("Declined", "cause", "card declined", "card was declined"),
    )


def test_a_pass_state_that_reads_the_context_object_says_so() -> None:
    definition = {
        "StartAt": "Stamp",
        "States": {"Stamp": {"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name"}, "End": True}},
    }
    case = WorkflowTestCase(name="stamps", file=Path("t.tests.yaml"), line=1, input={})
    machine = StateMachine(definition)
    outcome = run_case(machine, case, ExecutionOptions(execution_name="stamps", inspect=True), ["t"])
    tests = WorkflowTests("t", Path("t.tests.yaml"), (outcome,), None)
    api, stubber = stubbed()
    stubber.add_response("test_state", answer("SUCCEEDED", {"name": "TestState-1a2b"}), None)
    with stubber:
        result = check_workflow(definition, tests, ROLE, aws_state_tester(api, "t", "dev", ROLE))
    assert result.cases[0].disagreements == (
        Disagreement("Stamp", "output", {"name": "stamps"}, {"name": "TestState-1a2b"}, CONTEXT_NOTE),
    )


def test_a_request_aws_turns_down_is_listed_and_the_check_goes_on() -> None:
    api, stubber = stubbed()
    stubber.add_client_error("test_state", "ValidationException", "Invalid Context object provided", 400)
    stubber.add_response("test_state", answer("SUCCEEDED", CHARGED, "Receipt", variables={"chargeId": "ch-1"}), None)
    stubber.add_response(
        "test_state",
        answer("SUCCEEDED", {"order": "o-1", "charge": "ch-1"}, variables={"chargeId": "ch-1", "done": True}),
        None,
    )
    with stubber:
        result = check(api, SMALL)
    (disagreement,) = result.cases[0].disagreements
    assert (disagreement.state, disagreement.field) == ("Charge", "request")
    assert disagreement.aws == (
        "TestState on state 'Charge' of dev-orders failed: ValidationException: Invalid Context object provided"
    )


@pytest.mark.parametrize(
    "message",
    [
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:TestState",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:PassRole on resource: " + ROLE,
    ],
)
def test_a_permission_error_stops_the_check_with_one_line(message: str) -> None:
    api, stubber = stubbed()
    stubber.add_client_error("test_state", "AccessDeniedException", message, 400)
    with stubber, pytest.raises(AgainstAwsError) as raised:
        check(api, SMALL)
    assert raised.value.exit_code == 1
    assert raised.value.one_line() == (
        f"TestState on state 'Charge' of dev-orders failed: AccessDeniedException: {message} (checking against "
        f"AWS needs states:TestState, and iam:PassRole on {ROLE}, for the identity environment dev uses)"
    )


def test_a_parallel_that_failed_inside_is_sent_with_the_state_that_failed() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "Work", "States": {"Work": WORK}}],
                "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": "$.failed", "Next": "Done"}],
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    case = WorkflowTestCase(name="fails", file=Path("p.tests.yaml"), line=1, mocks={"Work": {"error": "Boom"}})
    outcome = run_case(StateMachine(definition), case, ExecutionOptions(inspect=True), ["p"])
    tests = WorkflowTests("p", Path("p.tests.yaml"), (outcome,), None)
    api, stubber = stubbed()
    caught = {"failed": {"Error": "Boom", "Cause": ""}}
    stubber.add_response(
        "test_state",
        answer("CAUGHT_ERROR", caught, "Done", error="Boom", cause=""),
        {
            "definition": json.dumps(definition),
            "stateName": "Both",
            "roleArn": ROLE,
            "input": "{}",
            "inspectionLevel": "DEBUG",
            "mock": {"errorOutput": {"error": "Boom", "cause": ""}},
            "context": ANY,
            "stateConfiguration": {"errorCausedByState": "Work"},
        },
    )
    stubber.add_response("test_state", answer("SUCCEEDED", caught), None)
    with stubber:
        result = check_workflow(definition, tests, ROLE, aws_state_tester(api, "p", "dev", ROLE))
    stubber.assert_no_pending_responses()
    assert (result.cases[0].sent, result.cases[0].disagreements) == (2, ())


def test_a_map_over_its_failure_threshold_is_not_sent_and_says_why() -> None:
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "Work", "States": {"Work": WORK}},
                "ToleratedFailureCount": 0,
                "End": True,
            }
        },
    }
    case = WorkflowTestCase(name="fails", file=Path("m.tests.yaml"), line=1, input=[1], mocks={"Work": {"error": "E"}})
    outcome = run_case(StateMachine(definition), case, ExecutionOptions(inspect=True), ["m"])
    tests = WorkflowTests("m", Path("m.tests.yaml"), (outcome,), None)
    result = check_workflow(definition, tests, ROLE, lambda request: pytest.fail("nothing may be sent"))
    (case_check,) = result.cases
    assert (case_check.sent, case_check.agrees) == (0, True)
    assert [(each.state, each.reason) for each in case_check.not_sent] == [
        ("Each", "a Map over its tolerated failure threshold")
    ]


def test_a_parallel_that_succeeded_is_sent_with_its_branch_results_as_the_mock() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": True}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": True}}},
                ],
                "ResultPath": "$.both",
                "End": True,
            }
        },
    }
    case = WorkflowTestCase(name="both", file=Path("p.tests.yaml"), line=1, input={"x": 0})
    outcome = run_case(StateMachine(definition), case, ExecutionOptions(inspect=True), ["p"])
    tests = WorkflowTests("p", Path("p.tests.yaml"), (outcome,), None)
    api, stubber = stubbed()
    stubber.add_response(
        "test_state",
        answer("SUCCEEDED", {"x": 0, "both": [1, 2]}),
        {
            "definition": json.dumps(definition),
            "stateName": "Both",
            "roleArn": ROLE,
            "input": '{"x": 0}',
            "inspectionLevel": "DEBUG",
            "mock": {"result": "[1, 2]", "fieldValidationMode": "NONE"},
            "context": ANY,
        },
    )
    with stubber:
        result = check_workflow(definition, tests, ROLE, aws_state_tester(api, "p", "dev", ROLE))
    assert result.cases[0].disagreements == ()


def test_json_and_junit_show_each_disagreement() -> None:
    api, stubber = stubbed()
    expect_small_order(stubber, nextState="Review")
    with stubber:
        result = check(api, SMALL)
    (document,) = as_json([result])
    assert document["cases"][0]["disagreements"] == [
        {"state": "Charge", "field": "next state", "local": "IsBig", "aws": "Review", "note": None}
    ]
    assert (document["role_arn"], document["test_state_calls"]) == (ROLE, 3)
    ((suite, (junit_case,)),) = junit_cases([result]).items()
    assert suite == "orders against AWS"
    assert junit_case.failures == ("state 'Charge': next state: local \"IsBig\", AWS \"Review\"",)


def test_differing_places_are_found_inside_objects_and_arrays() -> None:
    assert differing_paths({"a": [1, {"b": True}], "c": 1}, {"a": [1, {"b": 1}], "d": 1}) == [
        ("$.a[1].b", True, 1),
        ("$.c", 1, ABSENT),
        ("$.d", ABSENT, 1),
    ]
    assert differing_paths({"a": 1.0}, {"a": 1}) == []


def test_a_callback_task_sends_its_task_token_in_the_context_object() -> None:
    definition = {
        "StartAt": "Ask",
        "States": {
            "Ask": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                "End": True,
            }
        },
    }
    machine = StateMachine(definition)
    case = WorkflowTestCase(name="asks", file=Path("a.tests.yaml"), line=1, mocks={"Ask": {"return": {"ok": 1}}})
    (visit,) = run_case(machine, case, ExecutionOptions(inspect=True), ["a"]).result.visits
    sent = state_request(json.dumps(definition), machine.program.states["Ask"], visit, ROLE)
    assert isinstance(sent, dict)
    assert json.loads(sent["context"])["Task"] == {"Token": visit.context["Task"]["Token"]}
    assert sent["mock"] == {"result": '{"ok": 1}', "fieldValidationMode": "NONE"}


def test_a_distributed_map_sends_what_its_reader_read_as_map_item_reader_data() -> None:
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                    "Parameters": {"Bucket": "b", "Key": "k.csv"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Keep",
                    "States": {"Keep": {"Type": "Pass", "End": True}},
                },
                "End": True,
            }
        },
    }
    rows = [{"id": "1", "n": "a"}, {"id": "2", "n": "b"}]
    csv = "id,n\n1,a\n2,b\n"
    read = WorkflowTestCase(name="reads", file=Path("d.tests.yaml"), line=1, mocks={"Each": {"return": csv}})
    machine = StateMachine(definition)
    outcome = run_case(machine, read, ExecutionOptions(inspect=True), ["d"])
    tests = WorkflowTests("d", Path("d.tests.yaml"), (outcome,), None)
    api, stubber = stubbed()
    stubber.add_response(
        "test_state",
        answer("SUCCEEDED", rows),
        {
            "definition": json.dumps(definition),
            "stateName": "Each",
            "roleArn": ROLE,
            "input": "{}",
            "inspectionLevel": "DEBUG",
            "mock": {"result": json.dumps(rows), "fieldValidationMode": "NONE"},
            "context": ANY,
            "stateConfiguration": {"mapItemReaderData": csv},
        },
    )
    with stubber:
        result = check_workflow(definition, tests, ROLE, aws_state_tester(api, "d", "dev", ROLE))
    assert (result.cases[0].sent, result.cases[0].disagreements) == (1, ())
    (visit,) = outcome.result.visits
    skipped = state_request(json.dumps(definition), machine.program.states["Each"], visit, ROLE)
    assert skipped == Skip("a Map with an ItemReader whose content is not in the case's own mocks")
