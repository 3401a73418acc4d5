"""The example project's plans for its ``local`` environment, built without AWS, for the Markdown
golden files in tests/plan/golden/. After an intended change to the Markdown view, refresh them with
``python tests/plan/markdown_cases.py`` and review the diff.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from plan_factory import live_from  # noqa: E402

from sfndeploy.plan.desired import INLINE_POLICY_NAME, DesiredState  # noqa: E402
from sfndeploy.plan.live import LiveState  # noqa: E402
from sfndeploy.plan.markdown import format_markdown  # noqa: E402
from sfndeploy.plan.planner import PlanOptions, make_plan  # noqa: E402
from sfndeploy.plan.service import load_target  # noqa: E402
from sfndeploy.plan.steps import Plan  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
ENVIRONMENT = "local"
REVISION = "0123456789ab"
WIDE_GRANT = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}


def example_desired() -> DesiredState:
    """The example project rendered for ``local``, tagged with a fixed source revision."""
    previous = os.environ.get("SFNDEPLOY_SOURCE_REVISION")
    os.environ["SFNDEPLOY_SOURCE_REVISION"] = REVISION
    try:
        return load_target(ROOT, ENVIRONMENT).desired
    finally:
        if previous is None:
            del os.environ["SFNDEPLOY_SOURCE_REVISION"]
        else:
            os.environ["SFNDEPLOY_SOURCE_REVISION"] = previous


def create_plan() -> Plan:
    return make_plan(example_desired(), LiveState())


def no_changes_plan() -> Plan:
    desired = example_desired()
    return make_plan(desired, live_from(desired))


def update_with_iam_plan() -> Plan:
    """order-processing's live role lost a statement and gained ``s3:*`` by hand; a retry budget changed."""
    desired = example_desired()
    live = live_from(desired)
    wf = desired.workflow("order-processing")
    assert wf.role is not None
    role = live.roles[wf.role.name]
    policy = copy.deepcopy(role.policies[INLINE_POLICY_NAME])
    policy["Statement"] = [*policy["Statement"][1:], WIDE_GRANT]
    machine = live.state_machines[wf.state_machine_name]
    definition = copy.deepcopy(machine.definition)
    definition["States"]["ChargePayment"]["Retry"][0]["MaxAttempts"] = 5
    live.roles[role.name] = replace(role, policies={INLINE_POLICY_NAME: policy})
    live.state_machines[machine.name] = replace(machine, definition=definition)
    return make_plan(desired, live)


def replacement_plan() -> Plan:
    """human-approval runs as EXPRESS and the sources say STANDARD: a replacement, allowed."""
    desired = example_desired()
    live = live_from(desired, running=2)
    name = desired.workflow("human-approval").state_machine_name
    live.state_machines[name] = replace(live.state_machines[name], type="EXPRESS")
    return make_plan(desired, live, PlanOptions(allow_replace=True))


CASES: dict[str, Callable[[], Plan]] = {
    "create": create_plan,
    "update-iam": update_with_iam_plan,
    "replace": replacement_plan,
    "no-changes": no_changes_plan,
}


def golden_path(case: str) -> Path:
    return GOLDEN / f"plan-{case}.md"


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for case, build in CASES.items():
        golden_path(case).write_text(format_markdown(build()), encoding="utf-8")
        print(golden_path(case).relative_to(ROOT))


if __name__ == "__main__":
    main()
