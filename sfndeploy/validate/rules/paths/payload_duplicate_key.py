"""A payload template does not have both 'x' and 'x.$'."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import DOLLAR_KEY, DefinitionContext
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.walkers import TEMPLATE_HOLDERS, path_index


@rule(
    "payload-duplicate-key",
    code="SCHEMA_VALIDATION_FAILED",
    severity=ERROR,
    summary="In a payload template, 'x' and 'x.$' would produce the same key; only one may be given.",
    triggers=TEMPLATE_HOLDERS,
    requires=(DOLLAR_KEY,),
)
def payload_duplicate_key(context: DefinitionContext) -> Iterator[Finding]:
    for where, container, key, _ in path_index(context).dollar_entries:
        if key[:-2] in container:
            yield Finding(
                where,
                f"'{key[:-2]}' and '{key}' are both given; both would set '{key[:-2]}', keep one",
            )
