"""The AWS paths moto cannot serve, covered with botocore's Stubber.

moto answers ListStateMachineVersions and DeleteStateMachineVersion with HTTP 500, and cannot start
executions on a version, so listing versions, pruning them and watching a new version's failed
executions are checked here against botocore clients whose responses are stubbed (the requests are
still validated against the real service model).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import botocore.session
import pytest
from botocore.stub import Stubber

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.ownership import NotOwned, Owner
from sfndeploy.promote.policy import RolloutPolicy
from sfndeploy.promote.rollout import RolloutState, RolloutTarget, advance_rollout
from sfndeploy.promote.versions import list_version_numbers, prune_versions
from tests.promote.conftest import FakeClock

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-prod"
OWNER = Owner("shop", "prod", "orders")
TAGS = [{"key": "sfndeploy:project", "value": "shop"}, {"key": "sfndeploy:environment", "value": "prod"},
        {"key": "sfndeploy:workflow", "value": "orders"}]


@pytest.fixture
def stubbed() -> Iterator[tuple[AwsApi, Stubber]]:
    client = botocore.session.get_session().create_client(
        "stepfunctions", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    with Stubber(client) as stubber:
        yield AwsApi(lambda _: client, region="us-east-1", sleep=lambda _: None), stubber
        stubber.assert_no_pending_responses()


def _versions(*numbers: int) -> list[dict[str, object]]:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return [{"stateMachineVersionArn": f"{ARN}:{n}", "creationDate": created} for n in numbers]


def test_versions_are_listed_across_pages(stubbed: tuple[AwsApi, Stubber]) -> None:
    api, stubber = stubbed
    request = {"stateMachineArn": ARN, "maxResults": 1000}
    stubber.add_response(
        "list_state_machine_versions", {"stateMachineVersions": _versions(9, 8), "nextToken": "page2"}, request
    )
    stubber.add_response(
        "list_state_machine_versions", {"stateMachineVersions": _versions(5)}, {**request, "nextToken": "page2"}
    )

    assert list_version_numbers(api, ARN) == [9, 8, 5]


def test_pruning_deletes_only_old_versions_no_alias_routes_to(stubbed: tuple[AwsApi, Stubber]) -> None:
    api, stubber = stubbed
    stubber.add_response(
        "list_state_machine_versions", {"stateMachineVersions": _versions(*range(8, 0, -1))},
        {"stateMachineArn": ARN, "maxResults": 1000},
    )
    created = datetime(2026, 1, 1, tzinfo=UTC)
    stubber.add_response(
        "list_state_machine_aliases",
        {"stateMachineAliases": [{"stateMachineAliasArn": f"{ARN}:live", "creationDate": created}]},
        {"stateMachineArn": ARN},
    )
    stubber.add_response(
        "describe_state_machine_alias",
        {
            "stateMachineAliasArn": f"{ARN}:live", "name": "live", "creationDate": created, "updateDate": created,
            "routingConfiguration": [
                {"stateMachineVersionArn": f"{ARN}:3", "weight": 100},
            ],
        },
        {"stateMachineAliasArn": f"{ARN}:live"},
    )
    for number in (1, 2, 4, 5):
        stubber.add_response("list_tags_for_resource", {"tags": TAGS}, {"resourceArn": ARN})
        stubber.add_response("delete_state_machine_version", {}, {"stateMachineVersionArn": f"{ARN}:{number}"})

    result = prune_versions(api, ARN, keep=3, owner=OWNER)

    assert result.deleted == (1, 2, 4, 5)
    assert result.kept_for_aliases == (3,)


def test_pruning_deletes_nothing_of_a_state_machine_sfndeploy_does_not_own(stubbed: tuple[AwsApi, Stubber]) -> None:
    api, stubber = stubbed
    stubber.add_response(
        "list_state_machine_versions", {"stateMachineVersions": _versions(3, 2, 1)},
        {"stateMachineArn": ARN, "maxResults": 1000},
    )
    stubber.add_response("list_state_machine_aliases", {"stateMachineAliases": []}, {"stateMachineArn": ARN})
    stubber.add_response("list_tags_for_resource", {"tags": [{"key": "team", "value": "x"}]}, {"resourceArn": ARN})

    with pytest.raises(NotOwned, match="state machine 'orders-prod' is not managed by sfndeploy"):
        prune_versions(api, ARN, keep=1, owner=OWNER)  # no delete_state_machine_version is stubbed


def test_failed_executions_of_the_new_version_roll_the_canary_back(stubbed: tuple[AwsApi, Stubber]) -> None:
    api, stubber = stubbed
    clock = FakeClock()
    started = int(clock.now()) - 60
    state = RolloutState("active", "canary", 5, 4, 10, started, started, "c" * 64)
    created = datetime(2026, 1, 1, tzinfo=UTC)
    stubber.add_response(
        "describe_state_machine_alias",
        {
            "stateMachineAliasArn": f"{ARN}:live", "name": "live", "description": state.encode(),
            "creationDate": created, "updateDate": created,
            "routingConfiguration": [
                {"stateMachineVersionArn": f"{ARN}:5", "weight": 10},
                {"stateMachineVersionArn": f"{ARN}:4", "weight": 90},
            ],
        },
        {"stateMachineAliasArn": f"{ARN}:live"},
    )
    before = datetime.fromtimestamp(started - 10, tz=UTC)
    after = datetime.fromtimestamp(started + 10, tz=UTC)
    executions = [
        {"executionArn": f"{ARN}:5:e{i}", "stateMachineArn": f"{ARN}:5", "name": f"e{i}", "status": "FAILED",
         "startDate": when}
        for i, when in enumerate((after, before))
    ]
    stubber.add_response(
        "list_executions", {"executions": executions},
        {"stateMachineArn": f"{ARN}:5", "statusFilter": "FAILED", "maxResults": 1000},
    )
    stubber.add_response(
        "list_executions", {"executions": []},
        {"stateMachineArn": f"{ARN}:5", "statusFilter": "TIMED_OUT", "maxResults": 1000},
    )
    stubber.add_response("list_tags_for_resource", {"tags": TAGS}, {"resourceArn": ARN})
    stubber.add_response("update_state_machine_alias", {"updateDate": created}, {
        "stateMachineAliasArn": f"{ARN}:live",
        "routingConfiguration": [{"stateMachineVersionArn": f"{ARN}:4", "weight": 100}],
        "description": RolloutState(
            "aborted", "canary", 5, 4, 0, int(clock.now()), started, "c" * 64, "failed-executions:1"
        ).encode(),
    })

    target = RolloutTarget("orders", ARN, "live", OWNER)
    step = advance_rollout(api, target, RolloutPolicy("canary", bake_minutes=30), clock)

    assert step.outcome == "rolled-back"
    assert "1 failed execution(s) of the new version" in step.message
