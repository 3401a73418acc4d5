"""The IAM actions ``plan``, ``apply`` and ``drift`` need, as data.

A plan role needs the ``read`` actions, a deploy role all of them. ``when`` says which sources or
options make sfndeploy call an action, so a role can leave out what a project never uses.
``docs/permissions.md`` holds :func:`permissions_markdown`'s table, and
``tests/plan/test_permissions.py`` checks both ways that this list names every AWS operation the
plan/apply/drift modules call and nothing they no longer call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["IAM_PREFIX", "PERMISSIONS", "Permission", "permissions_markdown"]

Access = Literal["read", "write"]

# botocore service name -> IAM action prefix (the same for every service here but Step Functions).
IAM_PREFIX = {
    "stepfunctions": "states",
    "iam": "iam",
    "logs": "logs",
    "events": "events",
    "scheduler": "scheduler",
    "cloudwatch": "cloudwatch",
    "sns": "sns",
    "sqs": "sqs",
    "lambda": "lambda",
    "dynamodb": "dynamodb",
    "ssm": "ssm",
    "secretsmanager": "secretsmanager",
}

ALWAYS = "always"
LOGGING = "a workflow has logging"
VERSIONS = "a workflow publishes versions or has aliases"
DELETING = "deleting a workflow (--prune): counts its running executions"
AWS_VALIDATE = "plan --aws-validate"
MANY_ROLES = "many roles or --prune (optional: without it roles are read one by one)"
BROUGHT_ROLE = "a trigger or notification brings its own role (role.arn): checks it can reach its target"
SCHEDULES = "a workflow has schedule triggers"
RULES = "a workflow has event triggers or notifications (EventBridge rules)"
PRUNE_BUSES = "--prune (finds rules left on every event bus)"
ALARMS = "a workflow has alarms"
TOPIC = "a notification or alarm action with grant: true on an SNS topic"
QUEUE = "a notification with grant: true on an SQS queue"
FUNCTION = "a notification with grant: true on a Lambda function"
LOCK = "a lock table is configured (apply)"
SECRETS = "a definition references SSM parameters or Secrets Manager secrets"


@dataclass(frozen=True)
class Permission:
    action: str  # "states:CreateStateMachine"
    access: Access
    when: str
    # Set for an authorization AWS checks inside other calls rather than an operation of its own:
    # the operations (as "prefix:Operation") that need it.
    inside: tuple[str, ...] = ()
    condition: str = ""

    @property
    def prefix(self) -> str:
        return self.action.partition(":")[0]


def _read(action: str, when: str = ALWAYS) -> Permission:
    return Permission(action, "read", when)


def _write(action: str, when: str = ALWAYS) -> Permission:
    return Permission(action, "write", when)


def _pass_role(service: str, roles: str, inside: tuple[str, ...], when: str) -> Permission:
    condition = f'iam:PassedToService = "{service}" on {roles}'
    return Permission("iam:PassRole", "write", when, inside=inside, condition=condition)


PERMISSIONS: tuple[Permission, ...] = (
    # Step Functions
    _read("states:ListStateMachines"),
    _read("states:DescribeStateMachine"),
    _read("states:ListTagsForResource"),
    _read("states:ListStateMachineAliases"),
    _read("states:DescribeStateMachineAlias"),
    _read("states:ListExecutions", DELETING),
    _read("states:ValidateStateMachineDefinition", AWS_VALIDATE),
    _write("states:CreateStateMachine"),
    _write("states:UpdateStateMachine"),
    _write("states:DeleteStateMachine", "--prune"),
    _write("states:PublishStateMachineVersion", VERSIONS),
    _write("states:CreateStateMachineAlias", VERSIONS),
    _write("states:UpdateStateMachineAlias", VERSIONS),
    _write("states:DeleteStateMachineAlias", VERSIONS),
    _write("states:TagResource"),
    _write("states:UntagResource"),
    # IAM: execution roles, invoke roles of triggers and notifications, brought roles
    _read("iam:GetRole"),
    _read("iam:ListRolePolicies"),
    _read("iam:GetRolePolicy"),
    _read("iam:ListAttachedRolePolicies"),
    _read("iam:GetAccountAuthorizationDetails", MANY_ROLES),
    _read("iam:GetPolicy", BROUGHT_ROLE),
    _read("iam:GetPolicyVersion", BROUGHT_ROLE),
    _write("iam:CreateRole"),
    _write("iam:DeleteRole", "--prune"),
    _write("iam:PutRolePolicy"),
    _write("iam:DeleteRolePolicy"),
    _write("iam:DetachRolePolicy"),
    _write("iam:UpdateAssumeRolePolicy"),
    _write("iam:PutRolePermissionsBoundary", "a workflow's role has a permissions boundary"),
    _write("iam:DeleteRolePermissionsBoundary", "a permissions boundary is removed"),
    _write("iam:TagRole"),
    _write("iam:UntagRole"),
    _pass_role(
        "states.amazonaws.com",
        "the workflows' execution roles",
        ("states:CreateStateMachine", "states:UpdateStateMachine"),
        ALWAYS,
    ),
    _pass_role(
        "events.amazonaws.com",
        "the rules' invoke roles (generated, or brought with role.arn)",
        ("events:PutTargets",),
        RULES,
    ),
    _pass_role(
        "scheduler.amazonaws.com",
        "the schedules' invoke roles (generated, or brought with role.arn)",
        ("scheduler:CreateSchedule", "scheduler:UpdateSchedule"),
        SCHEDULES,
    ),
    # CloudWatch Logs
    _read("logs:DescribeLogGroups", LOGGING),
    _write("logs:CreateLogGroup", LOGGING),
    Permission("logs:TagResource", "write", LOGGING, inside=("logs:CreateLogGroup",)),
    # EventBridge Scheduler
    _read("scheduler:GetScheduleGroup", SCHEDULES),
    _read("scheduler:ListTagsForResource", SCHEDULES),
    _read("scheduler:GetSchedule", SCHEDULES),
    _read("scheduler:ListSchedules", SCHEDULES),
    _write("scheduler:CreateScheduleGroup", SCHEDULES),
    _write("scheduler:DeleteScheduleGroup", SCHEDULES),
    _write("scheduler:CreateSchedule", SCHEDULES),
    _write("scheduler:UpdateSchedule", SCHEDULES),
    _write("scheduler:DeleteSchedule", SCHEDULES),
    _write("scheduler:TagResource", SCHEDULES),
    _write("scheduler:UntagResource", SCHEDULES),
    # EventBridge rules
    _read("events:ListRules", RULES),
    _read("events:DescribeRule", RULES),
    _read("events:ListTargetsByRule", RULES),
    _read("events:ListTagsForResource", RULES),
    _read("events:ListEventBuses", PRUNE_BUSES),
    _write("events:PutRule", RULES),
    _write("events:DeleteRule", RULES),
    _write("events:PutTargets", RULES),
    _write("events:RemoveTargets", RULES),
    _write("events:TagResource", RULES),
    _write("events:UntagResource", RULES),
    # CloudWatch alarms
    _read("cloudwatch:DescribeAlarms", ALARMS),
    _read("cloudwatch:ListTagsForResource", ALARMS),
    _write("cloudwatch:PutMetricAlarm", ALARMS),
    _write("cloudwatch:DeleteAlarms", ALARMS),
    _write("cloudwatch:TagResource", ALARMS),
    _write("cloudwatch:UntagResource", ALARMS),
    # grants on notification targets
    _read("sns:GetTopicAttributes", TOPIC),
    _write("sns:SetTopicAttributes", TOPIC),
    _read("sqs:GetQueueUrl", QUEUE),
    _read("sqs:GetQueueAttributes", QUEUE),
    _write("sqs:SetQueueAttributes", QUEUE),
    _read("lambda:GetPolicy", FUNCTION),
    _read("lambda:GetFunction", FUNCTION),
    _write("lambda:AddPermission", FUNCTION),
    _write("lambda:RemovePermission", FUNCTION),
    # the lock
    _read("dynamodb:GetItem", LOCK),
    _write("dynamodb:PutItem", LOCK),
    _write("dynamodb:UpdateItem", LOCK),
    _write("dynamodb:DeleteItem", LOCK),
    # secrets filled into definitions
    _read("ssm:GetParameter", SECRETS),
    _read("secretsmanager:GetSecretValue", SECRETS),
)


def permissions_markdown() -> str:
    """The table docs/permissions.md holds."""
    lines = [
        "| action | access | needed when | condition / called inside |",
        "|---|---|---|---|",
    ]
    for p in PERMISSIONS:
        extra = "; ".join(filter(None, (p.condition, ", ".join(f"`{op}`" for op in p.inside))))
        lines.append(f"| `{p.action}` | {p.access} | {p.when} | {extra} |")
    return "\n".join(lines) + "\n"
