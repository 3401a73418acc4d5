"""Retry and Catch: which error names match, how long to back off, where the error output goes."""

from __future__ import annotations

import random
from typing import Any

from sfndeploy.executor.expressions import (
    Evaluator,
    JsonataEvaluator,
    ResultPathWriter,
    compile_jsonata_value,
    compile_template,
)
from sfndeploy.executor.failures import (
    STATES_ALL,
    STATES_RUNTIME,
    STATES_TASK_FAILED,
    STATES_TIMEOUT,
    StatesFailure,
)
from sfndeploy.executor.runtime import StateRun


def error_matches(names: tuple[str, ...], error: str | None) -> bool:
    """AWS's matching: exact names; States.ALL matches all; States.TaskFailed all but States.Timeout."""
    if error == STATES_RUNTIME:
        return False
    for name in names:
        if name in (error, STATES_ALL):
            return True
        if name == STATES_TASK_FAILED and error != STATES_TIMEOUT:
            return True
    return False


class Retrier:
    """One entry of ``Retry``."""

    __slots__ = ("backoff_rate", "error_equals", "interval_seconds", "jitter", "max_attempts", "max_delay")

    def __init__(self, spec: dict[str, Any]) -> None:
        self.error_equals = tuple(spec["ErrorEquals"])
        self.interval_seconds = float(spec.get("IntervalSeconds", 1))
        self.max_attempts = int(spec.get("MaxAttempts", 3))
        self.backoff_rate = float(spec.get("BackoffRate", 2.0))
        self.max_delay: float | None = float(spec["MaxDelaySeconds"]) if "MaxDelaySeconds" in spec else None
        self.jitter = spec.get("JitterStrategy", "NONE")

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt + 1`` (``attempt`` counts from 0)."""
        seconds = self.interval_seconds * self.backoff_rate**attempt
        if self.max_delay is not None:
            seconds = min(seconds, self.max_delay)
        if self.jitter == "FULL":
            seconds = rng.uniform(0, seconds)
        return seconds


class Catcher:
    """One entry of ``Catch``: the error output becomes the state's output (at ResultPath)."""

    __slots__ = ("assign_jsonata", "assign_jsonpath", "error_equals", "next", "output", "result_path")

    def __init__(self, spec: dict[str, Any], jsonata: bool) -> None:
        self.error_equals = tuple(spec["ErrorEquals"])
        self.next: str = spec["Next"]
        self.result_path = ResultPathWriter(spec.get("ResultPath", "$"))
        self.output: JsonataEvaluator | None = None
        self.assign_jsonata: JsonataEvaluator | None = None
        self.assign_jsonpath: Evaluator | None = None
        if jsonata:
            if "Output" in spec:
                self.output = compile_jsonata_value(spec["Output"], "Output")
            if "Assign" in spec:
                self.assign_jsonata = compile_jsonata_value(spec["Assign"], "Assign")
        elif "Assign" in spec:
            self.assign_jsonpath = compile_template(spec["Assign"], "Assign")

    def handle(self, run: StateRun, raw_input: Any, failure: StatesFailure, jsonata: bool) -> Any:
        error_output = failure.error_output()
        if jsonata:
            states = {"input": raw_input, "context": run.context(), "errorOutput": error_output}
            output = error_output if self.output is None else self.output(run, states)
            if self.assign_jsonata is not None:
                run.pending_assign = self.assign_jsonata(run, states)
            return output
        if self.assign_jsonpath is not None:
            run.pending_assign = self.assign_jsonpath(error_output, run)
        return self.result_path.write(raw_input, error_output)


class ErrorHandling:
    """The Retry and Catch lists of a Task, Parallel or Map state."""

    __slots__ = ("catchers", "retriers")

    def __init__(self, spec: dict[str, Any], jsonata: bool) -> None:
        self.retriers = [Retrier(each) for each in spec.get("Retry", ())]
        self.catchers = [Catcher(each, jsonata) for each in spec.get("Catch", ())]

    def retrier_for(self, failure: StatesFailure) -> int | None:
        if not failure.retriable:
            return None
        for index, retrier in enumerate(self.retriers):
            if error_matches(retrier.error_equals, failure.error):
                return index
        return None

    def catcher_for(self, failure: StatesFailure) -> Catcher | None:
        if not failure.retriable:
            return None
        for catcher in self.catchers:
            if error_matches(catcher.error_equals, failure.error):
                return catcher
        return None
