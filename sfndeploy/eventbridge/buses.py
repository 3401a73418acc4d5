"""The event buses of the account and region, for the reads that must look at every one of them.

A rule on a custom bus is found only by asking that bus: ``import`` asks each bus for the rules that
target a state machine (ListRuleNamesByTarget), and a plan under ``--prune`` lists this environment's
rules on every bus, so that a rule left on a bus no source names any more is found and deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi

DEFAULT_BUS = "default"


def event_bus_names(api: AwsApi) -> list[str]:
    """Every event bus of the account and region, ``default`` first (one paginated ListEventBuses)."""
    names = {str(bus["Name"]) for bus in api.pages("events", "ListEventBuses", "EventBuses", target="event buses")}
    return [DEFAULT_BUS, *sorted(names - {DEFAULT_BUS})]


def rule_names_by_target(api: AwsApi, bus: str, target_arn: str) -> list[str]:
    """The names of the rules on ``bus`` with a target whose ARN is exactly ``target_arn``."""
    return [
        str(name)
        for name in api.pages(
            "events", "ListRuleNamesByTarget", "RuleNames", target=f"rules of {bus}", TargetArn=target_arn,
            EventBusName=bus,
        )
    ]
