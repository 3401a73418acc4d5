"""The deployment lock against the moto server: two applies in two processes, renewal, fencing, a real expiry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aws_doubles import no_sleep
from plan_factory import definition, desired, environment, workflow

from sfndeploy.aws.api import AwsApi
from sfndeploy.errors import ConfigError, PlanError
from sfndeploy.plan.desired import DesiredState
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.lock import DeploymentLock, LockLost
from sfndeploy.plan.service import compute_plan, environment_lock, execute_locked

HERE = Path(__file__).resolve().parent
WAIT = 20.0  # bound on every wait for the other process


def lock_table(api: AwsApi, name: str) -> str:
    api.call(
        "dynamodb",
        "CreateTable",
        TableName=name,
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def state_with(name: str, table: str, ttl_minutes: float, attempts: int) -> DesiredState:
    env = environment(name, prefix=f"{name}-", lock={"table": table, "ttl_minutes": ttl_minutes})
    return desired(workflow("orders", env, body=definition(attempts=attempts)))


def max_attempts(api: AwsApi, state: DesiredState) -> int:
    described = api.call("stepfunctions", "DescribeStateMachine", stateMachineArn=state.workflow("orders").arn)
    attempts: int = json.loads(described["definition"])["States"]["Charge"]["Retry"][0]["MaxAttempts"]
    return attempts


class OtherApply:
    """An apply in a second process that pauses, holding the lock, before its first write."""

    def __init__(self, signals: Path, *args: str) -> None:
        self.signals = signals
        path = os.pathsep.join([str(HERE.parent / "plan"), str(HERE), os.environ.get("PYTHONPATH", "")])
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "lock_child.py"), *args, str(signals)],
            env={**os.environ, "PYTHONPATH": path},
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_until_paused(self) -> None:
        deadline = time.monotonic() + WAIT
        while not (self.signals / "paused").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the other apply did not get to its first write: {self.finish()}")
            time.sleep(0.02)

    def resume(self) -> None:
        (self.signals / "resume").write_text("go")

    def finish(self) -> tuple[int, str]:
        try:
            _, stderr = self.process.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.process.returncode, stderr.strip()


def test_two_concurrent_applies_in_two_processes_never_interleave(api: AwsApi, unique: str, tmp_path: Path) -> None:
    table = lock_table(api, f"{unique}-locks")
    mine = state_with(unique, table, 10, attempts=7)
    other = OtherApply(tmp_path, unique, table, "10", "5")
    other.wait_until_paused()

    with pytest.raises(PlanError, match=rf"environment lock 'sfndeploy/shop/{unique}' in table {table} is held by"):
        execute_locked(api, mine, compute_plan(api, mine), AwsExecutor(api, sleep=no_sleep))
    other.resume()

    assert other.finish() == (0, "")
    assert max_attempts(api, mine) == 5  # the other apply's change, whole
    lock = environment_lock(api, mine)
    assert lock is not None and lock.current() is None  # released after the apply


def test_an_apply_paused_beyond_the_ttl_stops_before_its_next_write(api: AwsApi, unique: str, tmp_path: Path) -> None:
    """The first apply pauses past its real TTL; the second takes the lock and applies; the first must not write."""
    table = lock_table(api, f"{unique}-locks")
    ttl_minutes = 0.015  # 0.9 s
    AwsExecutor(api, sleep=no_sleep).execute(compute_plan(api, state_with(unique, table, ttl_minutes, attempts=3)))
    paused = OtherApply(tmp_path, unique, table, str(ttl_minutes), "5")
    paused.wait_until_paused()
    second = state_with(unique, table, 5.0, attempts=9)  # its own lock must outlast a slow machine
    holder = environment_lock(api, second)
    assert holder is not None
    held = holder.current()
    assert held is not None
    time.sleep(max(0.0, held.expires_at - time.time()) + 0.05)  # the real expiry

    execute_locked(api, second, compute_plan(api, second), AwsExecutor(api, sleep=no_sleep))
    assert max_attempts(api, second) == 9
    paused.resume()
    status, stderr = paused.finish()

    assert status == 1
    assert f"this apply lost environment lock 'sfndeploy/shop/{unique}' (it is gone: another apply" in stderr
    assert "apply stopped at step 1/" in stderr and "before any write" in stderr
    assert max_attempts(api, second) == 9  # not overwritten by the paused apply


def test_each_write_renews_the_lock_and_a_lost_lock_is_named(api: AwsApi, unique: str) -> None:
    table = lock_table(api, f"{unique}-locks")
    now = [1000.0]
    first = DeploymentLock(api, table, "x", ttl_seconds=60, owner="ci-1", clock=lambda: now[0])
    second = DeploymentLock(api, table, "x", ttl_seconds=60, owner="ci-2", clock=lambda: now[0])
    first.acquire()
    now[0] = 1050.0
    first.fence()  # renewed: expires at 1110 instead of 1060
    now[0] = 1070.0
    with pytest.raises(PlanError, match="held by ci-1"):
        second.acquire()
    now[0] = 1111.0
    with pytest.raises(LockLost, match=r"this apply lost environment lock 'x' \(it expired at 1970-01-01T00:18:30Z\)"):
        first.fence()
    second.acquire()
    with pytest.raises(LockLost, match=r"\(it is now held by ci-2 since"):
        first.fence()
    second.fence()
    first.release()  # not the holder: leaves the lock alone
    holder = second.current()
    assert holder is not None and holder.owner == "ci-2"


def test_a_stale_lock_expires_and_unlock_removes_a_live_one(api: AwsApi, unique: str) -> None:
    table = lock_table(api, f"{unique}-locks")
    now = [1000.0]
    first = DeploymentLock(api, table, "x", ttl_seconds=60, owner="ci-1", clock=lambda: now[0])
    second = DeploymentLock(api, table, "x", ttl_seconds=60, owner="ci-2", clock=lambda: now[0])
    first.acquire()
    with pytest.raises(PlanError, match="held by ci-1"):
        second.acquire()
    now[0] += 61
    assert second.acquire().owner == "ci-2"
    removed = first.force_release()
    assert removed is not None and removed.owner == "ci-2"
    assert first.current() is None
    with pytest.raises(LockLost, match=r"\(it is gone: another apply or 'sfndeploy unlock' removed it\)"):
        second.fence()


def test_a_missing_lock_table_is_a_configuration_error(api: AwsApi, unique: str) -> None:
    with pytest.raises(ConfigError, match=f"the lock table {unique}-none does not exist") as caught:
        DeploymentLock(api, f"{unique}-none", "x").acquire()
    assert "partition key named LockID" in str(caught.value)


def test_verify_runs_once_the_lock_is_held_and_can_stop_the_apply(api: AwsApi, unique: str) -> None:
    """promote --plan computes the saved plan again here, where no other apply can move the live state."""
    table = lock_table(api, f"{unique}-locks")
    state = state_with(unique, table, 10, attempts=3)
    lock = environment_lock(api, state)
    assert lock is not None
    held_during_verify: list[bool] = []

    def verify() -> None:
        held_during_verify.append(lock.current() is not None)
        raise PlanError("the live state changed since the plan was made")

    with pytest.raises(PlanError, match="the live state changed since the plan was made"):
        execute_locked(api, state, compute_plan(api, state), AwsExecutor(api, sleep=no_sleep), verify=verify)

    assert held_during_verify == [True]
    assert compute_plan(api, state).counts.create == 1  # nothing was written
    assert lock.current() is None  # released
