"""Building the boto3 session and clients from the command line and the environment file."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AccountMismatch, AwsCallError, translate, translate_identity_error
from sfndeploy.aws.pacing import Pacer
from sfndeploy.aws.secrets import AwsSecretReader
from sfndeploy.model import AssumeRole
from sfndeploy.secrets.resolver import SecretResolver
from sfndeploy.secrets.sources import SecretSources

if TYPE_CHECKING:  # boto3 is imported when a session is opened: `--help` and settings need none of it
    import boto3
    from botocore.config import Config
    from botocore.credentials import RefreshableCredentials


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
    environment: str | None = None  # the environment's name, for messages
    account_id: str | None = None  # when set, the credentials must belong to this account
    assume_role: AssumeRole | None = None


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
        # TestState and StartSyncExecution go to "sync-<host>" on AWS; a local endpoint has no such name.
        inject_host_prefix=not (settings.endpoint_url or os.environ.get("AWS_ENDPOINT_URL")),
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


def _endpoint(settings: AwsSettings) -> str | None:
    return settings.endpoint_url if not os.environ.get("AWS_ENDPOINT_URL") else None


def _client_maker(session: boto3.Session, settings: AwsSettings) -> Callable[[str], Any]:
    config = _botocore_config(settings)
    endpoint = _endpoint(settings)

    def make(service: str) -> Any:
        if endpoint:
            return session.client(service, config=config, endpoint_url=endpoint)
        return session.client(service, config=config)

    return make


class RoleAssumer:
    """Assumes ``role`` with ``sts``, a client of the base session (profile, ambient, web identity)."""

    def __init__(self, sts: Any, role: AssumeRole, environment: str) -> None:
        self._sts = sts
        self._role = role
        self._environment = environment

    def fetch(self) -> dict[str, str]:
        params: dict[str, Any] = {"RoleArn": self._role.arn, "RoleSessionName": self._role.session_name}
        if self._role.external_id:
            params["ExternalId"] = self._role.external_id
        if self._role.duration_seconds:
            params["DurationSeconds"] = self._role.duration_seconds
        try:
            found = self._sts.assume_role(**params)["Credentials"]
        except Exception as error:
            raise translate_identity_error(error, "AssumeRole", self._environment, f"role {self._role.arn}") from error
        return {
            "access_key": found["AccessKeyId"],
            "secret_key": found["SecretAccessKey"],
            "token": found["SessionToken"],
            "expiry_time": found["Expiration"].isoformat(),
        }


class _Provided:
    """The one credential provider of an assumed-role session (what botocore's resolver asks of one)."""

    METHOD = "sfndeploy-assume-role"

    def __init__(self, credentials: RefreshableCredentials) -> None:
        self._credentials = credentials

    def load(self) -> RefreshableCredentials:
        return self._credentials


def renewing_credentials(assumer: RoleAssumer) -> RefreshableCredentials:
    """The role's credentials, assumed now (a refusal stops before any other call) and assumed
    again by botocore when they come within minutes of their expiry."""
    from botocore.credentials import RefreshableCredentials

    return RefreshableCredentials.create_from_metadata(
        metadata=assumer.fetch(), refresh_using=assumer.fetch, method=_Provided.METHOD
    )


def _assumed_session(settings: AwsSettings, role: AssumeRole) -> boto3.Session:
    """A session whose credentials are the role's, renewed by AssumeRole before they expire
    (rollouts outlast an hour); the base session serves AssumeRole alone."""
    import boto3
    import botocore.session

    assumer = RoleAssumer(_client_maker(_session(settings), settings)("sts"), role, settings.environment or "?")
    credentials = renewing_credentials(assumer)
    core = botocore.session.get_session()
    core.register_component("data_loader", _shared_loader())
    core.get_component("credential_provider").providers = [_Provided(credentials)]
    return boto3.Session(botocore_session=core, region_name=settings.region)


def client_factory(settings: AwsSettings) -> Callable[[str], Any]:
    role = settings.assume_role
    try:
        session = _session(settings) if role is None else _assumed_session(settings, role)
    except AwsCallError:
        raise
    except Exception as error:
        raise translate(error, "opening the AWS session", settings.profile or "", settings.region) from error
    return _client_maker(session, settings)


def _credentials_label(settings: AwsSettings) -> str:
    if settings.assume_role:
        return f"role {settings.assume_role.arn}"
    if settings.profile:
        return f"profile {settings.profile}"
    return "the ambient credentials"


def check_account(make_client: Callable[[str], Any], settings: AwsSettings) -> None:
    """Refuse credentials of another account than the environment's (STS GetCallerIdentity)."""
    if not settings.account_id:
        return
    label = _credentials_label(settings)
    environment = settings.environment or "?"
    try:
        found = str(make_client("sts").get_caller_identity()["Account"])
    except Exception as error:
        raise translate_identity_error(error, "GetCallerIdentity", environment, label) from error
    if found != settings.account_id:
        raise AccountMismatch(
            f"environment {environment} is account {settings.account_id}, but {label} "
            f"reached account {found}; nothing was done",
            hint=f"use credentials of account {settings.account_id} (profile, assume_role.arn or the "
            "ambient AWS_* variables), or correct account_id in the environment file",
        )


def make_api(settings: AwsSettings, *, sleep: Callable[[float], None] = time.sleep) -> AwsApi:
    """An :class:`AwsApi` for these settings, paced with Step Functions' documented limits, that
    fills the environment's secrets into definitions as they are written.

    With ``assume_role`` the calls use the role's credentials; with ``account_id`` the credentials
    must belong to that account (checked here, before any other call).
    """
    make_client = client_factory(settings)
    check_account(make_client, settings)
    api = AwsApi(make_client, region=settings.region, pacer=Pacer(sleep=sleep), sleep=sleep)
    if settings.secrets:
        api.secrets = SecretResolver(settings.secrets, AwsSecretReader(api))
    return api
