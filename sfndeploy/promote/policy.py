"""How an environment shifts traffic to a new version: ``deploy:`` in its environment file."""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.errors import ConfigError
from sfndeploy.model import Environment

STRATEGIES = ("all-at-once", "canary", "linear")


@dataclass(frozen=True)
class RolloutPolicy:
    strategy: str = "all-at-once"
    canary_weight: int = 10
    linear_step: int = 10
    interval_minutes: float = 10.0
    bake_minutes: float = 10.0
    alarms: tuple[str, ...] = ()
    keep_versions: int | None = None

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

    def alarms_for(self, workflow: str) -> tuple[str, ...]:
        """The alarms watched while ``workflow`` rolls out; ``{workflow}`` in a name stands for it."""
        return tuple(dict.fromkeys(name.replace("{workflow}", workflow) for name in self.alarms))

    def describe(self) -> str:
        if self.strategy == "canary":
            return f"canary {self.canary_weight}% for {self.bake_minutes:g} min, then 100%"
        if self.strategy == "linear":
            return f"linear +{self.linear_step}% every {self.interval_minutes:g} min"
        return "all at once"


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
    )
