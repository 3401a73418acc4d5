"""EventBridge rules: a workflow's ``event:`` triggers and notifications (:mod:`sfndeploy.eventbridge.planning`).

Desired: one :class:`~sfndeploy.eventbridge.planning.DesiredRules` per workflow with an event trigger
or a notification: its rules (one target each) and the grants notification targets need. The roles
rules use are invoke roles (the invoke-role kind plans them first).

Live: the environment's rules, read once: every rule on the default bus and on each bus a rule is
wanted on (under --prune on every bus of the account and region, one ListEventBuses more, so that a
rule left on a bus no source names any more is found), with its tags; targets only for this
environment's rules; and the resource policies of notification targets. Rules are tagged: an
existing rule is written only when its tags name the project, environment and workflow (at plan
time, and again before the first write). Rules of the environment that nothing names are kept
without --prune and deleted with it, with sfndeploy's own statement in their target's policy.
Each rule records a hash of what sfndeploy wrote in its ``sfndeploy:config-hash`` tag
(:mod:`sfndeploy.eventbridge.rules`), so drift tells an edit made outside sfndeploy from sources
that changed since the last apply.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from sfndeploy.aws.errors import AwsCallError
from sfndeploy.eventbridge.buses import event_bus_names
from sfndeploy.eventbridge.planning import (
    DesiredRules,
    LiveRules,
    desired_rules,
    orphan_rule_steps,
    read_live_rules,
    rule_drift,
    rule_steps,
)
from sfndeploy.plan.desired import TAG_PROJECT, TAG_WORKFLOW, DesiredState, DesiredWorkflow
from sfndeploy.plan.kinds.base import (
    NOTHING,
    DriftContext,
    DriftItem,
    KindPlan,
    OwnedResource,
    PlanContext,
    ResourceKind,
)
from sfndeploy.plan.live import LiveState, not_found, tag_dict
from sfndeploy.plan.ownership import adopting, has_no_sfndeploy_tags, require_owned
from sfndeploy.plan.steps import ApiCall, PlanOptions, WorkflowPlan

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.plan.live import LiveReader

KIND = "EventBridge rule"
NAME = "rule"


def _wanted(workflow: DesiredWorkflow) -> DesiredRules | None:
    items = workflow.resources.get(NAME, ())
    return items[0] if items else None


def _all_wanted(desired: DesiredState) -> list[DesiredRules]:
    return [wanted for w in desired.workflows if (wanted := _wanted(w)) is not None]


def _live(live: LiveState) -> LiveRules:
    found = live.resources.get(NAME)
    return found if isinstance(found, LiveRules) else LiveRules()


class RuleKind(ResourceKind):
    name = NAME
    depends_on = ("invoke role",)
    desired_type = DesiredRules

    def desire(self, rendered: RenderedWorkflow, workflow: DesiredWorkflow) -> tuple[Any, ...]:
        if not rendered.notifications and not any(t.kind == "event" for t in rendered.triggers):
            return ()
        return (desired_rules(rendered, workflow.tags[TAG_PROJECT]),)

    def adoptable(self, workflow: DesiredWorkflow) -> tuple[str, ...]:
        wanted = _wanted(workflow)
        return tuple(rule.arn for rule in wanted.rules) if wanted else ()

    def read(self, reader: LiveReader, desired: DesiredState, live: LiveState) -> LiveState:
        wanted = _all_wanted(desired)
        pruning = reader.find_orphan_roles and not desired.partial
        if not (wanted or pruning):
            return live
        more_buses = event_bus_names(reader.api) if pruning else ()  # a rule left on a bus no source names
        rules = read_live_rules(
            reader.api,
            wanted,
            desired.project,
            desired.environment,
            prefix=desired.naming_prefix,
            each=reader.map,
            more_buses=more_buses,
        )
        return replace(live, resources={**live.resources, NAME: rules})

    def fingerprint(self, workflow: str, state_machine_name: str, live: LiveState) -> Any:
        """Its rules, and the untagged ones named after its state machine (which it may adopt)."""
        rules = _live(live).rules
        mine = [
            asdict(rule)
            for _, rule in sorted(rules.items())
            if rule.tags.get(TAG_WORKFLOW) == workflow
            or (rule.name.startswith(f"{state_machine_name}-") and has_no_sfndeploy_tags(rule.tags))
        ]
        return mine or None

    def check_ownership(self, ctx: PlanContext) -> None:
        wanted = _wanted(ctx.workflow)
        live = _live(ctx.live)
        for rule in wanted.rules if wanted else ():
            current = live.rules.get((rule.bus, rule.name))
            if current is not None and not adopting(current.tags, ctx.workflow.adopt):
                desired = ctx.desired
                require_owned(current.tags, KIND, rule.name, desired.project, desired.environment, ctx.workflow.name)

    def plan(self, ctx: PlanContext) -> KindPlan:
        wanted = _wanted(ctx.workflow)
        if wanted is None:
            return NOTHING
        steps = rule_steps(
            wanted, _live(ctx.live), ctx.desired.project, ctx.desired.environment, adopt=ctx.workflow.adopt
        )
        return KindPlan(steps.lines, steps.calls, steps.warnings, adopts=steps.adopts)

    def leftovers(
        self, desired: DesiredState, live: LiveState, options: PlanOptions
    ) -> tuple[list[WorkflowPlan], list[str]]:
        rules = live.resources.get(NAME)
        if not isinstance(rules, LiveRules):
            return [], []
        wanted = _all_wanted(desired)
        plans: list[WorkflowPlan] = []
        kept: list[str] = []
        for key, rule in sorted(rules.rules.items()):
            lines, calls, left = orphan_rule_steps(wanted, replace(rules, rules={key: rule}), prune=options.prune)
            kept.extend(left)
            if calls:
                workflow = rule.tags.get(TAG_WORKFLOW, rule.name)
                plans.append(
                    WorkflowPlan(workflow, "", "delete", tuple(lines), tuple(calls), live.fingerprint("", None))
                )
        return plans, kept

    def owned_resource(self, call: ApiCall) -> OwnedResource | None:
        if call.service != "events":
            return None
        # a PutRule that creates finds no tags (the rule does not exist yet): only existing rules are checked
        return OwnedResource(KIND, call.target, call.target.rsplit("/", 1)[-1])

    def live_tags(self, api: AwsApi, resource: OwnedResource) -> dict[str, str] | None:
        try:
            found = api.call("events", "ListTagsForResource", target=resource.key, ResourceARN=resource.key)
        except AwsCallError as error:
            if not_found(error) or error.code == "ResourceNotFoundException":
                return None
            raise
        return tag_dict(found.get("Tags", []))

    def drift(self, ctx: DriftContext) -> list[DriftItem]:
        wanted = _wanted(ctx.workflow)
        if wanted is None:
            return []
        return rule_drift(wanted, _live(ctx.live))


KIND_MODULE = RuleKind()
