"""The only code in sfndeploy that talks to AWS (the only importer of boto3 and botocore)."""

from __future__ import annotations

from sfndeploy.aws.api import AwsApi, CallCounter
from sfndeploy.aws.pacing import Pacer, TokenBucket
from sfndeploy.aws.session import AwsSettings, make_api

__all__ = ["AwsApi", "AwsSettings", "CallCounter", "Pacer", "TokenBucket", "make_api"]
