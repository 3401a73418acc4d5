"""--prune finds a rule of the environment on a bus no source names any more: a plan under --prune lists
the rules of every event bus of the account and region (one ListEventBuses more), a plan without it
only the default bus and the buses the sources name. Against moto's EventBridge (it serves ListEventBuses).
"""

from __future__ import annotations

from typing import Any

from plan_factory import desired, environment, workflow
from watchers import apply, change_lines, with_watchers

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.service import compute_plan
from sfndeploy.plan.steps import PlanOptions
from tests.aws.conftest import no_sleep

PATTERN = {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}


def state(unique: str, triggers: dict[str, Any]) -> DesiredState:
    return desired(with_watchers(workflow("orders", environment(unique, prefix=f"{unique}-")), triggers=triggers))


def rules_on(api: AwsApi, bus: str, prefix: str) -> list[str]:
    return [rule["Name"] for rule in api.call("events", "ListRules", EventBusName=bus, NamePrefix=prefix)["Rules"]]


def test_a_rule_left_on_a_bus_no_source_names_is_found_and_deleted_only_under_prune(
    api: AwsApi, unique: str
) -> None:
    bus = f"{unique}-shop"
    api.call("events", "CreateEventBus", Name=bus)
    on_bus = state(unique, {"placed": {"event": {"pattern": PATTERN, "bus": bus}}})
    apply(api, on_bus)
    rule = f"{unique}-orders-placed"
    assert rules_on(api, bus, rule) == [rule]
    without = state(unique, {"nightly": {"event": {"schedule": "rate(1 day)"}}})  # on the default bus

    kept = apply(api, without)
    assert f"+ rule {unique}-orders-nightly" in change_lines(kept)[-1]
    assert not any("placed" in line for line in change_lines(kept))  # the bus is not read without --prune
    assert rules_on(api, bus, rule) == [rule]

    reader = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    pruned = apply(reader, without, PlanOptions(prune=True))
    assert change_lines(pruned) == [
        f"- invoke role {rule}-invoke of trigger placed, which left the sources",  # its invoke role goes with it
        f"- rule {bus}/{rule} (no trigger or notification names it)",
    ]
    assert reader.calls["ListEventBuses"] == 1
    assert rules_on(api, bus, rule) == []
    assert not compute_plan(api, without, PlanOptions(prune=True)).has_changes


def test_without_prune_the_buses_are_not_listed(api: AwsApi, unique: str) -> None:
    reader = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1), sleep=no_sleep)
    compute_plan(reader, state(unique, {"placed": {"event": {"pattern": PATTERN}}}))
    assert "ListEventBuses" not in reader.calls
    compute_plan(reader, state(unique, {"placed": {"event": {"pattern": PATTERN}}}), PlanOptions(prune=True))
    assert reader.calls["ListEventBuses"] == 1
