"""Runs every rule over one definition and gathers their findings into a report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sfndeploy.sourcemap import SourceMap
from sfndeploy.validate.context import build_context
from sfndeploy.validate.diagnostics import ERROR, Diagnostic, ValidationReport
from sfndeploy.validate.rules.base import Check, Finding, Rule
from sfndeploy.validate.rules.schema.query_language_placement import lift_query_language, query_language_placement
from sfndeploy.validate.rules.structure.misspelt_transition import assume_misspelt_transitions

TOO_DEEP = "DEFINITION_TOO_DEEP"


def run_rules(
    rules: Sequence[Rule],
    definition: Any,
    *,
    workflow_type: str,
    source_map: SourceMap | None,
    name: str = "",
) -> ValidationReport:
    definition, misplaced = lift_query_language(definition)
    definition = assume_misspelt_transitions(definition)
    context = build_context(definition, workflow_type)
    diagnostics = [_diagnostic(query_language_placement, finding, source_map) for finding in misplaced]
    present = context.present
    for triggers, requires, check, rule in _plan(rules):
        if triggers and triggers.isdisjoint(present):
            continue  # nothing in this definition the rule looks at
        if requires and not requires <= present:
            continue  # something the rule needs to find anything is not there
        found = len(diagnostics)
        try:
            for finding in check(context):
                diagnostics.append(_diagnostic(rule, finding, source_map))
        except RecursionError:
            # Only a pathologically nested value gets here; say so instead of crashing.
            del diagnostics[found:]
            too_deep = Finding("", "the definition is nested too deeply to check", TOO_DEEP, ERROR)
            diagnostics.append(_diagnostic(rule, too_deep, source_map))
    if len(diagnostics) <= 1:
        return ValidationReport(tuple(diagnostics), name)
    unique = dict.fromkeys(diagnostics)  # two rules may find the same thing the same way
    return ValidationReport(tuple(sorted(unique, key=_order)), name)


_Step = tuple[frozenset[str], frozenset[str], Check, Rule]
_PLANS: dict[int, tuple[Sequence[Rule], tuple[_Step, ...]]] = {}


def _plan(rules: Sequence[Rule]) -> tuple[_Step, ...]:
    """The rules with what the engine reads of them unpacked, made once per rule list."""
    known = _PLANS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    steps = tuple((rule.triggers, rule.requires, rule.check, rule) for rule in rules)
    if isinstance(rules, tuple):  # a list could change; only remember tuples
        _PLANS[id(rules)] = (rules, steps)
    return steps


def _diagnostic(rule: Rule, finding: Finding, source_map: SourceMap | None) -> Diagnostic:
    return Diagnostic(
        severity=finding.severity or rule.severity,
        code=finding.code or rule.code,
        message=finding.message,
        pointer=finding.pointer,
        location=source_map.locate(finding.pointer) if source_map is not None else None,
        rule=rule.id,
    )


def _order(diagnostic: Diagnostic) -> tuple[int, int, str]:
    line = diagnostic.location.line if diagnostic.location and diagnostic.location.line else 0
    return (0 if diagnostic.is_error else 1, line, diagnostic.pointer)
