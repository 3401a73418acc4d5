"""Secrets against the moto server: SSM Parameter Store, Secrets Manager and environment variables,
tried as an attacker would to get a value printed or stored anywhere but the deployed definition.

Each command runs with an empty masking registry, as a separate process would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from aws_doubles import inject_error_responses, json_error, no_sleep
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.aws.session import make_api
from sfndeploy.cli.main import cli
from sfndeploy.config.scaffold import create_project
from sfndeploy.errors import SecretError
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan, load_target
from sfndeploy.secrets import masking

API_TOKEN = "tok-9f8e7d6c5b4a39281706"
DB_PASSWORD = "pw-Zq1Xw2Ce3Vr4Bt5"
WEBHOOK_KEY = 'wk-"quoted"\\slash-77'  # needs JSON escaping inside a definition
ROTATED_PASSWORD = "pw-rotated-Nm6Yh7Uj8"

ENV_FILE = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: {name}-
tags:
  team: core
  db_password_hint: {hint}
secrets:
  api_token: {{env: SFNTEST_API_TOKEN}}
  db_password: {{ssm: /{name}/db/password}}
  webhook_key: {{secretsmanager: "{name}/webhook:key"}}
"""

SPEC = """\
name: webhook
alias: live
tags:
  owner: platform
definition:
  StartAt: Call
  States:
    Call:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: {{ lambda_arn('caller') }}
        Payload:
          headers:
            Authorization: "Bearer {{ secret('api_token') }}"
          note: "{{ secret('db_password') }}"
          dsn: "https://hooks.example.com/{{ secret('webhook_key') }}"
      TimeoutSeconds: 30
      End: true
"""

VALUES = (API_TOKEN, DB_PASSWORD, WEBHOOK_KEY, json.dumps(WEBHOOK_KEY)[1:-1], ROTATED_PASSWORD)


@pytest.fixture(autouse=True)
def empty_registry() -> Iterator[None]:
    masking.forget_all()
    yield
    masking.forget_all()


@pytest.fixture
def project(tmp_path: Path, unique: str, api: AwsApi, monkeypatch: pytest.MonkeyPatch) -> Path:
    masking.forget_all()
    root = tmp_path / "project"
    create_project(root, "demo")
    for spec in (root / "templates").glob("*.yaml.j2"):
        spec.unlink()
    (root / "templates" / "webhook.yaml.j2").write_text(SPEC)
    write_env(root, unique)
    monkeypatch.setenv("SFNTEST_API_TOKEN", API_TOKEN)
    api.call("ssm", "PutParameter", Name=f"/{unique}/db/password", Value=DB_PASSWORD, Type="SecureString")
    api.call(
        "secretsmanager", "CreateSecret", Name=f"{unique}/webhook",
        SecretString=json.dumps({"key": WEBHOOK_KEY, "other": "unused-value-1234"}),
    )
    return root


def write_env(root: Path, name: str, hint: str = "ask-the-dba") -> None:
    (root / "environments" / f"{name}.yaml").write_text(ENV_FILE.format(name=name, hint=hint))


def run(project: Path, *args: str) -> Result:
    masking.forget_all()
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def assert_no_value(*texts: str) -> None:
    for text in texts:
        for value in VALUES:
            assert value not in text


def live_machine(api: AwsApi, name: str) -> dict[str, object]:
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}-webhook"
    return api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=arn)


def test_plan_apply_plan_shows_references_deploys_values_and_converges(
    project: Path, unique: str, api: AwsApi, tmp_path: Path
) -> None:
    saved = tmp_path / "reviewed.plan"
    shown = run(project, "plan", "-e", unique, "--json", "--out", str(saved))
    assert shown.exit_code == 0, shown.output
    plan_text = saved.read_text()
    assert_no_value(shown.output, plan_text)
    assert "<secret:db_password>" in plan_text and "<secret:webhook_key>" in plan_text

    applied = run(project, "-v", "apply", "-e", unique, str(saved))
    assert applied.exit_code == 0, applied.output
    assert_no_value(applied.output)

    described = live_machine(api, unique)
    definition = json.loads(str(described["definition"]))
    payload = definition["States"]["Call"]["Parameters"]["Payload"]
    assert payload == {
        "headers": {"Authorization": f"Bearer {API_TOKEN}"},
        "note": DB_PASSWORD,
        "dsn": f"https://hooks.example.com/{WEBHOOK_KEY}",
    }
    arn = str(described["stateMachineArn"])
    tags = api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)["tags"]
    version = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=f"{arn}:1")
    alias = api.call("stepfunctions", "DescribeStateMachineAlias", stateMachineAliasArn=f"{arn}:live")
    descriptions = [str(version.get("description", "")), str(alias.get("description", ""))]
    assert descriptions[0].startswith("sfndeploy rev=")
    assert_no_value(json.dumps(tags), *descriptions)
    assert "<secret:" not in json.dumps(tags) + "".join(descriptions)

    again = run(project, "plan", "-e", unique, "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes." in again.output
    drift = run(project, "drift", "-e", unique)
    assert drift.exit_code == 0, drift.output


def test_rotated_secret_is_a_masked_change_then_converges(project: Path, unique: str, api: AwsApi) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    api.call("ssm", "PutParameter", Name=f"/{unique}/db/password", Value=ROTATED_PASSWORD, Type="SecureString",
             Overwrite=True)
    plan = run(project, "plan", "-e", unique)
    assert plan.exit_code == 0, plan.output
    assert '~ Call.Parameters.Payload.note: **** → "<secret:db_password>"' in plan.output
    as_json = run(project, "plan", "-e", unique, "--json")
    (workflow,) = json.loads(as_json.stdout)["workflows"]
    assert '~ Call.Parameters.Payload.note: **** → "<secret:db_password>"' in workflow["changes"]
    applied = run(project, "-v", "apply", "-e", unique, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert_no_value(plan.output, as_json.output, applied.output)
    definition = json.loads(str(live_machine(api, unique)["definition"]))
    assert definition["States"]["Call"]["Parameters"]["Payload"]["note"] == ROTATED_PASSWORD


def test_a_secret_pasted_into_the_live_definition_is_masked_in_drift(project: Path, unique: str, api: AwsApi) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    described = live_machine(api, unique)
    definition = json.loads(str(described["definition"]))
    definition["States"]["Call"]["Comment"] = f"debug {DB_PASSWORD} and Bearer {API_TOKEN}"
    api.call("stepfunctions", "UpdateStateMachine", stateMachineArn=described["stateMachineArn"],
             definition=json.dumps(definition))
    drift = run(project, "drift", "-e", unique)
    assert drift.exit_code == 2, drift.output
    assert '    + Call.Comment: "debug **** and Bearer ****"' in drift.output.splitlines()
    plan = run(project, "plan", "-e", unique, "--json")
    assert plan.exit_code == 0, plan.output
    (workflow,) = json.loads(plan.stdout)["workflows"]
    assert '- Call.Comment: "debug **** and Bearer ****"' in workflow["changes"]
    assert_no_value(drift.output, plan.output)


def test_tag_values_with_secret_looking_keys_are_masked(project: Path, unique: str) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    write_env(project, unique, hint="rotate-monthly")
    shown = run(project, "plan", "-e", unique)
    assert "~ tag db_password_hint: **** → ****" in shown.output
    assert "ask-the-dba" not in shown.output and "rotate-monthly" not in shown.output


def test_a_secret_value_in_a_tag_is_refused_before_any_write(project: Path, unique: str, api: AwsApi) -> None:
    write_env(project, unique, hint=API_TOKEN)  # a careless colleague pastes the token into a tag
    result = run(project, "apply", "-e", unique, "--auto-approve")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: workflow 'webhook': its tags would carry a secret; "
        "secrets go only into state machine definitions, never into tags or descriptions\n"
    )
    assert_no_value(result.output)
    with pytest.raises(AwsCallError) as caught:
        api.call("iam", "GetRole", RoleName=f"{unique}-webhook-sfn")
    assert caught.value.code == "NoSuchEntity"


def test_a_secret_value_as_source_revision_never_reaches_a_version_description(
    project: Path, unique: str, api: AwsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SFNDEPLOY_SOURCE_REVISION", DB_PASSWORD)
    result = run(project, "apply", "-e", unique, "--auto-approve")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: workflow 'webhook': its version description would carry a secret")
    assert_no_value(result.output)
    with pytest.raises(AwsCallError) as caught:
        api.call("iam", "GetRole", RoleName=f"{unique}-webhook-sfn")
    assert caught.value.code == "NoSuchEntity"


def test_placeholders_outside_definitions_never_reach_aws(api: AwsApi, unique: str) -> None:
    arn = f"arn:aws:states:us-east-1:123456789012:stateMachine:{unique}-none"
    with pytest.raises(SecretError, match="parameter 'tags' refers to secret 'api_token'"):
        api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": "k", "value": "<secret:api_token>"}])
    with pytest.raises(SecretError, match="this command does not resolve them"):
        api.call("stepfunctions", "UpdateStateMachine", stateMachineArn=arn, definition='{"x": "<secret:a>"}')
    assert api.counter.total == 0


def test_unreadable_secrets_are_one_line_errors_without_values(project: Path, unique: str, api: AwsApi) -> None:
    assert run(project, "apply", "-e", unique, "--auto-approve").exit_code == 0
    masking.forget_all()
    api.call("secretsmanager", "PutSecretValue", SecretId=f"{unique}/webhook",
             SecretString=json.dumps({"other": WEBHOOK_KEY}))
    missing_key = run(project, "plan", "-e", unique)
    assert missing_key.exit_code == 1
    assert missing_key.stderr.strip() == (
        f"error: secret 'webhook_key': Secrets Manager secret {unique}/webhook has no JSON key 'key'"
    )
    masking.forget_all()
    api.call("secretsmanager", "PutSecretValue", SecretId=f"{unique}/webhook", SecretString=WEBHOOK_KEY)
    not_json = run(project, "plan", "-e", unique)
    assert not_json.stderr == (
        f"error: secret 'webhook_key': Secrets Manager secret {unique}/webhook is not a JSON object\n"
    )
    api.call("ssm", "DeleteParameter", Name=f"/{unique}/db/password")
    gone = run(project, "plan", "-e", unique)
    assert gone.exit_code == 1
    assert gone.stderr.startswith(f"error: secret 'db_password': cannot read the SSM parameter /{unique}/db/password:")
    assert_no_value(missing_key.output, not_json.output, gone.output)


def test_an_aws_error_that_echoes_the_definition_is_masked(project: Path, unique: str) -> None:
    """AWS's InvalidDefinition messages quote the definition; moto never fails this way, so the
    error response is injected into the real botocore client (parsed as from AWS)."""
    masking.forget_all()
    target = load_target(project, unique)
    api = make_api(target.settings, sleep=no_sleep)
    echo = f"Invalid State Machine Definition: unexpected '{DB_PASSWORD}' at /States/Call"
    inject_error_responses(
        api, "stepfunctions", lambda op: json_error("InvalidDefinition", echo) if op == "CreateStateMachine" else None
    )
    plan = compute_plan(api, target.desired)
    with pytest.raises(AwsCallError) as caught:
        AwsExecutor(api, sleep=no_sleep).execute(plan)
    assert "Invalid State Machine Definition: unexpected '****' at /States/Call" in str(caught.value)
    assert_no_value(str(caught.value), repr(caught.value.args))
