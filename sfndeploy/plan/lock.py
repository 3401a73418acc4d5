"""A per-environment deployment lock in DynamoDB, so two applies never interleave.

The table (named by ``lock.table`` in the environment file) has a string partition key
``LockID``. An item is written only if none exists or the existing one has expired
(a conditional write); it records the owner, when it was taken and when it expires.

The lock fences: right before each write, the apply holding it calls :meth:`DeploymentLock.fence`,
a conditional ``UpdateItem`` that succeeds only while the item still names this apply as owner
and has not expired, and that moves the expiry one TTL ahead (the renewal). An apply paused past
its TTL, whose lock another apply has taken meanwhile, thus stops before its next write.
"""

from __future__ import annotations

import getpass
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.errors import AwsCallError
from sfndeploy.errors import ConfigError, PlanError

KEY = "LockID"


@dataclass(frozen=True)
class LockInfo:
    lock_id: str
    owner: str
    acquired_at: float
    expires_at: float

    def describe(self) -> str:
        return f"held by {self.owner} since {_iso(self.acquired_at)}, expires {_iso(self.expires_at)}"


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_owner() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()} pid {os.getpid()} ({uuid.uuid4().hex[:8]})"


class LockLost(PlanError):
    """The lock this apply took expired or was taken over: nothing more may be written."""


class DeploymentLock:
    def __init__(
        self,
        api: AwsApi,
        table: str,
        lock_id: str,
        *,
        ttl_seconds: float = 900.0,
        owner: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api = api
        self.table = table
        self.lock_id = lock_id
        self.ttl_seconds = ttl_seconds
        self.owner = owner or default_owner()
        self.clock = clock

    def acquire(self) -> LockInfo:
        now = self.clock()
        info = LockInfo(self.lock_id, self.owner, now, now + self.ttl_seconds)
        try:
            self.api.call(
                "dynamodb",
                "PutItem",
                target=f"lock table {self.table}",
                TableName=self.table,
                Item={
                    KEY: {"S": self.lock_id},
                    "owner": {"S": info.owner},
                    "acquired_at": {"N": repr(info.acquired_at)},
                    "expires_at": {"N": repr(info.expires_at)},
                },
                ConditionExpression="attribute_not_exists(#k) OR expires_at < :now",
                ExpressionAttributeNames={"#k": KEY},
                ExpressionAttributeValues={":now": {"N": repr(now)}},
            )
        except AwsCallError as error:
            if error.code == "ResourceNotFoundException":
                raise ConfigError(
                    f"the lock table {self.table} does not exist",
                    key="lock.table",
                    hint=f"create it with a string partition key named {KEY}, or remove lock from the environment",
                ) from error
            if error.code != "ConditionalCheckFailedException":
                raise
            holder = self.current()
            held = holder.describe() if holder else "held by someone else"
            raise PlanError(
                f"environment lock '{self.lock_id}' in table {self.table} is {held}",
                hint="wait for the other apply, or run 'sfndeploy unlock' if it is stale",
            ) from error
        return info

    def fence(self) -> None:
        """Renew the lock, conditionally on still holding it; raise LockLost when this apply lost it."""
        now = self.clock()
        expires = now + self.ttl_seconds
        try:
            self.api.call(
                "dynamodb",
                "UpdateItem",
                target=f"lock table {self.table}",
                TableName=self.table,
                Key={KEY: {"S": self.lock_id}},
                UpdateExpression="SET expires_at = :expires",
                ConditionExpression="#o = :me AND expires_at >= :now",
                ExpressionAttributeNames={"#o": "owner"},
                ExpressionAttributeValues={
                    ":me": {"S": self.owner},
                    ":now": {"N": repr(now)},
                    ":expires": {"N": repr(expires)},
                },
            )
        except AwsCallError as error:
            if error.code != "ConditionalCheckFailedException":
                raise
            holder = self.current()
            if holder is None:
                state = "is gone: another apply or 'sfndeploy unlock' removed it"
            elif holder.owner == self.owner:
                state = f"expired at {_iso(holder.expires_at)}"
            else:
                state = f"is now {holder.describe()}"
            raise LockLost(
                f"this apply lost environment lock '{self.lock_id}' (it {state})",
                hint="make a new plan: another apply may have changed the environment",
            ) from error

    def release(self) -> None:
        """Release the lock if this process still holds it."""
        try:
            self.api.call(
                "dynamodb",
                "DeleteItem",
                target=f"lock table {self.table}",
                TableName=self.table,
                Key={KEY: {"S": self.lock_id}},
                ConditionExpression="#o = :me",
                ExpressionAttributeNames={"#o": "owner"},
                ExpressionAttributeValues={":me": {"S": self.owner}},
            )
        except AwsCallError as error:
            if error.code != "ConditionalCheckFailedException":
                raise

    def current(self) -> LockInfo | None:
        found = self.api.call(
            "dynamodb",
            "GetItem",
            target=f"lock table {self.table}",
            TableName=self.table,
            Key={KEY: {"S": self.lock_id}},
            ConsistentRead=True,
        )
        item = found.get("Item")
        if not item:
            return None
        return LockInfo(
            lock_id=self.lock_id,
            owner=item.get("owner", {}).get("S", "?"),
            acquired_at=float(item.get("acquired_at", {}).get("N", "0")),
            expires_at=float(item.get("expires_at", {}).get("N", "0")),
        )

    def force_release(self) -> LockInfo | None:
        """Remove the lock whoever holds it (``sfndeploy unlock``); returns what was removed."""
        holder = self.current()
        if holder is not None:
            self.api.call(
                "dynamodb",
                "DeleteItem",
                target=f"lock table {self.table}",
                TableName=self.table,
                Key={KEY: {"S": self.lock_id}},
            )
        return holder

    def __enter__(self) -> LockInfo:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
