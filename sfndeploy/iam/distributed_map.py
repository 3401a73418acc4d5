"""A Distributed Map's own permissions: its child executions, its S3 item reader and result writer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.model import IamContext

RESULT_WRITER_ACTIONS = ("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload")


def allow_child_executions(context: IamContext, out: Findings, label: str | None = None) -> None:
    """Child workflow executions are executions of this very state machine, started by its role.

    Child ARNs are ``execution:<state machine>/<map run label>:<id>``; AWS's examples have also named
    the parent's own ``execution:<state machine>:*``, so both are allowed. Redriving the parent
    redrives the Map Run's failed children, which the role does with ``states:RedriveExecution``
    on those children: ``execution:<state machine>/<Label>:*`` for a Map with a ``Label``, any
    child of the state machine (``execution:<state machine>/*``) otherwise.
    """
    out.allow(["states:StartExecution"], [context.state_machine_arn])
    name = context.state_machine_name
    executions = [arns.sibling_arn(context.state_machine_arn, f"execution:{name}{sep}*") for sep in (":", "/")]
    out.allow(["states:DescribeExecution", "states:StopExecution"], executions)
    children = f"execution:{name}/{label}:*" if label else f"execution:{name}/*"
    out.allow(["states:RedriveExecution"], [arns.sibling_arn(context.state_machine_arn, children)])


def allow_s3_transfer(call: TaskCall, config: dict[str, Any], key: str, out: Findings) -> bool:
    """Permissions for an ItemReader / ResultWriter; False when it is not one sfndeploy knows."""
    operation = (key, call.service, call.api)
    if operation == ("ItemReader", "s3", "getObject"):
        objects = _s3_resource(call, out, lambda bucket: arns.s3_object_arn(call, bucket, _text(call, "Key")))
        out.allow(["s3:GetObject"], [objects])
        if _reader_input_type(config) == "MANIFEST":
            out.warn(call, "the objects a manifest lists need s3:GetObject too (add an extra statement)")
    elif operation == ("ItemReader", "s3", "listObjectsV2"):
        bucket = _s3_resource(call, out, lambda bucket: arns.s3_bucket_arn(call, bucket))
        out.allow(["s3:ListBucket"], [bucket], _prefix_condition(call))
    elif operation == ("ResultWriter", "s3", "putObject"):
        objects = _s3_resource(call, out, lambda bucket: arns.s3_object_arn(call, bucket, _under_prefix(call)))
        out.allow(RESULT_WRITER_ACTIONS, [objects])
    else:
        return False
    return True


def _s3_resource(call: TaskCall, out: Findings, to_arn: Callable[[str], str]) -> str:
    """The S3 ARN of a reader/writer, warning once per dynamic Bucket/Key/Prefix."""
    resource = to_arn(_text(call, "Bucket"))
    for name in ("Bucket", "Key", "Prefix"):
        value = call.param(name)
        if value.dynamic:
            out.warn_dynamic(call, name, value, [resource], at=(name,))
    return resource


def _text(call: TaskCall, name: str) -> str:
    value = call.param(name)
    return value.text if value.present else "*"


def _prefix_condition(call: TaskCall) -> dict[str, Any] | None:
    prefix = call.param("Prefix")
    if not prefix.present or prefix.text in ("", "*"):
        return None
    return {"StringLike": {"s3:prefix": f"{prefix.text.rstrip('*')}*"}}


def _under_prefix(call: TaskCall) -> str:
    """Result objects go under ``Prefix`` (every key of the bucket without one)."""
    prefix = call.param("Prefix")
    if not prefix.present or prefix.text in ("", "*"):
        return "*"
    text = prefix.text.rstrip("/")
    return text if text.endswith("*") else f"{text}/*"


def _reader_input_type(config: dict[str, Any]) -> str | None:
    reader_config = config.get("ReaderConfig")
    return reader_config.get("InputType") if isinstance(reader_config, dict) else None
