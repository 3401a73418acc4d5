"""``adopt: true`` left in a spec after the adoption is a plan warning, against the local AWS endpoint.

While the marker stays, an untagged alarm or rule someone creates by hand under exactly a wanted
name would be adopted without a word; once it is removed, such a resource is refused. The warning
changes no exit code: ``plan --detailed-exitcode`` still exits 0 when nothing changes.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.cli.main import cli
from tests.importer.conftest import ProjectFactory
from tests.importer.test_adopt_alarms import _alarm_tags, _legacy, _put_alarm

WARNING = (
    "! workflow billing: adopt: true has nothing left to adopt; remove it so that a resource created "
    "outside sfndeploy under its names is refused"
)


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


def test_the_marker_left_after_the_adoption_is_a_warning_until_it_is_removed(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root, machine, alarm, _ = _legacy(api, env_name, make_project)
    assert _run(root, "import", machine, "-e", env_name).exit_code == 0
    spec = root / "templates" / "billing.yaml.j2"
    assert "\nadopt: true\n" in spec.read_text()

    applied = _run(root, "apply", "-e", env_name, "--auto-approve")
    assert applied.exit_code == 0, applied.output

    assert f"~ adopt alarm {alarm} (adds sfndeploy's ownership tags)" in applied.stdout
    assert "nothing left to adopt" not in applied.output  # it adopts: the marker is doing its work

    replanned = _run(root, "plan", "-e", env_name, "--detailed-exitcode")
    assert replanned.exit_code == 0, replanned.output  # a warning is no change
    assert "No changes." in replanned.stdout
    assert replanned.stdout.count(WARNING) == 1

    # What the warning is about: a new alarm in the spec, made by hand (untagged) under its name first.
    timeouts = f"{machine}-timeouts"
    added = "\nalarms:\n  timeouts:\n    metric: ExecutionsTimedOut\n    threshold: 1\n"
    spec.write_text(spec.read_text().replace("\nalarms:\n", added))
    by_hand = _put_alarm(api, timeouts, machine)
    kept_marker = _run(root, "plan", "-e", env_name)
    assert kept_marker.exit_code == 0, kept_marker.output
    assert f"~ adopt alarm {timeouts} (adds sfndeploy's ownership tags)" in kept_marker.stdout  # taken over
    assert "nothing left to adopt" not in kept_marker.output

    spec.write_text(spec.read_text().replace("\nadopt: true\n", "\n"))
    refused = _run(root, "plan", "-e", env_name)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"error: alarm '{timeouts}' is not managed by sfndeploy")
    assert _alarm_tags(api, by_hand) == {}

    api.call("cloudwatch", "DeleteAlarms", AlarmNames=[timeouts])
    without_marker = _run(root, "plan", "-e", env_name, "--detailed-exitcode")
    assert without_marker.exit_code == 2, without_marker.output  # created anew by sfndeploy
    assert f"+ alarm {timeouts} (ExecutionsTimedOut" in without_marker.stdout
    assert "nothing left to adopt" not in without_marker.output
