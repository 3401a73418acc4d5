"""One state count everywhere: nested states (Parallel branches, Map processors) count, and say so."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from sfndeploy.asl.counts import StateCount, count_states
from sfndeploy.cli.main import cli
from sfndeploy.plan.live import LiveState
from sfndeploy.plan.planner import make_plan
from sfndeploy.plan.service import load_target
from tests.foundation.conftest import ProjectFactory

FANOUT_SPEC = """\
name: fanout
definition:
  StartAt: Prepare
  States:
    Prepare:
      Type: Pass
      Next: Both
    Both:
      Type: Parallel
      Branches:
        - StartAt: Left
          States:
            Left: {Type: Pass, End: true}
        - StartAt: Right
          States:
            Right: {Type: Pass, Next: RightDone}
            RightDone: {Type: Succeed}
      Next: Each
    Each:
      Type: Map
      ItemsPath: $.items
      ItemProcessor:
        StartAt: Item
        States:
          Item: {Type: Pass, End: true}
      Next: Done
    Done:
      Type: Succeed
"""

COUNT = re.compile(r"\d+ states?(?: \(\d+ nested\))?")


def test_every_level_counts_and_the_nested_ones_are_named() -> None:
    definition = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {}, "B": {}}}], "Next": "M"},
            "M": {"Type": "Map", "Iterator": {"StartAt": "I", "States": {"I": {}}}, "End": True},
        },
    }
    assert count_states(definition) == StateCount(total=5, nested=3)
    assert str(count_states(definition)) == "5 states (3 nested)"
    assert str(count_states({"States": {"Only": {}}})) == "1 state"
    assert str(count_states({"States": {"A": {}, "B": {}}})) == "2 states"
    assert count_states({"States": "not an object"}) == StateCount(total=0, nested=0)
    assert count_states([]) == StateCount(total=0, nested=0)


def test_render_and_plan_show_the_same_count(make_project: ProjectFactory, tmp_path: Path) -> None:
    project = make_project({"templates/fanout.yaml.j2": FANOUT_SPEC})
    rendered = CliRunner().invoke(
        cli, ["--project-dir", str(project), "render", "-e", "dev", "-o", str(tmp_path / "out"), "fanout"]
    )
    assert rendered.exit_code == 0, rendered.output
    (render_line,) = [line for line in rendered.stdout.splitlines() if line.startswith("fanout ")]
    render_count = COUNT.search(render_line)

    target = load_target(project, "dev", ["fanout"])
    plan = make_plan(target.desired, LiveState())
    (workflow_plan,) = plan.workflows
    (plan_line,) = [line for line in workflow_plan.changes if line.startswith("+ state machine")]
    plan_count = COUNT.search(plan_line)

    assert render_count is not None and plan_count is not None
    assert render_count.group() == plan_count.group() == "8 states (4 nested)"
