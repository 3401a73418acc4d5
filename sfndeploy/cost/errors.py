"""The errors of ``sfndeploy cost``."""

from __future__ import annotations

from sfndeploy.errors import SfnDeployError


class CostError(SfnDeployError):
    """A cost cannot be estimated as asked (a region without prices, a workflow without test cases)."""
