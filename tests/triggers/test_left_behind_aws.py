"""A trigger that left the sources, without --prune: its schedule and invoke role are reported as kept
(moto's server), even when it was the environment's last schedule, and --prune names them the same way."""

from __future__ import annotations

from dataclasses import replace

from plan_factory import desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.plan.formatting import format_text
from sfndeploy.plan.planner import PlanOptions
from sfndeploy.plan.service import compute_plan
from tests.triggers.test_triggers_apply_aws import NIGHTLY, apply, with_triggers


def test_the_last_schedule_that_left_is_kept_and_named_with_its_invoke_role(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    before = with_triggers(workflow("orders", env), {"nightly": NIGHTLY})
    apply(api, desired(replace(before, sources_hash="a" * 64)))
    without = desired(replace(workflow("orders", env), sources_hash="b" * 64))

    kept = compute_plan(api, without, PlanOptions(prune=False))

    [orders] = kept.changed
    assert orders.changes == ("~ sources changed since the last apply (the state machine itself is unchanged)",)
    assert [call.operation for call in orders.calls] == ["TagResource"]
    assert kept.kept_orphans == (
        f"invoke role {unique}-orders-nightly-invoke of trigger nightly",
        f"schedule shop-{unique}/orders-nightly",
    )
    assert (
        f"note: invoke role {unique}-orders-nightly-invoke of trigger nightly is managed here but no longer "
        "used by the sources; --prune deletes it"
    ) in format_text(kept).splitlines()


def test_prune_says_which_trigger_an_invoke_role_served(api: AwsApi, unique: str) -> None:
    env = environment(unique, prefix=f"{unique}-")
    apply(api, desired(with_triggers(workflow("orders", env), {"nightly": NIGHTLY})))

    pruned = apply(api, desired(workflow("orders", env)), PlanOptions(prune=True))

    lines = [line for w in pruned.changed for line in w.changes]
    assert f"- invoke role {unique}-orders-nightly-invoke of trigger nightly, which left the sources" in lines
