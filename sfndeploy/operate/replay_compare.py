"""Where a dry run of today's definition parts from what production did.

The dry run is answered by production's own Task results, call by call (per state and Map
iteration); a call production never made is answered with the error ``Replay.NotCalledInProduction``
so the run goes on and its history shows it. Both histories are read by the same reader
(:mod:`sfndeploy.operate.replay_history`), and their state visits are paired by state, Map
iteration and visit number. The first production visit (in history order) whose pair differs is
the divergence: a state the dry run never entered, another input, a Task request that differs from
the one production sent, more or fewer Task calls, another output, another next state; then the
states only the dry run entered, then the execution's outcome.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sfndeploy.executor.mocks import MapIteration, MockOutcome
from sfndeploy.operate.replay_case import call_outcome
from sfndeploy.operate.replay_history import UNSET, Recording, Visit
from sfndeploy.plan.diff import describe_field, field_changes

NOT_CALLED = "Replay.NotCalledInProduction"
_SHOWN_CHANGES = 3


@dataclass(frozen=True)
class Divergence:
    """The first difference: where (a state visit, or ``None`` for the execution's outcome) and why."""

    where: str | None
    reason: str

    def line(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


@dataclass(frozen=True)
class UnrecordedCall:
    state: str
    iteration: tuple[int, ...]
    number: int


class RecordedResponder:
    """Answers each Task call with production's answer to the same call (state, iteration, number)."""

    def __init__(self, recording: Recording) -> None:
        self.answers: dict[tuple[str, tuple[int, ...]], list[MockOutcome]] = {}
        for call in recording.calls:
            if call.answered:
                self.answers.setdefault((call.state, call.iteration), []).append(call_outcome(call))
        self.unrecorded: list[UnrecordedCall] = []

    def respond(
        self, state_name: str, invocation: int, request: Any, iteration: MapIteration | None = None
    ) -> MockOutcome:
        path = iteration.path if iteration is not None else ()
        number = iteration.invocation if iteration is not None else invocation
        answers = self.answers.get((state_name, path), [])
        if number < len(answers):
            return answers[number]
        self.unrecorded.append(UnrecordedCall(state_name, path, number))
        return MockOutcome(error=NOT_CALLED, cause="production made no such call")


def first_divergence(production: Recording, replayed: Recording) -> Divergence | None:
    """The first way ``replayed`` (the dry run) differs from ``production``; None when it does not."""
    paired = {visit.key: visit for visit in replayed.visits}
    for visit in production.visits:
        found = _visit_divergence(visit, paired.get(visit.key), production, replayed)
        if found is not None:
            return found
    produced = {visit.key for visit in production.visits}
    extra = next((visit for visit in replayed.visits if visit.key not in produced), None)
    if extra is not None and production.finished:
        return Divergence(extra.where, "the dry run entered this state; production never did")
    return _outcome_divergence(production, replayed) if production.finished else None


def _visit_divergence(
    visit: Visit, twin: Visit | None, production: Recording, replayed: Recording
) -> Divergence | None:
    if twin is None:
        return Divergence(visit.where, "production entered this state; the dry run never did")
    if visit.input is not UNSET and twin.input != visit.input:
        return Divergence(visit.where, f"another input than production's: {_changes(visit.input, twin.input)}")
    for number, call in enumerate(visit.calls, start=1):
        if number > len(twin.calls):
            return Divergence(visit.where, _count(len(visit.calls), len(twin.calls)))
        sent = twin.calls[number - 1].request
        if call.request is not UNSET and sent != call.request:
            changes = _changes(call.request, sent)
            return Divergence(visit.where, f"task call {number} sends another request than production's: {changes}")
    if len(twin.calls) > len(visit.calls):
        return Divergence(visit.where, _count(len(visit.calls), len(twin.calls)) + ": a call production never made")
    return _exit_divergence(visit, twin, production, replayed)


def _exit_divergence(visit: Visit, twin: Visit, production: Recording, replayed: Recording) -> Divergence | None:
    if visit.exited_id is None and twin.exited_id is not None:
        if not production.finished:
            return None  # production has not got further yet
        stopped = _failure(production)
        return Divergence(visit.where, f"production stopped here{stopped}; the dry run went on to {_next(twin)}")
    if visit.exited_id is not None and twin.exited_id is None:
        stopped = _failure(replayed)
        return Divergence(visit.where, f"production went on to {_next(visit)}; the dry run stopped here{stopped}")
    if visit.output is not UNSET and twin.output != visit.output:
        return Divergence(visit.where, f"another output than production's: {_changes(visit.output, twin.output)}")
    if visit.exited_id is not None and visit.next != twin.next and (visit.next is not None or production.finished):
        return Divergence(visit.where, f"production went on to {_next(visit)}, the dry run to {_next(twin)}")
    return None


def _outcome_divergence(production: Recording, replayed: Recording) -> Divergence | None:
    if replayed.status != production.status:
        ended = f"production ended {production.status}{_failure(production)}"
        return Divergence(None, f"{ended}, the dry run {replayed.status}{_failure(replayed)}")
    if (replayed.error, replayed.cause) != (production.error, production.cause):
        return Divergence(None, f"production failed{_failure(production)}, the dry run{_failure(replayed)}")
    if production.output is not UNSET and replayed.output != production.output:
        changes = _changes(production.output, replayed.output)
        return Divergence(None, f"another execution output than production's: {changes}")
    return None


def _count(production: int, dry: int) -> str:
    return f"production called the task {_times(production)}, the dry run {_times(dry)}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _next(visit: Visit) -> str:
    return visit.next or "the end of its branch"


def _failure(recording: Recording) -> str:
    if recording.error is None:
        return ""
    cause = f": {recording.cause}" if recording.cause else ""
    return f" ({recording.error}{_short(cause)})"


def _changes(old: Any, new: Any) -> str:
    changes = field_changes(old, new)
    if not changes or not changes[0].path:  # a value of another type, or at the top: show both
        return f"{_short(json.dumps(old, default=str))} → {_short(json.dumps(new, default=str))}"
    shown = [_production_to_now(describe_field(change)) for change in changes[:_SHOWN_CHANGES]]
    more = f" (and {len(changes) - _SHOWN_CHANGES} more)" if len(changes) > _SHOWN_CHANGES else ""
    return "; ".join(shown) + more


def _production_to_now(line: str) -> str:
    """``plan``'s ``+ a: 1`` / ``- a: 1`` / ``~ a: 1 → 2`` as production's value, then the dry run's."""
    sign, rest = line[0], line[2:]
    if sign == "~":
        return rest
    path, _, value = rest.partition(": ")
    return f"{path}: (none) → {value}" if sign == "+" else f"{path}: {value} → (none)"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
