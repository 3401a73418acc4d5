"""The kinds of valid definition the validator used to refuse, each as a minimal file through the CLI,
and the messages for a misplaced QueryLanguage and misspelt fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sfndeploy.cli.main import cli
from sfndeploy.executor.states.task_state import parse_resource
from sfndeploy.iam import IamContext, derive_iam

S3_GET = "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject"
ATHENA_SYNC = "arn:aws:states:us-east-1:123456789012:athena:startQueryExecution.sync"
SQS_TOKEN = "arn:aws:states:eu-west-1:123456789012:sqs:sendMessage.waitForTaskToken"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, definition: Any, name: str = "machine.asl.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(definition, indent=2), encoding="utf-8")
    return str(path)


def task(resource: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    state = {"Type": "Task", "Resource": resource, "TimeoutSeconds": 60, "End": True}
    if parameters is not None:
        state["Parameters"] = parameters
    return {"StartAt": "T", "States": {"T": state}}


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error " in line]


# -- JSON indented with tabs ----------------------------------------------------------------------


def test_json_indented_with_tabs_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "tabs.asl.json"
    text = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": True}}}, indent="\t")
    path.write_text(text, encoding="utf-8")
    assert "\t" in text
    status, out, _ = invoke("validate", "--definition", str(path))
    assert (status, error_lines(out)) == (0, [])


def test_a_tab_file_error_still_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "tabs.asl.json"
    text = '{\n\t"StartAt": "P",\n\t"States": {\n\t\t"P": {"Type": "Pass", "Next": "Q"}\n\t}\n}\n'
    path.write_text(text, encoding="utf-8")
    status, out, _ = invoke("validate", "--definition", str(path))
    assert status == 1
    assert f"{path}:4:" in out and "Next 'Q' does not name a state" in out


# -- integration ARNs with a region and account ---------------------------------------------------


def test_integration_arns_with_region_and_account_are_accepted(tmp_path: Path) -> None:
    for resource in (S3_GET, ATHENA_SYNC, SQS_TOKEN, "arn:aws-us-gov:states:us-gov-west-1:123456789012:lambda:invoke"):
        status, out, _ = invoke("validate", "--definition", write(tmp_path, task(resource, {})))
        assert status == 0, out
        assert error_lines(out) == []


def test_a_malformed_regional_integration_arn_is_still_refused(tmp_path: Path) -> None:
    status, out, _ = invoke("validate", "--definition", write(tmp_path, task("arn:aws:states:us-east-1:1234:athena")))
    assert status == 1
    assert "INVALID_RESOURCE" in out


def test_a_lambda_arn_no_function_can_have_is_a_warning(tmp_path: Path) -> None:
    long_name = "arn:aws:lambda:us-east-1:111122223333:function:" + "f" * 65
    status, out, _ = invoke("validate", "--definition", write(tmp_path, task(long_name)))
    assert (status, error_lines(out)) == (0, [])
    assert (
        f"warning UNUSUAL_LAMBDA_ARN: '{long_name}': the function name is 65 characters long; Lambda allows 64" in out
    )
    for malformed in (
        "arn:aws::lambda:us-east-1:123456789012:function:f",
        "arn:aws:lambda:sa-east-1:1234567890:function:f",
    ):
        status, out, _ = invoke("validate", "--definition", write(tmp_path, task(malformed)))
        assert status == 1
        assert "error INVALID_RESOURCE" in out


def test_the_dry_run_reads_a_regional_arn_as_the_same_integration(tmp_path: Path) -> None:
    resource = parse_resource(SQS_TOKEN)
    assert (resource.kind, resource.resource_type, resource.resource) == (
        "service",
        "sqs",
        "sendMessage.waitForTaskToken",
    )
    assert resource.wait_for_token
    regional = write(
        tmp_path, task(SQS_TOKEN, {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}), "a.json"
    )
    plain = write(
        tmp_path,
        task(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
        ),
        "b.json",
    )
    runs = [
        invoke("run", "--definition", path, "--echo-tasks", "--history", "--input", "{}") for path in (regional, plain)
    ]
    assert runs[0] == runs[1]
    assert "TaskSubmitted" in runs[0][1]


def test_the_graph_names_the_integration_not_the_account(tmp_path: Path) -> None:
    status, out, _ = invoke("graph", "--definition", write(tmp_path, task(S3_GET, {"Bucket": "b", "Key": "k"})))
    assert status == 0
    assert "Task: aws-sdk:s3:getObject" in out


def test_iam_derivation_grants_the_regional_integration_like_the_plain_one() -> None:
    context = IamContext(
        "aws", "us-east-1", "123456789012", "m", "arn:aws:states:us-east-1:123456789012:stateMachine:m", "STANDARD"
    )
    parameters = {"Bucket": "data", "Key": "in.json"}
    regional = derive_iam(task(S3_GET, parameters), context)
    plain = derive_iam(task("arn:aws:states:::aws-sdk:s3:getObject", parameters), context)
    assert regional.policy == plain.policy
    assert "s3:GetObject" in json.dumps(regional.policy)


# -- a Pass state's Parameters of any JSON value ----------------------------------------------------


def test_pass_parameters_may_be_an_array_and_the_dry_run_evaluates_it(tmp_path: Path) -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": [{"Item.$": "$.x"}, 2, "s"], "End": True}},
    }
    path = write(tmp_path, definition)
    status, out, _ = invoke("validate", "--definition", path)
    assert (status, error_lines(out)) == (0, [])
    status, out, _ = invoke("run", "--definition", path, "--input", '{"x": 5}', "--json")
    assert status == 0
    assert json.loads(out)["output"] == [{"Item": 5}, 2, "s"]


def test_pass_parameters_may_be_a_string_but_task_parameters_stay_an_object(tmp_path: Path) -> None:
    passing = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": "text", "End": True}}}
    assert invoke("validate", "--definition", write(tmp_path, passing, "p.json"))[0] == 0
    status, out, _ = invoke(
        "validate", "--definition", write(tmp_path, task("arn:aws:states:::lambda:invoke"), "t.json")
    )
    assert status == 0
    broken = task("arn:aws:states:::lambda:invoke")
    broken["States"]["T"]["Parameters"] = ["FunctionName", "f"]
    status, out, _ = invoke("validate", "--definition", write(tmp_path, broken, "t2.json"))
    assert status == 1
    assert "'Parameters' must be an object, not an array" in out


# -- JSONPath filters with an unquoted word -------------------------------------------------------


def test_unquoted_filter_literal_is_a_warning_and_matches_nothing_in_the_dry_run(tmp_path: Path) -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"es.$": "$.t[?(@.code==es)].text"}, "End": True}},
    }
    path = write(tmp_path, definition)
    status, out, _ = invoke("validate", "--definition", path)
    assert status == 0
    assert error_lines(out) == []
    assert "warning JSONPATH_UNQUOTED_LITERAL" in out
    assert "quote it: 'es'" in out
    status, out, _ = invoke("run", "--definition", path, "--input", '{"t": [{"code": "es", "text": "hola"}]}', "--json")
    assert json.loads(out)["output"] == {"es": []}


def test_a_quoted_filter_literal_gets_no_warning(tmp_path: Path) -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.t[?(@.code=='es')]", "End": True}}}
    status, out, _ = invoke("validate", "--definition", write(tmp_path, definition))
    assert status == 0
    assert "JSONPATH_UNQUOTED_LITERAL" not in out


# -- QueryLanguage inside States, misspelt fields ------------------------------------------------


def test_query_language_inside_states_is_one_error_saying_where_it_belongs(tmp_path: Path) -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "QueryLanguage": "JSONata",
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
                "Output": "{% $states.result.Payload %}",
                "TimeoutSeconds": 60,
                "End": True,
            },
        },
    }
    status, out, _ = invoke("validate", "--definition", write(tmp_path, definition))
    assert status == 1
    assert len(error_lines(out)) == 1, out
    assert "QueryLanguage is written inside States" in out
    assert "it belongs at the top level of the definition (next to StartAt and States) or inside a state" in out
    assert "[/States/QueryLanguage]" in out


def test_a_state_named_query_language_is_just_a_state(tmp_path: Path) -> None:
    definition = {"StartAt": "QueryLanguage", "States": {"QueryLanguage": {"Type": "Pass", "End": True}}}
    status, out, _ = invoke("validate", "--definition", write(tmp_path, definition))
    assert (status, error_lines(out)) == (0, [])


def test_misspelt_fields_get_did_you_mean(tmp_path: Path) -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "TimeoutSecond": 60,
                "ResultsPath": "$.r",
                "Nxt": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    status, out, _ = invoke("validate", "--definition", write(tmp_path, definition))
    assert status == 1
    assert "field 'TimeoutSecond' is not allowed in a JSONPath Task state; did you mean 'TimeoutSeconds'?" in out
    assert "field 'ResultsPath' is not allowed in a JSONPath Task state; did you mean 'ResultPath'?" in out
    assert "field 'Nxt' is not allowed in a JSONPath Task state; did you mean 'Next'?" in out
    assert len(error_lines(out)) == 3, out  # a misspelt Next is one mistake: 'Done' is not also unreachable


def test_a_misspelt_end_is_one_error_and_an_unlike_field_is_not_taken_for_next(tmp_path: Path) -> None:
    misspelt = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Edn": True}}}
    status, out, _ = invoke("validate", "--definition", write(tmp_path, misspelt, "a.json"))
    assert status == 1
    assert error_lines(out) == [line for line in error_lines(out) if "did you mean 'End'?" in line]
    assert len(error_lines(out)) == 1
    # "Note" is close to "Next" but names no state: the state still lacks a transition
    unlike = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Note": "hello"}, "B": {"Type": "Succeed"}}}
    status, out, _ = invoke("validate", "--definition", write(tmp_path, unlike, "b.json"))
    assert status == 1
    assert "state 'A' needs a Next state or \"End\": true" in out
    assert "UNREACHABLE_STATE" in out


def test_a_field_unlike_any_other_gets_no_suggestion(tmp_path: Path) -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Zzzz": 1, "End": True}}}
    status, out, _ = invoke("validate", "--definition", write(tmp_path, definition))
    assert status == 1
    assert "field 'Zzzz' is not allowed in a JSONPath Pass state [" in out
