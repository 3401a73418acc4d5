"""Warn when a Pass state's Result tries to use a path: Result is never evaluated (PASS_RESULT_IS_STATIC)."""

from __future__ import annotations

from collections.abc import Iterator

from sfndeploy.validate.context import PATH_LIKE, DefinitionContext
from sfndeploy.validate.diagnostics import WARNING
from sfndeploy.validate.rules.base import Finding, rule
from sfndeploy.validate.rules.paths.looks_like_path import looks_like_path
from sfndeploy.validate.walkers import template_entries


@rule(
    "pass-result-is-static",
    code="PASS_RESULT_IS_STATIC",
    severity=WARNING,
    summary="A Pass state's Result has 'key.$' fields or path-like values, which are not evaluated.",
    triggers=("Result",),
    requires=(PATH_LIKE,),
)
def pass_result_is_static(context: DefinitionContext) -> Iterator[Finding]:
    for state in context.states_with("Result"):
        if state.is_jsonata or state.type != "Pass":
            continue
        for where, _, key, value in template_entries(state.body["Result"], state.at("Result")):
            if key.endswith(".$") or looks_like_path(value):
                yield Finding(
                    where,
                    f"Result of Pass state '{state.name}' is static, so '{key}' is not evaluated; "
                    "use Parameters to build the output from paths",
                )
