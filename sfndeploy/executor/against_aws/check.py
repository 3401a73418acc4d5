"""Send every state a workflow's test cases visited to TestState and collect the disagreements.

The cases are those of ``sfndeploy test``, run with inspection (``ExecutionOptions.inspect``):
each top-level state of each case, as often as the case entered it. A request that was already
sent (a state in a loop that sees the same data) is answered from the first answer.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sfndeploy.executor.against_aws.compare import Disagreement, compare
from sfndeploy.executor.against_aws.requests import Skip, reads_context, state_request
from sfndeploy.executor.engine import StateMachine
from sfndeploy.executor.inspection import StateVisit
from sfndeploy.executor.mocks import responder_from_native
from sfndeploy.executor.testing.cases import WorkflowTestCase
from sfndeploy.executor.testing.runner import CaseResult
from sfndeploy.executor.testing.suite import WorkflowTests

# One TestState call: the request's parameters in, AWS's response out. It raises for a refusal
# that stops the whole check (permissions) and returns ``Refused`` for one AWS turned down.
TestStateCall = Callable[[dict[str, Any]], "dict[str, Any] | Refused"]


@dataclass(frozen=True)
class Refused:
    """AWS refused this one request (``ValidationException``, ``InvalidDefinition``, ...)."""

    message: str


@dataclass(frozen=True)
class NotSent:
    state: str
    reason: str


@dataclass(frozen=True)
class CaseCheck:
    case: WorkflowTestCase
    sent: int  # state runs sent to TestState
    disagreements: tuple[Disagreement, ...]
    not_sent: tuple[NotSent, ...]
    not_checked: str | None = None  # why nothing of the case was sent

    @property
    def agrees(self) -> bool:
        return not self.disagreements

    @property
    def mark(self) -> str:
        if self.disagreements:
            return "DIFFER"
        return "NOT CHECKED" if self.not_checked else "AGREE"


@dataclass(frozen=True)
class WorkflowCheck:
    workflow: str
    role_arn: str
    cases: tuple[CaseCheck, ...]
    calls: int  # TestState calls made (repeated requests are not sent again)

    @property
    def disagreeing(self) -> int:
        return sum(1 for case in self.cases if not case.agrees)

    @property
    def agreeing(self) -> int:
        return sum(1 for case in self.cases if case.mark == "AGREE")


def check_workflow(
    definition: dict[str, Any], tests: WorkflowTests, role_arn: str, call: TestStateCall
) -> WorkflowCheck:
    """Send the visited states of every case of ``tests`` (run with inspection) to TestState."""
    states = StateMachine(definition).program.states
    definition_text = json.dumps(definition, ensure_ascii=False)
    answers: dict[str, dict[str, Any] | Refused] = {}

    def ask(request: dict[str, Any]) -> dict[str, Any] | Refused:
        key = json.dumps(request, sort_keys=True)
        if key not in answers:
            answers[key] = call(request)
        return answers[key]

    cases = tuple(_check_case(result, states, definition_text, role_arn, ask) for result in tests.results)
    return WorkflowCheck(tests.workflow, role_arn, cases, len(answers))


def unchecked_workflow(tests: WorkflowTests, reason: str) -> WorkflowCheck:
    """A workflow none of whose cases is sent, and why."""
    cases = tuple(CaseCheck(each.case, 0, (), (), reason) for each in tests.results)
    return WorkflowCheck(tests.workflow, "", cases, 0)


def _check_case(
    result: CaseResult, states: dict[str, Any], definition_text: str, role_arn: str, ask: TestStateCall
) -> CaseCheck:
    if result.result.status == "NOT_RUN":
        reason = f"the dry run did not run: {result.result.cause or 'no cause'}"
        return CaseCheck(result.case, 0, (), (), not_checked=reason)
    sent = 0
    disagreements: list[Disagreement] = []
    not_sent: list[NotSent] = []
    reads: Counter[str] = Counter()  # a Map's mock answers its reader once per attempt, counted across visits
    for visit in result.result.visits:
        state = states[visit.name]
        reader_data = _reader_data(result.case, visit, reads[visit.name]) if "ItemReader" in state.spec else None
        reads[visit.name] += _attempts(visit)
        request = state_request(definition_text, state, visit, role_arn, reader_data=reader_data)
        if isinstance(request, Skip):
            not_sent.append(NotSent(visit.name, request.reason))
            continue
        sent += 1
        answer = ask(request)
        if isinstance(answer, Refused):
            disagreements.append(Disagreement(visit.name, "request", None, answer.message))
            continue
        context_note = "mock" not in request and reads_context(state)
        disagreements.extend(compare(visit, answer, context_note=context_note))
    return CaseCheck(result.case, sent, tuple(disagreements), tuple(not_sent))


def _attempts(visit: StateVisit) -> int:
    return len(visit.failed_attempts) + (1 if visit.status == "SUCCEEDED" else 0)


def _reader_data(case: WorkflowTestCase, visit: StateVisit, earlier_reads: int) -> str | None:
    """What a Distributed Map's reader read on the visit's last attempt: the case's mock of the Map
    (JSON as text, CSV as it is); None when the case mocks through a mock config file."""
    if visit.name not in case.mocks:
        return None
    last = earlier_reads + _attempts(visit) - 1
    outcome = responder_from_native({visit.name: case.mocks[visit.name]}).respond(visit.name, last, None)
    if outcome.failed:
        return None
    content = outcome.result
    return content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
