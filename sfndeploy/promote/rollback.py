"""``rollback``: point the alias back at the previous (or a named) version, all at once."""

from __future__ import annotations

from dataclasses import dataclass

from sfndeploy.aws.api import AwsApi
from sfndeploy.promote.rollout import (
    Clock,
    RolloutError,
    RolloutTarget,
    check_weights,
    decode_state,
    read_alias,
    write_alias,
)
from sfndeploy.promote.versions import describe_version, list_version_numbers

ROLLBACK_PREFIX = "sfndeploy rollback "


@dataclass(frozen=True)
class RollbackResult:
    workflow: str
    alias: str
    previous: tuple[tuple[int, int], ...]  # the routing before
    serving: int  # the version now serving 100%


def rollback_target_version(
    api: AwsApi, target: RolloutTarget, current: int, rollout_old: int | None, to_version: int | None
) -> int:
    if to_version is not None:
        if describe_version(api, target.state_machine_arn, to_version) is None:
            numbers = sorted(list_version_numbers(api, target.state_machine_arn))
            raise RolloutError(
                f"version {to_version} of '{target.workflow}' does not exist "
                f"(versions: {', '.join(map(str, numbers)) or 'none'})"
            )
        return to_version
    if rollout_old is not None:
        return rollout_old
    earlier = [number for number in list_version_numbers(api, target.state_machine_arn) if number < current]
    if not earlier:
        raise RolloutError(
            f"'{target.workflow}' has no version before {current} to roll back to",
            hint="name one with --to-version, or deploy a fix",
        )
    return max(earlier)


def rollback(api: AwsApi, target: RolloutTarget, clock: Clock, to_version: int | None = None) -> RollbackResult:
    """Route 100% of the alias to the version before the one it serves (a stopped rollout's old one)."""
    alias = read_alias(api, target)
    state = decode_state(alias.description)
    rollout_old = state.old if state is not None and state.active else None
    current = state.new if rollout_old is not None and state is not None else alias.serving
    chosen = rollback_target_version(api, target, current, rollout_old, to_version)
    if len(alias.routing) == 1 and alias.routing[0][0] == chosen:
        raise RolloutError(f"alias '{alias.name}' of '{target.workflow}' already serves version {chosen}")
    description = f"{ROLLBACK_PREFIX}to={chosen} from={current} at={int(clock.now())}"
    write_alias(api, target, [(chosen, 100)], description)
    now_serving = read_alias(api, target)
    return RollbackResult(target.workflow, alias.name, alias.routing, now_serving.serving)


def set_routing(api: AwsApi, target: RolloutTarget, weights: list[tuple[int, int]], clock: Clock) -> None:
    """Split the alias's traffic by hand, e.g. ``[(5, 90), (6, 10)]``; both versions must exist."""
    check_weights(weights)
    for number, _ in weights:
        if describe_version(api, target.state_machine_arn, number) is None:
            raise RolloutError(f"version {number} of '{target.workflow}' does not exist")
    read_alias(api, target)
    split = " ".join(f"v{number}={weight}" for number, weight in weights)
    write_alias(api, target, weights, f"sfndeploy route {split} at={int(clock.now())}")
