"""The Choice state: the first rule that matches decides the next state, else Default."""

from __future__ import annotations

from typing import Any

from sfndeploy.executor.choice_rules import Test, compile_rule
from sfndeploy.executor.expressions import (
    Evaluator,
    JsonataEvaluator,
    compile_jsonata_value,
    compile_template,
)
from sfndeploy.executor.failures import STATES_NO_CHOICE_MATCHED, EvaluationProblem, StatesFailure
from sfndeploy.executor.runtime import Execution, Scope, StateRun
from sfndeploy.executor.states.base import JsonPathFlow, State, jsonata_states, optional_jsonata


class ChoiceBranch:
    """One entry of ``Choices``: its test, its Next, and its own Assign/Output."""

    __slots__ = ("assign_jsonata", "assign_jsonpath", "index", "next", "output", "test")

    def __init__(self, index: int, rule: dict[str, Any], jsonata: bool) -> None:
        self.index = index
        self.test: Test = compile_rule(rule, jsonata)
        self.next: str = rule["Next"]
        self.assign_jsonpath: Evaluator | None = None
        self.assign_jsonata: JsonataEvaluator | None = None
        self.output: JsonataEvaluator | None = None
        if "Assign" in rule:
            if jsonata:
                self.assign_jsonata = compile_jsonata_value(rule["Assign"], "Assign")
            else:
                self.assign_jsonpath = compile_template(rule["Assign"], "Assign")
        if jsonata and "Output" in rule:
            self.output = compile_jsonata_value(rule["Output"], "Output")


class ChoiceState(State):
    type_name = "Choice"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str) -> None:
        super().__init__(name, spec, query_language)
        self.branches = [ChoiceBranch(index, rule, self.jsonata) for index, rule in enumerate(spec["Choices"])]
        self.default: str | None = spec.get("Default")
        if self.jsonata:
            self.output_expr = optional_jsonata(spec, "Output")
        else:
            self.flow = JsonPathFlow({key: spec[key] for key in ("InputPath", "OutputPath") if key in spec})

    def execute(self, execution: Execution, scope: Scope, raw_input: Any) -> tuple[str | None, Any]:
        run = self.enter(execution, scope, raw_input)
        try:
            if self.jsonata:
                states = jsonata_states(run, raw_input)
                branch = self._choose(states, run)
                output = self._jsonata_output(run, states, raw_input, branch)
            else:
                effective = self.flow.effective_input(raw_input, run)
                branch = self._choose(effective, run)
                self._assign(run, branch, effective, None)
                output = self.flow.output(effective, effective, run)
        except EvaluationProblem as problem:
            raise self.failure(run, problem) from None
        if branch is None and self.default is None:
            raise StatesFailure(
                STATES_NO_CHOICE_MATCHED,
                f"An error occurred while executing the state '{self.name}' (entered at the event id "
                f"#{run.entered_event_id}). No Choice rule matched and no Default was specified.",
            )
        next_state = branch.next if branch is not None else self.default
        execution.edges.add((self.name, f"Choices[{branch.index}]" if branch else "Default", str(next_state)))
        self.exit(run, output)
        return next_state, output

    def _choose(self, data: Any, run: StateRun) -> ChoiceBranch | None:
        for branch in self.branches:
            if branch.test(data, run):
                return branch
        return None

    def _assign(self, run: StateRun, branch: ChoiceBranch | None, data: Any, states: dict[str, Any] | None) -> None:
        if branch is None or (branch.assign_jsonata is None and branch.assign_jsonpath is None):
            if branch is None:
                self.assign_from(run, data, states)
            return
        if branch.assign_jsonata is not None:
            values = branch.assign_jsonata(run, states or {})
        else:
            assert branch.assign_jsonpath is not None
            values = branch.assign_jsonpath(data, run)
        run.pending_assign = values

    def _jsonata_output(
        self, run: StateRun, states: dict[str, Any], raw_input: Any, branch: ChoiceBranch | None
    ) -> Any:
        expression = branch.output if branch is not None and branch.output is not None else None
        if expression is None and branch is None:
            expression = self.output_expr
        output = raw_input if expression is None else expression(run, states)
        self._assign(run, branch, None, states)
        return output
