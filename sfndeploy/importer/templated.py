"""Strings made of literal text and Jinja expressions, and the YAML text of a spec holding them.

The emitter writes the workflow spec as a Jinja template: plain YAML where a value is literal,
``{{ expr | tojson }}`` where a whole value is an expression, and a double-quoted scalar with
``{{ expr }}`` inside where literal text and expressions mix. Literal text Jinja would read as its
own syntax is printed by an expression holding it as a string literal (a ``{% raw %}`` block
would lose the line break after it, which the renderer trims).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sfndeploy.render.jinja import JINJA_STATEMENTS
from sfndeploy.sourcemap import load_yaml


@dataclass(frozen=True)
class Expr:
    """A Jinja expression, e.g. ``vars.functions.charge`` or ``lambda_arn(vars.fn)``."""

    code: str


@dataclass(frozen=True)
class Templated:
    """A string value: literal text and expressions, in order."""

    parts: tuple[str | Expr, ...]

    @property
    def is_literal(self) -> bool:
        return all(isinstance(p, str) for p in self.parts)

    def literal(self) -> str:
        return "".join(p for p in self.parts if isinstance(p, str))


def simplify(parts: list[str | Expr]) -> str | Templated:
    """Merge adjacent literals; a value without expressions stays a plain ``str``."""
    merged: list[str | Expr] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        elif part != "":
            merged.append(part)
    if all(isinstance(p, str) for p in merged):
        return "".join(p for p in merged if isinstance(p, str))
    return Templated(tuple(merged))


_JINJA_OPENERS = re.compile(r"\{\{|\{#|\{%[-+]?\s*([A-Za-z_][A-Za-z0-9_]*)?")


def needs_raw(text: str) -> bool:
    """True when Jinja would read part of ``text`` as its own syntax (JSONata ``{% %}`` is fine)."""
    for match in _JINJA_OPENERS.finditer(text):
        opener = match.group(0)
        if opener.startswith(("{{", "{#")):
            return True
        if match.group(1) in JINJA_STATEMENTS:
            return True
    return False


# --- YAML text -----------------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.$-]*$")
_PLAIN_VALUE = re.compile(r"^[A-Za-z_/$][A-Za-z0-9_.$:/ ()',*@+-]*$")


def _round_trips(text: str, value: Any) -> bool:
    try:
        parsed, _ = load_yaml(f"k: {text}\n", file="<check>")
    except Exception:
        return False
    return isinstance(parsed, dict) and parsed.get("k") == value and type(parsed.get("k")) is type(value)


def key_text(key: str) -> str:
    if needs_raw(key):
        return "{{ " + repr(key) + " | tojson }}"
    if _PLAIN_KEY.match(key) and _round_trips(f"{key}", key) and not key.endswith(("-", ".")):
        return key
    return json.dumps(key, ensure_ascii=False)


def scalar_text(value: Any) -> str:
    if isinstance(value, Templated):
        return _templated_text(value)
    if isinstance(value, str):
        if needs_raw(value):
            return "{{ " + repr(value) + " | tojson }}"
        plain = (
            _PLAIN_VALUE.match(value)
            and not value.endswith((" ", ":"))
            and ": " not in value
            and " #" not in value
            and _round_trips(value, value)
        )
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text and "." not in text:  # YAML reads 1e-07 as text, 1.0e-07 as a number
            text = text.replace("e", ".0e", 1)
        if _round_trips(text, value):
            return text
        raise ValueError(f"the number {value!r} has no YAML form that reads back the same")
    raise ValueError(f"unexpected value {value!r}")


def _templated_text(value: Templated) -> str:
    if len(value.parts) == 1 and isinstance(value.parts[0], Expr):
        return "{{ " + value.parts[0].code + " | tojson }}"
    out = ['"']
    for part in value.parts:
        if isinstance(part, Expr):
            out.append("{{ " + part.code + " }}")
        elif needs_raw(part):
            out.append("{{ (" + repr(part) + " | tojson)[1:-1] }}")
        else:
            out.append(json.dumps(part, ensure_ascii=False)[1:-1])
    out.append('"')
    return "".join(out)


def yaml_lines(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML lines for a mapping or a list; scalars come through :func:`scalar_text`."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [pad + "{}"]
        lines = []
        for key, item in value.items():
            head = f"{pad}{key_text(str(key))}:"
            lines.extend(_child(head, item, indent))
        return lines
    if isinstance(value, list):
        if not value:
            return [pad + "[]"]
        lines = []
        for item in value:
            if isinstance(item, dict) and item:
                inner = yaml_lines(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            elif isinstance(item, list) and item:
                lines.append(f"{pad}-")
                lines.extend(yaml_lines(item, indent + 2))
            else:
                lines.append(f"{pad}- {_inline(item)}")
        return lines
    return [pad + scalar_text(value)]


def _child(head: str, item: Any, indent: int) -> list[str]:
    if isinstance(item, dict | list) and item:
        return [head, *yaml_lines(item, indent + 2)]
    return [f"{head} {_inline(item)}"]


def _inline(item: Any) -> str:
    if isinstance(item, dict) and not item:
        return "{}"
    if isinstance(item, list) and not item:
        return "[]"
    return scalar_text(item)
