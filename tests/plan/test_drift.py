"""Drift as a pure function of desired and live state: ownership, rights granted outside sfndeploy,
and what a recorded hash says about who changed a resource."""

from __future__ import annotations

import json
from dataclasses import replace

from plan_factory import desired, live_from, workflow

from sfndeploy.cli.cmd_drift import drift_json, format_drift
from sfndeploy.plan.drift import DriftItem, DriftReport, detect_drift
from sfndeploy.plan.recorded import (
    BOTH_CHANGED,
    CHANGED_OUTSIDE,
    DIFFERS,
    PENDING,
    RECORD_BEHIND,
    SOURCES_CHANGED,
    UNFINISHED,
    recorded_drift,
)

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


def test_a_recorded_hash_tells_who_changed_a_resource() -> None:
    details = ("~ rule r: disabled → enabled",)

    def drift(recorded: str | None, live: str, wanted: str) -> list[tuple[str, tuple[str, ...], bool]]:
        found = recorded_drift("orders", "rule r", recorded=recorded, live=live, wanted=wanted, details=details)
        return [(item.summary, item.details, item.note) for item in found]

    assert drift("a", "a", "a") == []
    assert drift("a", "a", "b") == [(SOURCES_CHANGED, details, True)]
    assert drift("a", "b", "b") == [(RECORD_BEHIND, (), True)]
    assert drift("a", "b", "a") == [(CHANGED_OUTSIDE, details, False)]
    assert drift("a", "b", "c") == [(BOTH_CHANGED, details, False)]
    assert drift(PENDING, "b", "c") == [(UNFINISHED, details, True)]
    assert drift(None, "a", "a") == []  # written by an older sfndeploy: compared with the sources
    assert drift(None, "a", "b") == [(DIFFERS, details, False)]


def test_notes_are_reported_apart_and_are_not_drift() -> None:
    note = DriftItem("orders", "rule r", SOURCES_CHANGED, ("~ rule r: enabled → disabled",), note=True)
    report = DriftReport("shop", "dev", (), (), 3, (note,))

    assert not report.has_drift
    assert format_drift(report).splitlines() == [
        "sfndeploy drift: project shop, environment dev",
        f"note: orders: rule r {SOURCES_CHANGED}",
        "    ~ rule r: enabled → disabled",
        "No drift: every managed resource is as sfndeploy left it.",
        "(3 read calls)",
    ]
    assert json.loads(drift_json(report))["notes"] == [
        {"workflow": "orders", "resource": "rule r", "summary": SOURCES_CHANGED, "details": list(note.details)}
    ]
