"""The live state in reference space: live definitions with the current secret values turned back
into the placeholders the sources have, so plans, fingerprints, drift and hashes compare references.

Every secret the selected workflows refer to is resolved here, before any write, so a plan fails
early on a secret it could not deploy, and the gate (:mod:`sfndeploy.secrets.gate`) knows every
value it must keep out of tags and descriptions from the first call on.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from sfndeploy.errors import SecretError
from sfndeploy.plan.desired import DesiredState, DesiredWorkflow
from sfndeploy.plan.live import LiveState
from sfndeploy.secrets import masking
from sfndeploy.secrets.references import conceal, names_in, strings
from sfndeploy.secrets.resolver import SecretResolver


def conceal_live(live: LiveState, desired: DesiredState, resolver: SecretResolver | None) -> LiveState:
    if resolver is None:
        return live
    values = resolver.values(set().union(*(names_in(w.definition) for w in desired.workflows)))
    for workflow in desired.workflows:
        refuse_secrets_outside_definition(workflow)
    machines = dict(live.state_machines)
    for workflow in desired.workflows:
        machine = machines.get(workflow.state_machine_name)
        if machine is not None and names_in(workflow.definition):
            concealed = conceal(workflow.definition, machine.definition, values)
            machines[machine.name] = replace(machine, definition=concealed)
    return replace(live, state_machines=machines)


def refuse_secrets_outside_definition(workflow: DesiredWorkflow) -> None:
    """Tags, descriptions, policies and the rest never carry a secret, by reference or by value."""
    fields = {k: v for k, v in asdict(workflow).items() if k not in ("definition", "role")}
    fields.update({f"role {k}": v for k, v in asdict(workflow.role).items()} if workflow.role else {})
    for field, value in fields.items():
        if any(names_in(text) or masking.contains_secret(text) for text in strings(value)):
            raise SecretError(
                f"workflow '{workflow.name}': its {field.replace('_', ' ')} would carry a secret; "
                "secrets go only into state machine definitions, never into tags or descriptions"
            )
