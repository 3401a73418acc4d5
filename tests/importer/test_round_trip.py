"""Import round trips against the local AWS endpoint: deploy the example project, import it into an
empty project, and the import's own plan (and a fresh one) shows no changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan, load_target
from tests.importer.conftest import ProjectFactory, no_sleep

WORKFLOWS = ("dataset-fanout", "etl-pipeline", "human-approval", "ml-pipeline", "order-processing")


def deploy(api: AwsApi, root: Path, env_name: str) -> None:
    target = load_target(root, env_name)
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, target.desired))
    assert not compute_plan(api, target.desired).has_changes


def import_cli(root: Path, env_name: str, *names: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(root), "import", *names, "-e", env_name])
    return result.exit_code, result.stdout, result.stderr


SOURCES_CHANGED = "~ sources changed since the last apply (the state machine itself is unchanged)"


def change_lines(api: AwsApi, root: Path, env_name: str) -> list[str]:
    """What a plan of ``root`` shows but the sources-hash tag the next apply writes for the imported specs."""
    plan = compute_plan(api, load_target(root, env_name).desired)
    return [line for w in plan.workflows for line in w.changes if line != SOURCES_CHANGED]


def rendered_definitions(root: Path, env_name: str) -> dict[str, object]:
    project = pipeline.load_project(root)
    env = pipeline.load_environment(project, env_name)
    return {wf.name: wf.definition for wf in pipeline.render_workflows(project, env)}


@pytest.fixture
def deployed(api: AwsApi, env_name: str, make_project: ProjectFactory) -> Path:
    source = make_project("source", env_name, with_vars=True, with_templates=True)
    deploy(api, source, env_name)
    return source


def test_every_example_workflow_round_trips(
    api: AwsApi, env_name: str, deployed: Path, make_project: ProjectFactory
) -> None:
    target = make_project("target", env_name, with_vars=False, with_templates=False)
    live_names = [f"{env_name}-{name}-local" for name in WORKFLOWS]

    code, out, err = import_cli(target, env_name, *live_names)

    assert code == 0, err + out
    assert not change_lines(api, target, env_name)
    assert rendered_definitions(target, env_name) == rendered_definitions(deployed, env_name)
    deploy(api, target, env_name)  # records the imported specs as the sources (a hash tag), then nothing
    env_text = (target / "environments" / f"{env_name}.yaml").read_text()
    assert env_text.startswith("# Local: a moto server")  # comments and layout kept
    variables = pipeline.load_environment(pipeline.load_project(target), env_name).vars
    assert variables["order_processing"]["functions"]["orders_validate"] == "orders-validate-local"
    assert variables["human_approval"]["queues"]["approval_requests"] == "approval-requests-local"
    spec = (target / "templates" / "order-processing.yaml.j2").read_text()
    assert "lambda_arn(vars.order_processing.functions.orders_validate)" in spec
    assert "123456789012" not in spec  # the account id comes from the environment


def test_import_reuses_variables_the_environment_already_has(
    api: AwsApi, env_name: str, deployed: Path, make_project: ProjectFactory
) -> None:
    target = make_project("target", env_name, with_vars=True, with_templates=False)
    before = (target / "environments" / f"{env_name}.yaml").read_text()

    code, out, err = import_cli(target, env_name, "human-approval", f"{env_name}-etl-pipeline-local")

    assert code == 0, err + out
    assert (target / "environments" / f"{env_name}.yaml").read_text() == before
    spec = (target / "templates" / "human-approval.yaml.j2").read_text()
    assert "{{ sqs_queue_url(vars.queues.approvals) | tojson }}" in spec
    assert "{{ arn('sns', vars.topics.approvals) | tojson }}" in spec
    etl = (target / "templates" / "etl-pipeline.yaml.j2").read_text()
    assert "s3://{{ vars.etl.results_bucket }}/daily/" in etl
    assert not change_lines(api, target, env_name)


def test_a_state_machine_sfndeploy_never_managed_is_adopted(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    target = make_project("target", env_name, with_vars=False, with_templates=False)
    name = f"{env_name}-legacy-report-local"
    definition = {
        "Comment": f"Hand-made in {env_name}",
        "StartAt": "Fetch",
        "States": {
            "Fetch": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:report-fetch-local",
                "Next": "Queue",
            },
            "Queue": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {
                    "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/reports-local",
                    "MessageBody": {"bucket": "s3://acme-reports-local/out/", "note": "{{ not jinja }} {# nor this"},
                },
                "End": True,
            },
        },
    }
    role = "arn:aws:iam::123456789012:role/legacy-report-role"
    api.call(
        "stepfunctions",
        "CreateStateMachine",
        name=name,
        definition=json.dumps(definition),
        roleArn=role,
        tags=[{"key": "team", "value": "reports"}],
    )

    code, out, err = import_cli(target, env_name, name)

    assert code == 0, err + out
    assert "its spec says adopt: true" in out and f"~ adopt state machine {name}" in out
    spec = (target / "templates" / "legacy-report.yaml.j2").read_text()
    assert "role:\n  arn:" in spec and "team: reports" in spec
    assert rendered_definitions(target, env_name)["legacy-report"] == definition
    tags = api.call(
        "stepfunctions", "ListTagsForResource", resourceArn=f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}"
    )["tags"]
    assert tags == [{"key": "team", "value": "reports"}]  # import writes nothing to AWS; apply adopts


def test_logging_and_tracing_that_differ_from_the_target_defaults_are_written_into_the_spec(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    source = make_project("source", env_name, with_vars=True, with_templates=True)
    env_file = source / "environments" / f"{env_name}.yaml"
    text = env_file.read_text()
    env_file.write_text(
        text.replace(
            "  logging:\n    level: OFF\n  tracing: false\n",
            "  logging:\n    level: ERROR\n    include_execution_data: true\n  tracing: true\n",
        )
    )
    assert "level: ERROR" in env_file.read_text()
    load = load_target(source, env_name, ["etl-pipeline"])
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, load.desired))
    target = make_project("target", env_name, with_vars=False, with_templates=False)

    code, out, err = import_cli(target, env_name, "etl-pipeline")

    assert code == 0, err + out
    spec = (target / "templates" / "etl-pipeline.yaml.j2").read_text()
    assert "logging:\n  level: ERROR\n  include_execution_data: true\ntracing: true\n" in spec
    assert not change_lines(api, target, env_name)


SPEC_WITH_ROLE = """\
name: with-role
role:
  name: {{ "with-role-exec" | named }}
  permissions_boundary: arn:aws:iam::123456789012:policy/boundary
  statements:
    - Effect: Allow
      Action: [kms:Decrypt]
      Resource: arn:aws:kms:us-east-1:123456789012:key/abc
    - Sid: ReadConfig
      Effect: Allow
      Action: ssm:GetParameter
      Resource: arn:aws:ssm:us-east-1:123456789012:parameter/with-role/*
definition:
  StartAt: Go
  States:
    Go:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters:
        FunctionName: {{ lambda_arn(vars.functions.charge_payment) }}
      End: true
"""


def test_a_generated_role_with_its_own_name_boundary_and_statements_round_trips(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    source = make_project("source", env_name, with_vars=True, with_templates=False)
    (source / "templates" / "with-role.yaml.j2").write_text(SPEC_WITH_ROLE)
    api.call(
        "iam",
        "CreatePolicy",
        PolicyName="boundary",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    deploy(api, source, env_name)
    target = make_project("target", env_name, with_vars=True, with_templates=False)

    code, out, err = import_cli(target, env_name, "with-role")

    assert code == 0, err + out
    assert not change_lines(api, target, env_name)
    spec = (target / "templates" / "with-role.yaml.j2").read_text()
    assert "permissions_boundary:" in spec and "ReadConfig" in spec
