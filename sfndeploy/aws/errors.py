"""botocore's exceptions turned into sfndeploy's own :class:`AwsError` with a useful message."""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)

from sfndeploy.errors import AwsError

THROTTLING_CODES = frozenset(
    {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"}
)
NOT_FOUND_CODES = frozenset(
    {
        "StateMachineDoesNotExist",
        "ResourceNotFound",
        "ResourceNotFoundException",
        "NoSuchEntity",
    }
)
# What an endpoint answers for an operation it does not implement (moto: HTTP 500).
UNSUPPORTED_CODES = frozenset({"500", "501", "NotImplemented", "InternalFailure", "UnknownOperationException"})
_ACCESS_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
_CREDENTIAL_CODES = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
    }
)


class AwsCallError(AwsError):
    """An AWS call failed; ``code`` is AWS's error code (empty for transport failures)."""

    def __init__(self, message: str, *, code: str = "", hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code


class AccountMismatch(AwsCallError):
    """The credentials belong to another account than the environment's ``account_id``."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, code="AccountMismatch", hint=hint)


_WEB_IDENTITY_CODES = frozenset({"ExpiredTokenException", "InvalidIdentityToken", "IDPCommunicationError"})


def translate_identity_error(error: Exception, operation: str, environment: str, credentials: str) -> AwsCallError:
    """A failure to assume the environment's role or to learn whose credentials these are.

    ``credentials`` names them (``role ARN``, ``profile NAME`` or the ambient credentials).
    STS answers AccessDenied both for a role that does not trust the caller and for a wrong
    external id, so the hint names both.
    """
    if isinstance(error, AwsCallError):
        return error
    code = error_code(error)
    where = f"environment {environment}: {credentials}"
    if code in _ACCESS_CODES:
        return AwsCallError(
            f"{where} cannot be assumed: {code}",
            code=code,
            hint="check that the role's trust policy allows the calling identity and that "
            "assume_role.external_id is the one the role expects",
        )
    if code in _WEB_IDENTITY_CODES:
        return AwsCallError(
            f"{where}: the web identity token was refused: {code}",
            code=code,
            hint="the OIDC token in AWS_WEB_IDENTITY_TOKEN_FILE expired or is not trusted by AWS_ROLE_ARN; "
            "request a fresh token (re-run the CI job) and check the role's OIDC trust",
        )
    if code in _CREDENTIAL_CODES:
        return AwsCallError(
            f"{where}: the credentials are not valid: {code}",
            code=code,
            hint="refresh the credentials (aws sso login, a new session token) or use another --profile",
        )
    return translate(error, operation, f"environment {environment} ({credentials})", None)


def error_code(error: BaseException) -> str:
    if isinstance(error, AwsCallError):
        return error.code
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", ""))
    return ""


def translate(error: Exception, operation: str, target: str, region: str | None) -> AwsCallError:
    """Say what failed (``operation``), on what (``target``) and what to try."""
    where = f"{operation} on {target}" if target else operation
    if isinstance(error, ClientError):
        return _translate_client_error(error, where, region)
    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return AwsCallError(
            f"{where}: no AWS credentials found",
            code="NoCredentials",
            hint="set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile",
        )
    if isinstance(error, ProfileNotFound):
        return AwsCallError(f"{where}: {error}", code="ProfileNotFound", hint="check --profile")
    if isinstance(error, NoRegionError):
        return AwsCallError(
            f"{where}: no AWS region", code="NoRegion", hint="set region in the environment file or --region"
        )
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
        return AwsCallError(
            f"{where}: the endpoint did not answer ({error})",
            code="EndpointUnreachable",
            hint="check the region, AWS_ENDPOINT_URL / endpoint_url and the network",
        )
    if isinstance(error, BotoCoreError):
        return AwsCallError(f"{where}: {error}", code=type(error).__name__)
    return AwsCallError(f"{where}: {error}", code=type(error).__name__)


def _translate_client_error(error: ClientError, where: str, region: str | None) -> AwsCallError:
    details = error.response.get("Error", {})
    code = str(details.get("Code", ""))
    message = str(details.get("Message", "")) or str(error)
    if code in _ACCESS_CODES:
        hint = "grant this permission to the deploying identity or use another --profile"
    elif code in _CREDENTIAL_CODES:
        hint = f"the credentials are not valid in region {region or '?'}; check the profile and the region"
    elif code in THROTTLING_CODES:
        hint = "AWS throttled the call; retry later or lower the concurrency"
    else:
        hint = None
    return AwsCallError(f"{where} failed: {code}: {message}", code=code, hint=hint)
