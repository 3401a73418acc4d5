"""The price file shipped in the package: where its prices come from, and that the wheel carries it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sfndeploy.cost.prices import known_regions, prices_for

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_region_has_a_standard_price_and_the_file_names_its_source_and_date() -> None:
    regions = known_regions()
    assert len(regions) == 18
    for region in regions:
        prices = prices_for(region)
        assert 0.02 <= prices.standard_per_1000_transitions <= 0.04, region
        assert prices.source == "https://aws.amazon.com/step-functions/pricing/"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", prices.taken)
    assert prices_for("us-east-1").express is not None
    assert prices_for("us-east-1").free_tier_transitions == 4000


def test_the_wheel_includes_the_price_file() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "data/*.json" in pyproject["tool"]["setuptools"]["package-data"]["sfndeploy"]
    assert (REPO_ROOT / "sfndeploy" / "data" / "prices.json").is_file()
