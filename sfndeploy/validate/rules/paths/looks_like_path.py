"""When a plain string looks like a JSONPath or an intrinsic function call (shared by the warnings)."""

from __future__ import annotations

from typing import Any

from sfndeploy.asl.intrinsics import is_intrinsic


def looks_like_path(value: Any) -> bool:
    if not isinstance(value, str) or ("$" not in value and "States." not in value):
        return False  # the usual literal: neither a path nor an intrinsic call
    return value in ("$", "$$") or value.startswith(("$.", "$$.", "$[")) or is_intrinsic(value)
