"""QueryLanguage written inside States, where it reads as a state named "QueryLanguage".

Taken literally, that is a state that is not an object and cannot be reached, and, the top level
having no QueryLanguage, every JSONata field of every state is misplaced: a dozen errors, none
saying what happened. The engine calls :func:`lift_query_language` before the other rules: it
reports the one mistake and lets them check the definition as it was meant (the language moved to
where it belongs).
"""

from __future__ import annotations

from typing import Any

from sfndeploy.sourcemap import pointer_join
from sfndeploy.validate.diagnostics import ERROR
from sfndeploy.validate.rules.base import Finding, Rule

LANGUAGES = ("JSONPath", "JSONata")


def _no_check(context: object) -> tuple[Finding, ...]:
    return ()  # the engine reports this rule's findings from lift_query_language


query_language_placement = Rule(
    "query-language-placement",
    "SCHEMA_VALIDATION_FAILED",
    ERROR,
    "QueryLanguage is not written inside States (a state); it belongs at the top level or inside a state.",
    _no_check,
)


def lift_query_language(definition: Any) -> tuple[Any, list[Finding]]:
    """``definition`` with QueryLanguage moved out of each ``States`` that holds it as a non-object
    value, and one finding for each; the definition itself when there is none (the usual case)."""
    try:
        if not _has_misplaced(definition):
            return definition, []
    except RecursionError:
        return definition, []  # nested too deeply: the engine reports DEFINITION_TOO_DEEP
    findings: list[Finding] = []
    return _lift(definition, "", findings, top_level=True), findings


def _has_misplaced(scope: Any) -> bool:
    states = scope.get("States") if isinstance(scope, dict) else None
    if not isinstance(states, dict):
        return False
    if "QueryLanguage" in states and not isinstance(states["QueryLanguage"], dict):
        return True
    return any(_has_misplaced(child) for state in states.values() for child in _scopes_of(state))


def _scopes_of(state: Any) -> list[Any]:
    if not isinstance(state, dict):
        return []
    branches = state.get("Branches")
    scopes = list(branches) if isinstance(branches, list) else []
    return scopes + [state[key] for key in ("ItemProcessor", "Iterator") if key in state]


def _lift(scope: dict[str, Any], pointer: str, findings: list[Finding], *, top_level: bool) -> dict[str, Any]:
    states: dict[str, Any] = dict(scope["States"])
    language = states.get("QueryLanguage")
    if not isinstance(language, dict) and "QueryLanguage" in states:
        del states["QueryLanguage"]
        findings.append(Finding(pointer_join(pointer, "States", "QueryLanguage"), _message(top_level)))
    else:
        language = None
    lifted = {**scope, "States": {name: _lift_children(name, body, pointer, findings) for name, body in states.items()}}
    if language in LANGUAGES:
        if top_level:
            lifted.setdefault("QueryLanguage", language)
        else:  # a branch or processor has no QueryLanguage of its own: its states get it
            lifted["States"] = {
                name: {"QueryLanguage": language, **body} if isinstance(body, dict) else body
                for name, body in lifted["States"].items()
            }
    return lifted


def _lift_children(name: str, state: Any, pointer: str, findings: list[Finding]) -> Any:
    if not any(_has_misplaced(child) for child in _scopes_of(state)):
        return state
    state_pointer = pointer_join(pointer, "States", name)
    lifted = dict(state)
    if isinstance(state.get("Branches"), list):
        lifted["Branches"] = [
            _lift(branch, pointer_join(state_pointer, "Branches", index), findings, top_level=False)
            if _has_misplaced(branch)
            else branch
            for index, branch in enumerate(state["Branches"])
        ]
    for key in ("ItemProcessor", "Iterator"):
        if _has_misplaced(state.get(key)):
            lifted[key] = _lift(state[key], pointer_join(state_pointer, key), findings, top_level=False)
    return lifted


def _message(top_level: bool) -> str:
    where = (
        "at the top level of the definition (next to StartAt and States) or inside a state"
        if top_level
        else "at the top level of the definition or inside a state (a branch or processor has none of its own)"
    )
    return (
        f"QueryLanguage is written inside States, where it would be a state named 'QueryLanguage'; it belongs {where}"
    )
