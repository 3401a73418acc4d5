"""Task Resource ARNs as AWS reads them.

AWS documents service integrations without a region and account
(``arn:aws:states:::aws-sdk:s3:getObject``), but it also accepts them with both filled in, as
SAM templates written with ``!Sub arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:...``
deploy them (``arn:aws:states:us-east-1:123456789012:athena:startQueryExecution.sync``). Every
reader of a Task's ``Resource`` (validator, dry run, graph) goes through
:func:`integration_resource` so that both spellings mean the same integration.
"""

from __future__ import annotations

import re

__all__ = ["integration_resource"]

# states resources that live in a region and account: these are not service integrations
_STATES_RESOURCE_TYPES = frozenset({"activity", "stateMachine", "execution", "express", "mapRun", "alias"})
_REGIONAL_STATES_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):states:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)?:(?P<account>\d{12})?:"
    r"(?P<service>[A-Za-z0-9.-]+):(?P<rest>.+)$"
)


def integration_resource(resource: str) -> str:
    """``resource`` with the region and account of a service-integration ARN removed.

    ``arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject`` becomes
    ``arn:aws:states:::aws-sdk:s3:getObject``; any other string (a Lambda function, an activity,
    an integration already written without region and account) comes back unchanged.
    """
    if ":states:::" in resource:
        return resource
    match = _REGIONAL_STATES_ARN.match(resource)
    if match is None or match["service"] in _STATES_RESOURCE_TYPES:
        return resource
    return f"arn:{match['partition']}:states:::{match['service']}:{match['rest']}"
