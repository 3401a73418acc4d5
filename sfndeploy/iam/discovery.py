"""Finding every state of a definition, including those inside Parallel branches and Map processors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sfndeploy.sourcemap import pointer_join


@dataclass(frozen=True)
class StateSite:
    name: str
    state: dict[str, Any]
    pointer: str  # e.g. /States/Fan/Branches/0/States/Charge


def states_of(machine: Any, pointer: str = "") -> Iterator[StateSite]:
    """Every state of ``machine`` (a definition, a branch or a Map processor), parents first."""
    if not isinstance(machine, dict) or not isinstance(machine.get("States"), dict):
        return
    for name, state in machine["States"].items():
        if not isinstance(state, dict):
            continue
        state_pointer = pointer_join(pointer, "States", name)
        yield StateSite(str(name), state, state_pointer)
        yield from _children(state, state_pointer)


def _children(state: dict[str, Any], pointer: str) -> Iterator[StateSite]:
    kind = state.get("Type")
    if kind == "Parallel" and isinstance(state.get("Branches"), list):
        for index, branch in enumerate(state["Branches"]):
            yield from states_of(branch, pointer_join(pointer, "Branches", index))
    elif kind == "Map":
        for key in ("ItemProcessor", "Iterator"):
            if key in state:
                yield from states_of(state[key], pointer_join(pointer, key))


def is_distributed_map(state: dict[str, Any]) -> bool:
    processor = state.get("ItemProcessor")
    if state.get("Type") != "Map" or not isinstance(processor, dict):
        return False
    config = processor.get("ProcessorConfig")
    return isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED"


@dataclass(frozen=True)
class ServiceResource:
    """``arn:<partition>:states:<region>:<account>:<service>:<api>[.<pattern>]`` taken apart."""

    service: str
    api: str
    pattern: str


_PATTERNS = (".sync:2", ".sync", ".waitForTaskToken")


def parse_service_resource(resource: str) -> ServiceResource | None:
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn" or parts[2] != "states":
        return None
    service, _, tail = parts[5].partition(":")
    if not tail:
        return None
    for suffix in _PATTERNS:
        if tail.endswith(suffix):
            return ServiceResource(service, tail[: -len(suffix)], suffix[1:])
    return ServiceResource(service, tail, "")
