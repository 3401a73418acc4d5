"""What ``sfndeploy run`` and ``sfndeploy test`` share: reading inputs, definitions and mocks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sfndeploy.errors import ExecutionSetupError, SourceLocation
from sfndeploy.executor.engine import ExecutionOptions
from sfndeploy.executor.mocks import MockResponder, NoMocks, load_mock_config, responder_from_mock_config
from sfndeploy.loaders import load_document, load_json_file

if TYPE_CHECKING:
    from sfndeploy.model import RenderedWorkflow
    from sfndeploy.sourcemap import SourceMap
    from sfndeploy.validate import ValidationReport


def parse_input(text: str | None) -> Any:
    """``--input``: JSON text, or ``@FILE`` naming a JSON file; none means ``{}``."""
    if text is None:
        return {}
    if text.startswith("@"):
        data, _ = load_json_file(Path(text[1:]), error=ExecutionSetupError, what="input file")
        return data
    data, _ = load_document(text, file="--input", json_only=True, error=ExecutionSetupError)
    return data


def load_definition(path: Path) -> tuple[Any, SourceMap]:
    """A definition file (JSON or YAML) with its source map; a parse failure stays for the validator."""
    from sfndeploy.validate import parse_definition_text

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExecutionSetupError(
            f"cannot read the definition: {error.strerror}", location=SourceLocation(str(path))
        ) from None
    return parse_definition_text(raw, str(path))


def validate(definition: Any, *, workflow_type: str, source_map: SourceMap | None, name: str) -> ValidationReport:
    from sfndeploy.validate import validate_definition

    return validate_definition(definition, workflow_type=workflow_type, source_map=source_map, name=name)


def mock_responder(
    mock_config: Path | None, test_case: str | None, machine_names: list[str], *, echo: bool
) -> MockResponder:
    """The mocks of ``--mock-config FILE --test-case NAME`` (the first machine name found wins)."""
    if (mock_config is None) != (test_case is None):
        raise ExecutionSetupError("--mock-config and --test-case go together")
    if mock_config is None or test_case is None:
        return NoMocks(echo)
    config = load_mock_config(mock_config)
    machines = config.get("StateMachines", {})
    name = next((each for each in machine_names if each in machines), machine_names[0])
    return responder_from_mock_config(config, name, test_case, source=str(mock_config), echo=echo)


def options_for_workflow(
    workflow: RenderedWorkflow, *, max_events: int, execution_name: str, inspect: bool = False
) -> ExecutionOptions:
    env = workflow.environment
    return ExecutionOptions(
        execution_name=execution_name,
        state_machine_name=workflow.state_machine_name,
        region=env.region,
        account_id=env.account_id,
        partition=env.partition,
        role_arn=workflow.role.arn,
        max_events=max_events,
        workflow_type=workflow.type,
        inspect=inspect,
    )
