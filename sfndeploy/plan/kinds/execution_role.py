"""The execution role sfndeploy generates for a state machine (path ``/sfndeploy/``).

Live: every fact that grants rights (trust policy, every inline policy, attached managed policies,
boundary), read per role or, from :data:`BULK_ROLE_THRESHOLD` roles on or when orphans are wanted,
from one paginated GetAccountAuthorizationDetails. Ownership: the three tags on the role, read
with GetRole before the first write. Deleted under --prune with its state machine, or alone when an
interrupted apply left it without one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sfndeploy.aws.errors import AwsCallError
from sfndeploy.iam.broad import broad_grants
from sfndeploy.model import JSON
from sfndeploy.plan.desired import (
    HASH_TAGS,
    INLINE_POLICY_NAME,
    OWNERSHIP_KEYS,
    ROLE_PATH,
    TAG_POLICY_HASH,
    TAG_WORKFLOW,
    DesiredRole,
    DesiredState,
    DesiredWorkflow,
    policy_hash,
)
from sfndeploy.plan.diff import normalise_policy, statement_changes, tag_changes
from sfndeploy.plan.kinds.base import (
    NOTHING,
    DeletionContext,
    DriftContext,
    DriftItem,
    KindPlan,
    OwnedResource,
    PlanContext,
    ResourceKind,
)
from sfndeploy.plan.live import LiveRole, LiveState, not_found, policy_document, tag_dict
from sfndeploy.plan.ownership import owned_by, owner_of, require_owned
from sfndeploy.plan.recorded import recorded_drift
from sfndeploy.plan.steps import ApiCall, PlanOptions, WorkflowPlan
from sfndeploy.plan.tagging import IAM_ROLE, tag_calls, tag_list
from sfndeploy.triggers.model import EVENTS_PRINCIPAL, SCHEDULER_PRINCIPAL

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.plan.live import LiveReader

BULK_ROLE_THRESHOLD = 4  # from this many roles on, one paginated IAM listing beats per-role reads
KIND = "IAM role"
INVOKE_PRINCIPALS = (SCHEDULER_PRINCIPAL, EVENTS_PRINCIPAL)  # who assumes an invoke role
INVOKE_SUFFIX = "-invoke"


def broad_grant_warnings(wf: DesiredWorkflow) -> tuple[str, ...]:
    """Every broad statement of the generated role's policy: shown in every plan, changed or not."""
    if wf.role is None:
        return ()
    return tuple(f"role {wf.role.name}: {grant.code}: {grant.message}" for grant in broad_grants(wf.role.policy))


class ExecutionRoleKind(ResourceKind):
    name = "execution role"
    reads_after = ("state machine",)  # also reads the roles the live state machines use

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        names = {w.role.name for w in desired.workflows if w.role is not None}
        names.update(role.name for each in desired.triggers for role in each.roles)  # read with the invoke roles
        names.update(role_name_of(m.role_arn) for m in live.state_machines.values() if ROLE_PATH in m.role_arn)
        return _with_roles(live, _read_roles(reader, names, desired))

    def check_ownership(self, ctx: PlanContext) -> None:
        role = ctx.live.roles.get(ctx.workflow.role.name) if ctx.workflow.role else None
        if role is not None:
            desired = ctx.desired
            require_owned(role.tags, KIND, role.name, desired.project, desired.environment, ctx.workflow.name)

    def plan(self, ctx: PlanContext) -> KindPlan:
        wf = ctx.workflow
        warnings = broad_grant_warnings(wf)
        if wf.role is None:
            return KindPlan(warnings=warnings)
        lines, calls = role_steps(wf.role, ctx.live.roles.get(wf.role.name))
        return KindPlan(tuple(lines), tuple(calls), warnings)

    def delete(self, ctx: DeletionContext) -> KindPlan:
        """The role goes too only when it carries this project's, environment's and workflow's tags: a
        state machine may use a role of another environment or project, which is never ours to delete."""
        role = ctx.live.roles.get(role_name_of(ctx.machine.role_arn))
        if role is None or not owned_by(role.tags, ctx.desired.project, ctx.desired.environment, ctx.workflow):
            return NOTHING
        return KindPlan((f"- role {role.name}",), tuple(role_deletion_calls(role)))

    def leftovers(
        self, desired: DesiredState, live: LiveState, options: PlanOptions
    ) -> tuple[list[WorkflowPlan], list[str]]:
        orphans = _orphan_roles(desired, live)
        if options.prune:
            return [_plan_role_deletion(role, desired, live) for role in orphans], []
        return [], [_orphan_name(role, desired) for role in orphans]

    def owned_resource(self, call: ApiCall) -> OwnedResource | None:
        role = call.params.get("RoleName")
        if call.service != "iam" or call.operation == "CreateRole" or not isinstance(role, str):
            return None
        return OwnedResource(KIND, role, role)

    def live_tags(self, api: AwsApi, resource: OwnedResource) -> dict[str, str] | None:
        try:
            role = api.call("iam", "GetRole", target=f"role {resource.key}", RoleName=resource.key)["Role"]
        except AwsCallError as error:
            if not_found(error):
                return None
            raise
        return tag_dict(role.get("Tags", []))

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wf = ctx.workflow
        return [] if wf.role is None else role_drift(wf.name, wf.role, ctx.live)


def role_name_of(role_arn: str) -> str:
    return role_arn.rsplit("/", 1)[-1]


def _with_roles(live: LiveState, roles: dict[str, LiveRole]) -> LiveState:
    return replace(live, roles=roles)


# --- reading -------------------------------------------------------------------------------------


def _read_roles(reader: LiveReader, names: set[str], desired: DesiredState) -> dict[str, LiveRole]:
    """Per role, or from one account-wide listing when there are many or orphans are wanted.

    Only the listing can find a role an interrupted apply created without its state machine.
    """
    if not names and not reader.find_orphan_roles:
        return {}
    if len(names) >= BULK_ROLE_THRESHOLD or reader.find_orphan_roles:
        try:
            return _read_roles_in_bulk(reader, names, desired)
        except AwsCallError as error:
            if error.code not in {"AccessDenied", "AccessDeniedException"}:
                raise
    roles = reader.map(lambda name: read_role(reader.api, name), sorted(names))
    return {role.name: role for role in roles if role is not None}


def _read_roles_in_bulk(reader: LiveReader, names: set[str], desired: DesiredState) -> dict[str, LiveRole]:
    details = reader.api.pages(
        "iam", "GetAccountAuthorizationDetails", "RoleDetailList", Filter=["Role"], MaxItems=1000
    )
    roles = {}
    for item in details:
        if item["RoleName"] in names or (reader.find_orphan_roles and _owned_role(item, desired)):
            inline = item.get("RolePolicyList", [])
            policies = {p["PolicyName"]: policy_document(p["PolicyDocument"]) for p in inline}
            attached = [p["PolicyArn"] for p in item.get("AttachedManagedPolicies", [])]
            roles[item["RoleName"]] = role_from(item, policies, attached)
    return roles


def read_role(api: AwsApi, name: str) -> LiveRole | None:
    """GetRole, then every inline policy and every attached managed policy: what the bulk listing holds."""
    try:
        role = api.call("iam", "GetRole", target=f"role {name}", RoleName=name)["Role"]
        names = api.pages("iam", "ListRolePolicies", "PolicyNames", target=f"role {name}", RoleName=name)
        policies = {policy: _inline_policy(api, name, policy) for policy in names}
        attached = list(
            api.pages("iam", "ListAttachedRolePolicies", "AttachedPolicies", target=f"role {name}", RoleName=name)
        )
    except AwsCallError as error:
        if not_found(error):
            return None
        raise
    found = {policy: document for policy, document in policies.items() if document is not None}
    return role_from(role, found, [p["PolicyArn"] for p in attached])


def _inline_policy(api: AwsApi, role: str, policy: str) -> JSON | None:
    try:
        found = api.call("iam", "GetRolePolicy", target=f"role {role}", RoleName=role, PolicyName=policy)
    except AwsCallError as error:
        if not_found(error):  # deleted between the listing and this read
            return None
        raise
    return policy_document(found["PolicyDocument"])


def _owned_role(item: dict[str, Any], desired: DesiredState) -> bool:
    tags = tag_dict(item.get("Tags", []))
    return item.get("Path") == ROLE_PATH and owned_by(tags, desired.project, desired.environment)


def role_from(role: dict[str, Any], policies: dict[str, JSON], attached: Iterable[str]) -> LiveRole:
    boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return LiveRole(
        name=role["RoleName"],
        arn=role["Arn"],
        path=role.get("Path", "/"),
        trust_policy=policy_document(role.get("AssumeRolePolicyDocument")),
        policies=policies,
        permissions_boundary=boundary,
        tags=tag_dict(role.get("Tags", [])),
        managed_policies=tuple(sorted(set(attached))),
    )


# --- creating and updating -------------------------------------------------------------------------


def role_steps(desired: DesiredRole, role: LiveRole | None) -> tuple[list[str], list[ApiCall]]:
    """A generated role (execution or invoke role) created, or put back to what the sources say."""
    if role is None:
        return _role_creation(desired)
    return _role_update(desired, role)


def _role_description(role: DesiredRole) -> str:
    principals = [statement.get("Principal", {}).get("Service") for statement in role.trust_policy["Statement"]]
    if "states.amazonaws.com" in principals:
        return "Execution role of a Step Functions workflow managed by sfndeploy"
    return "Role a trigger uses to start a Step Functions workflow managed by sfndeploy"


def _role_creation(role: DesiredRole) -> tuple[list[str], list[ApiCall]]:
    create_params: dict[str, Any] = {
        "RoleName": role.name,
        "Path": role.path,
        "AssumeRolePolicyDocument": json.dumps(role.trust_policy, sort_keys=True),
        "Description": _role_description(role),
        "Tags": tag_list({k: v for k, v in role.tags.items() if k != TAG_POLICY_HASH}),
    }
    if role.permissions_boundary:
        create_params["PermissionsBoundary"] = role.permissions_boundary
    lines = [f"+ role {role.name}", *statement_changes(None, role.policy)]
    calls = [
        ApiCall("iam", "CreateRole", create_params, role.name, summary=f"create role {role.name}"),
        _put_policy(role),
        _tag_role(role, {TAG_POLICY_HASH: role.tags[TAG_POLICY_HASH]}),
    ]
    return lines, calls


def _put_policy(role: DesiredRole) -> ApiCall:
    return ApiCall(
        "iam",
        "PutRolePolicy",
        {
            "RoleName": role.name,
            "PolicyName": INLINE_POLICY_NAME,
            "PolicyDocument": json.dumps(role.policy, sort_keys=True),
        },
        role.name,
        summary=f"put inline policy of role {role.name}",
    )


def _tag_role(role: DesiredRole, tags: dict[str, str]) -> ApiCall:
    return IAM_ROLE.tag(role.name, tags, role.name, f"role {role.name}")


def _role_update(desired: DesiredRole, role: LiveRole) -> tuple[list[str], list[ApiCall]]:
    """Rights granted outside sfndeploy go first (managed policies, extra inline policies), then the
    trust policy, the inline policy, the boundary and the tags are put back to what the sources say."""
    lines: list[str] = []
    calls = _removed_grants(desired.name, role, lines)
    if normalise_policy(role.trust_policy) != normalise_policy(desired.trust_policy):
        lines.append(f"~ trust policy of role {desired.name}")
        lines.extend(statement_changes(role.trust_policy, desired.trust_policy, "trust statement"))
        calls.append(
            ApiCall(
                "iam",
                "UpdateAssumeRolePolicy",
                {"RoleName": desired.name, "PolicyDocument": json.dumps(desired.trust_policy, sort_keys=True)},
                desired.name,
                summary=f"update trust policy of role {desired.name}",
            )
        )
    live_policy = role.policies.get(INLINE_POLICY_NAME)
    if live_policy is None or normalise_policy(live_policy) != normalise_policy(desired.policy):
        lines.extend(statement_changes(live_policy, desired.policy))
        calls.append(_put_policy(desired))
    calls.extend(_boundary_calls(desired, role, lines))
    calls.extend(_role_tag_calls(desired, role, lines))
    return lines, calls


def _removed_grants(role_name: str, role: LiveRole, lines: list[str]) -> list[ApiCall]:
    """Detach every managed policy and delete every inline policy but sfndeploy's own: the sources grant neither."""
    calls = []
    for arn in role.managed_policies:
        lines.append(f"- detach managed policy {arn} (attached outside sfndeploy)")
        calls.append(_detach(role_name, arn))
    for extra in sorted(set(role.policies) - {INLINE_POLICY_NAME}):
        lines.append(f"- inline policy {extra} of role {role_name} (added outside sfndeploy)")
        calls.append(_delete_inline(role_name, extra))
    return calls


def _detach(role_name: str, policy_arn: str) -> ApiCall:
    return ApiCall(
        "iam",
        "DetachRolePolicy",
        {"RoleName": role_name, "PolicyArn": policy_arn},
        role_name,
        summary=f"detach managed policy {policy_arn}",
        done_codes=("NoSuchEntity",),
    )


def _delete_inline(role_name: str, policy: str) -> ApiCall:
    return ApiCall(
        "iam",
        "DeleteRolePolicy",
        {"RoleName": role_name, "PolicyName": policy},
        role_name,
        summary=f"delete inline policy {policy}",
        done_codes=("NoSuchEntity",),
    )


def _boundary_calls(desired: DesiredRole, role: LiveRole, lines: list[str]) -> list[ApiCall]:
    if desired.permissions_boundary == role.permissions_boundary:
        return []
    old, new = role.permissions_boundary or "(none)", desired.permissions_boundary or "(none)"
    lines.append(f"~ permissions boundary: {old} → {new}")
    if desired.permissions_boundary is None:
        return [
            ApiCall("iam", "DeleteRolePermissionsBoundary", {"RoleName": desired.name}, desired.name,
                    summary="remove permissions boundary")
        ]
    return [
        ApiCall(
            "iam",
            "PutRolePermissionsBoundary",
            {"RoleName": desired.name, "PermissionsBoundary": desired.permissions_boundary},
            desired.name,
            summary="set permissions boundary",
        )
    ]


def _role_tag_calls(desired: DesiredRole, role: LiveRole, lines: list[str]) -> list[ApiCall]:
    lines.extend(f"{line} (role)" for line in tag_changes(role.tags, desired.tags, hidden=HASH_TAGS))
    # The policy hash goes last: it records that every policy call before it succeeded.
    what = f"role {desired.name}"
    return tag_calls(IAM_ROLE, desired.name, role.tags, desired.tags, what=what, last=(TAG_POLICY_HASH,))


# --- deleting --------------------------------------------------------------------------------------


def _orphan_roles(desired: DesiredState, live: LiveState) -> list[LiveRole]:
    """Managed roles of this environment that no workflow and no state machine uses any more."""
    claimed = {w.role.name for w in desired.workflows if w.role is not None}
    claimed.update(role.name for each in desired.triggers for role in each.roles)
    claimed.update(role_name_of(m.role_arn) for m in live.state_machines.values())
    return [
        role
        for name, role in sorted(live.roles.items())
        if name not in claimed and owned_by(role.tags, desired.project, desired.environment)
    ]


def role_deletion_calls(role: LiveRole) -> list[ApiCall]:
    """IAM deletes a role only once nothing is attached to it and it has no inline policy left."""
    calls = [_detach(role.name, arn) for arn in role.managed_policies]
    calls.extend(_delete_inline(role.name, policy) for policy in sorted(role.policies))
    calls.append(ApiCall("iam", "DeleteRole", {"RoleName": role.name}, role.name, summary=f"delete role {role.name}"))
    return calls


def _invoker(role: LiveRole, desired: DesiredState) -> str | None:
    """``trigger T`` or ``notification N`` for an invoke role (named ``<state machine>-<trigger>-invoke``),
    ``a trigger of workflow W`` when its name was shortened; None for an execution role."""
    principals = json.dumps(role.trust_policy)
    if not any(service in principals for service in INVOKE_PRINCIPALS):
        return None
    workflow = role.tags.get(TAG_WORKFLOW, "")
    wf = next((w for w in desired.workflows if w.name == workflow), None)
    head = f"{wf.state_machine_name}-" if wf is not None else ""
    if wf is None or not role.name.startswith(head) or not role.name.endswith(INVOKE_SUFFIX):
        return f"a trigger of workflow {workflow}" if workflow else "a trigger"
    trigger = role.name[len(head) : -len(INVOKE_SUFFIX)]
    if trigger.startswith("notify-"):
        return f"notification {trigger.removeprefix('notify-')}"
    return f"trigger {trigger}"


def _in_sources(invoker: str, workflow: str, desired: DesiredState) -> bool:
    """Whether the trigger or notification is still in the workflow's sources (and so uses another role now)."""
    named = {f"trigger {s.trigger}" for each in desired.triggers if each.workflow == workflow for s in each.schedules}
    wf = next((w for w in desired.workflows if w.name == workflow), None)
    for rules in wf.resources.get("rule", ()) if wf is not None else ():
        named.update(str(getattr(rule, "what", "")) for rule in getattr(rules, "rules", ()))
    return invoker in named


def _orphan_name(role: LiveRole, desired: DesiredState) -> str:
    invoker = _invoker(role, desired)
    return f"role {role.name}" if invoker is None else f"invoke role {role.name} of {invoker}"


def _orphan_line(role: LiveRole, desired: DesiredState) -> str:
    invoker = _invoker(role, desired)
    if invoker is None:
        return f"- role {role.name} (left without its state machine)"
    if _in_sources(invoker, role.tags.get(TAG_WORKFLOW, ""), desired):
        return f"- invoke role {role.name} of {invoker}, which no longer uses it"
    return f"- invoke role {role.name} of {invoker}, which left the sources"


def _plan_role_deletion(role: LiveRole, desired: DesiredState, live: LiveState) -> WorkflowPlan:
    return WorkflowPlan(
        workflow=role.tags.get(TAG_WORKFLOW, role.name),
        state_machine_name="",
        action="delete",
        changes=(_orphan_line(role, desired),),
        calls=tuple(role_deletion_calls(role)),
        live_fingerprint=live.fingerprint("", role.name),
        role_name=role.name,
    )


# --- drift -----------------------------------------------------------------------------------------


def role_drift(workflow: str, desired: DesiredRole, live: LiveState, *, notes: bool = False) -> list[DriftItem]:
    """A generated role (execution or invoke role) deleted, re-owned, granted more or edited outside sfndeploy.

    With ``notes`` (invoke roles), a role as sfndeploy left it whose sources changed since, and one that
    matches the sources but not its recorded policy hash (an apply stopped before the record), are
    notes rather than drift (:mod:`sfndeploy.plan.recorded`)."""
    role = live.roles.get(desired.name)
    if role is None:
        return [DriftItem(workflow, f"role {desired.name}", "deleted outside sfndeploy")]
    items = _granted_outside(workflow, role)
    expected = owner_of(desired.tags)
    if owner_of(role.tags) != expected and expected is not None:
        moved = ", ".join(key for key in OWNERSHIP_KEYS if role.tags.get(key) != desired.tags[key])
        summary = f"ownership tag(s) {moved} removed or changed outside sfndeploy"
        items.append(DriftItem(workflow, f"role {role.name}", summary))
    recorded = role.tags.get(TAG_POLICY_HASH)
    actual = policy_hash(role.trust_policy, role.policies, role.permissions_boundary)
    if notes and recorded is not None and (recorded == actual or actual == desired.policy_hash):
        updates = tuple(_policy_updates(desired, role))
        resource = f"role {role.name}"
        noted = recorded_drift(workflow, resource, recorded=recorded, live=actual, wanted=desired.policy_hash,
                               details=updates)
        return [*items, *noted]
    if recorded == actual:
        return items
    details: list[str] = []
    if recorded == desired.policy_hash:
        details.extend(statement_changes(desired.policy, role.policies.get(INLINE_POLICY_NAME)))
        details.extend(statement_changes(desired.trust_policy, role.trust_policy, "trust statement"))
        if role.permissions_boundary != desired.permissions_boundary:
            details.append(
                f"~ permissions boundary: {desired.permissions_boundary or '(none)'} → "
                f"{role.permissions_boundary or '(none)'}"
            )
    return [*items, DriftItem(workflow, f"role {role.name}", "policies changed outside sfndeploy", tuple(details))]


def _policy_updates(desired: DesiredRole, role: LiveRole) -> list[str]:
    """What apply changes in the role's own policies, trust and boundary, in plan lines."""
    lines = statement_changes(role.policies.get(INLINE_POLICY_NAME), desired.policy)
    lines.extend(statement_changes(role.trust_policy, desired.trust_policy, "trust statement"))
    if role.permissions_boundary != desired.permissions_boundary:
        old, new = role.permissions_boundary or "(none)", desired.permissions_boundary or "(none)"
        lines.append(f"~ permissions boundary: {old} → {new}")
    return lines


def _granted_outside(workflow: str, role: LiveRole) -> list[DriftItem]:
    """Rights sfndeploy never grants, whatever the recorded hashes say: attached managed policies and
    inline policies other than its own."""
    items = [
        DriftItem(workflow, f"role {role.name}", f"managed policy {arn} attached outside sfndeploy")
        for arn in role.managed_policies
    ]
    for name in sorted(set(role.policies) - {INLINE_POLICY_NAME}):
        details = tuple(statement_changes(None, role.policies[name]))
        items.append(DriftItem(workflow, f"role {role.name}", f"inline policy {name} added outside sfndeploy", details))
    return items


KIND_MODULE = ExecutionRoleKind()
