"""An apply in its own process, for the lock tests: it takes the lock, pauses before its first write
until told to go on, then carries on. Exit status 0 when applied, 1 with the one-line error.

Usage: python lock_child.py ENV TABLE TTL_MINUTES MAX_ATTEMPTS SIGNAL_DIR
(the moto endpoint and fake credentials come from the environment, as for the tests).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from plan_factory import definition, desired, environment, workflow

from sfndeploy.aws.session import AwsSettings, make_api
from sfndeploy.errors import SfnDeployError
from sfndeploy.plan.executor import AwsExecutor
from sfndeploy.plan.service import compute_plan, execute_locked
from sfndeploy.plan.steps import ApiCall, WorkflowPlan

WAIT_LIMIT = 30.0


class PauseBeforeFirstWrite:
    def __init__(self, signals: Path) -> None:
        self.signals = signals
        self.paused = False

    def step(self, workflow: WorkflowPlan, call: ApiCall, index: int, total: int) -> None:
        if self.paused:
            return
        self.paused = True
        (self.signals / "paused").write_text(call.operation)
        deadline = time.monotonic() + WAIT_LIMIT
        while not (self.signals / "resume").exists():
            if time.monotonic() > deadline:
                raise SystemExit("lock_child: never told to resume")
            time.sleep(0.02)

    def retry(self, workflow: WorkflowPlan, call: ApiCall, reason: str, delay: float) -> None:
        return None


def main(env_name: str, table: str, ttl_minutes: str, attempts: str, signals: str) -> int:
    env = environment(env_name, prefix=f"{env_name}-", lock={"table": table, "ttl_minutes": float(ttl_minutes)})
    state = desired(workflow("orders", env, body=definition(attempts=int(attempts))))
    api = make_api(AwsSettings(region="us-east-1", retry_mode="standard", total_attempts=1))
    executor = AwsExecutor(api, progress=PauseBeforeFirstWrite(Path(signals)), sleep=lambda _: None)
    try:
        execute_locked(api, state, compute_plan(api, state), executor)
    except SfnDeployError as error:
        print(error.one_line(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
