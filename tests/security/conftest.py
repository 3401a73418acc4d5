"""The moto server fixtures are the plan/apply tests' own (``tests/aws/conftest.py``), imported here."""

from __future__ import annotations

from tests.aws.conftest import api, moto_endpoint, unique

__all__ = ["api", "moto_endpoint", "unique"]
