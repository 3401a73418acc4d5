"""Monthly cost of a workflow as Standard and as Express, per test case and weighted over them.

A month of ``N`` executions of one case is ``N`` times its usage; the weighted month gives each
case ``N * weight / total weight`` executions. Express duration is charged in tiers of monthly
GB-hours, applied to this workflow's own volume (its EXPRESS Distributed Map children included).
The Standard free tier (4,000 transitions a month) is shared by every state machine of the
account and is not subtracted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sfndeploy.cost.prices import RegionPrices
from sfndeploy.cost.usage import ExecutionUsage

STANDARD = "STANDARD"
EXPRESS = "EXPRESS"


@dataclass(frozen=True)
class MonthlyCost:
    """Dollars a month; None where the price file has no Express prices the figure needs."""

    standard: float | None
    express: float | None

    @property
    def cheaper(self) -> str | None:
        if self.standard is None or self.express is None or self.standard == self.express:
            return None
        return STANDARD if self.standard < self.express else EXPRESS


@dataclass(frozen=True)
class CaseCost:
    name: str
    weight: float
    status: str  # the dry run's status
    usage: ExecutionUsage
    monthly: MonthlyCost


@dataclass(frozen=True)
class SkippedCase:
    name: str
    reason: str


@dataclass(frozen=True)
class CostEstimate:
    workflow: str
    workflow_type: str
    executions_per_month: int
    prices: RegionPrices
    cases: tuple[CaseCost, ...]
    weighted: MonthlyCost
    weighted_transitions: float  # Standard transitions per execution, weighted over the cases
    express_blockers: tuple[str, ...] = ()  # why the workflow cannot run as Express
    skipped: tuple[SkippedCase, ...] = ()

    @property
    def cheaper(self) -> str | None:
        return self.weighted.cheaper


Mix = Sequence[tuple[ExecutionUsage, float]]  # (usage, executions a month)


def monthly_cost(mix: Mix, prices: RegionPrices) -> MonthlyCost:
    """What ``mix`` costs a month as a Standard workflow and as an Express one."""
    child_requests = sum(count * len(usage.express_children) for usage, count in mix)
    child_gb_seconds = sum(count * usage.express_child_gb_seconds for usage, count in mix)
    transitions = sum(count * usage.standard_transitions for usage, count in mix)
    express = prices.express
    if express is None:
        return MonthlyCost(prices.transition_cost(transitions) if not child_requests else None, None)
    standard = (
        prices.transition_cost(transitions)
        + express.request_cost(child_requests)
        + express.duration_cost(child_gb_seconds)
    )
    own_requests = sum(count for _, count in mix)
    own_gb_seconds = sum(count * usage.as_express.gb_seconds for usage, count in mix)
    as_express = express.request_cost(own_requests + child_requests) + express.duration_cost(
        own_gb_seconds + child_gb_seconds
    )
    return MonthlyCost(standard, as_express)


def weighted_mix(cases: Sequence[tuple[ExecutionUsage, float]], executions: int) -> list[tuple[ExecutionUsage, float]]:
    """Each case's share of ``executions`` by its weight."""
    total = sum(weight for _, weight in cases)
    return [(usage, executions * weight / total) for usage, weight in cases] if total > 0 else []


def weighted_transitions(cases: Sequence[tuple[ExecutionUsage, float]]) -> float:
    total = sum(weight for _, weight in cases)
    return sum(usage.standard_transitions * weight for usage, weight in cases) / total if total > 0 else 0.0
