"""The Map state, inline and Distributed: runs its ItemProcessor once per item.

Iterations run concurrently on the virtual clock (see ``scheduler``), ``MaxConcurrency`` at a
time (0: AWS's own limits), so waits inside iterations overlap and their events interleave as in
AWS; the state ends when the last iteration does. Results are in input order. A Distributed Map
(ItemReader fed by mocks, ItemBatcher, ToleratedFailureCount/Percentage, ResultWriter) records
MapRun events instead of iteration events, as its iterations are child executions in AWS.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sfndeploy.asl.jsonfmt import json_type_name, to_json
from sfndeploy.executor.expressions import (
    Evaluator,
    JsonataEvaluator,
    PathReader,
    compile_template,
    query_problem,
)
from sfndeploy.executor.failures import (
    STATES_EXCEED_TOLERATED_FAILURE_THRESHOLD,
    STATES_RUNTIME,
    EvaluationProblem,
    MockMissing,
    StatesFailure,
)
from sfndeploy.executor.runtime import Execution, MapRun, Scope, StateRun
from sfndeploy.executor.scheduler import Aborted, Branch, Group
from sfndeploy.executor.states.base import JsonPathFlow, jsonata_states, optional_jsonata
from sfndeploy.executor.states.guarded import GuardedState

if TYPE_CHECKING:
    from sfndeploy.executor.program import Program

# AWS's cause of States.ExceedToleratedFailureThreshold (as its TestState API reports it).
TOLERATED_FAILURE_CAUSE = "The specified tolerated failure threshold was exceeded"

# AWS: an Inline Map runs up to 40 iterations at once; a Distributed Map up to 10,000 child executions.
INLINE_CONCURRENCY = 40
DISTRIBUTED_CONCURRENCY = 10_000


@dataclass(frozen=True)
class MapSettings:
    """MaxConcurrency and the failure tolerance of one Map attempt, after paths/expressions."""

    max_concurrency: int = 0
    tolerated_count: Any = None
    tolerated_percentage: Any = None
    problems: tuple[str, ...] = ()  # invalid *Path values, reported after MapStateStarted

    @property
    def tolerance_declared(self) -> bool:
        return bool(self.tolerated_count) or bool(self.tolerated_percentage)

    def check(self) -> None:
        for problem in self.problems:
            raise EvaluationProblem(STATES_RUNTIME, problem)
        count, percentage = self.tolerated_count, self.tolerated_percentage
        if isinstance(count, (int, float)) and count < 0:
            raise EvaluationProblem(STATES_RUNTIME, "ToleratedFailureCount cannot be negative.")
        if isinstance(percentage, (int, float)) and not 0 <= percentage <= 100:
            raise EvaluationProblem(STATES_RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.")

    def tolerated(self, count: int) -> float:
        """How many failed iterations (of ``count``) the Map tolerates."""
        tolerated = 0.0
        if isinstance(self.tolerated_count, (int, float)):
            tolerated = max(tolerated, float(self.tolerated_count))
        if isinstance(self.tolerated_percentage, (int, float)):
            tolerated = max(tolerated, count * float(self.tolerated_percentage) / 100.0)
        return tolerated


class MapState(GuardedState):
    type_name = "Map"

    def __init__(self, name: str, spec: dict[str, Any], query_language: str, processor: Program) -> None:
        super().__init__(name, spec, query_language)
        self.programs = [processor]
        self.processor = processor
        processor_spec = spec.get("ItemProcessor") or spec.get("Iterator") or {}
        config = processor_spec.get("ProcessorConfig", {})
        self.distributed = config.get("Mode") == "DISTRIBUTED"
        self.execution_type = str(config.get("ExecutionType", "STANDARD"))
        self.processor_spec = processor_spec
        self.item_reader = spec.get("ItemReader")
        reader = self.item_reader or {}
        # What the reader is asked for: Parameters (JSONPath, ``.$`` fields) or Arguments (JSONata),
        # evaluated against the state input like a Task's.
        self.reader_parameters: Evaluator | None = None
        self.reader_arguments: JsonataEvaluator | None = None
        config = reader.get("ReaderConfig") or {}
        self.max_items_path = (
            PathReader(config["MaxItemsPath"], "MaxItemsPath") if "MaxItemsPath" in config else None
        )
        self.max_items_expr = (
            optional_jsonata(config, "MaxItems") if self.jsonata and isinstance(config.get("MaxItems"), str) else None
        )
        if self.jsonata and "Arguments" in reader:
            self.reader_arguments = optional_jsonata(reader, "Arguments")
        elif "Parameters" in reader:
            self.reader_parameters = compile_template(reader["Parameters"], "Parameters")
        self.item_batcher = spec.get("ItemBatcher")
        self.result_writer = spec.get("ResultWriter")
        self.label = spec.get("Label")
        self.tolerance_in_definition = any(
            key in spec
            for key in (
                "ToleratedFailureCount",
                "ToleratedFailurePercentage",
                "ToleratedFailureCountPath",
                "ToleratedFailurePercentagePath",
            )
        )
        self._compile_settings(spec)

    def _compile_settings(self, spec: dict[str, Any]) -> None:
        self.max_concurrency = spec.get("MaxConcurrency", 0)
        self.tolerated_count = spec.get("ToleratedFailureCount")
        self.tolerated_percentage = spec.get("ToleratedFailurePercentage")
        self.path_settings = {
            key: PathReader(spec[key], key)
            for key in ("MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath")
            if key in spec
        }
        self.item_selector_jsonpath: Evaluator | None = None
        self.item_selector_jsonata: JsonataEvaluator | None = None
        if self.jsonata:
            self.items_expr = optional_jsonata(spec, "Items")
            self.items_text = spec.get("Items")
            self.item_selector_jsonata = optional_jsonata(spec, "ItemSelector")
            self.output_expr = optional_jsonata(spec, "Output")
            self.setting_exprs = {
                key: optional_jsonata(spec, key)
                for key in ("MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage")
                if isinstance(spec.get(key), str)
            }
        else:
            flow_spec = {key: value for key, value in spec.items() if key != "Parameters"}
            self.flow = JsonPathFlow(flow_spec)
            self.items_path = PathReader(spec.get("ItemsPath", "$"), "ItemsPath")
            selector = spec.get("ItemSelector", spec.get("Parameters"))
            if selector is not None:
                self.item_selector_jsonpath = compile_template(selector, "ItemSelector")

    def on_final_failure(self, run: StateRun, failure: StatesFailure) -> None:
        if failure.retriable:  # AWS records no MapStateFailed for States.Runtime
            run.execution.emit("MapStateFailed", failure.error_output_details())

    # -- one attempt of the whole Map ---------------------------------------------------------

    def _attempt_jsonpath(self, run: StateRun, raw_input: Any) -> Any:
        flow = self.flow
        effective = raw_input if flow.input_path.identity else flow.input_path.read(raw_input, run)
        items = self._read_items(run, effective)
        if not isinstance(items, list):
            raise EvaluationProblem(STATES_RUNTIME, f"Map state input must be an array but was: {to_json(items)}")
        result = self._iterate(run, items, effective, lambda: self._jsonpath_settings(run, effective))
        result = flow.select_result(result, run)
        self.assign_from(run, result, None)
        return flow.output(raw_input, result, run)

    def _attempt_jsonata(self, run: StateRun, raw_input: Any) -> Any:
        states = jsonata_states(run, raw_input)
        if self.item_reader is not None:
            items = self._read_items(run, raw_input, states)
        elif self.items_expr is not None:
            items = self.items_expr(run, states)
            if not isinstance(items, list):
                text = self.items_text.strip()[2:-2].strip() if isinstance(self.items_text, str) else self.items_text
                raise query_problem(
                    f"The JSONata expression '{text}' specified for the field 'Items' returned an unexpected "
                    f"result type. Expected 'array', but was '{json_type_name(items)}' for value: {to_json(items)}"
                )
        else:
            items = raw_input
            if not isinstance(items, list):
                raise query_problem(f"Map state input must be an array but was: {to_json(items)}")

        def settings() -> MapSettings:
            values = {key: expr(run, states) for key, expr in self.setting_exprs.items() if expr is not None}
            return self._settings(values)

        states["result"] = run.result = self._iterate(run, items, raw_input, settings)
        output = states["result"] if self.output_expr is None else self.output_expr(run, states)
        self.assign_from(run, None, states)
        return output

    def _read_items(self, run: StateRun, effective: Any, states: dict[str, Any] | None = None) -> Any:
        if self.item_reader is None:
            return self.items_path.read(effective, run)
        execution = run.execution
        number = execution.invocations.get(self.name, 0)
        execution.invocations[self.name] = number + 1
        request = self._reader_request(run, effective, states)
        try:
            outcome = execution.mocks.respond(self.name, number, request)
        except MockMissing as missing:
            raise self._reader_mock_missing() if missing.unmocked else missing from None
        if outcome.echoed:  # the request is no stand-in for the object's content
            raise self._reader_mock_missing()
        if outcome.failed:
            raise StatesFailure(outcome.error, outcome.cause)
        reader_config = self.item_reader.get("ReaderConfig", {})
        items = _reader_items(outcome.result, reader_config, self._max_items(run, reader_config, effective, states))
        run.map_item_source = _item_source(self.item_reader, request)
        return items

    def _reader_mock_missing(self) -> MockMissing:
        return MockMissing(
            self.name,
            f"the ItemReader of Map state '{self.name}' needs a mock: its items are read from S3, "
            "and --echo-tasks cannot make them up",
            unmocked=True,
            hint=f"mock the state '{self.name}' with the object's content: a JSON array, or CSV/JSON Lines text "
            f"(a test case 'mocks' entry '{self.name}: {{return: [...]}}' or a mock config Return)",
        )

    def _max_items(
        self, run: StateRun, reader_config: dict[str, Any], effective: Any, states: dict[str, Any] | None
    ) -> Any:
        """ReaderConfig ``MaxItems``: a number, ``MaxItemsPath`` (JSONPath) or a JSONata expression."""
        if self.max_items_path is not None:
            return _integer_like(self.max_items_path.read(effective, run))
        if self.max_items_expr is not None:
            return self.max_items_expr(run, states or jsonata_states(run, effective))
        return reader_config.get("MaxItems")

    def _reader_request(self, run: StateRun, effective: Any, states: dict[str, Any] | None) -> Any:
        if self.reader_arguments is not None:
            return self.reader_arguments(run, states or jsonata_states(run, effective))
        if self.reader_parameters is not None:
            return self.reader_parameters(effective, run)
        return {}

    def _jsonpath_settings(self, run: StateRun, effective: Any) -> MapSettings:
        values: dict[str, Any] = {}
        deferred: list[str] = []
        for key, reader in self.path_settings.items():
            value = _integer_like(reader.read(effective, run))
            name = key[: -len("Path")]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problem = f'The {key} field refers to value "{value}" which is not a valid integer: {reader.text}'
                if name == "MaxConcurrency":  # reported before MapStateStarted, the others after it
                    raise EvaluationProblem(STATES_RUNTIME, problem)
                deferred.append(problem)
                continue
            values[name] = value
        return self._settings(values, tuple(deferred))

    def _settings(self, overrides: dict[str, Any], deferred: tuple[str, ...] = ()) -> MapSettings:
        def literal(value: Any) -> Any:
            return None if isinstance(value, str) else value  # a string is a JSONata expression

        return MapSettings(
            max_concurrency=int(overrides.get("MaxConcurrency", literal(self.max_concurrency)) or 0),
            tolerated_count=overrides.get("ToleratedFailureCount", literal(self.tolerated_count)),
            tolerated_percentage=overrides.get("ToleratedFailurePercentage", literal(self.tolerated_percentage)),
            problems=deferred,
        )

    # -- iterations ---------------------------------------------------------------------------

    def _iterate(
        self, run: StateRun, items: list[Any], context_input: Any, read_settings: Callable[[], MapSettings]
    ) -> Any:
        execution = run.execution
        inputs = self._batches(run, items, context_input) if self.item_batcher else None
        count = len(inputs) if inputs is not None else len(items)
        settings = read_settings()
        execution.emit("MapStateStarted", {"length": count})
        settings.check()
        map_run_arn = self._map_run_arn(execution)
        if self.distributed:
            execution.emit("MapRunStarted", {"mapRunArn": map_run_arn})
        tolerated = settings.tolerated(count)
        child_events: list[Any] | None = [] if self.distributed else None  # child executions' histories
        durations: dict[int, float] = {}
        try:
            results = self._run_iterations(
                run, items, inputs, context_input, settings, tolerated, child_events, durations
            )
        except StatesFailure as failure:
            self._note_child_states(execution, child_events, durations)
            if self.distributed:
                execution.emit("MapRunFailed", failure.error_output_details())
            raise
        self._note_child_states(execution, child_events, durations)
        if self.distributed:
            execution.emit("MapRunSucceeded")
        execution.emit("MapStateSucceeded")
        if self.result_writer is not None:
            return self._written_results(map_run_arn)
        return results

    def _run_iterations(
        self,
        run: StateRun,
        items: list[Any],
        inputs: list[Any] | None,
        context_input: Any,
        settings: MapSettings,
        tolerated: float,
        child_events: list[Any] | None,
        durations: dict[int, float],
    ) -> list[Any]:
        """Run the iterations concurrently on the virtual clock, ``MaxConcurrency`` at a time.

        Failures count in the order they happen: the one that crosses the tolerated threshold
        fails the state at that moment, and the iterations still running are aborted.
        """
        execution = run.execution
        inline = not self.distributed
        processor = self.processor
        count = len(inputs) if inputs is not None else len(items)

        def iteration(index: int) -> Any:
            item_input = (
                inputs[index] if inputs is not None else self._item_input(run, index, items[index], context_input)
            )
            if not inline:
                started = execution.now
                try:
                    return processor.run(execution, Scope(run.scope, index), item_input)
                finally:
                    durations[index] = execution.now - started
            details = {"name": self.name, "index": index}
            execution.emit("MapIterationStarted", details)
            try:
                result = processor.run(execution, Scope(run.scope, index), item_input)
            except StatesFailure:
                execution.emit("MapIterationFailed", details)
                raise
            except Aborted:
                execution.emit("MapIterationAborted", details)
                raise
            execution.emit("MapIterationSucceeded", details)
            return result

        failed: list[Branch] = []
        terminal: list[StatesFailure] = []  # States.Runtime in an inline iteration ends the execution

        def on_done(branch: Branch) -> bool:
            failure = branch.failure
            if failure is None:
                return False
            if inline and not failure.retriable:
                terminal.append(failure)
                return True
            failed.append(branch)
            return len(failed) > tolerated

        limit = INLINE_CONCURRENCY if inline else DISTRIBUTED_CONCURRENCY
        concurrency = min(settings.max_concurrency or limit, limit)
        group = Group(
            execution,
            iteration,
            count,
            concurrency=concurrency,
            events=child_events,
            can_pause=processor.can_pause,
            zero_pauses=inline,
        )
        branches = group.run(on_done)
        if terminal:
            raise terminal[0]
        if len(failed) > tolerated:
            failure = failed[-1].failure
            assert failure is not None
            if inline and failure.unfinished_state:
                execution.emit(failure.unfinished_state)
            raise self._threshold_failure(failure, tolerated, settings)
        return [branch.failure.error_output() if branch.failure else branch.result for branch in branches]

    def _threshold_failure(self, failure: StatesFailure, tolerated: float, settings: MapSettings) -> StatesFailure:
        # A Distributed Map's Map Run fails on its (default 0) threshold; an Inline Map reports the
        # threshold only where the definition sets one, else the iteration's own error.
        if self.distributed or self.tolerance_in_definition or tolerated > 0 or settings.tolerance_declared:
            return StatesFailure(STATES_EXCEED_TOLERATED_FAILURE_THRESHOLD, TOLERATED_FAILURE_CAUSE)
        return failure.rethrown()

    def _note_child_states(
        self, execution: Execution, child_events: list[Any] | None, durations: dict[int, float]
    ) -> None:
        if child_events is None:
            return
        entered = [details["name"] for kind, _, details in child_events if kind.endswith("StateEntered") and details]
        execution.child_states_entered.update(entered)
        execution.map_runs.append(
            MapRun(
                state_name=self.name,
                execution_type=self.execution_type,
                processor=self.processor_spec,
                states_entered=len(entered),
                retries=execution.retries.pop(id(child_events), 0),
                durations=tuple(durations[index] for index in sorted(durations)),
                events=tuple(child_events) if execution.keep_child_histories else (),
            )
        )

    def _item_input(self, run: StateRun, index: int, item: Any, context_input: Any) -> Any:
        if self.item_selector_jsonpath is not None:
            run.map_item = (index, item)
            try:
                return self.item_selector_jsonpath(context_input, run)
            finally:
                run.map_item = None
        if self.item_selector_jsonata is not None:
            run.map_item = (index, item)
            try:
                return self.item_selector_jsonata(run, jsonata_states(run, context_input))
            finally:
                run.map_item = None
        return item

    def _batches(self, run: StateRun, items: list[Any], context_input: Any) -> list[Any]:
        batcher = self.item_batcher or {}
        size = batcher.get("MaxItemsPerBatch")
        if "MaxItemsPerBatchPath" in batcher:
            size = PathReader(batcher["MaxItemsPerBatchPath"], "MaxItemsPerBatchPath").read(context_input, run)
        size = int(size) if isinstance(size, (int, float)) and size > 0 else len(items) or 1
        batch_input = batcher.get("BatchInput")
        batches = []
        for first in range(0, len(items), size):
            batch: dict[str, Any] = {"Items": items[first : first + size]}
            if batch_input is not None:
                batch["BatchInput"] = batch_input
            batches.append(batch)
        return batches

    def _map_run_arn(self, execution: Execution) -> str:
        # arn:<partition>:states:<region>:<account>:mapRun:<state machine>/<label or state>:<id>
        machine_arn = str(execution.state_machine_context["Id"]).replace(":stateMachine:", ":mapRun:")
        run_id = uuid.UUID(int=execution.random.getrandbits(128), version=4)
        return f"{machine_arn}/{self.label or self.name}:{run_id}"

    def _written_results(self, map_run_arn: str) -> dict[str, Any]:
        parameters = (self.result_writer or {}).get("Parameters", {})
        return {
            "MapRunArn": map_run_arn,
            "ResultWriterDetails": {
                "Bucket": parameters.get("Bucket", ""),
                "Key": f"{parameters.get('Prefix', '')}manifest.json",
            },
        }


def _item_source(item_reader: dict[str, Any], request: Any) -> str:
    """``$$.Map.Item.Source`` of items read by an ItemReader, as AWS documents it: the S3 URI of
    the object read (``S3://bucket/key``), or of the bucket for an object listing (``S3://bucket``)."""
    parameters = request if isinstance(request, dict) else {}
    bucket = parameters.get("Bucket", "")
    if str(item_reader.get("Resource", "")).endswith("s3:listObjectsV2"):
        return f"S3://{bucket}"
    return f"S3://{bucket}/{parameters.get('Key', '')}"


def _integer_like(value: Any) -> Any:
    """AWS accepts numeric strings (``"1"``) where a ``*Path`` field wants an integer."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    return value


_CSV_DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}


def _reader_items(data: Any, reader_config: dict[str, Any], max_items: Any = None) -> Any:
    """Items from a mocked ItemReader response: a JSON array (or its text), JSON Lines, CSV text
    (``CSVDelimiter``, header row or ``CSVHeaders``), or an S3 listing; at most ``MaxItems``."""
    items = _parsed_items(data, reader_config)
    if isinstance(items, list) and isinstance(max_items, int) and not isinstance(max_items, bool) and max_items > 0:
        return items[:max_items]
    return items


def _parsed_items(data: Any, reader_config: dict[str, Any]) -> Any:
    input_type = reader_config.get("InputType")
    if isinstance(data, str) and input_type == "CSV":
        delimiter = _CSV_DELIMITERS.get(str(reader_config.get("CSVDelimiter", "COMMA")), ",")
        rows = list(csv.reader(io.StringIO(data), delimiter=delimiter))
        if reader_config.get("CSVHeaderLocation") == "GIVEN":
            header = reader_config.get("CSVHeaders", [])
        else:
            header, rows = (rows[0], rows[1:]) if rows else ([], [])
        return [dict(zip(header, row, strict=False)) for row in rows]
    if isinstance(data, str) and input_type == "JSONL":
        return [json.loads(line) for line in data.splitlines() if line.strip()]
    if isinstance(data, dict) and "Contents" in data:
        return data["Contents"]
    if isinstance(data, str):
        return json.loads(data)
    return data
