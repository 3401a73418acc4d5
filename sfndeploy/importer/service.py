"""``sfndeploy import``: live state machines -> specs and variables -> a check -> a plan.

Nothing is written until every imported spec, rendered in a scratch copy of the project, gives
back exactly the live definition and configuration, and nothing is ever written to AWS. The spec of
a machine sfndeploy does not manage yet says ``adopt: true``: the next apply tags it (and its rules
and alarms named the way sfndeploy names them) with the ownership tags, which the closing plan shows
as ``~ adopt state machine NAME``, ``~ adopt rule NAME`` and ``~ adopt alarm NAME``; any other change
in that plan is unexpected. Every call the import makes is a read.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import AwsSettings
from sfndeploy.config.project import PROJECT_FILE
from sfndeploy.errors import ConfigError, SfnDeployError
from sfndeploy.importer.alarms import alarms_of
from sfndeploy.importer.envfile import with_vars
from sfndeploy.importer.live import ImportFailed, LiveMachine, read_machine, role_boundary, role_policy
from sfndeploy.importer.rules import rules_of
from sfndeploy.importer.schedules import foreign_groups, schedules_of, triggers_spec
from sfndeploy.importer.spec import ImportedSpec, RoleDetails, build_spec
from sfndeploy.importer.values import Substitutions
from sfndeploy.model import Environment, Project, RenderedWorkflow
from sfndeploy.outputs import write_text_atomically
from sfndeploy.plan.desired import desired_workflow
from sfndeploy.plan.ownership import has_no_sfndeploy_tags, require_adoptable
from sfndeploy.plan.service import compute_plan, environment_settings, load_target
from sfndeploy.plan.steps import Plan
from sfndeploy.secrets.sources import SecretSources
from sfndeploy.sourcemap import pointer_join


@dataclass(frozen=True)
class ImportedWorkflow:
    workflow: str
    state_machine_name: str
    spec_path: Path
    new_vars: dict[str, dict[str, str]]  # kind -> key -> value, under vars.<group>
    group: str
    adopted: bool = False  # its spec says ``adopt: true``, so the next apply tags what carries no sfndeploy tag
    moved_schedules: tuple[str, ...] = ()  # group/name of schedules apply re-creates in the project's group
    renamed_rules: tuple[str, ...] = ()  # rules apply creates anew under sfndeploy's name
    renamed_alarms: tuple[str, ...] = ()  # alarms apply creates anew under sfndeploy's name
    managed: bool = False  # the state machine already carries this workflow's ownership tags


@dataclass(frozen=True)
class ImportResult:
    environment: str
    env_file: Path
    workflows: tuple[ImportedWorkflow, ...]
    plan: Plan | None  # None when the specs were written outside the project's templates

    @property
    def unexpected_changes(self) -> bool:
        """The plan changes more than re-creating the imported schedules in the project's schedule group and
        putting the imported rules in sfndeploy's form (its rule names, target id, and grants)."""
        if self.plan is None:
            return False
        allowed = _RULE_LINES + (("+ schedule ",) if any(w.moved_schedules for w in self.workflows) else ())
        allowed += ("+ alarm ",) if any(w.renamed_alarms for w in self.workflows) else ()
        allowed += ("+ tag ", "~ rule ") if any(w.adopted for w in self.workflows) else ()
        lines = [line for w in self.plan.changed for line in w.changes]
        return bool(self.plan.has_changes and not all(line.startswith(allowed) for line in lines))


_RULE_LINES = (
    "~ adopt state machine ",
    "~ adopt rule ",
    "~ adopt alarm ",
    "+ rule ",
    "~ rule ",
    "- target ",
    "+ target of rule ",
    "+ permission for rule ",
    "~ permission for rule ",
    "~ sources changed since the last apply ",  # the specs were just written: the recorded sources hash moves
)


@dataclass(frozen=True)
class _Prepared:
    machine: LiveMachine
    spec: ImportedSpec
    text: str
    path: Path
    group: str
    new_vars: dict[str, dict[str, str]]
    moved_schedules: tuple[str, ...] = ()
    renamed_rules: tuple[str, ...] = ()
    renamed_alarms: tuple[str, ...] = ()


def settings_for(project_dir: Path, env_name: str, profile: str | None) -> AwsSettings:
    """How to reach the environment's account; its region is the environment file's, as names resolve there."""
    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    return replace(environment_settings(env, profile=profile), secrets=SecretSources())


def import_state_machines(
    api: AwsApi,
    project_dir: Path,
    env_name: str,
    names: Sequence[str],
    out_dir: Path | None = None,
) -> ImportResult:
    project = pipeline.load_project(project_dir)
    env = pipeline.load_environment(project, env_name)
    target_dir = (out_dir or project.templates_dir).resolve()
    env_text = env.path.read_text(encoding="utf-8")
    prepared: list[_Prepared] = []
    working = env
    for name in names:
        item, env_text, working = _prepare(api, project, working, env_text, name, target_dir)
        if any(p.spec.workflow == item.spec.workflow for p in prepared):
            raise ImportFailed(f"workflow '{item.spec.workflow}' is named twice", key=name)
        require_adoptable(
            item.machine.tags, "state machine", item.machine.name, project.name, env_name, item.spec.workflow
        )
        prepared.append(item)
    _verify(project, env, env_text, prepared)
    _write(env.path, env_text, prepared)
    plan = None
    if _inside_project(target_dir, project):
        plan = _plan_after_writing(api, project_dir, env_name, prepared)
    workflows = tuple(
        ImportedWorkflow(
            p.spec.workflow,
            p.machine.name,
            p.path,
            p.new_vars,
            p.group,
            bool(p.spec.data.get("adopt")),
            p.moved_schedules,
            p.renamed_rules,
            p.renamed_alarms,
            p.spec.managed,
        )
        for p in prepared
    )
    return ImportResult(env_name, env.path, workflows, plan)


def _plan_after_writing(api: AwsApi, project_dir: Path, env_name: str, prepared: list[_Prepared]) -> Plan:
    """The environment's plan with the new specs; a plan that stops says the specs are written all the same."""
    try:
        target = load_target(project_dir, env_name, [p.spec.workflow for p in prepared])
        return compute_plan(api, target.desired)
    except SfnDeployError as error:
        written = ", ".join(p.path.name for p in prepared)
        raise ImportFailed(
            f"the specs are written ({written}), but the plan of {env_name} stops: {error.one_line()}",
            hint="fix what it names, in AWS or in the spec, before apply",
        ) from error


def _inside_project(target_dir: Path, project: Project) -> bool:
    return target_dir == project.templates_dir.resolve()


def _prepare(
    api: AwsApi, project: Project, env: Environment, env_text: str, name: str, target_dir: Path
) -> tuple[_Prepared, str, Environment]:
    machine = read_machine(api, env, name)
    group = _group_name(machine.tags.get("sfndeploy:workflow") or machine.name, env)
    values = Substitutions(env, group)
    spec = build_spec(
        machine, env, project.name, values, lambda arn: RoleDetails(role_boundary(api, arn), role_policy(api, arn))
    )
    schedules = schedules_of(api, machine.arn)
    triggers = triggers_spec(schedules, spec.workflow, machine.name, env, values) if schedules else {}
    rules = rules_of(api, machine.arn, machine.name, env, values, [alias.name for alias in machine.aliases])
    triggers.update({name: rule for name, rule in rules.triggers.items() if name not in triggers})
    if triggers:
        spec = replace(spec, data=_before_definition(spec.data, "triggers", triggers))
    if rules.notifications:
        spec = replace(spec, data=_before_definition(spec.data, "notifications", rules.notifications))
    alarms = alarms_of(api, machine.arn, machine.name, values)
    kept = [("EventBridge rule", rules.kept), ("alarm", alarms.kept)]
    for kind, found in kept:
        for resource, tags in found.items():
            require_adoptable(tags, kind, resource, project.name, env.name, spec.workflow)
    if spec.managed and any(has_no_sfndeploy_tags(tags) for _, found in kept for tags in found.values()):
        spec = replace(spec, data=_adopting(spec.data))  # a managed machine's untagged rules or alarms
    if alarms.alarms:
        spec = replace(spec, data=_before_definition(spec.data, "alarms", alarms.alarms))
    path = target_dir / f"{spec.workflow}.yaml.j2"
    if path.exists() or (project.templates_dir / f"{spec.workflow}.yaml.j2").exists():
        raise ImportFailed(
            f"a spec for workflow '{spec.workflow}' already exists ({path.name})",
            key=name,
            hint="remove or rename it to import again",
        )
    try:
        text = spec.text(machine.name)
    except ValueError as error:
        raise ImportFailed(f"{machine.name} cannot be written as a spec: {error}", key=name) from error
    additions: dict[str, Any] = {group: values.new_vars} if values.new_vars else {}
    new_text = with_vars(env_text, additions, file=env.path.name)
    new_env = replace(env, vars={**env.vars, **additions})
    moved = tuple(foreign_groups(schedules, project.name, env))
    prepared = _Prepared(machine, spec, text, path, group, values.new_vars, moved, rules.renamed, alarms.renamed)
    return prepared, new_text, new_env


def _adopting(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``adopt: true`` right after ``type``, where a spec of an unmanaged machine has it."""
    items = list(data.items())
    at = next(index for index, (key, _) in enumerate(items) if key == "type") + 1
    return dict([*items[:at], ("adopt", True), *items[at:]])


def _before_definition(data: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    items = [(k, v) for k, v in data.items() if k != "definition"]
    return dict([*items, (key, value), ("definition", data["definition"])])


def _group_name(name: str, env: Environment) -> str:
    naming = env.naming
    if naming.suffix and name.endswith(naming.suffix):
        name = name[: -len(naming.suffix)]
    if naming.prefix and name.startswith(naming.prefix):
        name = name[len(naming.prefix) :]
    base = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower() or "imported"
    if base[0].isdigit():
        base = "w_" + base
    candidate, counter = base, 2
    while candidate in env.vars:
        candidate, counter = f"{base}_{counter}", counter + 1
    return candidate


# --- the check in a scratch copy ----------------------------------------------------------------


def _verify(project: Project, env: Environment, env_text: str, prepared: list[_Prepared]) -> None:
    with tempfile.TemporaryDirectory(prefix="sfndeploy-import-") as scratch:
        root = Path(scratch)
        copy = _scratch_project(project, root)
        copy_env_path = copy.environments_dir / env.path.name
        copy_env_path.write_text(env_text, encoding="utf-8")
        for item in prepared:
            (copy.templates_dir / f"{item.spec.workflow}.yaml.j2").write_text(item.text, encoding="utf-8")
        try:
            copy_env = pipeline.load_environment(copy, env.name)
            rendered = pipeline.render_workflows(copy, copy_env, [p.spec.workflow for p in prepared])
        except ConfigError as error:
            raise ImportFailed(f"the imported spec does not load back: {error.one_line()}") from error
        except Exception as error:  # a render error names a scratch path; say what failed instead
            raise ImportFailed(f"the imported spec does not render back: {error}") from error
        by_name = {wf.name: wf for wf in rendered}
        for item in prepared:
            _compare(item.machine, by_name[item.spec.workflow], project.name)
        _require_valid(rendered)


def _scratch_project(project: Project, root: Path) -> Project:
    source_file = project.root / PROJECT_FILE
    if source_file.is_file():
        shutil.copy2(source_file, root / PROJECT_FILE)
    for directory in (project.templates_dir, project.environments_dir):
        relative = directory.relative_to(project.root) if directory.is_relative_to(project.root) else directory.name
        shutil.copytree(directory, root / relative)
    return pipeline.load_project(root)


def _compare(machine: LiveMachine, workflow: RenderedWorkflow, project: str) -> None:
    difference = first_difference(machine.definition, workflow.definition)
    if difference is not None:
        pointer, live, rendered = difference
        raise ImportFailed(
            f"{machine.name}: the definition uses something the spec format cannot express: at "
            f"{pointer or '/'} the live value is {live!r} but the spec renders {rendered!r}",
            key=machine.name,
        )
    desired = desired_workflow(workflow, project)
    checks = (
        ("type", machine.type, desired.type),
        ("role", machine.role_arn, desired.role_arn),
        ("logging", machine.logging, desired.logging),
        ("tracing", machine.tracing, desired.tracing),
        ("encryption", _encryption(machine.encryption), _encryption(desired.encryption)),
    )
    for what, live_value, spec_value in checks:
        if live_value != spec_value:
            raise ImportFailed(
                f"{machine.name}: its {what} cannot be expressed by a spec (live {live_value!r}, "
                f"the spec gives {spec_value!r})",
                key=machine.name,
            )


def _require_valid(workflows: list[RenderedWorkflow]) -> None:
    for report in pipeline.validate_workflows(workflows):
        if report.report.errors:
            first = report.report.errors[0]
            raise ImportFailed(
                f"the live definition of {report.workflow.state_machine_name} has "
                f"{len(report.report.errors)} validation error(s); first: {first.code}: {first.message}",
                key=report.workflow.state_machine_name,
                hint="fix it in AWS first, or import it by hand",
            )


def _encryption(config: dict[str, Any]) -> dict[str, Any]:
    if config.get("type", "AWS_OWNED_KEY") == "AWS_OWNED_KEY":
        return {"type": "AWS_OWNED_KEY"}
    return config


def first_difference(live: Any, rendered: Any, pointer: str = "") -> tuple[str, Any, Any] | None:
    """The first place two JSON values differ (types too: 1 is not 1.0 is not true)."""
    if type(live) is not type(rendered):
        return pointer, live, rendered
    if isinstance(live, dict):
        for key in sorted(set(live) | set(rendered)):
            if key not in live or key not in rendered:
                return pointer_join(pointer, key), live.get(key), rendered.get(key)
            found = first_difference(live[key], rendered[key], pointer_join(pointer, key))
            if found:
                return found
        return None
    if isinstance(live, list):
        for index, (a, b) in enumerate(zip(live, rendered, strict=False)):
            found = first_difference(a, b, pointer_join(pointer, index))
            if found:
                return found
        if len(live) != len(rendered):
            return pointer, live, rendered
        return None
    return None if live == rendered else (pointer, live, rendered)


# --- writing ---------------------------------------------------------------------------


def _write(env_path: Path, env_text: str, prepared: list[_Prepared]) -> None:
    for item in prepared:
        _write_file(item.path, item.text)
    if env_text != env_path.read_text(encoding="utf-8"):
        _write_file(env_path, env_text)


def _write_file(path: Path, text: str) -> None:
    write_text_atomically(path, text)
