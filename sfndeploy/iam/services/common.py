"""Helpers every integration handler uses."""

from __future__ import annotations

from collections.abc import Callable

from sfndeploy.iam.calls import EVENTS_RULE_ACTIONS, Findings, TaskCall

Handler = Callable[[TaskCall, Findings], None]


def resolve(
    call: TaskCall,
    out: Findings,
    path: tuple[str, ...],
    to_resources: Callable[[str], list[str]],
    *,
    default: str | None = None,
) -> list[str]:
    """The resources a parameter names; a dynamic or missing one becomes a scoped wildcard + warning."""
    value = call.param(*path)
    key = ".".join(path)
    if not value.present:
        if default is not None:
            return to_resources(default)
        resources = to_resources("*")
        out.warn(call, f"{key} is missing; permission scoped to {', '.join(resources)}", at=path)
        return resources
    resources = to_resources(value.text)
    if value.dynamic:
        out.warn_dynamic(call, key, value, resources, at=path)
    return resources


def one(to_resource: Callable[[TaskCall, str], str], call: TaskCall) -> Callable[[str], list[str]]:
    return lambda text: [to_resource(call, text)]


def allow_events_rule(call: TaskCall, out: Findings, rule_name: str) -> None:
    """The managed rule Step Functions creates to learn that a ``.sync`` job finished."""
    out.allow(EVENTS_RULE_ACTIONS, [call.events_rule(rule_name)])
