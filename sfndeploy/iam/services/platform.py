"""Nested Step Functions executions, HTTP Tasks, Bedrock and API Gateway."""

from __future__ import annotations

from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.services.common import allow_events_rule, one, resolve


def states_start_execution(call: TaskCall, out: Findings) -> None:
    machines = resolve(call, out, ("StateMachineArn",), one(arns.state_machine_arn, call))
    out.allow(["states:StartExecution"], machines)
    if call.waits_for_job:
        executions = [_executions_of(call, machine) for machine in machines]
        out.allow(["states:DescribeExecution", "states:StopExecution"], executions)
        allow_events_rule(call, out, "StepFunctionsGetEventsForStepFunctionsExecutionRule")


def _executions_of(call: TaskCall, machine_arn: str) -> str:
    parts = machine_arn.split(":")
    region = parts[3] if len(parts) > 3 else call.context.region
    account = parts[4] if len(parts) > 4 else call.context.account_id
    return call.arn("states", f"execution:{arns.state_machine_name(machine_arn)}:*", region=region, account=account)


def http_invoke(call: TaskCall, out: Findings) -> None:
    connection_path = _connection_path(call)
    connections = resolve(call, out, connection_path, one(arns.events_connection_arn, call))
    out.allow(["events:RetrieveConnectionCredentials"], connections)
    # EventBridge keeps each connection's credentials in a Secrets Manager secret it names
    # events!connection/<connection name>/<id>, in the connection's region and account.
    out.allow(
        ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        [_connection_secret(call, connection) for connection in connections],
    )
    out.allow(["states:InvokeHTTPEndpoint"], [call.context.state_machine_arn], _http_conditions(call, out))


def _connection_secret(call: TaskCall, connection_arn: str) -> str:
    parts = connection_arn.split(":", 5)
    if len(parts) < 6 or not parts[5].startswith("connection/"):
        return f"arn:{call.context.partition}:secretsmanager:*:*:secret:events!connection/*"
    name = parts[5].split("/")[1] or "*"
    suffix = "*" if name.endswith("*") else f"{name}/*"
    return call.arn("secretsmanager", f"secret:events!connection/{suffix}", region=parts[3], account=parts[4])


def _connection_path(call: TaskCall) -> tuple[str, ...]:
    if call.param("InvocationConfig", "ConnectionArn").present:
        return ("InvocationConfig", "ConnectionArn")
    return ("Authentication", "ConnectionArn")


def _http_conditions(call: TaskCall, out: Findings) -> dict[str, dict[str, str]]:
    conditions: dict[str, dict[str, str]] = {}
    method = call.param("Method")
    if method.static is not None:
        conditions["StringEquals"] = {"states:HTTPMethod": method.static.upper()}
    elif method.present:
        out.warn(call, "Method is dynamic; states:InvokeHTTPEndpoint allows every HTTP method")
    endpoint = call.param("ApiEndpoint")
    if endpoint.present and endpoint.text != "*":
        conditions["StringLike"] = {"states:HTTPEndpoint": endpoint.text}
    if endpoint.dynamic:
        out.warn(call, f"ApiEndpoint is dynamic; states:InvokeHTTPEndpoint allows {endpoint.text!r}")
    return conditions


def bedrock_invoke_model(call: TaskCall, out: Findings) -> None:
    models = resolve(call, out, ("ModelId",), one(arns.bedrock_model_arn, call))
    out.allow(["bedrock:InvokeModel"], models)
    for path, action in ((("Input", "S3Uri"), "s3:GetObject"), (("Output", "S3Uri"), "s3:PutObject")):
        if call.param(*path).present:
            out.allow([action], resolve(call, out, path, one(arns.s3_uri_object_arn, call)))


def apigateway_invoke(call: TaskCall, out: Findings) -> None:
    """execute-api:Invoke on ``<api-id>/<stage>/<METHOD>/<path>``; unknown parts become ``*``."""
    endpoint = call.param("ApiEndpoint")
    api_id, region = _api_id_and_region(endpoint.static or "", call.context.region)
    stage, method, path = (_part(call, "Stage"), _part(call, "Method").upper(), _part(call, "Path").lstrip("/"))
    resource = call.arn("execute-api", f"{api_id}/{stage}/{method}/{path or '*'}", region=region)
    for key in ("ApiEndpoint", "Stage", "Method", "Path"):
        value = call.param(key)
        if value.dynamic:
            out.warn_dynamic(call, key, value, [resource])
    if endpoint.static is not None and api_id == "*":
        out.warn(call, f"ApiEndpoint {endpoint.static!r} is not an execute-api host; permission scoped to {resource}")
    out.allow(["execute-api:Invoke"], [resource])


def _api_id_and_region(host: str, default_region: str) -> tuple[str, str]:
    labels = host.split(".")
    if len(labels) >= 4 and labels[1] == "execute-api":
        return labels[0], labels[2]
    return "*", default_region


def _part(call: TaskCall, key: str) -> str:
    value = call.param(key)
    return value.text if value.present and value.text else "*"
