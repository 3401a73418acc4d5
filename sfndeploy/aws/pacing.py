"""Client-side pacing under Step Functions' control-plane limits.

AWS documents token buckets per API: the mutating calls (Create/Update/Delete state machine,
publish, alias calls, tagging) refill at about one token per second, DescribeStateMachine at
twenty. Pacing here keeps a pipeline below those rates instead of relying on throttling
errors and retries. The clock and the sleep are injectable so tests never really wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BucketSpec:
    refill_per_second: float
    burst: int


# Step Functions control-plane quotas (bucket size, refill per second), per account and region.
STEP_FUNCTIONS_BUCKETS: dict[str, BucketSpec] = {
    "CreateStateMachine": BucketSpec(1.0, 100),
    "UpdateStateMachine": BucketSpec(1.0, 200),
    "DeleteStateMachine": BucketSpec(1.0, 100),
    "PublishStateMachineVersion": BucketSpec(1.0, 100),
    "CreateStateMachineAlias": BucketSpec(1.0, 100),
    "UpdateStateMachineAlias": BucketSpec(1.0, 100),
    "DeleteStateMachineAlias": BucketSpec(1.0, 100),
    "TagResource": BucketSpec(10.0, 200),
    "UntagResource": BucketSpec(10.0, 200),
    "DescribeStateMachine": BucketSpec(20.0, 200),
    "DescribeStateMachineAlias": BucketSpec(20.0, 200),
    "ListStateMachines": BucketSpec(5.0, 100),
    "ListTagsForResource": BucketSpec(10.0, 200),
}


class TokenBucket:
    """A thread-safe token bucket; ``take`` blocks (through ``sleep``) until a token is free."""

    def __init__(
        self,
        spec: BucketSpec,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._spec = spec
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(spec.burst)
        self._last = clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Take one token; return how long the caller waited for it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(
                float(self._spec.burst), self._tokens + (now - self._last) * self._spec.refill_per_second
            )
            self._last = now
            self._tokens -= 1.0
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self._spec.refill_per_second
        if wait > 0:
            self._sleep(wait)
        return wait


PACED_SERVICE = "stepfunctions"


class Pacer:
    """One token bucket per paced Step Functions operation; other operations, and every other
    service's calls (CloudWatch, EventBridge and Scheduler also have a ``ListTagsForResource`` or a
    ``TagResource``, under quotas of their own), pass freely."""

    def __init__(
        self,
        buckets: dict[str, BucketSpec] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        specs = STEP_FUNCTIONS_BUCKETS if buckets is None else buckets
        self._buckets = {name: TokenBucket(spec, clock=clock, sleep=sleep) for name, spec in specs.items()}
        self.waited = 0.0

    def pace(self, operation: str, service: str = PACED_SERVICE) -> None:
        if service != PACED_SERVICE:
            return
        bucket = self._buckets.get(operation)
        if bucket is not None:
            self.waited += bucket.take()
