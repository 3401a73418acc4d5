"""Turning the names and URLs a definition uses into the ARNs IAM policies name.

Every function accepts a literal (name, partial ARN or ARN) or a wildcard pattern from a dynamic
value, and keeps the pattern's ``*`` so the permission is as narrow as the definition allows.
"""

from __future__ import annotations

import re

from sfndeploy.iam.calls import TaskCall

_SQS_URL = re.compile(r"^https?://(?P<host>[^/]+)/(?P<account>[^/]+)/(?P<name>[^/?#]+)")
_S3_URI = re.compile(r"^s3://(?P<bucket>[^/]+)(?:/(?P<key>.*))?$")


def is_arn(text: str) -> bool:
    return text.startswith("arn:")


def lambda_function_arns(call: TaskCall, text: str) -> list[str]:
    """The unqualified function ARN and its ``:*`` form (versions and aliases), as AWS recommends."""
    if is_arn(text):
        parts = text.split(":")
        base = ":".join(parts[:7]) if len(parts) >= 7 else text
    else:
        parts = text.split(":")
        if len(parts) >= 3 and parts[1] == "function":  # partial ARN: 123456789012:function:name
            base = call.arn("lambda", f"function:{parts[2]}", account=parts[0])
        else:  # name, or name:qualifier
            base = call.arn("lambda", f"function:{parts[0]}")
    if base.endswith("*"):
        return [base]
    return [base, f"{base}:*"]


def sqs_queue_arn(call: TaskCall, text: str) -> str:
    if is_arn(text):
        return text
    match = _SQS_URL.match(text)
    if match is None:
        return call.arn("sqs", text.rstrip("/").rsplit("/", 1)[-1] or "*")
    return call.arn(
        "sqs",
        match.group("name"),
        region=_sqs_region(match.group("host"), call.context.region),
        account=match.group("account"),
    )


def _sqs_region(host: str, default: str) -> str:
    labels = host.split(".")
    if labels[0] == "sqs" and len(labels) > 2:
        return labels[1]
    if len(labels) > 2 and labels[1] == "queue":
        return labels[0]
    if labels[0] == "queue":  # the legacy global endpoint
        return "us-east-1"
    return default


def sns_topic_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("sns", text)


def dynamodb_table_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("dynamodb", f"table/{text}")


def event_bus_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("events", f"event-bus/{text}")


def state_machine_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("states", f"stateMachine:{text}")


def state_machine_name(arn: str) -> str:
    """The name part of a state machine ARN (``*`` when unknown); qualifiers are dropped."""
    parts = arn.split(":")
    if len(parts) >= 7 and parts[5] == "stateMachine":
        return parts[6]
    return "*"


def sibling_arn(arn: str, resource: str) -> str:
    """Another resource of the same service, region and account as ``arn``."""
    return ":".join([*arn.split(":")[:5], resource])


def ecs_task_definition_arn(call: TaskCall, text: str) -> str:
    if is_arn(text):
        family_revision = text.split("task-definition/", 1)[-1]
        return text if ":" in family_revision else f"{text}:*"
    if ":" in text or text.endswith("*"):
        return call.arn("ecs", f"task-definition/{text}")
    return call.arn("ecs", f"task-definition/{text}:*")


def batch_job_queue_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("batch", f"job-queue/{text}")


def batch_job_definition_arn(call: TaskCall, text: str) -> str:
    """A job definition, all revisions (``name:*``) unless one is named: SubmitJob is authorized on ``name:rev``."""
    arn = text if is_arn(text) else call.arn("batch", f"job-definition/{text}")
    name_revision = arn.split("job-definition/", 1)[-1]
    return arn if ":" in name_revision or arn.endswith("*") else f"{arn}:*"


def glue_job_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("glue", f"job/{text}")


def codebuild_project_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("codebuild", f"project/{text}")


def athena_workgroup_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("athena", f"workgroup/{text}")


def bedrock_model_arn(call: TaskCall, text: str) -> str:
    if is_arn(text):
        return text
    return call.arn("bedrock", f"foundation-model/{text}", account="")


def events_connection_arn(call: TaskCall, text: str) -> str:
    return text if is_arn(text) else call.arn("events", f"connection/{text}")


def iam_role_arn(call: TaskCall, text: str) -> str:
    if is_arn(text):
        return text
    return f"arn:{call.context.partition}:iam::{call.context.account_id}:role/{text}"


def s3_bucket_arn(call: TaskCall, bucket: str) -> str:
    return f"arn:{call.context.partition}:s3:::{bucket}"


def s3_object_arn(call: TaskCall, bucket: str, key: str) -> str:
    return f"arn:{call.context.partition}:s3:::{bucket}/{key}"


def s3_uri_object_arn(call: TaskCall, uri: str) -> str:
    """``s3://bucket/key`` -> the object's ARN; a prefix (ending in ``/``) covers what is under it."""
    match = _S3_URI.match(uri)
    if match is None:
        return f"arn:{call.context.partition}:s3:::*"
    key = match.group("key") or ""
    if key == "" or key.endswith("/"):
        key += "*"
    return s3_object_arn(call, match.group("bucket"), key)
