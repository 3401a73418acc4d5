"""sfndeploy: deploy AWS Step Functions workflows as code."""

from __future__ import annotations

__version__ = "0.1.0"
