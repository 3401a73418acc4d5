"""``arn:aws:states:::aws-sdk:<service>:<action>``: the SDK call's IAM action, and its resource when obvious.

The IAM service prefix is usually the SDK service name; the exceptions below are the ones AWS
documents for SDK integrations. The action is the SDK action in PascalCase, except for the few
S3/Lambda operations authorized by a differently named action.
"""

from __future__ import annotations

from collections.abc import Callable

from sfndeploy.iam import arns
from sfndeploy.iam.calls import Findings, TaskCall
from sfndeploy.iam.services.common import one, resolve

SERVICE_PREFIXES = {
    "sfn": "states",
    "elasticloadbalancingv2": "elasticloadbalancing",
    "cloudwatchlogs": "logs",
    "cloudwatchevents": "events",
    "eventbridge": "events",
    "efs": "elasticfilesystem",
    "sesv2": "ses",
    "pinpointemail": "ses",
    "pinpointsmsvoice": "sms-voice",
    "mediapackagevod": "mediapackage-vod",
    "apigatewayv2": "apigateway",
    "apigatewaymanagementapi": "execute-api",
    "emr": "elasticmapreduce",
    "emrcontainers": "emr-containers",
    "emrserverless": "emr-serverless",
    "cognitoidentityprovider": "cognito-idp",
    "cognitoidentity": "cognito-identity",
    "cognitosync": "cognito-sync",
    "costexplorer": "ce",
    "databasemigration": "dms",
    "elasticsearch": "es",
    "opensearch": "es",
    "opensearchserverless": "aoss",
    "applicationautoscaling": "application-autoscaling",
    "autoscalingplans": "autoscaling-plans",
    "configservice": "config",
    "acmpca": "acm-pca",
    "docdb": "rds",
    "neptune": "rds",
    "iotdata": "iot",
    "iotdataplane": "iot",
    "iotjobsdataplane": "iotjobsdata",
    "ioteventsdata": "iotevents",
    "kinesisanalyticsv2": "kinesisanalytics",
    "lexmodelbuilding": "lex",
    "lexruntime": "lex",
    "lexmodelsv2": "lex",
    "lexruntimev2": "lex",
    "marketplacecatalog": "aws-marketplace",
    "marketplacemetering": "aws-marketplace",
    "mediastoredata": "mediastore",
    "sagemakerruntime": "sagemaker",
    "sagemakera2iruntime": "sagemaker",
    "sagemakerfeaturestoreruntime": "sagemaker",
    "bedrockruntime": "bedrock",
    "bedrockagent": "bedrock",
    "bedrockagentruntime": "bedrock",
    "personalizeevents": "personalize",
    "personalizeruntime": "personalize",
    "redshiftdata": "redshift-data",
    "s3control": "s3",
    "ssmincidents": "ssm-incidents",
    "ssmcontacts": "ssm-contacts",
    "ssoadmin": "sso",
    "timestreamquery": "timestream",
    "timestreamwrite": "timestream",
    "wafregional": "waf-regional",
    "workspacesweb": "workspaces-web",
    "migrationhub": "mgh",
    "cloudhsmv2": "cloudhsm",
    "codestarnotifications": "codestar-notifications",
    "codestarconnections": "codestar-connections",
    "ec2instanceconnect": "ec2-instance-connect",
}

# Operations whose IAM action is not their own name.
_ACTION_EXCEPTIONS = {
    ("s3", "listObjectsV2"): ("s3:ListBucket",),
    ("s3", "listObjects"): ("s3:ListBucket",),
    ("s3", "headObject"): ("s3:GetObject",),
    ("s3", "headBucket"): ("s3:ListBucket",),
    ("s3", "listObjectVersions"): ("s3:ListBucketVersions",),
    ("s3", "deleteObjects"): ("s3:DeleteObject",),
    ("s3", "copyObject"): ("s3:GetObject", "s3:PutObject"),
    ("s3", "createMultipartUpload"): ("s3:PutObject",),
    ("s3", "uploadPart"): ("s3:PutObject",),
    ("s3", "completeMultipartUpload"): ("s3:PutObject",),
    ("s3", "getObjectAttributes"): ("s3:GetObject", "s3:GetObjectAttributes"),
    ("lambda", "invoke"): ("lambda:InvokeFunction",),
    ("lambda", "invokeWithResponseStream"): ("lambda:InvokeFunction",),
}


def iam_actions(service: str, api: str) -> tuple[str, ...]:
    exception = _ACTION_EXCEPTIONS.get((service, api))
    if exception is not None:
        return exception
    prefix = SERVICE_PREFIXES.get(service, service)
    return (f"{prefix}:{api[:1].upper()}{api[1:]}",)


def aws_sdk(call: TaskCall, out: Findings) -> None:
    service, _, api = call.api.partition(":")
    actions = iam_actions(service, api)
    resources = _resources(call, out, service, api)
    if resources is None:
        resources = ["*"]
        out.warn(call, f"no resource is known for {', '.join(actions)}; permission granted on '*'")
    out.allow(actions, resources)


def _resources(call: TaskCall, out: Findings, service: str, api: str) -> list[str] | None:
    """The target of the SDK call when a parameter names it unambiguously, else None."""
    if service == "s3":
        return _s3_resources(call, out, api)
    if service == "dynamodb" and isinstance(call.params, dict) and "RequestItems" in call.params:
        return _dynamodb_batch_tables(call, out)
    if (service, api) == ("batch", "submitJob"):  # authorized on both the queue and the definition
        queues = resolve(call, out, ("JobQueue",), one(arns.batch_job_queue_arn, call))
        return [*queues, *resolve(call, out, ("JobDefinition",), one(arns.batch_job_definition_arn, call))]
    if (service, api) == ("ecs", "runTask"):
        return resolve(call, out, ("TaskDefinition",), one(arns.ecs_task_definition_arn, call))
    if service == "lambda" and call.param("FunctionName").present:
        return resolve(call, out, ("FunctionName",), lambda text: arns.lambda_function_arns(call, text))
    for key, to_arn in _NAMED_TARGETS.get(service, ()):
        if call.param(key).present:
            return resolve(call, out, (key,), one(to_arn, call))
    return None


def _s3_resources(call: TaskCall, out: Findings, api: str) -> list[str] | None:
    bucket = call.param("Bucket")
    if not bucket.present:
        return None
    key = call.param("Key")
    if key.present:
        resource = arns.s3_object_arn(call, bucket.text, key.text)
    elif api in _S3_OBJECT_APIS_WITHOUT_KEY:
        resource = arns.s3_object_arn(call, bucket.text, "*")
    else:
        resource = arns.s3_bucket_arn(call, bucket.text)
    for name, value in (("Bucket", bucket), ("Key", key)):
        if value.dynamic:
            out.warn_dynamic(call, name, value, [resource])
    return [resource]


_S3_OBJECT_APIS_WITHOUT_KEY = frozenset({"deleteObjects"})


def _dynamodb_batch_tables(call: TaskCall, out: Findings) -> list[str]:
    """BatchGetItem/BatchWriteItem name their tables as the keys of RequestItems."""
    items = call.params["RequestItems"]
    if not isinstance(items, dict) or not items:
        resources = [arns.dynamodb_table_arn(call, "*")]
        out.warn(call, f"RequestItems is dynamic; permission scoped to {resources[0]}")
        return resources
    return [arns.dynamodb_table_arn(call, name.removesuffix(".$")) for name in items]


def _secret_arn(call: TaskCall, text: str) -> str:
    # Secrets Manager appends a six-character suffix to every secret's ARN.
    return text if arns.is_arn(text) else call.arn("secretsmanager", f"secret:{text}-??????")


def _ssm_parameter_arn(call: TaskCall, text: str) -> str:
    return text if arns.is_arn(text) else call.arn("ssm", f"parameter/{text.lstrip('/')}")


def _arn_or(resource_type: str, service: str) -> Callable[[TaskCall, str], str]:
    def to_arn(call: TaskCall, text: str) -> str:
        return text if arns.is_arn(text) else call.arn(service, f"{resource_type}{text}")

    return to_arn


_NAMED_TARGETS: dict[str, tuple[tuple[str, Callable[[TaskCall, str], str]], ...]] = {
    "dynamodb": (("TableName", arns.dynamodb_table_arn),),
    "sqs": (("QueueUrl", arns.sqs_queue_arn),),
    "sns": (("TopicArn", arns.sns_topic_arn),),
    "sfn": (("StateMachineArn", arns.state_machine_arn),),
    "eventbridge": (("EventBusName", arns.event_bus_arn),),
    "codebuild": (("ProjectName", arns.codebuild_project_arn),),
    "athena": (("WorkGroup", arns.athena_workgroup_arn),),
    "secretsmanager": (("SecretId", _secret_arn), ("Name", _secret_arn)),
    "ssm": (("Name", _ssm_parameter_arn),),
    "kinesis": (("StreamARN", _arn_or("stream/", "kinesis")), ("StreamName", _arn_or("stream/", "kinesis"))),
    "firehose": (("DeliveryStreamName", _arn_or("deliverystream/", "firehose")),),
    "glue": (("JobName", arns.glue_job_arn),),
}
