"""``sfndeploy test --against-aws``: the dry run of each visited state checked against AWS's TestState API.

``requests`` builds a TestState request from a state visit of an inspected dry run, ``live``
finds the deployed workflow's role and makes the calls (through ``sfndeploy.aws``), ``compare``
lists where AWS's answer differs, ``check`` runs this over a workflow's test cases and
``report`` shows the result as text, JSON and JUnit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sfndeploy.executor.against_aws.check import WorkflowCheck, check_workflow, unchecked_workflow
from sfndeploy.executor.against_aws.live import aws_state_tester, deployed_role_arn
from sfndeploy.secrets.references import names_in

if TYPE_CHECKING:
    from sfndeploy.aws.api import AwsApi
    from sfndeploy.executor.testing.suite import WorkflowTests
    from sfndeploy.model import RenderedWorkflow

__all__ = ["WorkflowCheck", "check_against_aws"]

# A definition with <secret:NAME> placeholders: TestState would need the values in the definition,
# and a secret's value goes to AWS only in the definition of the state machine itself.
SECRETS_REASON = "the definition refers to secrets, whose values TestState would need in the definition it is sent"


def check_against_aws(
    workflows: Sequence[RenderedWorkflow],
    outcomes: Sequence[WorkflowTests],
    *,
    profile: str | None = None,
    api: AwsApi | None = None,
) -> list[WorkflowCheck]:
    """Check the cases of every workflow that has some, through ``api`` (default: the environment's)."""
    tested = [(workflow, outcome) for workflow, outcome in zip(workflows, outcomes, strict=True) if outcome.has_tests]
    if not tested:
        return []
    if api is None:
        from sfndeploy.aws.session import make_api
        from sfndeploy.plan.service import environment_settings

        api = make_api(environment_settings(tested[0][0].environment, profile=profile))
    checks = []
    for workflow, outcome in tested:
        if names_in(workflow.definition):
            checks.append(unchecked_workflow(outcome, SECRETS_REASON))
            continue
        role_arn = deployed_role_arn(api, workflow)
        call = aws_state_tester(api, workflow.state_machine_name, workflow.environment.name, role_arn)
        checks.append(check_workflow(workflow.definition, outcome, role_arn, call))
    return checks
