"""Import adopts at apply time, against the local AWS endpoint: ``import`` writes a spec with
``adopt: true`` and leaves the machine's tags alone; the plan says ``~ adopt state machine``, apply
tags it, and the next plan is empty. Adoption never reaches a machine without the marker or one
carrying any sfndeploy tag, at plan time or (the write guard) at apply time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.plan.planner import NOTHING_LEFT_TO_ADOPT
from sfndeploy.plan.service import compute_plan, load_target
from sfndeploy.plan.write_guard import WriteOwnership
from tests.importer.conftest import ProjectFactory

ROLE = "arn:aws:iam::123456789012:role/legacy-role"
DEFINITION = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


def _create(api: AwsApi, name: str, tags: dict[str, str]) -> str:
    created = api.call(
        "stepfunctions",
        "CreateStateMachine",
        name=name,
        definition=json.dumps(DEFINITION),
        roleArn=ROLE,
        tags=[{"key": k, "value": v} for k, v in tags.items()],
    )
    return str(created["stateMachineArn"])


def _tags(api: AwsApi, arn: str) -> dict[str, str]:
    found = api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)["tags"]
    return {tag["key"]: tag["value"] for tag in found}


def _imported(api: AwsApi, env_name: str, make_project: ProjectFactory, tags: dict[str, str]) -> tuple[Path, str]:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    name = f"{env_name}-legacy-local"
    arn = _create(api, name, tags)
    result = _run(root, "import", name, "-e", env_name)
    assert result.exit_code == 0, result.stderr + result.stdout
    return root, arn


def test_import_touches_nothing_and_apply_adopts(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root, arn = _imported(api, env_name, make_project, {"team": "reports"})
    name = arn.rsplit(":", 1)[-1]
    spec = (root / "templates" / "legacy.yaml.j2").read_text()
    assert "\nadopt: true\n" in spec
    assert _tags(api, arn) == {"team": "reports"}

    planned = _run(root, "plan", "-e", env_name)
    assert planned.exit_code == 0, planned.stderr
    assert f"~ adopt state machine {name} (adds sfndeploy's ownership tags)" in planned.stdout

    applied = _run(root, "apply", "-e", env_name, "--auto-approve")
    assert applied.exit_code == 0, applied.stderr
    tags = _tags(api, arn)
    assert tags["sfndeploy:workflow"] == "legacy" and tags["sfndeploy:environment"] == env_name
    assert tags["team"] == "reports"

    again = _run(root, "plan", "-e", env_name)
    assert again.exit_code == 0, again.stderr
    assert "~ adopt" not in again.stdout and "No changes." in again.stdout
    assert f"! workflow legacy: {NOTHING_LEFT_TO_ADOPT}" in again.stdout  # the marker outlived its use


def test_an_untagged_machine_without_the_marker_is_refused(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, arn = _imported(api, env_name, make_project, {})
    spec = root / "templates" / "legacy.yaml.j2"
    spec.write_text(spec.read_text().replace("adopt: true\n", ""))

    planned = _run(root, "plan", "-e", env_name)

    assert planned.exit_code == 1
    assert "is not managed by sfndeploy" in planned.stderr
    assert _tags(api, arn) == {}


@pytest.mark.parametrize(
    "foreign",
    [
        {"sfndeploy:project": "acme-workflows", "sfndeploy:environment": "prod", "sfndeploy:workflow": "legacy"},
        {"sfndeploy:workflow": "legacy"},  # one sfndeploy tag is enough to rule adoption out
    ],
)
def test_a_machine_with_sfndeploy_tags_is_refused_despite_the_marker(
    api: AwsApi, env_name: str, make_project: ProjectFactory, foreign: dict[str, str]
) -> None:
    root, arn = _imported(api, env_name, make_project, {})
    api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": k, "value": v} for k, v in foreign.items()])

    planned = _run(root, "plan", "-e", env_name)

    assert planned.exit_code == 1
    assert f"state machine '{arn.rsplit(':', 1)[-1]}'" in planned.stderr
    assert "nothing was changed" in planned.stderr
    assert _tags(api, arn) == foreign


def test_the_write_guard_refuses_an_adoption_once_the_machine_carries_sfndeploy_tags(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, arn = _imported(api, env_name, make_project, {})
    plan = compute_plan(api, load_target(root, env_name).desired)
    (workflow,) = plan.changed
    assert workflow.adopts == (arn,)
    assert workflow.calls[0].operation == "TagResource"
    guard = WriteOwnership(api, plan)
    api.call("stepfunctions", "TagResource", resourceArn=arn, tags=[{"key": "sfndeploy:environment", "value": "prod"}])

    with pytest.raises(NotOwned, match="is not managed by sfndeploy"):
        guard.check(workflow, workflow.calls[0])


def test_the_write_guard_allows_the_planned_adoption_only(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, _arn = _imported(api, env_name, make_project, {})
    plan = compute_plan(api, load_target(root, env_name).desired)
    (workflow,) = plan.changed
    WriteOwnership(api, plan).check(workflow, workflow.calls[0])  # still untagged: the adoption may go ahead

    unplanned = type(workflow)(**{**workflow.__dict__, "adopts": ()})
    with pytest.raises(NotOwned, match="is not managed by sfndeploy"):
        WriteOwnership(api, plan).check(unplanned, workflow.calls[0])
