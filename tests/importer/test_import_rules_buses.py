"""import finds the rules that start a machine on every event bus of the account and region, not only on
the default one: one ListEventBuses, then one ListRuleNamesByTarget per custom bus and target ARN (the
machine's and each alias's). Against the local AWS endpoint, which serves both listings."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from sfndeploy.aws.api import AwsApi
from sfndeploy.aws.session import make_api
from sfndeploy.cli.main import cli
from sfndeploy.importer import settings_for
from sfndeploy.importer.rules import rules_of
from sfndeploy.importer.values import Substitutions
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.triggers.model import EventTrigger
from tests.aws.conftest import no_sleep
from tests.importer.conftest import ProjectFactory, brought_role
from tests.importer.test_bad_input import _create, _pass_machine

ACCOUNT = "123456789012"
PATTERN = {"source": ["acme.shop"], "detail-type": ["OrderPlaced"]}


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project-dir", str(root), *args])


def _machine_arn(name: str) -> str:
    return f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:{name}"


def _rule(api: AwsApi, bus: str, name: str, target: str, role: str) -> str:
    created = api.call("events", "PutRule", Name=name, EventBusName=bus, EventPattern=json.dumps(PATTERN))
    api.call("events", "PutTargets", Rule=name, EventBusName=bus, Targets=[{"Id": "t", "Arn": target, "RoleArn": role}])
    return str(created["RuleArn"])


def _custom_buses(api: AwsApi) -> int:
    return sum(1 for bus in api.call("events", "ListEventBuses")["EventBuses"] if bus["Name"] != "default")


def test_a_rule_on_a_custom_bus_becomes_a_trigger_on_that_bus_and_apply_adopts_it(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-orders-local"
    _create(api, machine, _pass_machine())
    role = brought_role(api, f"{env_name}-legacy-events", "events.amazonaws.com")
    bus = f"shop-{env_name}"
    api.call("events", "CreateEventBus", Name=bus)
    rule_arn = _rule(api, bus, f"{machine}-placed", _machine_arn(machine), role)
    other_bus = f"billing-{env_name}"
    api.call("events", "CreateEventBus", Name=other_bus)
    _rule(api, other_bus, f"{env_name}-unrelated", _machine_arn(f"{machine}-other"), role)  # starts another machine

    imported = _run(root, "import", machine, "-e", env_name)

    assert imported.exit_code == 0, imported.output
    assert f"~ adopt rule {machine}-placed (adds sfndeploy's ownership tags)" in imported.stdout
    project = load_project(root)
    [workflow] = render_workflows(project, load_environment(project, env_name), ["orders"])
    [trigger] = workflow.triggers
    assert isinstance(trigger, EventTrigger)
    assert (trigger.name, trigger.bus, trigger.rule_arn) == ("placed", bus, rule_arn)
    assert trigger.pattern == PATTERN

    applied = _run(root, "apply", "-e", env_name, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    tags = {t["Key"]: t["Value"] for t in api.call("events", "ListTagsForResource", ResourceARN=rule_arn)["Tags"]}
    assert (tags["sfndeploy:project"], tags["sfndeploy:environment"], tags["sfndeploy:workflow"]) == (
        "acme-workflows", env_name, "orders",
    )
    [target] = api.call("events", "ListTargetsByRule", Rule=f"{machine}-placed", EventBusName=bus)["Targets"]
    assert target["Arn"] == _machine_arn(machine)
    again = _run(root, "plan", "-e", env_name, "--detailed-exitcode")
    assert again.exit_code == 0, again.output


def test_each_custom_bus_is_asked_once_per_target_arn_and_an_alias_target_is_found(
    api: AwsApi, env_name: str, make_project: ProjectFactory
) -> None:
    root = make_project("target", env_name, with_vars=False, with_templates=False)
    machine = f"{env_name}-orders-local"
    role = brought_role(api, f"{env_name}-legacy-events", "events.amazonaws.com")
    bus = f"shop-{env_name}"
    api.call("events", "CreateEventBus", Name=bus)
    _rule(api, bus, "order-placed", f"{_machine_arn(machine)}:live", role)  # named otherwise, starts the alias
    _rule(api, "default", f"{machine}-placed", _machine_arn(machine), role)  # the same trigger name on default
    _rule(api, bus, f"{machine}-placed", _machine_arn(machine), role)
    env = load_environment(load_project(root), env_name)
    reader = make_api(settings_for(root, env_name, None), sleep=no_sleep)
    buses = _custom_buses(api)

    found = rules_of(reader, _machine_arn(machine), machine, env, Substitutions(env, "orders"), ["live"])

    calls = reader.calls
    assert calls["ListEventBuses"] == 1
    assert calls["ListRuleNamesByTarget"] == 2 * buses  # the machine's ARN and the alias's, on each custom bus
    assert calls["DescribeRule"] == 2  # the two rules of the custom bus that start the machine
    assert sorted(found.triggers) == ["order-placed", "placed", f"placed-{bus}"]
    assert found.triggers["placed"]["event"] == {"pattern": PATTERN}  # the default bus is not spelled out
    assert found.triggers[f"placed-{bus}"]["event"]["bus"] == bus
    assert found.triggers["order-placed"]["event"]["bus"] == bus
    assert found.renamed == (f"{bus}/{machine}-placed", f"{bus}/order-placed")  # apply creates them anew
    assert list(found.kept) == [f"{machine}-placed"]  # the rule apply adopts, with its tags read
