"""One moto server (server mode, real HTTP) per test session, on a free loopback port.

boto3 is unmodified: it reaches the server through the standard ``AWS_ENDPOINT_URL`` variable,
with fake credentials. Tests isolate themselves by unique environment names and prefixes.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

# tests/aws is a package (so that every conftest importing these fixtures shares one module, one
# name counter); its helper modules and tests/plan's are imported by their bare names.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plan"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_MAX_ATTEMPTS": "1",  # no botocore retries (they sleep for real); sfndeploy's own retries are tested
    "AWS_RETRY_MODE": "standard",
    "AWS_CONFIG_FILE": "/nonexistent-sfndeploy-test-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-sfndeploy-test-credentials",
}


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    patch = pytest.MonkeyPatch()
    for key, value in _FAKE_ENV.items():
        patch.setenv(key, value)
    patch.setenv("AWS_ENDPOINT_URL", endpoint)
    patch.delenv("AWS_PROFILE", raising=False)
    try:
        yield endpoint
    finally:
        patch.undo()
        server.stop()


_counter = itertools.count()


@pytest.fixture
def unique() -> str:
    """A short name unique in this session, for environment names and prefixes."""
    return f"t{next(_counter)}"


def no_sleep(_: float) -> None:
    return None


@pytest.fixture
def api(moto_endpoint: str) -> AwsApi:
    return make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
