"""Can a role a team brings (``role.arn``) start what its trigger or notification targets?

sfndeploy generates invoke roles that can (:mod:`sfndeploy.triggers.iam`); a brought role is the
team's, and a wrong one fails only when the schedule or rule fires. It is checked twice:

1. **Offline**, when the spec is rendered (:func:`role_arn_problem`): the value must be an IAM role
   ARN (``arn:<partition>:iam::<12 digits>:role/[<path>/]<name>``, the pattern EventBridge
   Scheduler's ``Target.RoleArn`` accepts) in the environment's partition. A rule's role must be in
   the rule's account: EventBridge's guide says the execution role of a target "must be in the same
   account as the event bus" (EventBridge User Guide, "Sending events to an AWS service in another
   account"). Scheduler's documentation says nothing either way, so a schedule's role in another
   account is only warned about at plan time.
2. **At plan time**, through the invoke-role kind: the role is read (GetRole, its inline policies,
   the default version of each attached managed policy and of its permissions boundary) and
   evaluated locally with :mod:`sfndeploy.iam.evaluation`. Its trust policy must let the service
   principal (``scheduler.amazonaws.com`` or ``events.amazonaws.com``) ``sts:AssumeRole`` with the
   ``aws:SourceAccount`` and ``aws:SourceArn`` the service sends (the account, and the schedule
   group or rule ARN); its policies, and its boundary when it has one, must allow the action
   (``states:StartExecution``, or ``events:PutEvents`` for a notification to a bus) on exactly the
   target (the alias ARN when the workflow has an alias) with no explicit deny. A role that does
   not exist or certainly cannot is an error naming the role, the action and the target, before
   any write. What cannot be decided here (a condition on a key the request does not give, a role
   in another account, IAM refusing the reads, service control policies) is a plan warning, never
   a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sfndeploy.errors import ConfigError, SourceLocation
from sfndeploy.iam.evaluation import Decision, Outcome, Policy, Request, evaluate
from sfndeploy.sourcemap import pointer_join
from sfndeploy.triggers.model import EVENTS_PRINCIPAL, SCHEDULER_PRINCIPAL, InvokeRole

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
    from sfndeploy.plan.live import LiveReader, LiveState
    from sfndeploy.triggers.target_reach import TargetFacts

__all__ = [
    "ReachCheck",
    "RoleFacts",
    "Verdict",
    "judge",
    "reach_checks",
    "read_brought_role",
    "role_arn_problem",
]

KIND = "invoke role"  # the invoke-role kind's key in LiveState.resources
ROLE_ARN = re.compile(
    r"^arn:(?P<partition>aws(?:-[a-z]+)*):iam::(?P<account>\d{12}):role/"
    r"(?P<path>(?:[\w+=,.@-]+/)*)(?P<name>[\w+=,.@-]{1,64})$"
)
_ACCESS_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})


# --- offline -------------------------------------------------------------------------------------


def role_arn_problem(arn: str, *, partition: str, account_id: str, principal: str) -> str | None:
    """Why ``arn`` cannot be the role of a trigger or notification in this environment; None if it can be."""
    match = ROLE_ARN.match(arn)
    if match is None:
        return f"'{arn}' is not an IAM role ARN (arn:{partition}:iam::ACCOUNT:role/[PATH/]NAME)"
    if match["partition"] != partition:
        return f"the role is in partition {match['partition']}; the environment is in {partition}"
    if match["account"] != account_id and principal == EVENTS_PRINCIPAL:
        return (
            f"the role is in account {match['account']}; EventBridge assumes a rule target's role only in "
            f"the rule's account ({account_id})"
        )
    return None


# --- the desired items -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachCheck:
    """What one trigger or notification must reach, and the spec key it is blamed on.

    ``subject`` "role": the role it brings (``role.arn``) must be able to ``action`` on the target.
    ``subject`` "target": the workflow a notification starts must exist (:mod:`sfndeploy.triggers.target_reach`).
    """

    owner: str  # "trigger nightly", "notification failures"
    key: str  # "triggers.nightly.role.arn", "notifications.failures.workflow"
    file: str
    line: int  # 0 when the spec's line (and column) is not known
    column: int
    role_arn: str  # the brought role; "" for a target check
    principal: str  # the service that assumes the role
    action: str
    target_arn: str
    source_arn: str  # the schedule group or rule ARN the service sends as aws:SourceArn
    source_account: str
    subject: str = "role"

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.file, self.line or None, self.column or None)


def reach_checks(workflow: RenderedWorkflow) -> tuple[ReachCheck, ...]:
    """A check per role a trigger or notification of ``workflow`` brings, and per workflow a notification starts."""
    owners: list[tuple[str, str, str, str, InvokeRole | None]]
    owners = [("trigger", "triggers", t.name, t.pointer, t.role) for t in workflow.triggers]
    owners += [("notification", "notifications", n.name, n.pointer, n.role) for n in workflow.notifications]
    found = []
    for what, section, name, pointer, role in owners:
        if role is not None and role.arn is not None:
            location = workflow.source_map.locate(pointer_join(pointer, "role", "arn"))
            found.append(_check(f"{what} {name}", f"{section}.{name}.role.arn", location, role, role.arn, "role"))
    for notification in workflow.notifications:
        if notification.target_kind == "workflow" and notification.role is not None:
            location = workflow.source_map.locate(pointer_join(notification.pointer, "workflow"))
            key = f"notifications.{notification.name}.workflow"
            found.append(_check(f"notification {notification.name}", key, location, notification.role, "", "target"))
    return tuple(found)


def _check(owner: str, key: str, location: SourceLocation, role: InvokeRole, arn: str, subject: str) -> ReachCheck:
    return ReachCheck(
        owner=owner,
        key=key,
        file=location.file,
        line=location.line or 0,
        column=location.column or 0,
        role_arn=arn,
        principal=role.principal,
        action=role.action,
        target_arn=role.target_arn,
        source_arn=role.source_arn,
        source_account=role.account_id,
        subject=subject,
    )


def saved_check_problems(desired: DesiredState, workflow: DesiredWorkflow) -> list[tuple[str, str]]:
    """(key, problem) for a check of a saved plan the sources could not have made (a plan file can be edited)."""
    problems = []
    own_targets = {workflow.arn, f"{workflow.arn}:{workflow.alias}"}
    for index, check in enumerate(workflow.resources.get(KIND, ())):
        key = f"workflows.{workflow.name}.resources.{KIND}[{index}]"
        if check.subject not in ("role", "target") or check.principal not in (SCHEDULER_PRINCIPAL, EVENTS_PRINCIPAL):
            problems.append((key, "is not a check of a trigger's or notification's role or workflow target"))
        elif check.source_account != desired.account_id:
            problems.append((f"{key}.source_account", "is not the environment's account"))
        elif check.key.startswith("triggers.") and check.target_arn not in own_targets:
            problems.append((f"{key}.target_arn", f"is not what a trigger of {workflow.name} starts"))
        elif check.subject == "role" and ROLE_ARN.match(check.role_arn) is None:
            problems.append((f"{key}.role_arn", "is not an IAM role ARN"))
    return problems


def workflow_checks(workflow: DesiredWorkflow, subject: str) -> tuple[ReachCheck, ...]:
    return tuple(check for check in workflow.resources.get(KIND, ()) if check.subject == subject)


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleFacts:
    """What IAM says about a brought role: its trust policy and every identity policy, or why not read."""

    arn: str
    trust_policy: Any = None
    policies: tuple[Policy, ...] = ()
    permissions_boundary: str | None = None
    boundary: Policy | None = None  # the boundary's default version
    missing: bool = False
    unread: str | None = None  # why it was not read


@dataclass(frozen=True)
class ReachFacts:
    """The invoke-role kind's live state: the brought roles and the workflow targets outside the plan, by ARN."""

    roles: dict[str, RoleFacts] = field(default_factory=dict)
    targets: dict[str, TargetFacts] = field(default_factory=dict)


def reach_facts(live: LiveState) -> ReachFacts:
    found: ReachFacts = live.resources.get(KIND, ReachFacts())
    return found


def read_reach(reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
    """``live`` with the brought roles and the workflow targets outside the plan read."""
    from sfndeploy.triggers.target_reach import read_targets

    facts = ReachFacts(read_brought_roles(reader, desired), read_targets(reader, desired))
    if not facts.roles and not facts.targets:
        return live
    return replace(live, resources={**live.resources, KIND: facts})


def check_reach(workflow: DesiredWorkflow, desired: DesiredState, live: LiveState) -> tuple[str, ...]:
    """The plan warnings of one workflow's checks; a :class:`ConfigError` for the first that certainly fails."""
    from sfndeploy.triggers.target_reach import check_targets

    roles = check_brought_roles(workflow_checks(workflow, "role"), live)
    return roles + check_targets(workflow_checks(workflow, "target"), desired, live)


def read_brought_roles(reader: LiveReader, desired: DesiredState) -> dict[str, RoleFacts]:
    """Every brought role of the desired workflows, read once (by ARN)."""
    arns = sorted({check.role_arn for w in desired.workflows for check in workflow_checks(w, "role")})
    facts = reader.map(lambda arn: read_brought_role(reader.api, arn, desired.account_id), arns)
    return {fact.arn: fact for fact in facts}


def read_brought_role(api: AwsApi, arn: str, account_id: str) -> RoleFacts:
    from sfndeploy.aws.errors import AwsCallError  # botocore: loaded by the commands that read AWS only

    match = ROLE_ARN.match(arn)
    if match is None:
        return RoleFacts(arn, unread="it is not an IAM role ARN")
    if match["account"] != account_id:
        return RoleFacts(arn, unread=f"it is in account {match['account']}, not the environment's ({account_id})")
    name = match["name"]
    try:
        role = api.call("iam", "GetRole", target=f"role {name}", RoleName=name)["Role"]
        if role.get("Arn") not in (None, arn):  # the role of that name has another path
            return RoleFacts(arn, unread=f"IAM names the role of that name {role['Arn']}")
        policies = [*_inline_policies(api, name), *_managed_policies(api, name)]
        boundary_arn = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        boundary = _managed_policy(api, boundary_arn, "permissions boundary") if boundary_arn else None
    except AwsCallError as error:
        if error.code == "NoSuchEntity":
            return RoleFacts(arn, missing=True)
        if error.code in _ACCESS_CODES:
            return RoleFacts(arn, unread=f"IAM refused to let it be read ({error.code})")
        raise
    from sfndeploy.plan.live import policy_document

    trust = policy_document(role.get("AssumeRolePolicyDocument"))
    return RoleFacts(arn, trust, tuple(policies), boundary_arn, boundary)


def _inline_policies(api: AwsApi, name: str) -> list[Policy]:
    from sfndeploy.plan.live import policy_document

    found = []
    for policy in api.pages("iam", "ListRolePolicies", "PolicyNames", target=f"role {name}", RoleName=name):
        got = api.call("iam", "GetRolePolicy", target=f"role {name}", RoleName=name, PolicyName=policy)
        found.append(Policy(f"inline policy {policy}", policy_document(got["PolicyDocument"])))
    return found


def _managed_policies(api: AwsApi, name: str) -> list[Policy]:
    attached = api.pages("iam", "ListAttachedRolePolicies", "AttachedPolicies", target=f"role {name}", RoleName=name)
    return [_managed_policy(api, item["PolicyArn"], "managed policy") for item in attached]


def _managed_policy(api: AwsApi, arn: str, what: str) -> Policy:
    """The default version of a managed policy (GetPolicy, then GetPolicyVersion)."""
    from sfndeploy.plan.live import policy_document

    version = api.call("iam", "GetPolicy", target=f"policy {arn}", PolicyArn=arn)["Policy"]["DefaultVersionId"]
    got = api.call("iam", "GetPolicyVersion", target=f"policy {arn}", PolicyArn=arn, VersionId=version)
    return Policy(f"{what} {arn}", policy_document(got["PolicyVersion"]["Document"]))


# --- judging -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """An error (the role certainly cannot) or a warning (not everything could be checked), or neither."""

    error: str | None = None
    warning: str | None = None


def judge(role: ReachCheck, facts: RoleFacts) -> Verdict:
    who = f"the role {role.role_arn}"
    if facts.missing:
        return Verdict(error=f"{who} does not exist")
    if facts.unread is not None:
        return Verdict(warning=f"{who} was not checked: {facts.unread}")
    trust = evaluate([Policy("its trust policy", facts.trust_policy)], _assume_request(role))
    if trust.refused:
        return Verdict(error=f"{role.principal} cannot assume {who} (sts:AssumeRole): {trust.reason}")
    allowed = evaluate(facts.policies, Request(role.action, role.target_arn))
    if allowed.refused:
        return Verdict(error=f"{who} cannot {role.action} on {role.target_arn}: {_reason(allowed, facts)}")
    bounded = _within_boundary(role, facts)
    if bounded.refused:
        why = bounded.reason
        if bounded.outcome is Outcome.NOT_ALLOWED:
            why = f"its permissions boundary {facts.permissions_boundary} does not allow it"
        return Verdict(error=f"{who} cannot {role.action} on {role.target_arn}: {why}")
    undecided = [d.reason for d in (trust, allowed, bounded) if d.outcome is Outcome.UNDECIDED]
    if undecided:
        return Verdict(warning=f"{who} may not {role.action} on {role.target_arn}: " + "; ".join(undecided))
    return Verdict()


def _within_boundary(role: ReachCheck, facts: RoleFacts) -> Decision:
    """A permissions boundary caps the identity policies: it must allow the action too (an allowing
    Decision when the role has none)."""
    if facts.permissions_boundary is None:
        return Decision(Outcome.ALLOWED)
    if facts.boundary is None:
        return Decision(Outcome.UNDECIDED, f"its permissions boundary {facts.permissions_boundary} was not read")
    return evaluate([facts.boundary], Request(role.action, role.target_arn))


def _assume_request(role: ReachCheck) -> Request:
    context = {"aws:sourceaccount": role.source_account, "aws:sourcearn": role.source_arn}
    return Request("sts:AssumeRole", service_principal=role.principal, context=context)


def _reason(decision: Decision, facts: RoleFacts) -> str:
    if decision.outcome is Outcome.DENIED:
        return decision.reason
    return "no statement of its policies allows it" if facts.policies else "it has no policy"


def check_brought_roles(roles: tuple[ReachCheck, ...], live: LiveState) -> tuple[str, ...]:
    """The plan warnings for ``roles``; a :class:`ConfigError` at the spec line for the first that cannot reach."""
    read = reach_facts(live).roles
    warnings = []
    for role in roles:
        facts = read.get(role.role_arn)
        if facts is None:
            continue  # not read (a plan made from a live state that has no brought roles)
        verdict = judge(role, facts)
        if verdict.error is not None:
            raise ConfigError(verdict.error, location=role.location, key=role.key)
        if verdict.warning is not None:
            warnings.append(f"{role.owner} ({role.key}): {verdict.warning}")
    return tuple(warnings)
