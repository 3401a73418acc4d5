"""The errors of the operate commands."""

from __future__ import annotations

from sfndeploy.errors import SfnDeployError


class OperateError(SfnDeployError):
    """An execution, workflow or log group that cannot be operated on as asked (exit 1)."""
