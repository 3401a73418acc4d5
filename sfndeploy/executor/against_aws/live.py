"""The AWS side of ``test --against-aws``: the deployed workflow's role and the TestState calls.

Both go through :class:`~sfndeploy.aws.api.AwsApi`. What stops the whole check is an
:class:`AgainstAwsError` (exit status 1): a workflow not deployed in the environment, TestState
or ``iam:PassRole`` refused, an endpoint without TestState. A request AWS turns down on its own
merits (``ValidationException``, ``InvalidDefinition``) is answered with ``Refused`` and shown as
a disagreement of that state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sfndeploy.aws.errors import NOT_FOUND_CODES, UNSUPPORTED_CODES, AwsCallError
from sfndeploy.errors import SfnDeployError
from sfndeploy.executor.against_aws.check import Refused, TestStateCall

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.model import RenderedWorkflow

ACCESS_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
# What TestState answers for a request it will not run (the state, its input or the mock).
REFUSAL_CODES = frozenset({"ValidationException", "InvalidDefinition", "InvalidExecutionInput", "InvalidArn"})


class AgainstAwsError(SfnDeployError):
    """The check against AWS cannot be made (exit status 1, nothing written)."""


def deployed_role_arn(api: AwsApi, workflow: RenderedWorkflow) -> str:
    """The role of the workflow's live state machine in its environment."""
    arn = workflow.state_machine_arn
    env = workflow.environment.name
    try:
        found = api.call("stepfunctions", "DescribeStateMachine", target=arn, stateMachineArn=arn)
    except AwsCallError as error:
        if error.code in NOT_FOUND_CODES or error.code == "StateMachineDoesNotExist":
            raise AgainstAwsError(
                f"workflow '{workflow.name}' is not deployed in {env} (no state machine "
                f"{workflow.state_machine_name}); TestState runs with the deployed workflow's role",
                hint=f"deploy it first: sfndeploy apply -e {env}",
            ) from None
        raise
    return str(found["roleArn"])


def aws_state_tester(api: AwsApi, state_machine_name: str, env: str, role_arn: str) -> TestStateCall:
    """A :data:`TestStateCall` for the states of ``state_machine_name`` in environment ``env``."""

    def call(request: dict[str, Any]) -> dict[str, Any] | Refused:
        target = f"state '{request['stateName']}' of {state_machine_name}"
        try:
            return api.call("stepfunctions", "TestState", target=target, **request)
        except AwsCallError as error:
            if error.code in REFUSAL_CODES:
                return Refused(error.message)
            raise _stopping(error, env, role_arn) from None

    return call


def _stopping(error: AwsCallError, env: str, role_arn: str) -> SfnDeployError:
    if error.code in ACCESS_CODES:
        return AgainstAwsError(
            error.message,
            hint=f"checking against AWS needs states:TestState, and iam:PassRole on {role_arn}, "
            f"for the identity environment {env} uses",
        )
    if error.code in UNSUPPORTED_CODES:
        return AgainstAwsError(
            f"the endpoint of environment {env} does not serve TestState (it answered {error.code})",
            hint="check against AWS itself",
        )
    return error
