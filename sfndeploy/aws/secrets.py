"""Reading secrets from SSM Parameter Store and Secrets Manager (for :mod:`sfndeploy.secrets`)."""

from __future__ import annotations

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import SecretError


class AwsSecretReader:
    """Decrypted SSM parameters and Secrets Manager secret strings, through :class:`AwsApi`."""

    def __init__(self, api: AwsApi) -> None:
        self.api = api

    def parameter(self, name: str) -> str:
        found = self.api.call("ssm", "GetParameter", target=f"SSM parameter {name}", Name=name, WithDecryption=True)
        return str(found["Parameter"]["Value"])

    def secret_string(self, secret_id: str) -> str:
        found = self.api.call(
            "secretsmanager", "GetSecretValue", target=f"secret {secret_id}", SecretId=secret_id
        )
        if "SecretString" not in found:
            raise SecretError(f"Secrets Manager secret {secret_id} holds binary data, not a string")
        return str(found["SecretString"])
