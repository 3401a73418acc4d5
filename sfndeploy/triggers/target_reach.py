"""The workflow a notification starts (``workflow: <state machine or alias ARN>``) must exist in the environment.

EventBridge accepts a target ARN that names nothing (``PutTargets`` does not look), and the failure
shows only when a status change fires the rule. So, before any call:

* at render, across the environment's workflows (:func:`check_workflow_targets`): an alias ARN of
  one of the project's workflows must name the alias that workflow has in this environment;
* at plan time, a target that is one of the planned workflows with an alias, named by its state
  machine ARN, is a warning (its executions bypass the alias and any rollout);
* at plan time, for a target in the environment's account and region that is not one of the
  planned workflows (another project's, or one of this project's not planned this time): it is
  read (``DescribeStateMachine``, or ``DescribeStateMachineAlias`` for an alias ARN); one that does
  not exist is an error at the spec line, one that cannot be read a plan warning.

A workflow target in another account is refused by render (:mod:`sfndeploy.eventbridge.notifications`);
one in another region too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sfndeploy.errors import ConfigError
from sfndeploy.sourcemap import pointer_join
from sfndeploy.triggers.role_reach import ReachCheck, reach_facts, workflow_checks

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.desired import DesiredState
    from sfndeploy.plan.live import LiveReader, LiveState

__all__ = ["TargetFacts", "check_targets", "check_workflow_targets", "read_targets"]

_STATE_MACHINE_ARN = re.compile(
    r"^(?P<prefix>arn:[^:]+:states:[^:]+:\d{12}:stateMachine:)(?P<machine>[^:]+)(?::(?P<alias>.+))?$"
)
_ACCESS_CODES = frozenset({"AccessDenied", "AccessDeniedException"})


def _split(arn: str) -> tuple[str, str, str | None] | None:
    """(``arn:...:stateMachine:`` prefix, state machine name, alias or None) of a workflow target."""
    match = _STATE_MACHINE_ARN.match(arn)
    return None if match is None else (match["prefix"], match["machine"], match["alias"])


def _home(partition: str, region: str, account_id: str) -> str:
    return f"arn:{partition}:states:{region}:{account_id}:stateMachine:"


# --- at render -----------------------------------------------------------------------------------


def check_workflow_targets(workflows: Sequence[RenderedWorkflow]) -> None:
    """A notification naming an alias of one of these workflows names the alias it has here."""
    by_machine = {wf.state_machine_name: wf for wf in workflows}
    for wf in workflows:
        env = wf.environment
        for notification in wf.notifications:
            parts = _split(notification.target_arn) if notification.target_kind == "workflow" else None
            if parts is None or parts[0] != _home(env.partition, env.region, env.account_id):
                continue
            _, machine, alias = parts
            target = by_machine.get(machine)
            if target is None or alias is None or alias == target.alias:
                continue
            has = f"its alias is {target.alias}" if target.alias else "it has no alias"
            raise ConfigError(
                f"workflow {target.name} has no alias {alias} in environment {env.name} ({has})",
                location=wf.source_map.locate(pointer_join(notification.pointer, "workflow")),
                key=f"notifications.{notification.name}.workflow",
            )


# --- at plan time --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetFacts:
    arn: str
    exists: bool
    unread: str | None = None  # why it could not be read


def read_targets(reader: LiveReader, desired: DesiredState) -> dict[str, TargetFacts]:
    """The workflow targets in the environment's account and region that no planned workflow is."""
    home = _home(desired.partition, desired.region, desired.account_id)
    planned = {w.state_machine_name for w in desired.workflows}
    arns = set()
    for workflow in desired.workflows:
        for check in workflow_checks(workflow, "target"):
            parts = _split(check.target_arn)
            if parts is not None and parts[0] == home and parts[1] not in planned:
                arns.add(check.target_arn)
    facts = reader.map(lambda arn: read_target(reader.api, arn), sorted(arns))
    return {fact.arn: fact for fact in facts}


def read_target(api: AwsApi, arn: str) -> TargetFacts:
    from sfndeploy.aws.errors import AwsCallError  # botocore: loaded by the commands that read AWS only
    from sfndeploy.plan.live import not_found

    parts = _split(arn)
    try:
        if parts is not None and parts[2] is not None:
            api.call("stepfunctions", "DescribeStateMachineAlias", target=arn, stateMachineAliasArn=arn)
        else:
            api.call("stepfunctions", "DescribeStateMachine", target=arn, stateMachineArn=arn)
    except AwsCallError as error:
        if not_found(error):
            return TargetFacts(arn, exists=False)
        if error.code in _ACCESS_CODES:
            return TargetFacts(arn, exists=True, unread=f"Step Functions refused to let it be read ({error.code})")
        raise
    return TargetFacts(arn, exists=True)


def check_targets(checks: Sequence[ReachCheck], desired: DesiredState, live: LiveState) -> tuple[str, ...]:
    """The plan warnings for ``checks``; a :class:`ConfigError` at the spec line for a target that does not exist."""
    read = reach_facts(live).targets
    warnings = [warning for check in checks if (warning := _bypassed_alias(check, desired)) is not None]
    for check in checks:
        facts = read.get(check.target_arn)
        if facts is None:
            continue  # one of the planned workflows, or outside the environment's account and region
        if facts.unread is not None:
            unread = f"the workflow {check.target_arn} was not checked: {facts.unread}"
            warnings.append(f"{check.owner} ({check.key}): {unread}")
        elif not facts.exists:
            what = "alias" if (_split(check.target_arn) or ("", "", None))[2] else "state machine"
            raise ConfigError(
                f"the workflow {check.target_arn} does not exist: it is no workflow of environment "
                f"{desired.environment} and no {what} of that ARN is in the account",
                location=check.location,
                key=check.key,
            )
    return tuple(warnings)


def _bypassed_alias(check: ReachCheck, desired: DesiredState) -> str | None:
    """A planned workflow with an alias, started by its state machine ARN: what the alias routes is bypassed."""
    parts = _split(check.target_arn)
    if (
        parts is None
        or parts[2] is not None
        or parts[0] != _home(desired.partition, desired.region, desired.account_id)
    ):
        return None
    target = next((w for w in desired.workflows if w.state_machine_name == parts[1]), None)
    if target is None or target.alias is None:
        return None
    return (
        f"{check.owner} ({check.key}): starts workflow {target.name} by its state machine ARN, bypassing its alias "
        f"{target.alias} (and any rollout); name {check.target_arn}:{target.alias} to go through it"
    )
