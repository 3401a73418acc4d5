from __future__ import annotations

from tests.foundation.conftest import make_project

__all__ = ["make_project"]
