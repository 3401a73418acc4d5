"""How Step Functions (a Java service) prints values.

* :func:`java_number` - ``Double.toString``/``Long.toString``: ``1.1``, ``1.0E21``, ``1.0E-4``.
* :func:`to_json` - compact JSON as Jackson writes it (``{"a":1,"b":[1.5,"x"]}``), used by
  ``States.JsonToString`` and in AWS's error messages.
* :func:`json_type_name` - the JSON type of a value as AWS names it in messages (``number``).
* :func:`to_java_string` - Java's ``toString`` of the decoded value (``{a=1, b=[1.5, x]}``), which
  is what ``States.Format`` inserts for objects and arrays.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = ["java_number", "json_type_name", "to_java_string", "to_json"]


def java_number(number: int | float) -> str:
    """A number as Java prints it: integers plainly, doubles like ``Double.toString``."""
    if isinstance(number, bool):
        return "true" if number else "false"
    if isinstance(number, int):
        return str(number)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "-0.0" if math.copysign(1.0, number) < 0 else "0.0"
    magnitude = abs(number)
    if 1e-3 <= magnitude < 1e7:
        text = repr(number)
        if "e" in text or "E" in text:
            text = f"{number:.17f}".rstrip("0")
        if "." not in text:
            text += ".0"
        elif text.endswith("."):
            text += "0"
        return text
    return _java_scientific(number)


def _java_scientific(number: float) -> str:
    # repr gives the shortest round-trip digits; normalise them into d.ddd and a power of ten
    digits = repr(abs(number))
    if "e" in digits:
        significand, power_text = digits.split("e")
        power = int(power_text)
    else:
        significand, power = digits, 0
    whole, _, fraction = significand.partition(".")
    joined = whole + fraction
    stripped = joined.lstrip("0")
    power += len(whole) - 1 - (len(joined) - len(stripped))
    stripped = stripped.rstrip("0") or "0"
    sign = "-" if number < 0 else ""
    return f"{sign}{stripped[0]}.{stripped[1:] or '0'}E{power}"


_HEX_ESCAPE = re.compile(r"(\\+)u00([0-9a-f]{2})")


def _upper_hex(match: re.Match[str]) -> str:
    backslashes, digits = match.group(1), match.group(2)
    if len(backslashes) % 2 == 0:  # an escaped backslash followed by the text "u00..."
        return match.group(0)
    return f"{backslashes}u00{digits.upper()}"


def _json_string(text: str) -> str:
    """A JSON string literal as Jackson writes it (``\\u001F``: upper-case hex escapes)."""
    quoted = json.dumps(text, ensure_ascii=False)
    if "u00" in quoted:
        quoted = _HEX_ESCAPE.sub(_upper_hex, quoted)
    return quoted


def to_json(value: Any) -> str:
    """Compact JSON with Java number formatting and unescaped non-ASCII characters."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return java_number(value)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(str(key))}:{to_json(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(to_json(item) for item in value) + "]"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def to_java_string(value: Any) -> str:
    """Java's ``toString`` of a decoded JSON value: maps as ``{k=v, ...}``, lists as ``[a, b]``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return java_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={to_java_string(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_java_string(item) for item in value) + "]"
    return str(value)


def json_type_name(value: Any) -> str:
    """The JSON type of a decoded value, as AWS names it in messages: null, boolean, number, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
