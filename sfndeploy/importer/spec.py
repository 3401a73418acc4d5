"""A live state machine as a workflow spec: the data (with template expressions) and its text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sfndeploy.importer.live import ImportFailed, LiveMachine
from sfndeploy.importer.statements import extra_statements
from sfndeploy.importer.templated import Templated, yaml_lines
from sfndeploy.importer.values import Substitutions
from sfndeploy.model import Environment
from sfndeploy.plan.desired import (
    ALIAS_DESCRIPTION_PREFIX,
    OWNERSHIP_KEYS,
    ROLE_PATH,
    TAG_ENVIRONMENT,
    TAG_PROJECT,
    TAG_WORKFLOW,
)

_SPEC_NAME = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
_LOG_GROUP_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):logs:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"log-group:(?P<name>.+?)(?::\*)?$"
)
_STATE_KEY_ORDER = (
    "Type",
    "Comment",
    "QueryLanguage",
    "Resource",
    "Credentials",
    "Label",
    "ItemReader",
    "ItemsPath",
    "Items",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailureCount",
    "ItemBatcher",
    "InputPath",
    "Parameters",
    "Arguments",
    "ItemSelector",
    "Parameters",
    "ItemProcessor",
    "Iterator",
    "Branches",
    "ResultWriter",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Output",
    "Assign",
    "Seconds",
    "SecondsPath",
    "Timestamp",
    "TimestampPath",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Choices",
    "Default",
    "Error",
    "ErrorPath",
    "Cause",
    "CausePath",
    "Retry",
    "Catch",
    "Next",
    "End",
)
_TOP_KEY_ORDER = ("Comment", "QueryLanguage", "StartAt", "TimeoutSeconds", "Version", "States")


@dataclass(frozen=True)
class ImportedSpec:
    workflow: str  # the logical name
    data: dict[str, Any]  # the spec, values possibly Templated
    managed: bool  # the live machine already carries sfndeploy's ownership tags

    def text(self, source: str) -> str:
        header = [
            f"# Imported by 'sfndeploy import' from state machine {source}.",
            "# Environment-specific values are variables of the environment files; review, then commit.",
        ]
        return "\n".join([*header, *yaml_lines(self.data)]) + "\n"


def logical_name(machine: LiveMachine, env: Environment, project: str) -> tuple[str, bool]:
    """The workflow name the spec gets, and whether sfndeploy already manages the machine."""
    tags = machine.tags
    if all(key in tags for key in OWNERSHIP_KEYS):
        owner = (tags[TAG_PROJECT], tags[TAG_ENVIRONMENT])
        if owner != (project, env.name):
            raise ImportFailed(
                f"state machine {machine.name} is managed by sfndeploy project '{owner[0]}', environment '{owner[1]}'",
                key=machine.name,
                hint="import it from that project, or remove its sfndeploy:* tags first",
            )
        name = tags[TAG_WORKFLOW]
        managed = True
    else:
        name = _strip_naming(machine.name, env)
        managed = False
    if not _SPEC_NAME.match(name) or env.naming.apply(name) != machine.name:
        raise ImportFailed(
            f"state machine {machine.name} cannot be named by this environment's naming "
            f"(prefix '{env.naming.prefix}', suffix '{env.naming.suffix}')",
            key=machine.name,
            hint="import it with the environment whose naming it follows",
        )
    return name, managed


def _strip_naming(name: str, env: Environment) -> str:
    prefix, suffix = env.naming.prefix, env.naming.suffix
    if (prefix and not name.startswith(prefix)) or (suffix and not name.endswith(suffix)):
        raise ImportFailed(
            f"state machine {name} does not carry environment {env.name}'s naming "
            f"(prefix '{prefix}', suffix '{suffix}')",
            key=name,
            hint="import it with the environment whose naming it follows",
        )
    return name[len(prefix) : len(name) - len(suffix)]


@dataclass(frozen=True)
class RoleDetails:
    """What the spec needs from a role sfndeploy generated: its boundary and its inline policy."""

    boundary: str | None = None
    policy: dict[str, Any] | None = None


def build_spec(
    machine: LiveMachine,
    env: Environment,
    project: str,
    values: Substitutions,
    role_details: Callable[[str], RoleDetails],
) -> ImportedSpec:
    workflow, managed = logical_name(machine, env, project)
    data: dict[str, Any] = {"name": workflow}
    if machine.description and not machine.description.startswith("sfndeploy rev="):  # not our provenance
        data["description"] = machine.description
    data["type"] = machine.type
    if not managed:
        data["adopt"] = True  # the next apply tags the machine (and its rules) as this workflow's
    alias = _alias(machine, managed)
    if alias:
        data["alias"] = alias
    tags = _tags(machine, env)
    if tags:
        data["tags"] = tags
    role = _role(machine, env, values, role_details)
    if role:
        data["role"] = role
    logging = _logging(machine, env, values)
    if logging:
        data["logging"] = logging
    if machine.tracing != env.tracing:
        data["tracing"] = machine.tracing
    encryption = _encryption(machine, values)
    if encryption:
        data["encryption"] = encryption
    data["definition"] = values.definition(ordered_definition(machine.definition))
    return ImportedSpec(workflow, data, managed)


def _alias(machine: LiveMachine, managed: bool) -> str | None:
    if not managed:
        return None
    ours = [a for a in machine.aliases if a.description.startswith(ALIAS_DESCRIPTION_PREFIX)]
    return ours[0].name if len(ours) == 1 else None


def _tags(machine: LiveMachine, env: Environment) -> dict[str, str]:
    return {
        key: value
        for key, value in sorted(machine.tags.items())
        if not key.startswith(("sfndeploy:", "aws:")) and env.tags.get(key) != value
    }


def default_role_arn(env: Environment, state_machine_name: str) -> str:
    name = f"{state_machine_name}-sfn"[:64]
    return f"arn:{env.partition}:iam::{env.account_id}:role{ROLE_PATH}{name}"


def _role(
    machine: LiveMachine, env: Environment, values: Substitutions, role_details: Callable[[str], RoleDetails]
) -> dict[str, Any]:
    generated = f":role{ROLE_PATH}" in machine.role_arn and machine.role_arn.startswith(
        f"arn:{env.partition}:iam::{env.account_id}:"
    )
    if not generated:
        return {"arn": values.string(machine.role_arn)}
    role: dict[str, Any] = {}
    if machine.role_arn != default_role_arn(env, machine.name):
        role["name"] = values.string(machine.role_arn.rsplit("/", 1)[-1])
    details = role_details(machine.role_arn)
    if details.boundary:
        role["permissions_boundary"] = values.string(details.boundary)
    extras = extra_statements(machine, env, details.policy)
    if extras:
        role["statements"] = [values.definition(statement) for statement in extras]
    return role


def _logging(machine: LiveMachine, env: Environment, values: Substitutions) -> dict[str, Any]:
    live = machine.logging
    logging: dict[str, Any] = {}
    if live["level"] != env.logging.level:
        logging["level"] = live["level"]
    if live["includeExecutionData"] != env.logging.include_execution_data:
        logging["include_execution_data"] = live["includeExecutionData"]
    destinations = live.get("destinations") or []
    if live["level"] == "OFF" or not destinations:
        return logging
    if len(destinations) != 1:
        raise ImportFailed(f"{machine.name} logs to {len(destinations)} destinations; a spec names one log group")
    group_arn = str((destinations[0].get("cloudWatchLogsLogGroup") or {}).get("logGroupArn", ""))
    match = _LOG_GROUP_ARN.match(group_arn)
    ours = match and (match.group("region"), match.group("account")) == (env.region, env.account_id)
    group: str | Templated = match.group("name") if match and ours else group_arn
    default = env.logging.log_group or f"/aws/vendedlogs/states/{machine.name}"
    if group != default:
        logging["log_group"] = values.string(str(group))
    return logging


def _encryption(machine: LiveMachine, values: Substitutions) -> dict[str, Any]:
    config = machine.encryption
    if config.get("type", "AWS_OWNED_KEY") == "AWS_OWNED_KEY":
        return {}
    encryption: dict[str, Any] = {"kms_key": values.string(str(config.get("kmsKeyId", "")))}
    period = config.get("kmsDataKeyReusePeriodSeconds", 300)
    if period != 300:
        encryption["reuse_period_seconds"] = period
    return encryption


# --- a readable definition -------------------------------------------------------------------------


def ordered_definition(definition: Any) -> Any:
    """The same definition with keys in the order people write them and states in flow order."""
    if not isinstance(definition, dict):
        raise ImportFailed("the live definition is not a JSON object")
    return _ordered_scope(definition, _TOP_KEY_ORDER)


def _ordered_scope(scope: dict[str, Any], key_order: tuple[str, ...]) -> dict[str, Any]:
    ordered = _ordered_keys(scope, key_order)
    states = ordered.get("States")
    if isinstance(states, dict):
        names = _flow_order(states, ordered.get("StartAt"))
        ordered["States"] = {name: _ordered_state(states[name]) for name in names}
    return ordered


def _ordered_state(state: Any) -> Any:
    if not isinstance(state, dict):
        return state
    ordered = _ordered_keys(state, _STATE_KEY_ORDER)
    if isinstance(ordered.get("Branches"), list):
        ordered["Branches"] = [
            _ordered_scope(b, _TOP_KEY_ORDER) if isinstance(b, dict) else b for b in ordered["Branches"]
        ]
    for key in ("ItemProcessor", "Iterator"):
        if isinstance(ordered.get(key), dict):
            ordered[key] = _ordered_scope(ordered[key], ("Comment", "ProcessorConfig", *_TOP_KEY_ORDER))
    return ordered


def _ordered_keys(mapping: dict[str, Any], key_order: tuple[str, ...]) -> dict[str, Any]:
    rank = {key: index for index, key in enumerate(dict.fromkeys(key_order))}

    def position(key: str) -> tuple[int, int]:
        if key in ("Next", "End"):
            return 2, rank.get(key, 0)
        return (0, rank[key]) if key in rank else (1, 0)  # unknown keys keep their order, before Next/End

    return {key: mapping[key] for key in sorted(mapping, key=position)}


def _flow_order(states: dict[str, Any], start: Any) -> list[str]:
    from sfndeploy.graph.model import _ordered_names

    return _ordered_names(states, start)
