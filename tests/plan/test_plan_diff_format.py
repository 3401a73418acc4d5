"""Diff in the user's language, and the text and JSON views of a plan."""

from __future__ import annotations

import json

from plan_factory import desired, live_from, workflow

from sfndeploy.plan.diff import definition_changes, normalise_policy, statement_changes, tag_changes
from sfndeploy.plan.formatting import format_json, format_text
from sfndeploy.plan.live import LiveState
from sfndeploy.plan.planner import PlanOptions, make_plan
from sfndeploy.plan.steps import ApiCall, Plan, WorkflowPlan


def test_nested_fields_and_secrets_in_definitions() -> None:
    old = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"apiToken": "abc"}, "End": True}}}
                ],
                "End": True,
            }
        },
    }
    new = json.loads(json.dumps(old))
    new["States"]["P"]["Branches"][0]["States"]["A"]["Result"]["apiToken"] = "xyz"
    new["TimeoutSeconds"] = 60
    assert definition_changes(old, new) == [
        "+ TimeoutSeconds: 60",
        "~ P.Branches[0].States.A.Result.apiToken: **** → ****",
    ]


def test_transitions_to_and_from_end_states() -> None:
    old = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}, "B": {"Type": "Pass", "End": True}}}
    new = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": True}}}
    assert definition_changes(old, new) == ["~ transition A → B added (was an end state)", "- A.End: true"]
    assert definition_changes(new, old) == ["~ transition A → B removed (now an end state)", "+ A.End: true"]


def test_policies_compare_without_form_differences() -> None:
    one = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*"]}}
    other = {"Statement": [{"Resource": "*", "Action": ["s3:GetObject"], "Effect": "Allow"}], "Version": "2012-10-17"}
    assert normalise_policy(one) == normalise_policy(other)
    assert statement_changes(one, other) == []
    widened = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}
    assert statement_changes(one, widened) == [
        "+ IAM statement: Allow s3:* on *",
        "- IAM statement: Allow s3:GetObject on *",
    ]


def test_tag_changes_hide_aws_and_internal_keys() -> None:
    old = {"aws:cloudformation:stack": "x", "h": "1", "db_password": "old"}
    new = {"h": "2", "db_password": "new"}
    assert tag_changes(old, new, hidden=("h",)) == ["~ tag db_password: **** → ****"]


def _replace_plan() -> Plan:
    before = desired(workflow("orders"))
    after = desired(workflow("orders", wf_type="EXPRESS"), workflow("refunds"))
    return make_plan(after, live_from(before), PlanOptions(allow_replace=True))


def test_text_view_is_terraform_like() -> None:
    text = format_text(_replace_plan())
    assert "-/+ workflow orders (state machine orders) must be replaced" in text
    assert "    -/+ type STANDARD → EXPRESS (replacement)" in text
    assert "+ workflow refunds (state machine refunds)" in text
    assert text.endswith("Plan: 2 to create, 0 to update, 1 to delete.\n(7 read calls)")
    coloured = format_text(_replace_plan(), colour=True)
    assert "\x1b[" in coloured and "\x1b[" not in text


def test_json_view_summarises_without_parameters() -> None:
    data = json.loads(format_json(_replace_plan()))
    assert data["summary"] == {"create": 2, "update": 0, "delete": 1}
    assert [w["action"] for w in data["workflows"]] == ["replace", "create"]
    assert "params" not in json.dumps(data)


def test_a_whole_plan_compares_with_equals() -> None:
    before = desired(workflow("orders", tags={"team": "a"}))
    after = desired(workflow("orders", tags={"team": "b"}))
    live = live_from(before)
    wf = after.workflow("orders")

    expected = Plan(
        project="shop",
        environment="dev",
        region="us-east-1",
        account_id="123456789012",
        workflows=(
            WorkflowPlan(
                workflow="orders",
                state_machine_name="orders",
                action="update",
                changes=('~ tag team: "a" → "b"',),
                calls=(
                    ApiCall(
                        "stepfunctions",
                        "TagResource",
                        {
                            "resourceArn": wf.arn,
                            "tags": [
                                {"key": "sfndeploy:tags-hash", "value": wf.tags["sfndeploy:tags-hash"]},
                                {"key": "team", "value": "b"},
                            ],
                        },
                        wf.arn,
                        summary="tag orders",
                    ),
                ),
                live_fingerprint=live.fingerprint("orders", "orders-role"),
                role_name="orders-role",
            ),
        ),
        api_calls=7,
    )
    assert make_plan(after, live) == expected
    assert make_plan(after, LiveState()) != expected
