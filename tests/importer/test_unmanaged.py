"""State machines made outside sfndeploy, with configurations and values the examples do not have."""

from __future__ import annotations

from sfndeploy.aws.api import AwsApi
from tests.importer.conftest import ProjectFactory
from tests.importer.test_bad_input import _create, _import, _pass_machine


def test_an_express_machine_with_tracing_round_trips(api: AwsApi, env_name: str, make_project: ProjectFactory) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    _create(
        api,
        f"{env_name}-fast-local",
        _pass_machine({"table": "events-local", "n": 3}),
        type="EXPRESS",
        tracingConfiguration={"enabled": True},
    )
    code, err = _import(root, env_name, f"{env_name}-fast-local")
    assert code == 0, err
    spec = (root / "templates" / "fast.yaml.j2").read_text()
    assert "type: EXPRESS\n" in spec and "tracing: true\n" in spec
    assert "table: {{ vars.fast.names.events | tojson }}" in spec
