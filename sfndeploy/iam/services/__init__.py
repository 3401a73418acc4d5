"""The integrations sfndeploy derives permissions for, keyed by ``(service, api)``."""

from __future__ import annotations

from sfndeploy.iam.calls import TaskCall
from sfndeploy.iam.services import athena, jobs, messaging, platform, sdk
from sfndeploy.iam.services.common import Handler

_HANDLERS: dict[tuple[str, str], Handler] = {
    ("lambda", "invoke"): messaging.lambda_invoke,
    ("sqs", "sendMessage"): messaging.sqs_send_message,
    ("sns", "publish"): messaging.sns_publish,
    ("dynamodb", "getItem"): messaging.dynamodb_item("dynamodb:GetItem"),
    ("dynamodb", "putItem"): messaging.dynamodb_item("dynamodb:PutItem"),
    ("dynamodb", "deleteItem"): messaging.dynamodb_item("dynamodb:DeleteItem"),
    ("dynamodb", "updateItem"): messaging.dynamodb_item("dynamodb:UpdateItem"),
    ("events", "putEvents"): messaging.events_put_events,
    ("ecs", "runTask"): jobs.ecs_run_task,
    ("batch", "submitJob"): jobs.batch_submit_job,
    ("glue", "startJobRun"): jobs.glue_start_job_run,
    ("codebuild", "startBuild"): jobs.codebuild_start_build,
    ("codebuild", "stopBuild"): jobs.codebuild_project_action("codebuild:StopBuild"),
    ("codebuild", "batchDeleteBuilds"): jobs.codebuild_project_action("codebuild:BatchDeleteBuilds"),
    ("athena", "startQueryExecution"): athena.start_query_execution,
    ("athena", "stopQueryExecution"): athena.query_action,
    ("athena", "getQueryExecution"): athena.query_action,
    ("athena", "getQueryResults"): athena.query_action,
    ("states", "startExecution"): platform.states_start_execution,
    ("http", "invoke"): platform.http_invoke,
    ("bedrock", "invokeModel"): platform.bedrock_invoke_model,
    ("apigateway", "invoke"): platform.apigateway_invoke,
    **{("sagemaker", api): jobs.sagemaker for api in jobs.SAGEMAKER_APIS},
}

# The patterns each optimized integration supports besides request-response; others are unknown.
_SYNC_APIS = {
    ("ecs", "runTask"),
    ("batch", "submitJob"),
    ("glue", "startJobRun"),
    ("codebuild", "startBuild"),
    ("athena", "startQueryExecution"),
    ("states", "startExecution"),
    ("sagemaker", "createTrainingJob"),
    ("sagemaker", "createTransformJob"),
    ("sagemaker", "createProcessingJob"),
    ("sagemaker", "createHyperParameterTuningJob"),
}


def handler_for(call: TaskCall) -> Handler | None:
    if call.service == "aws-sdk":
        return sdk.aws_sdk if ":" in call.api else None
    key = (call.service, call.api)
    handler = _HANDLERS.get(key)
    if handler is None:
        return None
    if call.pattern == "" or call.pattern == "waitForTaskToken":
        return handler
    if call.pattern == "sync" and key in _SYNC_APIS:
        return handler
    if call.pattern == "sync:2" and key == ("states", "startExecution"):
        return handler
    return None
