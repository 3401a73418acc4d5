"""``AwsApi``: every AWS call sfndeploy makes goes through here.

It paces the call, counts it, retries throttling a bounded number of times on top of botocore's
own retries, and turns failures into :class:`~sfndeploy.aws.errors.AwsCallError`.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from botocore import xform_name

from sfndeploy.aws.errors import THROTTLING_CODES, AwsCallError, translate
from sfndeploy.aws.pacing import Pacer
from sfndeploy.notes import NOTES
from sfndeploy.secrets import masking
from sfndeploy.secrets.gate import outgoing_params

if TYPE_CHECKING:
    from sfndeploy.secrets.resolver import SecretResolver

Response = dict[str, Any]


ClientFactory = Callable[[str], Any]  # service name -> a botocore client


class CallCounter:
    """Thread-safe count of API calls by operation (and by service and operation: several services
    share operation names such as ``ListTagsForResource``)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._by_service: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def add(self, operation: str, service: str = "") -> None:
        with self._lock:
            self._counts[operation] += 1
            self._by_service[service, operation] += 1

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def by_service(self) -> dict[tuple[str, str], int]:
        """Counts by (service, operation)."""
        with self._lock:
            return dict(self._by_service)


class AwsApi:
    """The one gateway to AWS.  ``call("stepfunctions", "DescribeStateMachine", stateMachineArn=...)``."""

    def __init__(
        self,
        client_factory: ClientFactory,
        *,
        region: str | None,
        pacer: Pacer | None = None,
        sleep: Callable[[float], None] = time.sleep,
        throttle_retries: int = 4,
        backoff_base: float = 0.5,
    ) -> None:
        self._client_factory = client_factory
        self._clients: dict[str, Any] = {}
        self._clients_lock = threading.Lock()
        self.region = region
        self.pacer = pacer or Pacer(sleep=sleep)
        self.sleep = sleep
        self.throttle_retries = throttle_retries
        self.backoff_base = backoff_base
        self.counter = CallCounter()
        self._lacking: dict[str, str] = {}
        self._lacking_lock = threading.Lock()
        # Fills secret values into definitions right before the call; without it, secrets are refused.
        self.secrets: SecretResolver | None = None

    def client(self, service: str) -> Any:
        with self._clients_lock:
            if service not in self._clients:
                try:
                    self._clients[service] = self._client_factory(service)
                except Exception as error:  # botocore raises for a missing region or profile
                    raise translate(error, f"creating the {service} client", "", self.region) from error
            return self._clients[service]

    def lacks(self, operation: str) -> bool:
        """True once :meth:`note_unsupported` recorded that this endpoint does not implement ``operation``."""
        with self._lacking_lock:
            return operation in self._lacking

    def note_unsupported(self, operation: str, instead: str) -> None:
        """Record that the endpoint lacks ``operation`` and what is done instead; say it only the first time."""
        with self._lacking_lock:
            if operation in self._lacking:
                return
            self._lacking[operation] = instead
        NOTES.warning("this endpoint has no %s; %s", operation, instead)

    def call(self, service: str, operation: str, *, target: str = "", **params: Any) -> Response:
        """Make one call; ``target`` names the resource for error messages."""
        method = getattr(self.client(service), xform_name(operation))
        params = outgoing_params(service, operation, params, self.secrets.value if self.secrets else None)
        attempt = 0
        while True:
            self.pacer.pace(operation, service)
            self.counter.add(operation, service)
            try:
                response: Response = method(**params)
                return response
            except AwsCallError:
                raise
            except Exception as error:
                translated = translate(error, operation, target, self.region)
                translated.message = masking.mask(translated.message)
                if translated.code in THROTTLING_CODES and attempt < self.throttle_retries:
                    attempt += 1
                    self.sleep(self.backoff_base * (2 ** (attempt - 1)))
                    continue
                raise translated from error

    def pages(
        self, service: str, operation: str, result_key: str, *, target: str = "", **params: Any
    ) -> Iterator[Any]:
        """Every item of a paginated listing (each page is one counted call)."""
        token_in, token_out = _PAGE_TOKENS.get(service, ("nextToken", "nextToken"))
        request: dict[str, Any] = dict(params)
        while True:
            page = self.call(service, operation, target=target, **request)
            yield from page.get(result_key, [])
            token = page.get(token_out)
            if not token or (service == "iam" and not page.get("IsTruncated")):
                return
            request[token_in] = token

    @property
    def calls(self) -> Mapping[str, int]:
        return self.counter.snapshot()


# (request parameter, response key) of the page token where it is not Step Functions' ``nextToken``.
_PAGE_TOKENS = {
    "iam": ("Marker", "Marker"),
    "dynamodb": ("ExclusiveStartKey", "LastEvaluatedKey"),
    "cloudwatch": ("NextToken", "NextToken"),
    "events": ("NextToken", "NextToken"),
    "scheduler": ("NextToken", "NextToken"),
}
