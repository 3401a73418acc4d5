"""The adopt marker in a saved plan, against the local AWS endpoint: ``plan --out`` then ``apply PLANFILE``
adopts what the plan adopted; a file whose adopted resources were edited (the checksum recomputed, as
an attacker would) is refused by the saved-plan checks before any call; a resource that gained
sfndeploy tags between plan and apply is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from sfndeploy.plan.hashing import sha256_of
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


class Legacy:
    """A machine imported with a rule and an alarm named the way sfndeploy names them, and its saved plan."""

    def __init__(self, api: AwsApi, env_name: str, root: Path) -> None:
        self.env = env_name
        self.root = root
        self.machine = f"{env_name}-billing-local"
        self.machine_arn = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{self.machine}"
        _create(api, self.machine, _pass_machine())
        self.rule = f"{self.machine}-placed"
        self.rule_arn = str(
            api.call("events", "PutRule", Name=self.rule, EventPattern=json.dumps({"source": ["acme.shop"]}))["RuleArn"]
        )
        role = brought_role(api, f"{env_name}-legacy-events", "events.amazonaws.com")
        target = {"Id": "t", "Arn": self.machine_arn, "RoleArn": role}
        api.call("events", "PutTargets", Rule=self.rule, Targets=[target])
        self.alarm = f"{self.machine}-failures"
        self.alarm_arn = _put_alarm(api, self.alarm, self.machine_arn)
        imported = _run(root, "import", self.machine, "-e", env_name)
        assert imported.exit_code == 0, imported.output
        self.plan_file = root / "billing.plan"
        planned = _run(root, "plan", "-e", env_name, "--out", str(self.plan_file))
        assert planned.exit_code == 0, planned.output

    def apply(self, plan_file: Path | None = None) -> Result:
        return _run(self.root, "apply", "-e", self.env, str(plan_file or self.plan_file), "--auto-approve")

    def tags(self, api: AwsApi) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        machine = api.call("stepfunctions", "ListTagsForResource", resourceArn=self.machine_arn)["tags"]
        rule = api.call("events", "ListTagsForResource", ResourceARN=self.rule_arn)["Tags"]
        alarm = api.call("cloudwatch", "ListTagsForResource", ResourceARN=self.alarm_arn)["Tags"]
        return (
            {t["key"]: t["value"] for t in machine},
            {t["Key"]: t["Value"] for t in rule},
            {t["Key"]: t["Value"] for t in alarm},
        )


def _put_alarm(api: AwsApi, name: str, machine_arn: str, threshold: float = 1.0) -> str:
    api.call(
        "cloudwatch",
        "PutMetricAlarm",
        AlarmName=name,
        Namespace="AWS/States",
        MetricName="ExecutionsFailed",
        Statistic="Sum",
        Dimensions=[{"Name": "StateMachineArn", "Value": machine_arn}],
        Period=60,
        EvaluationPeriods=1,
        Threshold=threshold,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    [alarm] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[name])["MetricAlarms"]
    return str(alarm["AlarmArn"])


def _tampered(source: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the plan file with ``edit`` applied and its checksum recomputed."""
    document = json.loads(source.read_text())
    edit(document)
    document["checksum"] = sha256_of({key: document[key] for key in ("plan", "desired", "options")})
    target = source.with_name("tampered.plan")
    target.write_text(json.dumps(document))
    return target


@pytest.fixture
def legacy(api: AwsApi, env_name: str, make_project: ProjectFactory) -> Legacy:
    return Legacy(api, env_name, make_project("target", env_name, with_vars=False, with_templates=False))


def test_the_adoptions_survive_the_plan_file_and_apply_makes_them(api: AwsApi, legacy: Legacy) -> None:
    document = json.loads(legacy.plan_file.read_text())
    [workflow] = document["plan"]["workflows"]
    assert workflow["adopts"] == [legacy.machine_arn, legacy.rule_arn, legacy.alarm]
    assert [w["adopt"] for w in document["desired"]["workflows"]] == [True]
    for kind, name in (("state machine", legacy.machine), ("rule", legacy.rule), ("alarm", legacy.alarm)):
        assert f"~ adopt {kind} {name} (adds sfndeploy's ownership tags)" in workflow["changes"]

    applied = legacy.apply()

    assert applied.exit_code == 0, applied.output
    for tags in legacy.tags(api):
        assert (tags["sfndeploy:project"], tags["sfndeploy:environment"], tags["sfndeploy:workflow"]) == (
            "acme-workflows",
            legacy.env,
            "billing",
        )
    again = _run(legacy.root, "plan", "-e", legacy.env)
    assert again.exit_code == 0 and "No changes." in again.stdout, again.output


def _adopt_a_stranger(document: dict[str, Any]) -> None:
    document["plan"]["workflows"][0]["adopts"].append("arn:aws:states:us-east-1:123456789012:stateMachine:stranger")


def _adopt_without_the_marker(document: dict[str, Any]) -> None:
    document["desired"]["workflows"][0]["adopt"] = False


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            _adopt_a_stranger,
            "name 'arn:aws:states:us-east-1:123456789012:stateMachine:stranger', which is "
            "no resource of workflow 'billing' its plan may adopt; nothing was changed",
        ),
        (
            _adopt_without_the_marker,
            "adopt resources of a workflow whose spec does not say adopt: true; "
            "nothing was changed",
        ),
    ],
)
def test_edited_adoptions_are_refused_by_the_saved_plan_checks(
    api: AwsApi, legacy: Legacy, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    tampered = _tampered(legacy.plan_file, edit)
    refused = legacy.apply(tampered)

    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: {tampered}: 'plan.workflows[0].adopts': {message} (make a new plan with 'sfndeploy plan --out')\n"
    )
    assert legacy.tags(api) == ({}, {}, {})


def test_an_adoption_dropped_from_the_reviewed_plan_is_refused_as_an_altered_file(api: AwsApi, legacy: Legacy) -> None:
    def adopt_less(document: dict[str, Any]) -> None:
        document["plan"]["workflows"][0]["adopts"].remove(legacy.alarm)

    refused = legacy.apply(_tampered(legacy.plan_file, adopt_less))

    assert refused.exit_code == 1
    assert "does not match its own desired state" in refused.stderr, refused.stderr
    assert legacy.tags(api) == ({}, {}, {})


@pytest.mark.parametrize("edited", ["rule", "alarm"])
def test_a_resource_to_adopt_edited_between_plan_and_apply_makes_the_plan_stale(
    api: AwsApi, legacy: Legacy, edited: str
) -> None:
    if edited == "rule":
        api.call("events", "PutRule", Name=legacy.rule, EventPattern=json.dumps({"source": ["acme.pos"]}))
    else:
        _put_alarm(api, legacy.alarm, legacy.machine_arn, threshold=3.0)

    refused = legacy.apply()

    assert refused.exit_code == 1
    assert "the live state changed since the plan was made (workflows: billing)" in refused.stderr, refused.stderr
    assert legacy.tags(api) == ({}, {}, {})


def test_a_resource_tagged_between_plan_and_apply_is_refused(api: AwsApi, legacy: Legacy) -> None:
    """The plan apply computes again from the file no longer adopts it, so it is refused before any write
    (the write guard's own re-check is tested with each kind)."""
    foreign = [{"Key": "sfndeploy:workflow", "Value": "x"}]
    api.call("cloudwatch", "TagResource", ResourceARN=legacy.alarm_arn, Tags=foreign)

    refused = legacy.apply()

    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"error: alarm '{legacy.alarm}' is not managed by sfndeploy (it lacks the sfndeploy:project, "
        "sfndeploy:environment, sfndeploy:workflow tags); nothing was changed"
    ), refused.stderr
    assert legacy.tags(api) == ({}, {}, {"sfndeploy:workflow": "x"})
