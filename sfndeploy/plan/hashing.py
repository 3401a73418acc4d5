"""Canonical JSON and its hashes: the same data always hashes the same, whatever its key order."""

from __future__ import annotations

import hashlib
from typing import Any

from sfndeploy.pipeline import canonical_json

__all__ = ["canonical_json", "sha256_of"]


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
