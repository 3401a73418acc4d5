from __future__ import annotations

from tests.aws.conftest import api, moto_endpoint, unique
from tests.foundation.conftest import make_project

__all__ = ["api", "make_project", "moto_endpoint", "unique"]
