"""diff-env: structural differences shown, per-environment values set aside (no AWS involved)."""

from __future__ import annotations

import json
from pathlib import Path

from sfndeploy import pipeline
from sfndeploy.promote.diffenv import WorkflowDiff, diff_environments
from tests.promote.conftest import ORDERS_SPEC, Project, make_project

PROD_ONLY_STATE = ORDERS_SPEC.replace(
    "      Next: Charge\n",
    "      Next: {{ 'Audit' if env.name == 'prod' else 'Charge' }}\n"
    "{% if env.name == 'prod' %}\n"
    "    Audit:\n"
    "      Type: Pass\n"
    "      Next: Charge\n"
    "{% endif %}\n",
).replace("MaxAttempts: {{ vars.attempts }}", "MaxAttempts: {{ vars.attempts }}\n          IntervalSeconds: "
          "{{ 5 if env.name == 'prod' else 2 }}")


def _project(tmp_path: Path) -> Project:
    made = make_project(tmp_path / "project", "d")
    made.write("templates/orders.yaml.j2", PROD_ONLY_STATE)
    return made


def test_identical_structure_differs_only_by_per_environment_values(tmp_path: Path) -> None:
    made = make_project(tmp_path / "project", "d")

    result = made.run("diff-env", "dev", "staging", "--exit-code")

    assert result.exit_code == 0, result.output
    # orders: the Lambda ARN (its function name is a var), MaxAttempts (a var), Comment (the environment's
    # name) and its tags; refunds: its tags
    assert "0 structural difference(s); 5 per-environment value(s) set aside" in result.output


def test_structural_differences_are_listed(tmp_path: Path) -> None:
    made = _project(tmp_path)

    result = made.run("diff-env", "staging", "prod")

    assert result.exit_code == 0, result.output
    assert "3 structural difference(s)" in result.output
    assert '~ definition.States.Validate.Next: "Charge" → "Audit"' in result.output
    assert "+ definition.States.Audit (only in prod)" in result.output
    assert "~ definition.States.Charge.Retry[0].IntervalSeconds: 2 → 5" in result.output
    assert "MaxAttempts" not in result.output


def test_exit_code_and_json(tmp_path: Path) -> None:
    made = _project(tmp_path)

    result = made.run("diff-env", "staging", "prod", "-w", "orders", "--json", "--exit-code")

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (orders,) = data["workflows"]
    assert {d["path"] for d in orders["differences"]} == {
        "definition.States.Validate.Next",
        "definition.States.Audit",
        "definition.States.Charge.Retry[0].IntervalSeconds",
    }


def test_a_workflow_rendered_in_one_environment_only_is_named(tmp_path: Path) -> None:
    made = make_project(tmp_path / "project", "d")
    project = pipeline.load_project(made.root)
    dev = pipeline.load_environment(project, "dev")
    staging = pipeline.load_environment(project, "staging")

    diff = diff_environments(
        dev, staging, pipeline.render_workflows(project, dev), pipeline.render_workflows(project, staging, ["orders"])
    )

    assert [(w.workflow, w.only_in) for w in diff.workflows] == [("orders", None), ("refunds", "dev")]
    assert diff.structural == 1


def test_an_unknown_environment_is_a_clear_error(tmp_path: Path) -> None:
    made = make_project(tmp_path / "project", "d")

    result = made.run("diff-env", "dev", "qa")

    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "qa" in result.output


def test_the_example_project_renders_every_workflow_in_both_environments() -> None:
    root = Path(__file__).resolve().parents[2]
    project = pipeline.load_project(root)
    staging = pipeline.load_environment(project, "staging")
    prod = pipeline.load_environment(project, "prod")

    diff = diff_environments(
        staging, prod, pipeline.render_workflows(project, staging), pipeline.render_workflows(project, prod)
    )

    assert diff.workflows and not any(w.only_in for w in diff.workflows)
    # ARNs, names, timeouts and thresholds differ between staging and prod: all of them come from vars
    assert diff.set_aside > 10


TRIGGERS = """\
triggers:
  nightly:
    schedule: {{ 'cron(0 3 * * ? *)' if env.name == 'prod' else 'cron(0 2 * * ? *)' }}
    timezone: Europe/Berlin
    enabled: {{ 'true' if env.name == 'prod' else 'false' }}
    input: {table: {{ vars.table | default('orders') }}}
"""


def test_triggers_are_compared_and_enabling_one_is_per_environment(tmp_path: Path) -> None:
    made = make_project(tmp_path / "project", "d")
    made.write("templates/orders.yaml.j2", ORDERS_SPEC + TRIGGERS)

    result = made.run("diff-env", "staging", "prod", "-w", "orders")

    assert result.exit_code == 0, result.output
    assert "1 structural difference(s)" in result.output
    assert '~ triggers.nightly.schedule: "cron(0 2 * * ? *)" → "cron(0 3 * * ? *)"' in result.output
    assert "enabled" not in result.output


ALARMS = """\
alarms:
  failures:
    metric: ExecutionsFailed
    threshold: {{ 5 if env.name == 'prod' else 1 }}
  timeouts:
    metric: ExecutionsTimedOut
    threshold: 1
"""


def _orders_diff(made: Project) -> WorkflowDiff:
    project = pipeline.load_project(made.root)
    staging, prod = (pipeline.load_environment(project, name) for name in ("staging", "prod"))
    left, right = (pipeline.render_workflows(project, env, ["orders"]) for env in (staging, prod))
    [orders] = diff_environments(staging, prod, left, right).workflows
    return orders


def test_alarms_are_compared_and_the_environment_files_alarm_defaults_are_per_environment(tmp_path: Path) -> None:
    made = make_project(tmp_path / "project", "d")
    made.write("templates/orders.yaml.j2", ORDERS_SPEC + ALARMS)
    before = _orders_diff(made)
    prod = (made.root / "environments" / "prod.yaml").read_text()
    made.write("environments/prod.yaml", prod + "defaults:\n  alarms:\n    evaluation_periods: 3\n")

    result = made.run("diff-env", "staging", "prod", "-w", "orders")
    after = _orders_diff(made)

    assert result.exit_code == 0, result.output
    assert "1 structural difference(s)" in result.output
    assert "~ alarms.failures.threshold: 1 → 5" in result.output
    assert "evaluation" not in result.output
    assert [d.pointer for d in after.differences] == ["/alarms/failures/threshold"]
    # both alarms' evaluation periods and datapoints to alarm (1 → 3, from prod's defaults.alarms) are set aside
    assert after.set_aside == before.set_aside + 4
