"""Input transformers and input paths: AWS's documented examples give AWS's documented outputs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sfndeploy.eventbridge.transformer import (
    InputTransformError,
    apply_input_path,
    apply_input_transformer,
    check_input_path,
    check_input_transformer,
    event_path_problem,
)

# the EC2 event of EventBridge's "Transforming target input" page
EVENT: dict[str, Any] = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-0123456789", "state": "RUNNING"},
}
PATHS = {"timestamp": "$.time", "instance": "$.detail.instance-id", "state": "$.detail.state"}
RULE_ARN = "arn:aws:events:us-east-2:123456789012:rule/example"

DOCUMENTED = [
    ('"instance <instance> is in <state>"', "instance i-0123456789 is in RUNNING"),
    ('"instance \\"<instance>\\" is in <state>"', 'instance "i-0123456789" is in RUNNING'),
    ('{\n  "instance" : <instance>,\n  "state": <state>\n}', {"instance": "i-0123456789", "state": "RUNNING"}),
    (
        '{\n "instance" : <instance>,\n "state": "<state>",\n'
        ' "instanceStatus": "instance \\"<instance>\\" is in <state>"\n}',
        {"instance": "i-0123456789", "state": "RUNNING", "instanceStatus": 'instance "i-0123456789" is in RUNNING'},
    ),
    (
        '{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}',
        {"instance": "i-0123456789", "state": [9, "RUNNING", True], "Transformed": "Yes"},
    ),
    (
        '{"instance" : <instance>, "state": <state>, "ruleArn" : <aws.events.rule-arn>, '
        '"ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>}',
        {
            "instance": "i-0123456789",
            "state": "RUNNING",
            "ruleArn": RULE_ARN,
            "ruleName": "example",
            "originalEvent": EVENT,
        },
    ),
    ('"<aws.events.rule-name> triggered"', "example triggered"),
]


@pytest.mark.parametrize(("template", "expected"), DOCUMENTED, ids=lambda v: str(v)[:40])
def test_documented_templates_give_the_documented_output(template: str, expected: Any) -> None:
    assert check_input_transformer(PATHS, template) == ()
    result = apply_input_transformer(PATHS, template, EVENT, rule_name="example", rule_arn=RULE_ARN)
    assert (result.value, result.is_json, result.missing) == (expected, True, ())


def test_a_json_template_is_passed_on_minified_and_a_text_template_as_written() -> None:
    json_result = apply_input_transformer(PATHS, '{\n  "instance" : <instance>\n}', EVENT)
    assert json_result.text == '{"instance":"i-0123456789"}'
    text_result = apply_input_transformer(PATHS, '"instance  <instance>"', EVENT)
    assert text_result.text == '"instance  i-0123456789"'


def test_values_inside_strings_are_not_escaped_so_a_quote_breaks_the_json() -> None:
    event = {"detail": {"note": 'say "hi"'}}
    with pytest.raises(InputTransformError) as caught:
        apply_input_transformer({"note": "$.detail.note"}, '{"n": "<note>"}', event)
    assert caught.value.message == 'the input transformer\'s output is not JSON: {"n": "say "hi""}'
    outside = apply_input_transformer({"note": "$.detail.note"}, '{"n": <note>}', event)
    assert outside.value == {"n": 'say "hi"'}


def test_objects_numbers_and_lists_are_json_outside_strings_and_unescaped_inside() -> None:
    event = {"detail": {"items": [{"sku": "A", "qty": 2}], "total": 12.5, "paid": False}}
    paths = {
        "items": "$.detail.items",
        "total": "$.detail.total",
        "paid": "$.detail.paid",
        "first": "$.detail.items[0].sku",
    }
    result = apply_input_transformer(
        paths,
        '{"items": <items>, "total": <total>, "paid": <paid>, "summary": "<total> paid: <paid>", "sku": <first>}',
        event,
    )
    assert result.value == {
        "items": [{"sku": "A", "qty": 2}],
        "total": 12.5,
        "paid": False,
        "summary": "12.5 paid: false",
        "sku": "A",
    }
    with pytest.raises(InputTransformError) as caught:
        apply_input_transformer(paths, '{"summary": "<items>"}', event)
    assert caught.value.message == 'the input transformer\'s output is not JSON: {"summary": "[{"sku":"A","qty":2}]"}'


def test_a_wildcard_path_gives_the_list_of_its_matches() -> None:
    event = {"detail": {"lines": [{"sku": "A"}, {"sku": "B"}]}}
    result = apply_input_transformer({"skus": "$.detail.lines[*].sku"}, '{"skus": <skus>}', event)
    assert result.value == {"skus": ["A", "B"]}


def test_a_variable_whose_path_selects_nothing_is_left_out() -> None:
    result = apply_input_transformer(PATHS | {"zone": "$.detail.zone"}, '"<instance> in <zone>"', EVENT)
    assert (result.value, result.missing) == ("i-0123456789 in ", ("zone",))
    with pytest.raises(InputTransformError) as caught:
        apply_input_transformer({"zone": "$.detail.zone"}, '{"zone": <zone>}', EVENT)
    assert caught.value.message == (
        'the input transformer\'s output is not JSON (zone selected nothing in the event and was left out): {"zone": }'
    )


def test_text_that_is_not_json_is_returned_when_the_target_takes_text() -> None:
    # outside a JSON string a string value keeps its quotes, as EventBridge sends it to an SNS topic
    result = apply_input_transformer(PATHS, "instance <instance> is in <state>", EVENT, json_required=False)
    assert (result.text, result.value, result.is_json) == ('instance "i-0123456789" is in "RUNNING"', None, False)


def test_a_placeholder_that_names_no_variable_stays_as_written() -> None:
    result = apply_input_transformer(PATHS, '"a <b> c <instance>"', EVENT)
    assert result.value == "a <b> c i-0123456789"


def test_predefined_event_json_and_ingestion_time() -> None:
    event = {"id": "1", "time": "2026-12-03T10:00:00Z", "detail": {}}
    result = apply_input_transformer(
        {}, '{"raw": <aws.events.event.json>, "at": <aws.events.event.ingestion-time>}', event
    )
    assert result.value == {"raw": '{"id":"1","time":"2026-12-03T10:00:00Z","detail":{}}', "at": "2026-12-03T10:00:00Z"}
    given = apply_input_transformer(
        {}, '{"at": <aws.events.event.ingestion-time>}', event, ingestion_time="2026-12-03T10:00:01Z"
    )
    assert given.value == {"at": "2026-12-03T10:00:01Z"}


def test_check_finds_every_problem_at_its_key() -> None:
    problems = check_input_transformer(
        {"aws.events.event": "$.a", "bad name": "$.b", "ok": "detail.state", "brackets": "$['detail']"},
        '{<ok>: 1, "x": <unknown>}',
        "/triggers/orders/input_transformer",
    )
    assert [(p.pointer, p.severity, p.message) for p in problems] == [
        (
            "/triggers/orders/input_transformer/paths/aws.events.event",
            "ERROR",
            "'aws.events.event' is reserved by EventBridge; choose another variable name",
        ),
        (
            "/triggers/orders/input_transformer/paths/bad name",
            "ERROR",
            "variable name 'bad name' may only use letters, digits, '_' and '-'",
        ),
        (
            "/triggers/orders/input_transformer/paths/ok",
            "ERROR",
            '"detail.state" is not a JSONPath EventBridge reads: '
            "use dot notation from '$' (letters, digits, '-', '_', '/'), "
            "[n] indexes and '*' ($.detail.order-id, $.resources[0])",
        ),
        (
            "/triggers/orders/input_transformer/paths/brackets",
            "ERROR",
            "\"$['detail']\" is not a JSONPath EventBridge reads: "
            "use dot notation from '$' (letters, digits, '-', '_', '/'), "
            "[n] indexes and '*' ($.detail.order-id, $.resources[0])",
        ),
        (
            "/triggers/orders/input_transformer/template",
            "ERROR",
            "'<ok>' stands where an object key goes; EventBridge does not allow that",
        ),
        (
            "/triggers/orders/input_transformer/template",
            "WARNING",
            "'<unknown>' is not a variable of the input paths; EventBridge leaves it in the text as written",
        ),
        (
            "/triggers/orders/input_transformer/template",
            "ERROR",
            "the input template does not make JSON, and a workflow's input must be JSON "
            '(a text template needs quotes: "\\"order <id> placed\\"")',
        ),
    ]


def test_check_refuses_an_unquoted_text_template_for_a_workflow_only() -> None:
    (problem,) = check_input_transformer(PATHS, "instance <instance>")
    assert problem.message.startswith("the input template does not make JSON")
    assert check_input_transformer(PATHS, "instance <instance>", json_required=False) == ()


def test_check_limits() -> None:
    many = {f"v{i}": "$.a" for i in range(101)}
    assert check_input_transformer(many, '"x"')[0].message == "an input transformer has at most 100 variables, not 101"
    long_template = '"' + "x" * 8191 + '"'
    assert check_input_transformer({}, long_template)[0].message == (
        "the input template is 8193 characters; EventBridge takes at most 8192"
    )
    assert check_input_transformer({}, "")[0].message == "the input template must be a non-empty string"
    assert (
        check_input_transformer([], '"x"')[0].message == "input paths must be a mapping of variable names to JSONPaths"
    )


@pytest.mark.parametrize(
    "path",
    [
        "$",
        "$.detail",
        "$.detail.instance-id",
        "$.detail.a_b",
        "$.detail.a/b",
        "$.resources[0]",
        "$.detail.*",
        "$.lines[*].sku",
    ],
)
def test_paths_eventbridge_reads(path: str) -> None:
    assert event_path_problem(path) is None
    assert check_input_path(path) == ()


@pytest.mark.parametrize(
    "path",
    ["", "detail", "$.", "$..detail", "$['detail']", "$.a b", "$.a[-1]", "$.a[0:2]", "$.a[?(@.b)]", "$." + "a" * 255],
)
def test_paths_eventbridge_refuses(path: str) -> None:
    (problem,) = check_input_path(path, "/input_path")
    assert problem.pointer == "/input_path"


def test_input_path_selects_part_of_the_event() -> None:
    assert apply_input_path(EVENT, "$.detail") == {"instance-id": "i-0123456789", "state": "RUNNING"}
    assert apply_input_path(EVENT, "$") == EVENT
    with pytest.raises(InputTransformError) as caught:
        apply_input_path(EVENT, "$.detail.zone")
    assert caught.value.one_line() == "'input_path': the input path $.detail.zone selects nothing in the event"
    with pytest.raises(InputTransformError):
        apply_input_path(EVENT, "detail")


def test_the_output_is_what_json_gives_back_for_the_documented_json_example() -> None:
    template = DOCUMENTED[3][0]
    result = apply_input_transformer(PATHS, template, EVENT)
    assert json.loads(result.text) == result.value
