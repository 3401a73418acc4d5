"""The AWS module on its own: pacing, error translation, call counting, pagination."""

from __future__ import annotations

from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, NoRegionError

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import translate
from sfndeploy.aws.pacing import BucketSpec, Pacer, TokenBucket


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
