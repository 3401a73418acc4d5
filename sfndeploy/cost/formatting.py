"""``sfndeploy cost`` as a table for people and as JSON for machines."""

from __future__ import annotations

import json
from typing import Any

from sfndeploy.cost.estimate import CaseCost, CostEstimate, MonthlyCost
from sfndeploy.cost.usage import ExecutionUsage

MEMORY_NOTE = (
    "Express memory is an estimate: 50 MB + the definition's size + the largest payload x the Map and Parallel "
    "steps run (AWS's pricing example), billed in 64 MB steps. Express duration is the dry run's virtual time "
    "(mocked task durations, Waits, retry back-offs; a Task without a mocked duration takes 0 s), billed in "
    "100 ms steps of at least 100 ms."
)


_NAME_WIDTH = 36


def money(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"${value:,.2f}" if value >= 1 else f"${value:.4f}"


def cost_text(estimate: CostEstimate) -> str:
    prices = estimate.prices
    lines = [
        f"{estimate.workflow} ({estimate.workflow_type}): cost a month of {estimate.executions_per_month:,} "
        f"executions in {prices.region} ({prices.name})",
        "",
        f"  {'case':<{_NAME_WIDTH}} {'status':<9} {'weight':>6} {'transitions':>11} {'duration':>9} "
        f"{'memory':>7} {'Standard':>12} {'Express':>12}",
    ]
    for case in estimate.cases:
        lines.append(_case_row(case))
        lines.extend(_child_lines(case.usage))
    lines.append(
        f"  {'weighted':<{_NAME_WIDTH}} {'':<9} {'':>6} {estimate.weighted_transitions:>11.2f} {'':>9} {'':>7} "
        f"{money(estimate.weighted.standard):>12} {money(estimate.weighted.express):>12}"
    )
    lines.append("")
    lines.append(verdict(estimate))
    if estimate.express_blockers:
        lines.append("Express cannot run this workflow: " + "; ".join(estimate.express_blockers) + ".")
    for skipped in estimate.skipped:
        lines.append(f"not counted: case '{skipped.name}' did not run ({skipped.reason})")
    lines.append(MEMORY_NOTE)
    lines.append(_price_note(estimate))
    return "\n".join(lines)


def verdict(estimate: CostEstimate) -> str:
    weighted = estimate.weighted
    cheaper = weighted.cheaper
    if weighted.express is None:
        return (
            f"No Express prices for {estimate.prices.region} in sfndeploy's price file: "
            "only the Standard cost is shown."
        )
    if cheaper is None or weighted.standard is None:
        return "Standard and Express cost the same."
    saving = abs(weighted.standard - weighted.express)
    return f"Cheaper: {cheaper.title()}, by {money(saving)} a month (weighted over {len(estimate.cases)} case(s))."


def _case_row(case: CaseCost) -> str:
    usage = case.usage
    name = case.name if len(case.name) <= _NAME_WIDTH else case.name[: _NAME_WIDTH - 3] + "..."
    return (
        f"  {name:<{_NAME_WIDTH}} {case.status:<9} {case.weight:>6g} {usage.standard_transitions:>11} "
        f"{usage.as_express.billed_seconds:>7.1f} s {usage.as_express.billed_memory_mb:>4} MB "
        f"{money(case.monthly.standard):>12} {money(case.monthly.express):>12}"
    )


def _child_lines(usage: ExecutionUsage) -> list[str]:
    lines = []
    if usage.standard_child_transitions:
        lines.append(f"    of which {usage.standard_child_transitions} in STANDARD Distributed Map child executions")
    if usage.express_children:
        lines.append(
            f"    plus {len(usage.express_children)} EXPRESS Distributed Map child execution(s), "
            f"{usage.express_child_gb_seconds:g} GB-s"
        )
    return lines


def _price_note(estimate: CostEstimate) -> str:
    prices = estimate.prices
    return (
        f"Prices of {prices.taken} from {prices.source}. The Standard free tier ({prices.free_tier_transitions:,} "
        "transitions a month, shared by the account's state machines) is not subtracted; Express duration tiers "
        "are applied to this workflow's volume alone."
    )


def cost_json(estimate: CostEstimate) -> str:
    prices = estimate.prices
    data: dict[str, Any] = {
        "workflow": estimate.workflow,
        "type": estimate.workflow_type,
        "region": prices.region,
        "executions_per_month": estimate.executions_per_month,
        "prices": {
            "taken": prices.taken,
            "source": prices.source,
            "standard_per_1000_transitions": prices.standard_per_1000_transitions,
            "express": None
            if prices.express is None
            else {
                "per_million_requests": prices.express.per_million_requests,
                "duration_per_gb_hour": [
                    {"up_to_gb_hours": tier.up_to_gb_hours, "price": tier.price_per_gb_hour}
                    for tier in prices.express.duration_tiers
                ],
            },
            "free_tier_subtracted": False,
        },
        "cases": [_case_json(case) for case in estimate.cases],
        "weighted": {"transitions_per_execution": estimate.weighted_transitions, **_monthly_json(estimate.weighted)},
        "cheaper": estimate.cheaper,
        "express_blockers": list(estimate.express_blockers),
        "skipped": [{"case": each.name, "reason": each.reason} for each in estimate.skipped],
        "memory_is_estimate": True,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _case_json(case: CaseCost) -> dict[str, Any]:
    usage = case.usage
    return {
        "case": case.name,
        "weight": case.weight,
        "status": case.status,
        "transitions": usage.standard_transitions,
        "retries": usage.retries,
        "standard_child_transitions": usage.standard_child_transitions,
        "express_children": len(usage.express_children),
        "express_child_gb_seconds": usage.express_child_gb_seconds,
        "duration_seconds": usage.as_express.duration_seconds,
        "billed_duration_seconds": usage.as_express.billed_seconds,
        "memory_mb_estimate": usage.as_express.memory_mb,
        "billed_memory_mb": usage.as_express.billed_memory_mb,
        **_monthly_json(case.monthly),
    }


def _monthly_json(monthly: MonthlyCost) -> dict[str, Any]:
    return {"standard_per_month": monthly.standard, "express_per_month": monthly.express, "cheaper": monthly.cheaper}
