"""Recognising ``{% ... %}`` JSONata templates without loading the JSONata engine.

The validator asks these questions of every string; :mod:`sfndeploy.asl.jsonata` (and the
``jsonata`` package under it) is imported only when an expression is compiled.
"""

from __future__ import annotations

from typing import Any


def is_jsonata_template(value: Any) -> bool:
    """Whether ``value`` is a string of the form ``{% ... %}``."""
    return isinstance(value, str) and len(value) >= 4 and value.startswith("{%") and value.endswith("%}")


def jsonata_expression(template: str) -> str:
    """The expression inside ``{% ... %}``, stripped."""
    return template[2:-2].strip()
