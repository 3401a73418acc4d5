"""Calls the local moto server lacks, checked against botocore's Stubber instead.

moto 5.x has no PublishStateMachineVersion (it answers HTTP 500), and its DescribeStateMachine
returns no ``revisionId``. Real AWS has both; these tests pin the request and response shapes
sfndeploy relies on, with botocore's own service model validating every parameter.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.stub import Stubber
from plan_factory import desired, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.live import LiveAlias, LiveState, LiveStateMachine
from sfndeploy.plan.planner import make_plan

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"


def stubbed_api() -> tuple[AwsApi, Stubber]:
    client = boto3.client(
        "stepfunctions", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x",
        endpoint_url="https://states.us-east-1.amazonaws.com",
    )
    stubber = Stubber(client)
    return AwsApi(lambda service: client, region="us-east-1", sleep=lambda _: None), stubber


def expect_ownership_check(stubber: Stubber, tags: dict[str, str]) -> None:
    """Apply reads the state machine's tags again before its first write to it."""
    stubber.add_response(
        "list_tags_for_resource", {"tags": [{"key": k, "value": v} for k, v in tags.items()]}, {"resourceArn": ARN}
    )


def live_with_stale_alias() -> tuple[Any, LiveState]:
    state = desired(workflow("orders", alias="live", role_arn="arn:aws:iam::123456789012:role/shared"))
    wf = state.workflow("orders")
    machine = LiveStateMachine(
        name="orders", arn=ARN, type="STANDARD", definition=wf.definition, role_arn=wf.role_arn,
        logging=wf.logging, tracing=False, encryption={"type": "AWS_OWNED_KEY"}, tags=dict(wf.tags),
        aliases=(LiveAlias("live", f"{ARN}:live", ((f"{ARN}:3", 100),), "old"),),
    )
    return state, LiveState({"orders": machine})


def test_publish_state_machine_version_is_used_where_aws_has_it() -> None:
    """Against AWS, a stale alias is repointed at the version PublishStateMachineVersion returns."""
    state, live = live_with_stale_alias()
    wf = state.workflow("orders")
    plan = make_plan(state, live)
    api, stubber = stubbed_api()
    expect_ownership_check(stubber, wf.tags)
    stubber.add_response(
        "publish_state_machine_version",
        {"creationDate": "2026-01-01T00:00:00Z", "stateMachineVersionArn": f"{ARN}:4"},
        {"stateMachineArn": ARN, "description": wf.version_description},
    )
    stubber.add_response(
        "update_state_machine_alias",
        {"updateDate": "2026-01-01T00:00:00Z"},
        {
            "stateMachineAliasArn": f"{ARN}:live",
            "description": wf.alias_description,
            "routingConfiguration": [{"stateMachineVersionArn": f"{ARN}:4", "weight": 100}],
        },
    )

    with stubber:
        result = AwsExecutor(api, sleep=lambda _: None).execute(plan)

    stubber.assert_no_pending_responses()
    assert result.outputs == {"orders.version_arn": f"{ARN}:4"}


def test_update_state_machine_is_the_fallback_where_publish_is_missing() -> None:
    """An endpoint without PublishStateMachineVersion (HTTP 500) gets UpdateStateMachine(publish=True)."""
    state, live = live_with_stale_alias()
    wf = state.workflow("orders")
    plan = make_plan(state, live)
    api, stubber = stubbed_api()
    expect_ownership_check(stubber, wf.tags)
    stubber.add_client_error("publish_state_machine_version", "500", "Internal Server Error", 500)
    stubber.add_response(
        "update_state_machine",
        {"updateDate": "2026-01-01T00:00:00Z", "stateMachineVersionArn": f"{ARN}:4"},
        {
            "stateMachineArn": ARN,
            "definition": json.dumps(wf.definition, sort_keys=True),
            "publish": True,
            "versionDescription": wf.version_description,
        },
    )
    stubber.add_response("update_state_machine_alias", {"updateDate": "2026-01-01T00:00:00Z"})

    with stubber:
        AwsExecutor(api, sleep=lambda _: None).execute(plan)

    stubber.assert_no_pending_responses()


def test_revision_id_from_aws_is_what_staleness_is_checked_against() -> None:
    """AWS's DescribeStateMachine carries revisionId (moto's does not); the live state keeps it."""
    from sfndeploy.plan.live import LiveReader

    state, _ = live_with_stale_alias()
    wf = state.workflow("orders")
    api, stubber = stubbed_api()
    stubber.add_response("list_state_machines", {"stateMachines": [
        {"stateMachineArn": ARN, "name": "orders", "type": "STANDARD", "creationDate": "2026-01-01T00:00:00Z"}
    ]})
    stubber.add_response("list_tags_for_resource", {"tags": [{"key": k, "value": v} for k, v in wf.tags.items()]})
    stubber.add_response("describe_state_machine", {
        "stateMachineArn": ARN, "name": "orders", "definition": json.dumps(wf.definition), "roleArn": wf.role_arn,
        "type": "STANDARD", "creationDate": "2026-01-01T00:00:00Z", "revisionId": "rev-42",
    })
    stubber.add_response("describe_state_machine_alias", {
        "stateMachineAliasArn": f"{ARN}:live", "name": "live", "description": wf.alias_description,
        "routingConfiguration": [{"stateMachineVersionArn": f"{ARN}:1", "weight": 100}],
        "creationDate": "2026-01-01T00:00:00Z", "updateDate": "2026-01-01T00:00:00Z",
    })

    with stubber:
        live = LiveReader(api, concurrency=1).read(state)

    assert live.state_machines["orders"].revision == "rev-42"
    assert live.api_calls == 4
    assert not make_plan(state, live).has_changes


def test_aws_side_validation_reports_the_first_problem() -> None:
    """ValidateStateMachineDefinition (absent from moto): a FAIL result stops plan and apply."""
    import pytest

    from sfndeploy.errors import DefinitionInvalid
    from sfndeploy.plan.remote_validation import check_with_aws

    state, _ = live_with_stale_alias()
    wf = state.workflow("orders")
    api, stubber = stubbed_api()
    stubber.add_response(
        "validate_state_machine_definition",
        {
            "result": "FAIL",
            "diagnostics": [
                {"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": "bad Resource",
                 "location": "/States/Charge/Resource"},
            ],
        },
        {"definition": json.dumps(wf.definition), "type": "STANDARD", "severity": "ERROR"},
    )
    stubber.add_response("validate_state_machine_definition", {"result": "OK", "diagnostics": []})

    with stubber, pytest.raises(DefinitionInvalid) as caught:
        check_with_aws(api, [wf])
    assert "orders: SCHEMA_VALIDATION_FAILED at /States/Charge/Resource: bad Resource" in str(caught.value)
    with stubber:
        assert check_with_aws(api, [wf]) is True
