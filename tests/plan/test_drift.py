"""Drift as a pure function of desired and live state: ownership and rights granted outside sfndeploy."""

from __future__ import annotations

from dataclasses import replace

from plan_factory import desired, live_from, workflow

from sfndeploy.plan.drift import detect_drift

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def test_what_sfndeploy_left_as_it_was_is_no_drift() -> None:
    state = desired(workflow("orders"))
    report = detect_drift(state, live_from(state))
    assert not report.has_drift and report.items == ()


def test_a_role_that_lost_an_ownership_tag_is_drift() -> None:
    state = desired(workflow("orders"))
    live = live_from(state)
    (name,) = live.roles
    tags = {k: v for k, v in live.roles[name].tags.items() if k != "sfndeploy:environment"}
    live.roles[name] = replace(live.roles[name], tags=tags)

    (item,) = detect_drift(state, live).items

    assert item.resource == f"role {name}"
    assert item.summary == "ownership tag(s) sfndeploy:environment removed or changed outside sfndeploy"


def test_a_managed_policy_and_an_extra_inline_policy_are_drift_whatever_the_hashes_say() -> None:
    state = desired(workflow("orders"))
    live = live_from(state)
    (name,) = live.roles
    role = live.roles[name]
    extra = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    live.roles[name] = replace(role, managed_policies=(ADMIN,), policies={**role.policies, "debug": extra})

    summaries = [item.summary for item in detect_drift(state, live).items]

    assert f"managed policy {ADMIN} attached outside sfndeploy" in summaries
    assert "inline policy debug added outside sfndeploy" in summaries


def test_a_machine_tagged_for_another_environment_is_drift_not_missing() -> None:
    state = desired(workflow("orders"))
    live = live_from(state)
    machine = live.state_machines["orders"]
    live.state_machines["orders"] = replace(machine, tags={**machine.tags, "sfndeploy:environment": "prod"})

    report = detect_drift(state, live)

    assert report.missing == ()
    assert [item.summary for item in report.items] == [
        "is tagged as project 'shop', environment 'prod', workflow 'orders'"
    ]
