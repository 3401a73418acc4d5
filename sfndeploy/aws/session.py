"""Building the boto3 session and clients from the command line and the environment file."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import translate
from sfndeploy.aws.pacing import Pacer
from sfndeploy.aws.secrets import AwsSecretReader
from sfndeploy.secrets.resolver import SecretResolver
from sfndeploy.secrets.sources import SecretSources

if TYPE_CHECKING:  # boto3 is imported when a session is opened: `--help` and settings need none of it
    import boto3
    from botocore.config import Config


def _int_env(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class AwsSettings:
    """Where and how to reach AWS.

    The endpoint is ``endpoint_url`` when the environment file names one; otherwise boto3 reads
    the standard ``AWS_ENDPOINT_URL`` variable itself. Connect timeouts are short and retries few,
    so an endpoint that does not answer fails in seconds, not minutes.
    """

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    # The standard AWS_RETRY_MODE and AWS_MAX_ATTEMPTS (attempts in all, first included) override these.
    retry_mode: str = field(default_factory=lambda: os.environ.get("AWS_RETRY_MODE", "adaptive"))
    total_attempts: int = field(default_factory=lambda: _int_env("AWS_MAX_ATTEMPTS", 4))
    max_attempts: int | None = None  # retries after the first attempt; when given, wins over total_attempts
    connect_timeout: float = 3.0
    read_timeout: float = 30.0
    secrets: SecretSources = field(default_factory=SecretSources)  # the environment's secrets: map


def _attempts(settings: AwsSettings) -> int:
    return settings.max_attempts + 1 if settings.max_attempts is not None else settings.total_attempts


def _botocore_config(settings: AwsSettings) -> Config:
    from botocore.config import Config

    return Config(
        region_name=settings.region,
        retries={"mode": settings.retry_mode, "total_max_attempts": _attempts(settings)},
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_pool_connections=32,
        user_agent_extra="sfndeploy",
    )


@cache
def _shared_loader() -> Any:
    """Service models are large JSON files; one loader caches them for every session of the process."""
    import botocore.loaders

    return botocore.loaders.create_loader()


def _session(settings: AwsSettings) -> boto3.Session:
    import boto3
    import botocore.session

    core = botocore.session.get_session()
    core.register_component("data_loader", _shared_loader())
    return boto3.Session(botocore_session=core, profile_name=settings.profile, region_name=settings.region)


def client_factory(settings: AwsSettings) -> Callable[[str], Any]:
    try:
        session = _session(settings)
    except Exception as error:
        raise translate(error, "opening the AWS session", settings.profile or "", settings.region) from error
    config = _botocore_config(settings)
    endpoint = settings.endpoint_url if not os.environ.get("AWS_ENDPOINT_URL") else None

    def make(service: str) -> Any:
        if endpoint:
            return session.client(service, config=config, endpoint_url=endpoint)
        return session.client(service, config=config)

    return make


def make_api(settings: AwsSettings, *, sleep: Callable[[float], None] = time.sleep) -> AwsApi:
    """An :class:`AwsApi` for these settings, paced with Step Functions' documented limits, that
    fills the environment's secrets into definitions as they are written."""
    api = AwsApi(client_factory(settings), region=settings.region, pacer=Pacer(sleep=sleep), sleep=sleep)
    if settings.secrets:
        api.secrets = SecretResolver(settings.secrets, AwsSecretReader(api))
    return api
