"""Execution ARNs: what they name, and whether they lie in the environment's account and region."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sfndeploy.errors import UsageError
from sfndeploy.model import Environment
from sfndeploy.operate.errors import OperateError

# Standard: arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME
# Express:  arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID
# A Map Run's child execution names its machine MACHINE/LABEL.
_EXECUTION_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):states:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"(?P<kind>execution|express):(?P<machine>[^:/]+)(?:/[^:]+)?:(?P<name>[^:]+)(?::(?P<id>[^:]+))?$"
)


@dataclass(frozen=True)
class ExecutionRef:
    """An execution named by its ARN."""

    arn: str
    partition: str
    region: str
    account: str
    kind: str  # "execution" (Standard) or "express"
    state_machine_name: str
    name: str

    @property
    def state_machine_arn(self) -> str:
        return f"arn:{self.partition}:states:{self.region}:{self.account}:stateMachine:{self.state_machine_name}"


def parse_execution_arn(text: str) -> ExecutionRef:
    match = _EXECUTION_ARN.match(text.strip())
    if match is None:
        raise UsageError(
            f"'{text}' is not an execution ARN",
            hint="expected arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME",
        )
    return ExecutionRef(
        arn=text.strip(),
        partition=match["partition"],
        region=match["region"],
        account=match["account"],
        kind=match["kind"],
        state_machine_name=match["machine"],
        name=match["name"],
    )


def require_in_environment(ref: ExecutionRef, env: Environment) -> None:
    """Refuse an execution of another account or region than the environment's."""
    if ref.account != env.account_id or ref.region != env.region or ref.partition != env.partition:
        raise OperateError(
            f"execution '{ref.name}' is in account {ref.account}, region {ref.region}; environment "
            f"'{env.name}' is account {env.account_id}, region {env.region}",
            hint="pass the environment the execution belongs to with -e",
        )
