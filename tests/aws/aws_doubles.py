"""Test doubles around real clients talking to the real moto server.

``FaultyApi`` fails the Nth write call, either before sending it or after AWS carried it out.
``inject_error_responses`` makes the real botocore client receive AWS error responses (parsed by
botocore as from AWS) for chosen calls, through botocore's ``before-send`` event.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse

from sfndeploy.aws.api import AwsApi, Response
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import AwsSettings, client_factory

READ_PREFIXES = ("Describe", "List", "Get")


def no_sleep(_: float) -> None:
    return None


class InjectedFault(AwsCallError):
    pass


class FaultyApi(AwsApi):
    def __init__(self, fail_at: int, when: str) -> None:
        super().__init__(client_factory(AwsSettings(region="us-east-1")), region="us-east-1", sleep=no_sleep)
        self.fail_at = fail_at
        self.when = when
        self.writes = 0

    def call(self, service: str, operation: str, *, target: str = "", **params: Any) -> Response:
        if operation.startswith(READ_PREFIXES):
            return super().call(service, operation, target=target, **params)
        self.writes += 1
        if self.writes == self.fail_at and self.when == "before":
            raise InjectedFault(f"injected fault before {operation}", code="Injected")
        response = super().call(service, operation, target=target, **params)
        if self.writes == self.fail_at and self.when == "after":
            raise InjectedFault(f"injected fault after {operation}", code="Injected")
        return response


class _Body:
    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def stream(self, **_: Any) -> Any:
        yield self.payload


def json_error(code: str, message: str) -> AWSResponse:
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = {"x-amzn-ErrorType": code, "Content-Type": "application/x-amz-json-1.0"}
    return AWSResponse("http://local", 400, headers, _Body(body))


def json_answer(payload: dict[str, Any]) -> AWSResponse:
    """A successful answer of a JSON-protocol service (Step Functions)."""
    headers = {"Content-Type": "application/x-amz-json-1.0"}
    return AWSResponse("http://local", 200, headers, _Body(json.dumps(payload).encode()))


def query_error(code: str, message: str) -> AWSResponse:
    body = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>injected</RequestId></ErrorResponse>"
    ).encode()
    return AWSResponse("http://local", 400, {"Content-Type": "text/xml"}, _Body(body))


def inject_error_responses(
    api: AwsApi, service: str, decide: Callable[[str], AWSResponse | None]
) -> list[str]:
    """Let ``decide(operation)`` answer a call instead of the server; returns the injected operations."""
    client = api.client(service)
    injected: list[str] = []

    def before_send(request: Any, **kwargs: Any) -> AWSResponse | None:
        operation = kwargs["event_name"].rsplit(".", 1)[-1]
        response = decide(operation)
        if response is not None:
            injected.append(operation)
        return response

    client.meta.events.register("before-send", before_send)
    return injected
