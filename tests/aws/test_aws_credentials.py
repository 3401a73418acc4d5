"""Credentials per environment: ``assume_role`` and the account check, against the moto server.

moto's STS gives an assumed role's credentials the account of the role's ARN, and keeps each
account's state machines and roles apart, so two accounts are two roles on one server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import botocore.session
import pytest
from aws_doubles import no_sleep, query_error
from botocore.awsrequest import AWSResponse
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import (
    AwsSettings,
    RoleAssumer,
    check_account,
    client_factory,
    make_api,
    renewing_credentials,
)
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.model import AssumeRole

ACCOUNT_A = "111111111111"
ACCOUNT_B = "222222222222"
MOTO_DEFAULT_ACCOUNT = "123456789012"


def env_file(name: str, account: str, role_account: str | None, extra: str = "") -> str:
    role = f"assume_role:\n  arn: arn:aws:iam::{role_account}:role/deployer\n{extra}" if role_account else ""
    return (
        f'name: {name}\nregion: us-east-1\naccount_id: "{account}"\nnaming:\n  prefix: {name}-\n'
        f"vars:\n  greeter_function: greeter-{name}\n{role}"
    )


@pytest.fixture
def project(tmp_path: Path, moto_endpoint: str) -> Path:
    create_project(tmp_path, "demo")
    return tmp_path


def write_env(root: Path, name: str, account: str, role_account: str | None, extra: str = "") -> None:
    (root / "environments" / f"{name}.yaml").write_text(env_file(name, account, role_account, extra))


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def api_in(account: str | None) -> AwsApi:
    """An API with the credentials of ``account``'s deployer role (None: moto's default account)."""
    role = AssumeRole(f"arn:aws:iam::{account}:role/deployer", "tests") if account else None
    return make_api(AwsSettings(region="us-east-1", total_attempts=1, assume_role=role), sleep=no_sleep)


def machine_names(api: AwsApi, prefix: str) -> list[str]:
    machines = api.pages("stepfunctions", "ListStateMachines", "stateMachines")
    return [m["name"] for m in machines if m["name"].startswith(prefix)]


def role_names(api: AwsApi, prefix: str) -> list[str]:
    return [r["RoleName"] for r in api.pages("iam", "ListRoles", "Roles") if r["RoleName"].startswith(prefix)]


def test_apply_assumes_the_environments_role_and_deploys_into_its_account(project: Path, unique: str) -> None:
    write_env(project, unique, ACCOUNT_A, ACCOUNT_A)
    applied = run(project, "apply", "-e", unique, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert machine_names(api_in(ACCOUNT_A), f"{unique}-") == [f"{unique}-hello-world"]
    assert machine_names(api_in(None), f"{unique}-") == []
    again = run(project, "plan", "-e", unique, "--detailed-exitcode")
    assert again.exit_code == 0, again.output


def test_the_default_session_name_names_project_and_environment(project: Path, unique: str) -> None:
    from sfndeploy.plan.service import load_target

    write_env(project, unique, ACCOUNT_A, ACCOUNT_A)
    api = make_api(load_target(project, unique).settings, sleep=no_sleep)
    identity = api.call("sts", "GetCallerIdentity")
    assert identity["Account"] == ACCOUNT_A
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT_A}:assumed-role/deployer/sfndeploy-demo-{unique}"


def test_a_role_in_another_account_is_refused_before_anything_is_written(project: Path, unique: str) -> None:
    write_env(project, unique, ACCOUNT_B, ACCOUNT_A)
    result = run(project, "apply", "-e", unique, "--auto-approve")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: environment {unique} is account {ACCOUNT_B}, but role arn:aws:iam::{ACCOUNT_A}:role/deployer "
        f"reached account {ACCOUNT_A}; nothing was done (use credentials of account {ACCOUNT_B} (profile, "
        "assume_role.arn or the ambient AWS_* variables), or correct account_id in the environment file)"
    ]
    for account in (ACCOUNT_A, ACCOUNT_B, None):
        assert machine_names(api_in(account), f"{unique}-") == []
        assert role_names(api_in(account), f"{unique}-") == []


@pytest.mark.parametrize("command", ["plan", "drift", "unlock"])
def test_ambient_credentials_of_another_account_are_refused(project: Path, unique: str, command: str) -> None:
    write_env(project, unique, ACCOUNT_B, None)
    result = run(project, command, "-e", unique)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"error: environment {unique} is account {ACCOUNT_B}, but the ambient credentials reached account "
        f"{MOTO_DEFAULT_ACCOUNT}; nothing was done"
    )


def test_a_session_without_an_account_is_not_checked(moto_endpoint: str) -> None:
    api = api_in(ACCOUNT_A)
    assert api.call("sts", "GetCallerIdentity")["Account"] == ACCOUNT_A
    assert api.counter.total == 1


def _sts_answering(code: str, message: str, operation: str) -> Any:
    """A real STS client of the moto session whose ``operation`` receives AWS's error response."""
    sts = client_factory(AwsSettings(region="us-east-1", total_attempts=1))("sts")

    def before_send(request: Any, **kwargs: Any) -> AWSResponse | None:
        return query_error(code, message) if kwargs["event_name"].endswith(operation) else None

    sts.meta.events.register("before-send", before_send)
    return sts


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            "AccessDenied",
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole",
            "environment prod: role arn:aws:iam::222222222222:role/deployer cannot be assumed: AccessDenied "
            "(check that the role's trust policy allows the calling identity and that "
            "assume_role.external_id is the one the role expects)",
        ),
        (
            "ExpiredTokenException",
            "Token expired: current date/time 1764755000 must be before the expiration date/time 1764754000",
            "environment prod: role arn:aws:iam::222222222222:role/deployer: the web identity token was refused: "
            "ExpiredTokenException (the OIDC token in AWS_WEB_IDENTITY_TOKEN_FILE expired or is not trusted by "
            "AWS_ROLE_ARN; request a fresh token (re-run the CI job) and check the role's OIDC trust)",
        ),
    ],
)
def test_assume_role_refusals_are_one_line(moto_endpoint: str, code: str, message: str, expected: str) -> None:
    """moto assumes any role with any external id and never expires a token, so the real botocore
    client receives AWS's error responses through its ``before-send`` event instead (AWS answers a
    wrong external id with AccessDenied, like a role whose trust policy excludes the caller)."""
    role = AssumeRole("arn:aws:iam::222222222222:role/deployer", "ci", external_id="wrong-id")
    assumer = RoleAssumer(_sts_answering(code, message, "AssumeRole"), role, "prod")
    with pytest.raises(AwsCallError) as raised:
        assumer.fetch()
    assert raised.value.code == code
    assert raised.value.one_line() == expected


def test_an_invalid_web_identity_token_at_the_account_check_is_one_line(moto_endpoint: str) -> None:
    """moto does not validate web identity tokens; AWS's InvalidIdentityToken answer is injected
    into the real client's ``before-send`` event."""
    sts = _sts_answering("InvalidIdentityToken", "Couldn't retrieve verification key", "GetCallerIdentity")
    settings = AwsSettings(region="us-east-1", environment="prod", account_id=ACCOUNT_B)
    with pytest.raises(AwsCallError) as raised:
        check_account(lambda _service: sts, settings)
    assert raised.value.one_line() == (
        "environment prod: the ambient credentials: the web identity token was refused: InvalidIdentityToken "
        "(the OIDC token in AWS_WEB_IDENTITY_TOKEN_FILE expired or is not trusted by AWS_ROLE_ARN; request a "
        "fresh token (re-run the CI job) and check the role's OIDC trust)"
    )


def test_the_external_id_and_duration_are_sent(moto_endpoint: str) -> None:
    sent: list[dict[str, Any]] = []
    sts = client_factory(AwsSettings(region="us-east-1", total_attempts=1))("sts")
    sts.meta.events.register("provide-client-params.sts.AssumeRole", lambda params, **_: sent.append(dict(params)))
    role = AssumeRole(f"arn:aws:iam::{ACCOUNT_A}:role/deployer", "ci-run", external_id="ext-123", duration_seconds=900)
    credentials = RoleAssumer(sts, role, "dev").fetch()
    assert sent == [
        {
            "RoleArn": f"arn:aws:iam::{ACCOUNT_A}:role/deployer",
            "RoleSessionName": "ci-run",
            "ExternalId": "ext-123",
            "DurationSeconds": 900,
        }
    ]
    assert sorted(credentials) == ["access_key", "expiry_time", "secret_key", "token"]


def test_assume_role_keys_are_checked_with_their_line(project: Path, unique: str) -> None:
    write_env(project, unique, ACCOUNT_A, ACCOUNT_A, extra="  duration_seconds: 60\n")
    result = run(project, "plan", "-e", unique)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: environments/{unique}.yaml:10:3: 'duration_seconds': environment file: 60 is less than the "
        "minimum of 900"
    ]


def test_credentials_near_their_expiry_are_assumed_again(moto_endpoint: str) -> None:
    """900 s, the shortest duration STS grants, is inside botocore's 15-minute renewal window, so
    every use of the credentials assumes the role again; moto issues new keys each time."""
    sts = client_factory(AwsSettings(region="us-east-1", total_attempts=1))("sts")
    assumed: list[str] = []
    sts.meta.events.register("provide-client-params.sts.AssumeRole", lambda params, **_: assumed.append("x"))
    role = AssumeRole(f"arn:aws:iam::{ACCOUNT_A}:role/deployer", "ci-run", duration_seconds=900)
    credentials = renewing_credentials(RoleAssumer(sts, role, "dev"))
    first = credentials.get_frozen_credentials().access_key
    second = credentials.get_frozen_credentials().access_key
    assert len(assumed) == 3  # once when created, once for each use
    assert first != second


def test_a_session_name_sts_would_refuse_is_refused_at_its_line(project: Path, unique: str) -> None:
    write_env(project, unique, ACCOUNT_A, ACCOUNT_A, extra="  session_name: déploiement nocturne\n")
    result = run(project, "plan", "-e", unique)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: environments/{unique}.yaml:10:3: 'session_name': environment file: "
        '"d\\u00e9ploiement nocturne" does not match the pattern ^[A-Za-z0-9_+=,.@-]{2,64}$'
    ]


@pytest.mark.parametrize("role_account", [ACCOUNT_A, None], ids=["with-assume-role", "ambient"])
def test_an_expired_web_identity_token_is_one_line_exit_1_and_nothing_is_written(
    project: Path, unique: str, tmp_path: Path, role_account: str | None
) -> None:
    """The pipeline holds only an OIDC token (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN): botocore's own
    credential provider exchanges it with AssumeRoleWithWebIdentity. moto accepts any token, so that
    call of every session sfndeploy opens receives AWS's ExpiredTokenException through the session's
    ``before-send`` event."""
    token = tmp_path / "web-identity-token"
    token.write_text("header.claims.signature")
    write_env(project, unique, ACCOUNT_A, role_account)
    expired = query_error("ExpiredTokenException", "Token expired: current date/time 1764755000 is after 1764754000")
    patch = pytest.MonkeyPatch()
    patch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token))
    patch.setenv("AWS_ROLE_ARN", f"arn:aws:iam::{ACCOUNT_A}:role/pipeline-oidc")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        patch.delenv(name, raising=False)
    opened = botocore.session.get_session

    def answering_expired(*args: Any, **kwargs: Any) -> Any:
        session = opened(*args, **kwargs)
        session.register("before-send.sts.AssumeRoleWithWebIdentity", lambda **_: expired)
        return session

    patch.setattr(botocore.session, "get_session", answering_expired)
    try:
        result = run(project, "apply", "-e", unique, "--auto-approve")
    finally:
        patch.undo()

    assert result.exit_code == 1
    credentials = f"role arn:aws:iam::{ACCOUNT_A}:role/deployer" if role_account else "the ambient credentials"
    assert result.output.splitlines() == [
        f"error: environment {unique}: {credentials}: the web identity token was refused: ExpiredTokenException "
        "(the OIDC token in AWS_WEB_IDENTITY_TOKEN_FILE expired or is not trusted by AWS_ROLE_ARN; request a "
        "fresh token (re-run the CI job) and check the role's OIDC trust)"
    ]
    assert machine_names(api_in(ACCOUNT_A), f"{unique}-") == []
    assert role_names(api_in(ACCOUNT_A), f"{unique}-") == []
