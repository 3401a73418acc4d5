"""The AWS module on its own: pacing, error translation, call counting, pagination."""

from __future__ import annotations

import os
from typing import Any

import pytest
from aws_doubles import json_answer
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, NoRegionError

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import translate
from sfndeploy.aws.pacing import BucketSpec, Pacer, TokenBucket
from sfndeploy.aws.session import AwsSettings, client_factory


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_bucket_allows_its_burst_then_paces_at_the_refill_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(BucketSpec(refill_per_second=1.0, burst=3), clock=clock, sleep=clock.sleep)
    for _ in range(6):
        bucket.take()
    assert clock.slept == [1.0, 1.0, 1.0]
    clock.now += 10
    bucket.take()
    assert len(clock.slept) == 3


def test_pacer_paces_only_listed_operations() -> None:
    clock = FakeClock()
    pacer = Pacer({"CreateStateMachine": BucketSpec(1.0, 1)}, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        pacer.pace("CreateStateMachine")
        pacer.pace("DescribeStateMachine")
    assert clock.slept == [1.0, 1.0]
    assert pacer.waited == 2.0


def test_pacer_paces_only_step_functions_calls() -> None:
    """Its buckets are Step Functions' quotas: another service's call of the same name is not theirs."""
    clock = FakeClock()
    pacer = Pacer({"ListTagsForResource": BucketSpec(1.0, 1)}, clock=clock, sleep=clock.sleep)
    for service in ("cloudwatch", "events", "scheduler", "cloudwatch"):
        pacer.pace("ListTagsForResource", service)
    assert clock.slept == []
    pacer.pace("ListTagsForResource", "stepfunctions")
    pacer.pace("ListTagsForResource", "stepfunctions")
    assert clock.slept == [1.0]


def _client_error(code: str, message: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "DescribeStateMachine")


def test_errors_say_what_failed_where_and_what_to_try() -> None:
    error = _client_error("AccessDeniedException", "not authorized")
    denied = translate(error, "DescribeStateMachine", "arn:x", "eu-west-1")
    assert denied.code == "AccessDeniedException"
    assert str(denied) == (
        "DescribeStateMachine on arn:x failed: AccessDeniedException: not authorized "
        "(grant this permission to the deploying identity or use another --profile)"
    )
    token = translate(_client_error("UnrecognizedClientException", "bad token"), "ListStateMachines", "", "eu-west-1")
    assert "not valid in region eu-west-1" in str(token)
    assert "no AWS credentials found" in str(translate(NoCredentialsError(), "GetRole", "role r", None))
    assert "no AWS region" in str(translate(NoRegionError(), "GetRole", "", None))
    unreachable = translate(EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), "ListStateMachines", "", "x")
    assert unreachable.code == "EndpointUnreachable"
    assert "AWS_ENDPOINT_URL" in str(unreachable)


class _Client:
    """A stand-in client with two pages of state machines; it throttles the first call."""

    def __init__(self) -> None:
        self.requests: list[dict[str, object]] = []

    def list_state_machines(self, **params: object) -> dict[str, object]:
        self.requests.append(params)
        if len(self.requests) == 1:
            raise _client_error("ThrottlingException", "Rate exceeded")
        if "nextToken" not in params:
            return {"stateMachines": [{"name": "a"}], "nextToken": "t1"}
        return {"stateMachines": [{"name": "b"}]}


def test_calls_are_counted_paginated_and_throttling_is_retried() -> None:
    client = _Client()
    slept: list[float] = []
    api = AwsApi(lambda service: client, region="us-east-1", sleep=slept.append, pacer=Pacer({}))

    names = [item["name"] for item in api.pages("stepfunctions", "ListStateMachines", "stateMachines")]

    assert names == ["a", "b"]
    assert client.requests == [{}, {}, {"nextToken": "t1"}]
    assert api.calls == {"ListStateMachines": 3}
    assert slept == [0.5]


def _start_sync_url(monkeypatch: pytest.MonkeyPatch, endpoint_url: str | None) -> str:
    """The URL botocore sends StartSyncExecution to (answered locally, before it leaves the process)."""
    for name, value in {"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent-sfndeploy-test-config")
    for name in [name for name in os.environ if name.startswith("AWS_ENDPOINT_URL")] + ["AWS_PROFILE"]:
        monkeypatch.delenv(name, raising=False)
    client = client_factory(AwsSettings(region="us-east-1", endpoint_url=endpoint_url))("stepfunctions")
    sent: list[str] = []

    def answer(request: Any, **_: Any) -> AWSResponse:
        sent.append(request.url)
        return json_answer({"executionArn": "arn:x", "startDate": 0, "status": "SUCCEEDED"})

    client.meta.events.register("before-send", answer)
    client.start_sync_execution(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:m")
    return sent[0]


def test_start_sync_keeps_a_custom_endpoints_host_and_aws_gets_its_sync_host(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _start_sync_url(monkeypatch, "http://127.0.0.1:4566") == "http://127.0.0.1:4566/"
    assert _start_sync_url(monkeypatch, None) == "https://sync-states.us-east-1.amazonaws.com/"
