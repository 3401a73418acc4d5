"""Alarms are adopted at apply time, against the local AWS endpoint: ``import`` makes read calls only;
the plan says ``~ adopt alarm NAME``, apply tags the alarm before it updates it (PutMetricAlarm ignores
tags on an update), a crash right after the tagging converges on the next apply, and an alarm carrying
sfndeploy tags that are not this workflow's is refused at import, at plan time and by the write guard."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import make_api
from sfndeploy.cli.main import cli
from sfndeploy.importer import import_state_machines, settings_for
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.ownership import NotOwned
from sfndeploy.plan.service import compute_plan, load_target
from sfndeploy.plan.write_guard import WriteOwnership
from tests.aws.conftest import no_sleep
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"
READS = ("Describe", "List", "Get")
WRITES = ("Tag", "Untag", "Put", "Create", "Update", "Delete")
SERVICES = ("stepfunctions", "cloudwatch", "events", "scheduler", "iam", "logs", "lambda", "sns", "sqs")
OTHER_PROJECT = {"sfndeploy:project": "billing-team", "sfndeploy:environment": "prod", "sfndeploy:workflow": "x"}


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


def _machine_arn(name: str) -> str:
    return f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{name}"


def _put_alarm(api: AwsApi, name: str, machine: str, tags: dict[str, str] | None = None) -> str:
    api.call(
        "cloudwatch",
        "PutMetricAlarm",
        AlarmName=name,
        Namespace="AWS/States",
        MetricName="ExecutionsFailed",
        Statistic="Sum",
        Dimensions=[{"Name": "StateMachineArn", "Value": _machine_arn(machine)}],
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        Tags=[{"Key": k, "Value": v} for k, v in (tags or {}).items()],
    )
    [alarm] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[name])["MetricAlarms"]
    return str(alarm["AlarmArn"])


def _alarm_tags(api: AwsApi, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in api.call("cloudwatch", "ListTagsForResource", ResourceARN=arn)["Tags"]}


def _threshold(api: AwsApi, name: str) -> float:
    [alarm] = api.call("cloudwatch", "DescribeAlarms", AlarmNames=[name])["MetricAlarms"]
    return float(alarm["Threshold"])


def _legacy(api: AwsApi, env_name: str, make_project: ProjectFactory, alarm_tags: dict[str, str] | None = None) -> Any:
    """A state machine sfndeploy does not manage, with one alarm already named the way sfndeploy names it."""
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-billing-local"
    _create(api, machine, _pass_machine())
    alarm = f"{machine}-failures"
    return root, machine, alarm, _put_alarm(api, alarm, machine, alarm_tags)


class _Recorder:
    """Every operation sent through the api's botocore clients, seen from botocore's own ``before-call`` event."""

    def __init__(self, api: AwsApi) -> None:
        self.seen: list[str] = []
        for service in SERVICES:
            api.client(service).meta.events.register("before-call", self._record)

    def _record(self, model: Any, **_: Any) -> None:
        self.seen.append(str(model.name))


def test_import_makes_read_calls_only(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root, machine, alarm, alarm_arn = _legacy(api, env_name, make_project)
    arn = _machine_arn(machine)
    _put_alarm(api, f"Billing failures ({env_name})", machine)  # named otherwise: apply creates it anew
    rule = api.call("events", "PutRule", Name=f"{machine}-placed", EventPattern=json.dumps({"source": ["acme.shop"]}))
    role = brought_role(api, f"{env_name}-legacy-events", "events.amazonaws.com")
    api.call("events", "PutTargets", Rule=f"{machine}-placed", Targets=[{"Id": "legacy", "Arn": arn, "RoleArn": role}])
    status = {
        "source": ["aws.states"],
        "detail-type": ["Step Functions Execution Status Change"],
        "detail": {"status": ["FAILED"], "stateMachineArn": [arn]},
    }
    api.call("events", "PutRule", Name=f"{machine}-notify-failed", EventPattern=json.dumps(status))
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:oncall-{env_name}"
    api.call("events", "PutTargets", Rule=f"{machine}-notify-failed", Targets=[{"Id": "t", "Arn": topic}])
    group = f"legacy-{env_name}"
    api.call("scheduler", "CreateScheduleGroup", Name=group)
    api.call(
        "scheduler",
        "CreateSchedule",
        Name="billing-nightly",
        GroupName=group,
        ScheduleExpression="cron(0 3 * * ? *)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": arn, "RoleArn": brought_role(api, f"{env_name}-legacy-scheduler", "scheduler.amazonaws.com")},
    )
    reader = make_api(settings_for(root, env_name, None), sleep=no_sleep)
    recorder = _Recorder(reader)

    result = import_state_machines(reader, root, env_name, [machine])

    assert recorder.seen, "the import read nothing"
    assert [op for op in recorder.seen if op.startswith(WRITES) or not op.startswith(READS)] == []
    assert set(reader.calls) == set(recorder.seen)  # every call went through a recorded client
    assert {"DescribeAlarms", "ListRules", "ListSchedules", "GetSchedule", "ListTagsForResource"} <= set(reader.calls)
    assert result.plan is not None and not result.unexpected_changes
    [workflow] = result.plan.changed
    assert f"~ adopt state machine {machine} (adds sfndeploy's ownership tags)" in workflow.changes
    assert f"~ adopt alarm {alarm} (adds sfndeploy's ownership tags)" in workflow.changes
    assert f"~ adopt rule {machine}-placed (adds sfndeploy's ownership tags)" in workflow.changes
    assert _alarm_tags(api, alarm_arn) == {}
    assert api.call("events", "ListTagsForResource", ResourceARN=rule["RuleArn"])["Tags"] == []
    assert api.call("stepfunctions", "ListTagsForResource", resourceArn=arn)["tags"] == []


def test_apply_tags_the_alarm_before_updating_it_and_a_crash_after_the_tagging_converges(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, machine, alarm, alarm_arn = _legacy(api, env_name, make_project)
    assert _run(root, "import", machine, "-e", env_name).exit_code == 0
    spec = root / "templates" / "billing.yaml.j2"
    assert "    threshold: 1\n" in spec.read_text()
    spec.write_text(spec.read_text().replace("    threshold: 1\n", "    threshold: 5\n"))

    plan = compute_plan(api, load_target(root, env_name).desired)
    [workflow] = plan.changed
    adopt_line = f"~ adopt alarm {alarm} (adds sfndeploy's ownership tags)"
    assert workflow.changes[-2:] == (adopt_line, f"~ alarm {alarm} threshold: 1 → 5")
    assert workflow.adopts == (_machine_arn(machine), alarm)
    operations = [(c.service, c.operation) for c in workflow.calls]
    tagging = operations.index(("cloudwatch", "TagResource"))
    # the update, then the record of what was written (sfndeploy:config-hash)
    assert operations[tagging + 1 :] == [("cloudwatch", "PutMetricAlarm"), ("cloudwatch", "TagResource")]

    crashed = replace(plan, workflows=(replace(workflow, calls=workflow.calls[: tagging + 1]),))
    AwsExecutor(api, sleep=no_sleep).execute(crashed)  # everything up to the alarm's tagging, then "a crash"
    assert _alarm_tags(api, alarm_arn) == {
        "sfndeploy:project": "acme-workflows",
        "sfndeploy:environment": env_name,
        "sfndeploy:workflow": "billing",
    }
    assert _threshold(api, alarm) == 1.0

    again = compute_plan(api, load_target(root, env_name).desired)
    [workflow] = again.changed
    assert workflow.changes == (f"~ alarm {alarm} threshold: 1 → 5",)  # no longer adopted: it is this workflow's
    assert workflow.adopts == ()
    assert _run(root, "apply", "-e", env_name, "--auto-approve").exit_code == 0
    assert _threshold(api, alarm) == 5.0
    replanned = _run(root, "plan", "-e", env_name)
    assert replanned.exit_code == 0 and "No changes." in replanned.stdout, replanned.output


def test_an_alarm_tagged_for_someone_else_stops_the_import(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, machine, alarm, alarm_arn = _legacy(api, env_name, make_project, OTHER_PROJECT)

    result = _run(root, "import", machine, "-e", env_name)

    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: alarm '{alarm}' carries ownership tags of someone else (sfndeploy:project=billing-team, "
        "sfndeploy:environment=prod, sfndeploy:workflow=x); nothing was changed"
    )
    assert list((root / "templates").iterdir()) == []
    assert _alarm_tags(api, alarm_arn) == OTHER_PROJECT


def test_an_alarm_with_some_sfndeploy_tags_stops_the_import(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, machine, alarm, _ = _legacy(api, env_name, make_project, {"sfndeploy:workflow": "billing"})

    result = _run(root, "import", machine, "-e", env_name)

    assert result.exit_code == 1
    assert result.stderr == (
        f"error: alarm '{alarm}' carries some sfndeploy tags (sfndeploy:workflow) but not the three ownership tags; "
        "nothing was changed (remove its sfndeploy:* tags, so that apply can adopt it)\n"
    )
    assert list((root / "templates").iterdir()) == []


def test_an_alarm_tagged_for_someone_else_after_the_import_is_refused_by_the_plan_and_the_guard(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, machine, alarm, alarm_arn = _legacy(api, env_name, make_project)
    assert _run(root, "import", machine, "-e", env_name).exit_code == 0
    plan = compute_plan(api, load_target(root, env_name).desired)
    [workflow] = plan.changed
    [tagging] = [c for c in workflow.calls if (c.service, c.operation) == ("cloudwatch", "TagResource")]
    WriteOwnership(api, plan).check(workflow, tagging)  # still untagged: the adoption may go ahead
    unplanned = replace(workflow, adopts=tuple(key for key in workflow.adopts if key != alarm))
    with pytest.raises(NotOwned, match=f"alarm '{alarm}' is not managed by sfndeploy"):
        WriteOwnership(api, plan).check(unplanned, tagging)

    foreign = [{"Key": k, "Value": v} for k, v in OTHER_PROJECT.items()]
    api.call("cloudwatch", "TagResource", ResourceARN=alarm_arn, Tags=foreign)

    with pytest.raises(NotOwned, match=f"alarm '{alarm}' belongs to project 'billing-team'"):
        WriteOwnership(api, plan).check(workflow, tagging)  # between plan and apply
    planned = _run(root, "plan", "-e", env_name)
    assert planned.exit_code == 1
    assert f"alarm '{alarm}' belongs to project 'billing-team'" in planned.stderr
    assert _alarm_tags(api, alarm_arn) == OTHER_PROJECT


def test_a_managed_machines_untagged_alarm_gets_the_marker_and_is_adopted(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-billing-local"
    ownership = {"sfndeploy:project": "acme-workflows", "sfndeploy:environment": env_name}
    ownership["sfndeploy:workflow"] = "billing"
    _create(api, machine, _pass_machine(), tags=[{"key": k, "value": v} for k, v in ownership.items()])
    alarm = f"{machine}-failures"
    alarm_arn = _put_alarm(api, alarm, machine)

    imported = _run(root, "import", machine, "-e", env_name)

    assert imported.exit_code == 0, imported.output
    assert (
        "    its spec says adopt: true, so the next apply tags its rules and alarms that carry no sfndeploy tag yet"
    ) in imported.stdout
    assert "\nadopt: true\n" in (root / "templates" / "billing.yaml.j2").read_text()
    assert f"~ adopt alarm {alarm} (adds sfndeploy's ownership tags)" in imported.stdout
    assert "~ adopt state machine" not in imported.stdout
    assert _alarm_tags(api, alarm_arn) == {}
    applied = _run(root, "apply", "-e", env_name, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    adopted = _alarm_tags(api, alarm_arn)
    assert {k: v for k, v in adopted.items() if k in ownership} == ownership
    assert len(adopted.pop("sfndeploy:config-hash")) == 64  # recorded with the adoption: it matched the sources
    replanned = _run(root, "plan", "-e", env_name)
    assert replanned.exit_code == 0 and "No changes." in replanned.stdout, replanned.output
