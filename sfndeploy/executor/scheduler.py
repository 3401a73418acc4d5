"""Concurrent branches on the virtual clock: Map iterations and Parallel branches interleave as in AWS.

Each running branch (a Map iteration, a Parallel branch) runs in a worker :class:`greenlet` (one
per concurrency slot, reused by the next branch), so the interpreter stays plain synchronous code.
A branch *pauses* where AWS would wait for something outside the state machine: before a Task
state is entered, after a Task is scheduled, while it runs (its mocked duration, even 0), after it
failed, during a Wait state or a Retry back-off. A paused branch is resumed in virtual-time
order; ties go to the branch that paused first, so runs are deterministic. Branches that never
pause (Pass, Choice, ...) run one after another, which is also what AWS's recorded histories show
for them.

When a branch fails the state (Parallel: any failure; Map: one past the tolerated threshold), the
branches still running are *aborted*: :class:`Aborted` is thrown into each one where it is paused,
in branch order, so each state that was running records its ``*StateAborted`` event (and a Map
iteration its ``MapIterationAborted``) on the way out.

A group pauses as a whole in the group around it, so nested Map/Parallel states share one clock.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from greenlet import getcurrent, greenlet

from sfndeploy.executor.failures import StatesFailure

if TYPE_CHECKING:
    from sfndeploy.executor.runtime import Execution

_PAUSED = object()


class Aborted(Exception):
    """Thrown into a paused branch whose Map/Parallel state failed (or was itself aborted)."""


class Branch:
    """One Map iteration or Parallel branch: its greenlet and, once it ended, its outcome."""

    __slots__ = ("done", "failure", "index", "last_event", "result", "runner")

    def __init__(self, index: int, runner: greenlet | None, last_event: int = 0) -> None:
        self.index = index
        self.last_event = last_event  # id of the branch's latest event (first: the one before it)
        self.runner = runner
        self.done = False
        self.result: Any = None
        self.failure: StatesFailure | None = None


BranchBody = Callable[[int], Any]


class Group:
    """The branches of one Map or Parallel state, run by the state (the *driver*) until all end.

    ``body(index)`` runs branch ``index`` and returns its result or raises ``StatesFailure``.
    ``on_done(branch)`` is told of every branch that ends and returns True to stop the group
    (the remaining branches are then aborted). ``events`` is the list the branches record into
    (a Distributed Map's children have histories of their own).
    """

    def __init__(
        self,
        execution: Execution,
        body: BranchBody,
        count: int,
        *,
        concurrency: int,
        events: list[Any] | None = None,
        can_pause: bool = True,
        zero_pauses: bool = True,
    ) -> None:
        self.execution = execution
        self.body = body
        self.count = count
        self.concurrency = concurrency if concurrency > 0 else count
        self.outer: Group | None = execution.group
        self.outer_events = execution.events
        self.events = self.outer_events if events is None else events
        # What runs next: ``due`` holds, in order, what is due now (a paused branch, or the index of
        # a branch to start); ``later`` is a heap of (time, tie-break, branch) due later. When the
        # clock reaches the earliest of ``later``, everything due then moves to ``due``.
        self.due: deque[Branch | int] = deque()
        self.later: list[tuple[float, int, Branch]] = []
        self.branches: list[Branch | None] = [None] * count
        self._sequence = 0
        self.current: Branch | None = None  # the branch whose turn it is
        self.driver: greenlet | None = None  # the greenlet running ``run``: every worker's parent
        self._idle: list[greenlet] = []  # workers whose branch ended
        self.first_previous = len(self.events)  # a branch's first event follows the group's start
        # previousEventId links only for the execution's own history (not a child execution's)
        self.track_previous = self.events is execution.history_events
        # Branches that cannot pause run straight through in the driver: no greenlet needed.
        self.can_pause = can_pause
        # Zero pauses only order events among branches; a Distributed Map's children do not share a
        # history, so there they are skipped.
        self.zero_pauses = zero_pauses

    # -- inside a branch ----------------------------------------------------------------------

    def give_way(self, seconds: float) -> None:
        """Called in a branch (by ``Execution.pause``, which skips zero pauses nobody could use):
        the other branches run until ``seconds`` have passed for this one."""
        if seconds > 0:
            self._sequence += 1
            heapq.heappush(self.later, (self.execution.now + seconds, self._sequence, cast(Branch, self.current)))
        else:
            self.due.append(cast(Branch, self.current))
        cast(greenlet, self.driver).switch(_PAUSED)

    # -- the driver ---------------------------------------------------------------------------

    def run(self, on_done: Callable[[Branch], bool]) -> list[Branch]:
        """Run every branch (``concurrency`` at a time); return those that ran, in index order."""
        if not self.can_pause:
            return self._run_one_by_one(on_done)
        self.driver = getcurrent()
        first = min(self.concurrency, self.count)
        due, later = self.due, self.later
        due.extend(range(first))
        next_index = first
        try:
            while due or later:
                if not due:
                    self._advance_to_later()
                entry = due.popleft()
                if isinstance(entry, int):
                    branch = Branch(entry, None, self.first_previous)
                    self.branches[entry] = branch
                    outcome = self._resume(branch, self._worker_for(branch), entry)
                else:
                    branch = entry
                    outcome = self._resume(branch, branch.runner, None)
                if outcome is _PAUSED:
                    continue
                branch.done = True
                if on_done(branch):
                    self.abort_running()
                    break
                if next_index < self.count:
                    due.append(next_index)
                    next_index += 1
        except Aborted:
            self._leave()
            self.abort_running()
            raise
        finally:
            self._leave()
            self._dismiss_idle_workers()
        return [branch for branch in self.branches if branch is not None]

    def abort_running(self) -> None:
        """Throw :class:`Aborted` into every branch that started and has not ended, in index order."""
        self.due.clear()
        self.later.clear()
        for branch in self.branches:
            if branch is None or branch.done or branch.runner is None or branch.runner.dead:
                continue
            self._enter()
            self.current = branch
            first = len(self.events) + 1
            try:
                branch.runner.throw(Aborted())
            except Aborted:
                pass
            finally:
                self._leave()
                self._note_turn(branch, first)
            branch.done = True

    def _resume(self, branch: Branch, runner: greenlet | None, start_index: int | None) -> Any:
        """Switch into the branch's worker until the branch pauses (``_PAUSED``) or ends."""
        assert runner is not None
        execution = self.execution
        events = self.events
        execution.group = self  # as _enter(), inlined: this runs at every turn
        execution.events = events
        self.current = branch
        first = len(events) + 1
        outcome = runner.switch(start_index) if start_index is not None else runner.switch()
        execution.group = self.outer
        execution.events = self.outer_events
        if len(events) >= first and self.track_previous:
            self._note_turn(branch, first)
        if outcome is not _PAUSED:
            self._idle.append(runner)
        return outcome

    def _note_turn(self, branch: Branch, first: int) -> None:
        """After a branch's turn: its first event follows the branch's own latest event."""
        last = len(self.events)
        if last < first or not self.track_previous:
            return
        if branch.last_event != first - 1:
            # a nested group's branch, resumed inside this one, recorded the more precise link
            self.execution.previous_event_ids.setdefault(first, branch.last_event)
        branch.last_event = last

    def _run_one_by_one(self, on_done: Callable[[Branch], bool]) -> list[Branch]:
        """Branches that cannot pause: each runs to its end before the next starts, as in AWS."""
        branches: list[Branch] = []
        body = self.body
        self._enter()
        try:
            for index in range(self.count):
                branch = Branch(index, None)
                branches.append(branch)
                try:
                    branch.result = body(index)
                except StatesFailure as failure:
                    branch.failure = failure
                branch.done = True
                if on_done(branch):
                    break
        finally:
            self._leave()
        return branches

    def _worker_for(self, branch: Branch) -> greenlet:
        """An idle worker greenlet, or a new one: there are never more than ``concurrency``."""
        runner = self._idle.pop() if self._idle else greenlet(self._work)
        branch.runner = runner
        return runner

    def _work(self, index: int) -> None:
        """A worker: runs one branch after another, reporting each end to the driver."""
        me = getcurrent()
        body = self.body
        while True:
            branch = self.current
            assert branch is not None
            try:
                branch.result = body(index)
            except StatesFailure as failure:
                branch.failure = failure
            assert me.parent is not None
            index = me.parent.switch(branch)

    def _dismiss_idle_workers(self) -> None:
        for runner in self._idle:
            runner.throw()  # GreenletExit ends the worker's loop
        self._idle.clear()

    def _wait_outside(self, seconds: float) -> None:
        """Advance the clock by pausing this whole group in the group around it."""
        self._leave()
        self.execution.pause(seconds)

    def _enter(self) -> None:
        execution = self.execution
        execution.group = self
        execution.events = self.events

    def _leave(self) -> None:
        execution = self.execution
        execution.group = self.outer
        execution.events = self.outer_events

    def _advance_to_later(self) -> None:
        """Nothing is due now: wait (in the group around) until the earliest paused branch is due,
        and make every branch due then due now, in the order they paused."""
        later = self.later
        moment = later[0][0]
        execution = self.execution
        if moment > execution.now:
            self._wait_outside(moment - execution.now)
        while later and later[0][0] <= moment:
            self.due.append(heapq.heappop(later)[2])
