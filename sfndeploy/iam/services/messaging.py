"""Lambda, SQS, SNS, EventBridge and DynamoDB: request-response integrations on one named target."""

from __future__ import annotations

from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.services.common import Handler, one, resolve
from sfndeploy.iam.values import UNKNOWN, lookup


def lambda_invoke(call: TaskCall, out: Findings) -> None:
    resources = resolve(call, out, ("FunctionName",), lambda text: arns.lambda_function_arns(call, text))
    out.allow(["lambda:InvokeFunction"], resources)


def sqs_send_message(call: TaskCall, out: Findings) -> None:
    out.allow(["sqs:SendMessage"], resolve(call, out, ("QueueUrl",), one(arns.sqs_queue_arn, call)))


def sns_publish(call: TaskCall, out: Findings) -> None:
    topic = call.param("TopicArn")
    if topic.present:
        out.allow(["sns:Publish"], resolve(call, out, ("TopicArn",), one(arns.sns_topic_arn, call)))
        return
    target = call.param("TargetArn")
    if target.static is not None and _is_topic_arn(target.static):
        out.allow(["sns:Publish"], [target.static])
        return
    # A platform endpoint or a phone number: SNS authorizes these on no topic, so AWS uses "*".
    out.allow(["sns:Publish"], ["*"])
    what = "PhoneNumber" if call.param("PhoneNumber").present else "TargetArn"
    out.warn(call, f"publishing to a {what} needs sns:Publish on '*'")


def _is_topic_arn(text: str) -> bool:
    parts = text.split(":")
    return len(parts) == 6 and parts[2] == "sns" and "/" not in parts[5]


def dynamodb_item(action: str) -> Handler:
    def handler(call: TaskCall, out: Findings) -> None:
        out.allow([action], resolve(call, out, ("TableName",), one(arns.dynamodb_table_arn, call)))

    return handler


def events_put_events(call: TaskCall, out: Findings) -> None:
    entries = _entries(call)
    if entries is None:
        resources = [call.arn("events", "event-bus/*")]
        out.warn_dynamic(call, "Entries", UNKNOWN, resources)
        out.allow(["events:PutEvents"], resources)
        return
    buses: list[str] = []
    for index, entry in enumerate(entries):
        value = lookup(entry, "EventBusName")
        if not value.present:
            buses.append(arns.event_bus_arn(call, "default"))
            continue
        bus = arns.event_bus_arn(call, value.text)
        if value.dynamic:
            out.warn_dynamic(call, f"Entries[{index}].EventBusName", value, [bus])
        buses.append(bus)
    out.allow(["events:PutEvents"], buses or [arns.event_bus_arn(call, "default")])


def _entries(call: TaskCall) -> list[object] | None:
    params = call.params if isinstance(call.params, dict) else {}
    if "Entries.$" in params:
        return None
    entries = params.get("Entries", [])
    if not isinstance(entries, list):
        return None
    return entries
