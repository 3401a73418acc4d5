"""``sfndeploy replay``: a production execution as a dry-run test case, run against today's sources.

1. The execution's events: ``GetExecutionHistory`` (every page) for a Standard execution; for an
   Express one, which has no history API, its records in the workflow's CloudWatch log group,
   when the state machine logs at level ``ALL`` with execution data.
2. The test case (:mod:`replay_case`), secrets replaced (:mod:`replay_redact`).
3. Today's definition of the workflow (rendered for the environment, validated) runs the case,
   and runs again answered call by call with production's answers: the first place where it
   parts from production (:mod:`replay_compare`).
4. ``--save``: the case is appended to ``templates/<workflow>.tests.yaml`` (:mod:`replay_file`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sfndeploy import pipeline
from sfndeploy.aws.api import AwsApi
from sfndeploy.config.project import spec_stem
from sfndeploy.errors import ExecutionSetupError, UsageError
from sfndeploy.executor.dryrun import options_for_workflow
from sfndeploy.executor.engine import StateMachine
from sfndeploy.executor.testing.cases import UNSET as CASE_UNSET
from sfndeploy.executor.testing.cases import Expectation, WorkflowTestCase, test_file_for
from sfndeploy.executor.testing.runner import run_case
from sfndeploy.model import RenderedWorkflow
from sfndeploy.operate.arns import ExecutionRef, require_in_environment
from sfndeploy.operate.errors import OperateError
from sfndeploy.operate.executions import describe_execution
from sfndeploy.operate.history import read_history
from sfndeploy.operate.replay_case import replayed_case
from sfndeploy.operate.replay_compare import Divergence, RecordedResponder, first_divergence
from sfndeploy.operate.replay_file import append_case, case_yaml
from sfndeploy.operate.replay_history import UNSET, Recording, read_recording
from sfndeploy.operate.replay_redact import RedactPath, redact_case
from sfndeploy.operate.replay_shape import aws_history, event_from_log_record
from sfndeploy.operate.targets import OperatedEnvironment


@dataclass(frozen=True)
class ReplayOptions:
    save_as: str | None = None
    redact: tuple[RedactPath, ...] = ()
    partial: bool = False


@dataclass(frozen=True)
class ReplayReport:
    execution: ExecutionRef
    workflow: str
    production_status: str
    case: dict[str, Any]  # as saved (secrets replaced)
    case_text: str
    divergence: Divergence | None
    case_failures: tuple[str, ...]  # how the case (as saved) fails against today's sources
    redacted: int
    calls: int
    states: int
    saved_to: Path | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def matches(self) -> bool:
        return self.divergence is None and not self.case_failures


def replay_execution(
    operated: OperatedEnvironment, project_dir: Path, ref: ExecutionRef, options: ReplayOptions
) -> ReplayReport:
    if options.save_as is not None and not options.save_as.strip():
        raise UsageError("--save needs a case name")
    if options.save_as is not None and options.partial:
        raise OperateError("--save needs the whole execution; --partial replays only the events so far")
    _refuse_map_run_child(ref)
    require_in_environment(ref, operated.environment)
    workflow = _workflow_for(project_dir, operated, ref)
    api = operated.api
    events = _express_events(api, ref) if ref.kind == "express" else _standard_events(api, ref, options)
    recording = read_recording(events)
    _refuse_unfinished(recording, ref, options)
    name = options.save_as or ref.name
    description = f"replayed from {ref.arn} ({recording.status})"
    case = replayed_case(recording, name, workflow.definition, description=description)
    case, redacted = redact_case(case, options.redact, _also_seen(recording))
    machine = StateMachine(workflow.definition)
    divergence = _divergence(machine, workflow, recording, ref)
    failures = _case_failures(machine, workflow, case, ref) if "expect" in case else ()
    saved_to = None
    if options.save_as is not None:
        saved_to = test_file_for(workflow.spec_path, spec_stem(workflow.spec_path))
        append_case(saved_to, case)
    notes = []
    if divergence is None and failures and redacted:
        notes.append("the case as saved fails although the execution replays: it depends on values that were redacted")
    return ReplayReport(
        execution=ref,
        workflow=workflow.name,
        production_status=recording.status,
        case=case,
        case_text=case_yaml(case, indent=0),
        divergence=divergence,
        case_failures=tuple(failures),
        redacted=redacted,
        calls=sum(1 for call in recording.calls if call.answered),
        states=len(recording.visits),
        saved_to=saved_to,
        notes=tuple(notes),
    )


def _refuse_map_run_child(ref: ExecutionRef) -> None:
    if f":{ref.state_machine_name}/" in ref.arn:
        raise OperateError(
            f"execution '{ref.name}' is a child execution of a Distributed Map's Map Run; replay its parent execution"
        )


def _workflow_for(project_dir: Path, operated: OperatedEnvironment, ref: ExecutionRef) -> RenderedWorkflow:
    """The project's workflow whose state machine ran the execution, rendered from today's sources."""
    project = pipeline.load_project(project_dir)
    rendered = pipeline.render_workflows(project, operated.environment)
    found = next((each for each in rendered if each.state_machine_name == ref.state_machine_name), None)
    if found is None:
        names = ", ".join(sorted(each.state_machine_name for each in rendered)) or "none"
        raise OperateError(
            f"no workflow of this project is the state machine '{ref.state_machine_name}' in environment "
            f"'{operated.environment.name}' (its state machines: {names})"
        )
    (report,) = pipeline.validate_workflows([found])
    if report.report.errors:
        first = report.report.errors[0]
        raise OperateError(
            f"today's definition of '{found.name}' does not validate ({len(report.report.errors)} error(s), the "
            f"first: {first.message}); run 'sfndeploy validate'"
        )
    return found


def _standard_events(api: AwsApi, ref: ExecutionRef, options: ReplayOptions) -> list[dict[str, Any]]:
    status = describe_execution(api, ref.arn).status
    if status in ("RUNNING", "PENDING_REDRIVE") and not options.partial:
        raise OperateError(
            f"execution '{ref.name}' is still running; nothing was written",
            hint="'sfndeploy replay --partial' replays the events so far",
        )
    if status == "ABORTED" and not options.partial:
        raise OperateError(
            f"execution '{ref.name}' was stopped (ABORTED): a dry run cannot stop where it did; nothing was written",
            hint="'sfndeploy replay --partial' replays the events before it was stopped",
        )
    return read_history(api, ref.arn)


def _express_events(api: AwsApi, ref: ExecutionRef) -> list[dict[str, Any]]:
    """An Express execution's events, from the log group its state machine logs to."""
    machine = api.call(
        "stepfunctions", "DescribeStateMachine", target=ref.state_machine_arn, stateMachineArn=ref.state_machine_arn
    )
    logging = machine.get("loggingConfiguration") or {}
    level = str(logging.get("level", "OFF"))
    if level != "ALL" or not logging.get("includeExecutionData"):
        data = "with" if logging.get("includeExecutionData") else "without"
        raise OperateError(
            f"Express workflows have no execution history, and '{ref.state_machine_name}' logs at level {level} "
            f"{data} execution data: replay needs logging level ALL with execution data",
            hint="set logging.level: ALL and logging.include_execution_data: true in the spec and apply; "
            "executions from then on can be replayed",
        )
    group = _log_group_name(logging)
    rows = api.pages(
        "logs", "FilterLogEvents", "events", target=group, logGroupName=group, filterPattern=f'"{ref.arn}"'
    )
    records = [record for record in (_record(row) for row in rows) if record.get("execution_arn") == ref.arn]
    if not records:
        raise OperateError(
            f"log group {group} has no events of execution '{ref.name}' (CloudWatch Logs delivers them within "
            "minutes, and keeps them as long as the group's retention)"
        )
    events = sorted((event_from_log_record(record) for record in records), key=lambda event: int(event["id"]))
    return list({int(event["id"]): event for event in events}.values())


def _log_group_name(logging: dict[str, Any]) -> str:
    for destination in logging.get("destinations") or []:
        arn = str((destination.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn", ""))
        _, found, rest = arn.partition(":log-group:")
        if found:
            return rest.removesuffix(":*")
    raise OperateError("the state machine logs at level ALL but names no log group")


def _record(row: dict[str, Any]) -> dict[str, Any]:
    try:
        record = json.loads(str(row.get("message", "")))
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def _refuse_unfinished(recording: Recording, ref: ExecutionRef, options: ReplayOptions) -> None:
    if recording.input is UNSET and not recording.missing_data:
        raise OperateError(f"the history of execution '{ref.name}' has no ExecutionStarted event; nothing to replay")
    if options.partial:
        return
    if recording.status == "RUNNING":
        raise OperateError(
            f"execution '{ref.name}' has not ended (its history has no final event yet); nothing was written",
            hint="'sfndeploy replay --partial' replays the events so far",
        )
    if recording.status == "ABORTED":
        raise OperateError(
            f"execution '{ref.name}' was stopped (ABORTED): a dry run cannot stop where it did; nothing was written",
            hint="'sfndeploy replay --partial' replays the events before it was stopped",
        )


def _also_seen(recording: Recording) -> list[Any]:
    """What production handled besides the case's own data: requests, state inputs and outputs."""
    seen: list[Any] = [call.request for call in recording.calls if call.request is not UNSET]
    for visit in recording.visits:
        seen.extend(value for value in (visit.input, visit.output) if value is not UNSET)
    return seen


def _divergence(
    machine: StateMachine, workflow: RenderedWorkflow, recording: Recording, ref: ExecutionRef
) -> Divergence | None:
    responder = RecordedResponder(recording)
    options = options_for_workflow(workflow, max_events=0, execution_name=ref.name)
    # the context object as production's: $$.Execution.StartTime and RoleArn
    if isinstance(recording.started, datetime):
        options = replace(options, start_time=recording.started.timestamp())
    if recording.role_arn:
        options = replace(options, role_arn=recording.role_arn)
    try:
        result = machine.execute(recording.input, mocks=responder, options=options)
    except ExecutionSetupError as problem:
        return Divergence(None, f"the dry run could not run: {problem.one_line()}")
    return first_divergence(recording, read_recording(aws_history(result)))


def _case_failures(
    machine: StateMachine, workflow: RenderedWorkflow, case: dict[str, Any], ref: ExecutionRef
) -> tuple[str, ...]:
    expect = case["expect"]
    test_case = WorkflowTestCase(
        name=case["name"],
        file=test_file_for(workflow.spec_path, spec_stem(workflow.spec_path)),
        line=None,
        input=case["input"],
        mocks=case.get("mocks", {}),
        expect=Expectation(
            status=expect["status"],
            output=expect.get("output", CASE_UNSET),
            error=expect.get("error"),
            cause=expect.get("cause"),
            states=tuple(expect["states"]) if "states" in expect else None,
            path=tuple(expect["path"]) if "path" in expect else None,
        ),
    )
    options = options_for_workflow(workflow, max_events=0, execution_name=ref.name)
    names = [workflow.name, workflow.state_machine_name, spec_stem(workflow.spec_path)]
    return run_case(machine, test_case, options, names).failures
