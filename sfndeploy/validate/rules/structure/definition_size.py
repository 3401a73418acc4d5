"""The definition fits AWS's 1 MiB limit."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sfndeploy.validate.context import LARGE, MAX_DEFINITION_BYTES, DefinitionContext, compact_json
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule


def definition_bytes(definition: object) -> int:
    """Size of the definition as sfndeploy sends it (compact JSON, UTF-8)."""
    try:
        return len(json.dumps(definition, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    except RecursionError:
        return _bytes_without_recursion(definition)


def _bytes_without_recursion(definition: object) -> int:
    """The same size, for definitions nested deeper than json.dumps can go."""
    total = 0
    stack = [definition]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            total += 2 + max(len(value) - 1, 0) + len(value)  # braces, commas, colons
            for key, child in value.items():
                total += len(json.dumps(str(key), ensure_ascii=False).encode("utf-8"))
                stack.append(child)
        elif isinstance(value, list):
            total += 2 + max(len(value) - 1, 0)
            stack.extend(value)
        else:
            total += len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    return total


@rule(
    "definition-size",
    code="DEFINITION_TOO_LARGE",
    severity=ERROR,
    summary="The definition is at most 1 MiB as compact JSON.",
    triggers=(LARGE,),  # the size bound is over the limit: serialise to know
)
def definition_size(context: DefinitionContext) -> Iterator[Finding]:
    if context.size_bound is not None and context.size_bound <= MAX_DEFINITION_BYTES:
        return  # even the upper bound fits: no need to serialise
    text = compact_json(context.definition)
    size = len(text.encode("utf-8")) if text is not None else _bytes_without_recursion(context.definition)
    if size > MAX_DEFINITION_BYTES:
        yield Finding(
            "",
            f"the definition is {size:,} bytes; AWS accepts at most {MAX_DEFINITION_BYTES:,} (1 MiB): "
            "split it into nested state machines or move data out of Result/Parameters",
        )
