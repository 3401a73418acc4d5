"""How an environment shifts traffic to a new version: ``deploy:`` in its environment file."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sfndeploy.errors import ConfigError
from sfndeploy.model import Environment

if TYPE_CHECKING:
    from sfndeploy.plan.desired import DesiredState

STRATEGIES = ("all-at-once", "canary", "linear")
# Who drives a canary or linear rollout: a workflow on Step Functions (default) or the CLI process.
RUNNERS = ("stepfunctions", "client")
MAX_ALARMS = 100  # DescribeAlarms takes at most 100 names in one call


@dataclass(frozen=True)
class RolloutPolicy:
    strategy: str = "all-at-once"
    canary_weight: int = 10
    linear_step: int = 10
    interval_minutes: float = 10.0
    bake_minutes: float = 10.0
    alarms: tuple[str, ...] = ()
    keep_versions: int | None = None
    rollout: str = "stepfunctions"  # one of RUNNERS
    max_failed_executions: int = 0  # more FAILED executions of the new version than this roll back
    max_timed_out_executions: int = 0  # the same for TIMED_OUT
    poll_seconds: int = 60  # how often a held step is checked
    own_alarms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by workflow: its spec's alarms

    @property
    def on_step_functions(self) -> bool:
        """The rollout runs as an execution of the environment's rollout workflow."""
        return self.gradual and self.rollout == "stepfunctions"

    @property
    def gradual(self) -> bool:
        return self.strategy != "all-at-once"

    def first_weight(self) -> int:
        if self.strategy == "canary":
            return self.canary_weight
        if self.strategy == "linear":
            return min(100, self.linear_step)
        return 100

    def next_weight(self, weight: int) -> int:
        if self.strategy == "linear":
            return min(100, weight + self.linear_step)
        return 100

    def wait_seconds(self) -> float:
        """How long each step holds (and is watched) before the next shift."""
        minutes = self.interval_minutes if self.strategy == "linear" else self.bake_minutes
        return minutes * 60.0

    def steps(self) -> tuple[tuple[int, float], ...]:
        """Every shift of a rollout: (weight of the new version, seconds it holds), ending at 100%."""
        weight, steps = self.first_weight(), []
        while weight < 100:
            steps.append((weight, self.wait_seconds()))
            weight = self.next_weight(weight)
        steps.append((100, 0.0))
        return tuple(steps)

    def alarms_for(self, workflow: str) -> tuple[str, ...]:
        """The alarms watched while ``workflow`` rolls out: its own (``alarms:`` in its spec), then the
        environment's ``deploy.alarms``, where ``{workflow}`` in a name stands for it."""
        extra = (name.replace("{workflow}", workflow) for name in self.alarms)
        return tuple(dict.fromkeys([*self.own_alarms.get(workflow, ()), *extra]))

    def describe(self) -> str:
        if self.strategy == "canary":
            return f"canary {self.canary_weight}% for {self.bake_minutes:g} min, then 100%"
        if self.strategy == "linear":
            return f"linear +{self.linear_step}% every {self.interval_minutes:g} min"
        return "all at once"


def watching_own_alarms(policy: RolloutPolicy, desired: DesiredState) -> RolloutPolicy:
    """``policy`` with each workflow's own alarms, which a rollout of that workflow watches first."""
    from sfndeploy.plan.kinds.alarm import workflow_alarm_names

    own = {wf.name: workflow_alarm_names(wf) for wf in desired.workflows}
    return replace(policy, own_alarms={name: alarms for name, alarms in own.items() if alarms})


def policy_of(env: Environment) -> RolloutPolicy:
    """The environment's policy; the schema already checked types and ranges."""
    deploy = env.deploy
    strategy = str(deploy.get("strategy", "all-at-once"))
    if strategy not in STRATEGIES:
        raise ConfigError(
            f"unknown deploy strategy '{strategy}' (expected one of: {', '.join(STRATEGIES)})",
            key="deploy.strategy",
        )
    keep = deploy.get("keep_versions")
    return RolloutPolicy(
        strategy=strategy,
        canary_weight=int(deploy.get("canary_weight", 10)),
        linear_step=int(deploy.get("linear_step", 10)),
        interval_minutes=float(deploy.get("interval_minutes", 10)),
        bake_minutes=float(deploy.get("bake_minutes", 10)),
        alarms=tuple(str(name) for name in deploy.get("alarms", ())),
        keep_versions=int(keep) if keep is not None else None,
        rollout=str(deploy.get("rollout", "stepfunctions")),
        max_failed_executions=int(deploy.get("max_failed_executions", 0)),
        max_timed_out_executions=int(deploy.get("max_timed_out_executions", 0)),
        poll_seconds=int(deploy.get("poll_seconds", 60)),
    )
