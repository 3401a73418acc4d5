"""The embedded local endpoint used by demos: starts, answers, stops, restores the environment."""

from __future__ import annotations

import os

import pytest

from sfndeploy.aws.local import local_endpoint
from sfndeploy.aws.session import AwsSettings, make_api


def test_local_endpoint_serves_step_functions_and_restores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://before.invalid")
    monkeypatch.setenv("AWS_PROFILE", "someone")
    with local_endpoint() as url:
        assert os.environ["AWS_ENDPOINT_URL"] == url
        assert "AWS_PROFILE" not in os.environ
        api = make_api(AwsSettings(region="us-east-1"))
        api.call("sqs", "CreateQueue", QueueName="local-endpoint-probe")
        queues = api.call("sqs", "ListQueues", QueueNamePrefix="local-endpoint-probe")["QueueUrls"]
        assert queues[0].startswith(url)
    assert os.environ["AWS_ENDPOINT_URL"] == "http://before.invalid"
    assert os.environ["AWS_PROFILE"] == "someone"
