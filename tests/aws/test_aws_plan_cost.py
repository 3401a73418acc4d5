"""plan's cost line, against the moto server: a definition change that adds a state to every
execution adds one state transition an execution, which at us-east-1's $0.025 per 1,000 is
$25.00 a month per 1,000,000 executions. Shown in every format, never saved in a plan file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.cli.main import cli

ENV = """\
name: {name}
region: us-east-1
account_id: "123456789012"
naming:
  prefix: {name}-
"""

# Charge fails once and is retried: 3 states + 1 retry = 4 transitions an execution.
SPEC = """\
name: charge
type: STANDARD
definition:
  StartAt: Charge
  States:
    Charge:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Parameters: {FunctionName: charge}
      TimeoutSeconds: 60
      Retry:
        - ErrorEquals: [Lambda.TooManyRequestsException]
          MaxAttempts: 2
      Next: Record
    Record:
      Type: Pass
      Next: Done
    Done:
      Type: Succeed
"""

TESTS = """\
cases:
  - name: throttled once
    mocks:
      Charge:
        sequence:
          - {error: Lambda.TooManyRequestsException}
          - {return: {Payload: {ok: true}}}
"""

LINE = "~ cost: 4.00 → 5.00 state transitions an execution (+1.00), +$25.00 a month per 1,000,000 executions"


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(project), *args])


def project(root: Path, name: str) -> Path:
    files = {
        f"environments/{name}.yaml": ENV.format(name=name),
        "templates/charge.yaml.j2": SPEC,
        "templates/charge.tests.yaml": TESTS,
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def test_a_definition_that_takes_one_more_transition_shows_the_cost_line(
    tmp_path: Path, unique: str, moto_endpoint: str
) -> None:
    root = project(tmp_path, unique)
    created = run(root, "plan", "-e", unique)
    assert created.exit_code == 0, created.output
    assert "~ cost:" not in created.stdout  # nothing live to compare with
    assert run(root, "apply", "-e", unique, "--auto-approve").exit_code == 0

    spec = root / "templates" / "charge.yaml.j2"
    spec.write_text(
        spec.read_text().replace(
            "      Next: Done\n", "      Next: Audit\n    Audit:\n      Type: Pass\n      Next: Done\n"
        )
    )
    planned = run(root, "plan", "-e", unique, "--out", str(tmp_path / "p.plan"))
    assert planned.exit_code == 0, planned.output
    assert f"    {LINE}" in planned.stdout.splitlines()
    assert "~ cost:" not in (tmp_path / "p.plan").read_text()

    as_json = json.loads(run(root, "plan", "-e", unique, "--json").stdout)
    (charge,) = as_json["workflows"]
    assert charge["changes"][-1] == LINE
    assert LINE in run(root, "plan", "-e", unique, "--format", "markdown").stdout


def test_no_line_when_the_transitions_stay_the_same(tmp_path: Path, unique: str, moto_endpoint: str) -> None:
    root = project(tmp_path, unique)
    assert run(root, "apply", "-e", unique, "--auto-approve").exit_code == 0
    spec = root / "templates" / "charge.yaml.j2"
    spec.write_text(spec.read_text().replace("TimeoutSeconds: 60", "TimeoutSeconds: 90"))
    planned = run(root, "plan", "-e", unique)
    assert planned.exit_code == 0, planned.output
    assert "TimeoutSeconds: 60 → 90" in planned.stdout
    assert "~ cost:" not in planned.stdout
