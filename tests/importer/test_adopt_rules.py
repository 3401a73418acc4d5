"""``~ adopt rule`` end to end against the local AWS endpoint: a machine imported with a rule named the
way sfndeploy names its rules; the plan says so, apply tags the rule, the next plan is empty; a rule
tagged for another project is refused at import, at plan time and by the write guard."""

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
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"
OTHER_PROJECT = {"sfndeploy:project": "billing-team", "sfndeploy:environment": "prod", "sfndeploy:workflow": "x"}


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


def _legacy(api: AwsApi, env_name: str, make_project: ProjectFactory) -> tuple[Path, str, str]:
    """A state machine sfndeploy does not manage, started by a rule named ``<state machine>-placed``."""
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-orders-local"
    _create(api, machine, _pass_machine())
    rule = f"{machine}-placed"
    created = api.call("events", "PutRule", Name=rule, EventPattern=json.dumps({"source": ["acme.shop"]}))
    target = {
        "Id": "legacy",
        "Arn": f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}",
        "RoleArn": brought_role(api, f"{env_name}-legacy-events", "events.amazonaws.com"),
    }
    api.call("events", "PutTargets", Rule=rule, Targets=[target])
    return root, rule, str(created["RuleArn"])


def _tags(api: AwsApi, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in api.call("events", "ListTagsForResource", ResourceARN=arn)["Tags"]}


def _tag(api: AwsApi, arn: str, tags: dict[str, str]) -> None:
    api.call("events", "TagResource", ResourceARN=arn, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def test_the_plan_adopts_the_rule_apply_tags_it_and_the_next_plan_is_empty(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, rule, arn = _legacy(api, env_name, make_project)
    adopt_line = f"~ adopt rule {rule} (adds sfndeploy's ownership tags)"
    imported = _run(root, "import", rule.removesuffix("-placed"), "-e", env_name)
    assert imported.exit_code == 0, imported.output
    assert adopt_line in imported.stdout
    assert _tags(api, arn) == {}

    planned = _run(root, "plan", "-e", env_name)
    assert planned.exit_code == 0, planned.output
    assert adopt_line in planned.stdout
    assert f"+ target of rule {rule} → arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:" in planned.stdout

    applied = _run(root, "apply", "-e", env_name, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    tags = _tags(api, arn)
    assert (tags["sfndeploy:project"], tags["sfndeploy:environment"], tags["sfndeploy:workflow"]) == (
        "acme-workflows",
        env_name,
        "orders",
    )
    [target] = api.call("events", "ListTargetsByRule", Rule=rule)["Targets"]
    assert target["RoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/{env_name}-legacy-events"  # the imported role.arn

    again = _run(root, "plan", "-e", env_name)
    assert again.exit_code == 0, again.output
    assert "~ adopt" not in again.stdout and "No changes." in again.stdout
    assert f"! workflow orders: {NOTHING_LEFT_TO_ADOPT}" in again.stdout  # the marker outlived its use


def test_a_rule_tagged_for_another_project_stops_the_import(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, rule, arn = _legacy(api, env_name, make_project)
    _tag(api, arn, OTHER_PROJECT)

    result = _run(root, "import", rule.removesuffix("-placed"), "-e", env_name)

    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: EventBridge rule '{rule}' carries ownership tags of someone else (sfndeploy:project=billing-team, "
        "sfndeploy:environment=prod, sfndeploy:workflow=x); nothing was changed"
    )
    assert list((root / "templates").iterdir()) == []
    assert _tags(api, arn) == OTHER_PROJECT


def test_a_rule_tagged_for_another_project_after_the_import_is_refused_by_the_plan_and_the_guard(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, rule, arn = _legacy(api, env_name, make_project)
    assert _run(root, "import", rule.removesuffix("-placed"), "-e", env_name).exit_code == 0
    plan = compute_plan(api, load_target(root, env_name).desired)
    [workflow] = plan.changed
    assert arn in workflow.adopts
    # the adoption's tagging comes first (the record of what apply wrote, sfndeploy:config-hash, last)
    tagging = next(c for c in workflow.calls if (c.service, c.operation, c.target) == ("events", "TagResource", arn))
    WriteOwnership(api, plan).check(workflow, tagging)  # still untagged: the adoption may go ahead

    _tag(api, arn, OTHER_PROJECT)

    with pytest.raises(NotOwned, match=f"EventBridge rule '{rule}' belongs to project 'billing-team'"):
        WriteOwnership(api, plan).check(workflow, tagging)  # between plan and apply
    planned = _run(root, "plan", "-e", env_name)
    assert planned.exit_code == 1
    assert f"EventBridge rule '{rule}' belongs to project 'billing-team'" in planned.stderr
    assert _tags(api, arn) == OTHER_PROJECT
