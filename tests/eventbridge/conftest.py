"""The AWS module's moto server fixtures, shared (one server per test session)."""

from __future__ import annotations

from tests.aws.conftest import api, moto_endpoint, unique

__all__ = ["api", "moto_endpoint", "unique"]
