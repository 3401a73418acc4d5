"""AWS's Step Functions prices per region, read from the file shipped in the package.

``sfndeploy/data/prices.json`` holds, per region, the price of 1,000 Standard state transitions
and, where the pricing page gives them in text, the Express prices (requests, and duration per
GB-hour in monthly tiers); with the page's address and the date the prices were taken.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sfndeploy.cost.errors import CostError

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class DurationTier:
    up_to_gb_hours: float | None  # the tier ends at this many GB-hours a month (None: no end)
    price_per_gb_hour: float


@dataclass(frozen=True)
class ExpressPrices:
    per_million_requests: float
    duration_tiers: tuple[DurationTier, ...]

    def duration_cost(self, gb_seconds: float) -> float:
        """The monthly duration charge of ``gb_seconds``, tier by tier."""
        left = gb_seconds / SECONDS_PER_HOUR
        floor = 0.0
        cost = 0.0
        for tier in self.duration_tiers:
            size = left if tier.up_to_gb_hours is None else min(left, tier.up_to_gb_hours - floor)
            cost += size * tier.price_per_gb_hour
            left -= size
            if tier.up_to_gb_hours is not None:
                floor = tier.up_to_gb_hours
            if left <= 0:
                break
        return cost

    def request_cost(self, requests: float) -> float:
        return requests / 1_000_000 * self.per_million_requests


@dataclass(frozen=True)
class RegionPrices:
    region: str
    name: str
    standard_per_1000_transitions: float
    express: ExpressPrices | None  # None: the price file has no Express prices for the region
    source: str
    taken: str
    free_tier_transitions: int

    def transition_cost(self, transitions: float) -> float:
        return transitions / 1000 * self.standard_per_1000_transitions


@cache
def _price_file() -> dict[str, Any]:
    text = resources.files("sfndeploy").joinpath("data/prices.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def known_regions() -> list[str]:
    return sorted(_price_file()["regions"])


def prices_for(region: str) -> RegionPrices:
    """The prices of ``region``; a region the file does not know is a :class:`CostError`."""
    data = _price_file()
    entry = data["regions"].get(region)
    if entry is None:
        raise CostError(
            f"no Step Functions prices for region {region} in sfndeploy's price file "
            f"(prices of {data['taken']} from {data['source']})",
            hint=f"known regions: {', '.join(known_regions())}",
        )
    express = entry.get("express")
    return RegionPrices(
        region=region,
        name=str(entry["name"]),
        standard_per_1000_transitions=float(entry["standard_per_1000_transitions"]),
        express=_express(express) if express else None,
        source=str(data["source"]),
        taken=str(data["taken"]),
        free_tier_transitions=int(data["free_tier"]["standard_transitions_per_month"]),
    )


def _express(entry: dict[str, Any]) -> ExpressPrices:
    tiers = tuple(
        DurationTier(None if tier["up_to_gb_hours"] is None else float(tier["up_to_gb_hours"]), float(tier["price"]))
        for tier in entry["duration_per_gb_hour"]
    )
    return ExpressPrices(float(entry["per_million_requests"]), tiers)
