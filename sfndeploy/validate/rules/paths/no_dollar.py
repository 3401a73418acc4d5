"""Warn when a payload field's value looks like a path but its key lacks '.$' (AWS: NO_DOLLAR)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import PATH_LIKE, DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.rules.paths.looks_like_path import looks_like_path
from sfndeploy.validate.walkers import TEMPLATE_HOLDERS, path_index


@rule(
    "no-dollar",
    code="NO_DOLLAR",
    severity=WARNING,
    summary="A payload key whose value looks like a path or intrinsic function but does not end in '.$'.",
    triggers=TEMPLATE_HOLDERS,
    requires=(PATH_LIKE,),
)
def no_dollar(context: DefinitionContext) -> Iterator[Finding]:
    for where, _, key, value in path_index(context).plain_entries:
        if looks_like_path(value):
            yield Finding(
                where,
                f"'{key}' holds '{value}', which looks like a path but is passed as a literal string; "
                f"rename the key to '{key}.$' to evaluate it",
            )
