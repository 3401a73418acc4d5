"""A schedule imported from a group that is not sfndeploy's cannot be adopted (Scheduler cannot tag a
schedule, and sfndeploy owns only the schedules in its own group): apply creates the trigger in the
project's group, leaves the old schedule alone, and every plan of the adopted workflow names the old
one until it is deleted by hand. Against the local AWS endpoint."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


def test_the_old_schedule_is_left_alone_and_named_by_every_plan_until_it_is_deleted(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-report-local"
    _create(api, machine, _pass_machine())
    group = f"legacy-{env_name}"
    api.call("scheduler", "CreateScheduleGroup", Name=group)
    role = brought_role(api, f"{env_name}-legacy-scheduler", "scheduler.amazonaws.com")
    target = {"Arn": f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{machine}", "RoleArn": role}
    api.call(
        "scheduler",
        "CreateSchedule",
        Name="report-nightly",
        GroupName=group,
        ScheduleExpression="cron(30 1 * * ? *)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target=target,
    )
    warning = (
        f"! schedule {group}/report-nightly outside the project's schedule group also starts {machine}; "
        "sfndeploy leaves it alone: delete it once apply has created this workflow's schedules, "
        "or the workflow starts twice"
    )
    assert _run(root, "import", machine, "-e", env_name).exit_code == 0

    planned = _run(root, "plan", "-e", env_name)
    assert planned.exit_code == 0, planned.output
    assert f"+ schedule nightly (cron(30 1 * * ? *)) → state machine {machine}" in planned.stdout
    assert warning in planned.stdout

    applied = _run(root, "apply", "-e", env_name, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    own = api.call("scheduler", "GetSchedule", Name="report-nightly", GroupName=f"acme-workflows-{env_name}")
    assert own["Target"]["Arn"] == target["Arn"]
    old = api.call("scheduler", "GetSchedule", Name="report-nightly", GroupName=group)
    assert (old["ScheduleExpression"], old["Target"]["RoleArn"]) == ("cron(30 1 * * ? *)", role)

    again = _run(root, "plan", "-e", env_name)
    assert again.exit_code == 0, again.output
    assert "No changes." in again.stdout
    assert f"! workflow report: {warning[2:]}" in again.stdout
    assert "nothing left to adopt" not in again.stdout  # the marker still keeps the old schedule in view

    api.call("scheduler", "DeleteSchedule", Name="report-nightly", GroupName=group)
    cleared = _run(root, "plan", "-e", env_name)
    assert cleared.exit_code == 0, cleared.output
    assert "report-nightly" not in cleared.stdout and "No changes." in cleared.stdout
    assert (
        "! workflow report: adopt: true has nothing left to adopt; remove it so that a resource created "
        "outside sfndeploy under its names is refused"
    ) in cleared.stdout
