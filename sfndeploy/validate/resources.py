"""Task Resource ARNs: what kind of integration a Resource names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sfndeploy.asl.arns import integration_resource

PARTITION = r"aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc"
REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
_INTEGRATION = re.compile(
    rf"^arn:(?:{PARTITION}):states:::(?P<service>[a-z0-9-]+):(?P<action>[A-Za-z0-9-]+)"
    r"(?P<pattern>\.sync(?::2)?|\.waitForTaskToken)?$"
)
_SDK = re.compile(
    rf"^arn:(?:{PARTITION}):states:::aws-sdk:(?P<service>[a-z0-9.-]+):(?P<action>[A-Za-z][A-Za-z0-9]*)"
    r"(?P<pattern>\.waitForTaskToken)?$"
)
_ACTIVITY = re.compile(rf"^arn:(?:{PARTITION}):states:{REGION}:\d{{12}}:activity:[^\s:]{{1,80}}$")
_LAMBDA = re.compile(
    rf"^arn:(?:{PARTITION}):lambda:{REGION}:\d{{12}}:function:[A-Za-z0-9_-]{{1,64}}(?::[A-Za-z0-9_$-]{{1,128}})?$"
)

# A Lambda function ARN as Lambda's own ARN pattern has it, whatever the length of the name.
_LAMBDA_SHAPE = re.compile(
    rf"^arn:(?:{PARTITION}):lambda:{REGION}:\d{{12}}:function:(?P<name>[A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]{{1,128}})?$"
)

# Services with an optimized integration (arn:aws:states:::<service>:<action>).
OPTIMIZED_SERVICES = frozenset(
    {
        "apigateway",
        "athena",
        "batch",
        "bedrock",
        "codebuild",
        "databrew",
        "dynamodb",
        "ecs",
        "eks",
        "elasticmapreduce",
        "emr-containers",
        "emr-serverless",
        "events",
        "glue",
        "http",
        "lambda",
        "mediaconvert",
        "s3",
        "sagemaker",
        "sns",
        "sqs",
        "states",
    }
)


# Optimized integrations that only have the request-response pattern, or no .sync ("run a job").
REQUEST_RESPONSE_ONLY = frozenset({"dynamodb", "http", "s3"})
NO_SYNC = frozenset({"lambda", "sqs", "sns", "events", "apigateway"}) | REQUEST_RESPONSE_ONLY


@dataclass(frozen=True)
class ResourceKind:
    kind: str  # integration | aws-sdk | activity | lambda-function
    service: str = ""
    action: str = ""
    pattern: str = ""  # "", ".sync", ".sync:2", ".waitForTaskToken"


def pattern_problem(kind: ResourceKind) -> str | None:
    """Why an integration pattern does not exist for this service, or None."""
    if kind.kind != "integration" or not kind.pattern:
        return None
    if kind.service in REQUEST_RESPONSE_ONLY:
        return f"the {kind.service} integration has no {kind.pattern} pattern (request-response only)"
    if kind.pattern.startswith(".sync") and kind.service in NO_SYNC:
        return f"the {kind.service} integration has no {kind.pattern} pattern (use it without .sync)"
    if kind.pattern == ".sync:2" and kind.service != "states":
        return ".sync:2 exists only for states:startExecution"
    return None


def unusual_lambda_arn(resource: str) -> str | None:
    """Why a Lambda function ARN that matches Lambda's ARN pattern names no function that can exist
    (a name longer than Lambda's 64 characters), or None."""
    match = _LAMBDA_SHAPE.match(resource)
    if match is None:
        return None
    if len(match["name"]) > 64:
        return f"the function name is {len(match['name'])} characters long; Lambda allows 64"
    return None


def classify_resource(resource: str) -> ResourceKind | None:
    """What ``resource`` names, or None when it is not a well-formed Task resource ARN.

    A service integration may carry a region and account (``arn:aws:states:us-east-1:123456789012:
    aws-sdk:s3:getObject``): AWS accepts it and calls the same integration.
    """
    resource = integration_resource(resource)
    match = _SDK.match(resource)
    if match:
        return ResourceKind("aws-sdk", match["service"], match["action"], match["pattern"] or "")
    match = _INTEGRATION.match(resource)
    if match and match["service"] != "aws-sdk":
        return ResourceKind("integration", match["service"], match["action"], match["pattern"] or "")
    if _ACTIVITY.match(resource):
        return ResourceKind("activity")
    if _LAMBDA.match(resource):
        return ResourceKind("lambda-function", "lambda", "invoke")
    return None
