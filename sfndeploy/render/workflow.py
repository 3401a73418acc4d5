"""Render one workflow spec for one environment into a :class:`RenderedWorkflow`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sfndeploy.config import schema
from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.loaders import is_json_name, load_document
from sfndeploy.model import (
    EncryptionConfig,
    Environment,
    LoggingConfig,
    Project,
    RenderedWorkflow,
    RoleSpec,
    default_log_group,
)
from sfndeploy.render.context import template_context, template_filters
from sfndeploy.render.jinja import TemplateRenderer
from sfndeploy.secrets.references import names_in_text
from sfndeploy.sourcemap import SourceMap, load_yaml, pointer_join, walk

if TYPE_CHECKING:
    from sfndeploy.alarms import Alarm
    from sfndeploy.eventbridge.notifications import Notification
    from sfndeploy.triggers.model import Trigger
    from sfndeploy.triggers.render import TriggerContext

DEFINITION_POINTER = "/definition"
_STATE_MACHINE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def render_spec(project: Project, env: Environment, spec_path: Path) -> RenderedWorkflow:
    renderer = TemplateRenderer(project.templates_dir, template_context(project, env), template_filters(env))
    template = spec_path.relative_to(project.templates_dir).as_posix()
    rendered = renderer.render(template)
    spec, source_map = load_yaml(rendered.text, file=rendered.fallback.file, line_origin=rendered.origin)
    display = rendered.fallback.file
    if not isinstance(spec, dict):
        raise ConfigError("a workflow spec must be a mapping of keys to values", location=SourceLocation(display, 1))
    schema.check(spec, "workflow", source_map, what="workflow spec")
    if "definition_file" in spec:
        spec, source_map = _with_definition_file(renderer, spec, source_map)
    _check_secrets_only_in_definition(spec, source_map)
    return _workflow_from(spec, source_map, env, spec_path, renderer, project)


def _check_secrets_only_in_definition(spec: dict[str, Any], source_map: SourceMap) -> None:
    """A secret's value is written only into the definition: never into tags, descriptions or policies."""
    for pointer, item in walk(spec.get("definition"), DEFINITION_POINTER):
        for name in item if isinstance(item, dict) else ():
            found = names_in_text(str(name))
            if found:
                raise ConfigError(
                    f"secret('{found[0]}') may be used only in values, not in names such as state names",
                    location=source_map.locate(pointer_join(pointer, name)),
                    key="definition",
                )
    for key, value in spec.items():
        if key == "definition":
            continue
        for pointer, item in walk(value, f"/{key}"):
            names = names_in_text(item) if isinstance(item, str) else []
            if names:
                raise ConfigError(
                    f"secret('{names[0]}') may be used only inside the definition, not in '{key}'",
                    location=source_map.locate(pointer),
                    key=key,
                )


def _with_definition_file(
    renderer: TemplateRenderer, spec: dict[str, Any], source_map: SourceMap
) -> tuple[dict[str, Any], SourceMap]:
    name = spec["definition_file"]
    if not (renderer.templates_dir / name).is_file():
        raise ConfigError(
            f"definition file '{name}' not found under {renderer.templates_dir.name}/",
            location=source_map.locate("/definition_file"),
            key="definition_file",
        )
    rendered = renderer.render(name)
    definition, definition_map = load_document(
        rendered.text, file=rendered.fallback.file, line_origin=rendered.origin, json_only=is_json_name(name)
    )
    if not isinstance(definition, dict):
        raise ConfigError(
            "a state machine definition must be a JSON object", location=SourceLocation(rendered.fallback.file, 1)
        )
    merged = {k: v for k, v in spec.items() if k != "definition_file"} | {"definition": definition}
    return merged, source_map.mount(DEFINITION_POINTER, definition_map)


def _workflow_from(
    spec: dict[str, Any],
    source_map: SourceMap,
    env: Environment,
    spec_path: Path,
    renderer: TemplateRenderer,
    project: Project,
) -> RenderedWorkflow:
    name = spec["name"]
    state_machine_name = env.naming.apply(name)
    if not _STATE_MACHINE_NAME.match(state_machine_name):
        raise ConfigError(
            f"state machine name '{state_machine_name}' (name with the environment's prefix and suffix) "
            "must be 1-80 letters, digits, '-' or '_'",
            location=source_map.locate("/name"),
            key="name",
        )
    alias = spec.get("alias")
    return RenderedWorkflow(
        name=name,
        state_machine_name=state_machine_name,
        type=spec.get("type", "STANDARD"),
        definition=spec["definition"],
        spec_path=spec_path,
        source_map=source_map,
        definition_pointer=DEFINITION_POINTER,
        environment=env,
        description=spec.get("description", ""),
        role=_role(spec.get("role", {}), state_machine_name),
        logging=_logging(spec.get("logging", {}), env, state_machine_name),
        tracing=spec.get("tracing", env.tracing),
        encryption=_encryption(spec.get("encryption", {})),
        tags={**env.tags, **spec.get("tags", {})},
        alias=alias,
        publish=spec.get("publish", True),
        adopt=spec.get("adopt", False),
        source_files=tuple(project.root / f for f in renderer.files),
        sources_hash=renderer.sources_digest(),
        spec=spec,
        triggers=_triggers(spec, source_map, env, project, name, state_machine_name, alias),
        notifications=_notifications(spec, source_map, env, project, name, state_machine_name, alias),
        alarms=_alarms(spec, source_map, env, project, state_machine_name),
    )


def _alarms(
    spec: dict[str, Any], source_map: SourceMap, env: Environment, project: Project, state_machine_name: str
) -> tuple[Alarm, ...]:
    if not spec.get("alarms"):
        return ()
    from sfndeploy.alarms import AlarmContext, render_alarms
    from sfndeploy.config.project import display_path
    from sfndeploy.loaders import load_yaml_file

    defaults = (env.raw.get("defaults") or {}).get("alarms") or {}
    display = display_path(project, env.path)

    def locate_default(field: str) -> SourceLocation:
        return load_yaml_file(env.path, display)[1].locate(pointer_join("/defaults/alarms", field))

    context = AlarmContext(state_machine_name, source_map, defaults, display, locate_default)
    return render_alarms(spec["alarms"], context)


def _triggers(
    spec: dict[str, Any],
    source_map: SourceMap,
    env: Environment,
    project: Project,
    name: str,
    state_machine_name: str,
    alias: str | None,
) -> tuple[Trigger, ...]:
    if not spec.get("triggers"):
        return ()
    from sfndeploy.triggers.render import render_triggers

    context = _trigger_context(source_map, env, project, name, state_machine_name, alias)
    return render_triggers(spec["triggers"], context)


def _notifications(
    spec: dict[str, Any],
    source_map: SourceMap,
    env: Environment,
    project: Project,
    name: str,
    state_machine_name: str,
    alias: str | None,
) -> tuple[Notification, ...]:
    if not spec.get("notifications"):
        return ()
    from sfndeploy.eventbridge.notifications import render_notifications

    context = _trigger_context(source_map, env, project, name, state_machine_name, alias)
    return render_notifications(spec["notifications"], context, tuple(spec.get("triggers") or ()))


def _trigger_context(
    source_map: SourceMap, env: Environment, project: Project, name: str, state_machine_name: str, alias: str | None
) -> TriggerContext:
    from sfndeploy.triggers.render import TriggerContext

    return TriggerContext(
        project=project.name,
        environment=env.name,
        partition=env.partition,
        region=env.region,
        account_id=env.account_id,
        workflow=name,
        state_machine_name=state_machine_name,
        state_machine_arn=f"arn:{env.partition}:states:{env.region}:{env.account_id}:stateMachine:{state_machine_name}",
        alias=alias,
        source_map=source_map,
    )


def _role(role: dict[str, Any], state_machine_name: str) -> RoleSpec:
    if "arn" in role:
        return RoleSpec(arn=role["arn"])
    entries = list(role.get("statements", ()))
    return RoleSpec(
        name=role.get("name", f"{state_machine_name}-sfn"[:64]),
        # allow_broad marks a statement as broad on purpose; it is sfndeploy's key, never IAM's.
        statements=tuple({k: v for k, v in entry.items() if k != "allow_broad"} for entry in entries),
        broad_allowed=tuple(i for i, entry in enumerate(entries) if entry.get("allow_broad") is True),
        permissions_boundary=role.get("permissions_boundary"),
        tags=dict(role.get("tags", {})),
    )


def _logging(logging: dict[str, Any], env: Environment, state_machine_name: str) -> LoggingConfig:
    level = logging.get("level", env.logging.level)
    log_group = logging.get("log_group", env.logging.log_group)
    if level != "OFF" and not log_group:
        log_group = default_log_group(state_machine_name)
    return LoggingConfig(
        level=level,
        include_execution_data=logging.get("include_execution_data", env.logging.include_execution_data),
        log_group=log_group if level != "OFF" else None,
    )


def _encryption(encryption: dict[str, Any]) -> EncryptionConfig:
    return EncryptionConfig(
        kms_key=encryption.get("kms_key"),
        reuse_period_seconds=encryption.get("reuse_period_seconds", 300),
    )
