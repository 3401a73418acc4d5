"""The invoke role of every kind of trigger and notification, as ``render`` writes it, pinned.

Scheduler and EventBridge rule triggers on an alias, on a state machine without one and on an
Express workflow; a rule on a named bus and a rule on a schedule; a notification that starts another
workflow and one that puts events on another bus; a role the team brings (written as its ARN, nothing
generated), also next to an execution role the team brings. Each generated role may be assumed only
by its service for its own schedule group or rule (``aws:SourceAccount``, ``aws:SourceArn``) and may
do one thing to one target.

Refresh after an intended change with ``python -m tests.triggers.test_invoke_role_golden`` and review
the diff of ``golden/invoke-roles.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.render.artifacts import iam_document
from tests.foundation.conftest import ENV_DEV, HELLO_SPEC, ProjectFactory

GOLDEN = Path(__file__).with_name("golden") / "invoke-roles.json"
ACCOUNT = "111111111111"
BODY = HELLO_SPEC.split("\n", 1)[1]  # everything after the name line

ORDERS = f"""\
name: orders
alias: live
{BODY}triggers:
  nightly:
    schedule: cron(0 2 * * ? *)
    timezone: Europe/Berlin
  placed:
    event:
      pattern: {{source: [acme.shop], detail-type: [OrderPlaced]}}
  returned:
    event:
      bus: returns
      pattern: {{source: [acme.returns]}}
  hourly:
    event:
      schedule: rate(1 hour)
  brought:
    schedule: rate(1 day)
    role: {{arn: 'arn:aws:iam::{ACCOUNT}:role/team-scheduler'}}
notifications:
  cleanup:
    statuses: [FAILED]
    workflow: arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:quotes-dev
  audit:
    statuses: [SUCCEEDED, FAILED]
    bus: audit
  alerts:
    statuses: [TIMED_OUT]
    sns: arn:aws:sns:us-east-1:{ACCOUNT}:alerts
  pager:
    statuses: [ABORTED]
    workflow: arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:pager-dev:live
    role: {{arn: 'arn:aws:iam::{ACCOUNT}:role/team-events'}}
"""

QUOTES = f"""\
name: quotes
type: EXPRESS
{BODY}triggers:
  tick:
    schedule: rate(5 minutes)
  asked:
    event:
      pattern: {{source: [acme.quotes]}}
"""

LEGACY = f"""\
name: legacy
alias: live
role:
  arn: arn:aws:iam::{ACCOUNT}:role/team-execution
{BODY}triggers:
  nightly:
    schedule: rate(1 day)
notifications:
  audit:
    statuses: [FAILED]
    bus: audit
"""

FILES = {"templates/orders.yaml.j2": ORDERS, "templates/quotes.yaml.j2": QUOTES, "templates/legacy.yaml.j2": LEGACY}


def invoke_roles(root: Path) -> dict[str, Any]:
    project = load_project(root)
    documents = {}
    for workflow in render_workflows(project, load_environment(project, "dev")):
        document = iam_document(workflow)
        documents[workflow.name] = {
            key: document[key] for key in ("InvokeRoles", "NotificationRoles") if key in document
        }
    return json.loads(json.dumps(documents, sort_keys=True))


def test_every_invoke_role_is_as_pinned(make_project: ProjectFactory) -> None:
    root = make_project(FILES)
    (root / "templates" / "hello.yaml.j2").unlink()
    assert invoke_roles(root) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_each_generated_role_does_one_thing_to_its_own_target(make_project: ProjectFactory) -> None:
    """What the pinned file must say whatever else changes in it."""
    pinned = json.loads(GOLDEN.read_text(encoding="utf-8"))
    machine = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine"
    expected = {
        ("orders", "nightly"): ("scheduler", f"{machine}:orders-dev:live", "schedule-group/project-dev"),
        ("orders", "placed"): ("events", f"{machine}:orders-dev:live", "rule/orders-dev-placed"),
        ("orders", "returned"): ("events", f"{machine}:orders-dev:live", "rule/returns/orders-dev-returned"),
        ("orders", "hourly"): ("events", f"{machine}:orders-dev:live", "rule/orders-dev-hourly"),
        ("orders", "cleanup"): ("events", f"{machine}:quotes-dev", "rule/orders-dev-notify-cleanup"),
        ("orders", "audit"): (
            "events",
            f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit",
            "rule/orders-dev-notify-audit",
        ),
        ("quotes", "tick"): ("scheduler", f"{machine}:quotes-dev", "schedule-group/project-dev"),
        ("quotes", "asked"): ("events", f"{machine}:quotes-dev", "rule/quotes-dev-asked"),
        ("legacy", "nightly"): ("scheduler", f"{machine}:legacy-dev:live", "schedule-group/project-dev"),
        ("legacy", "audit"): (
            "events",
            f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/audit",
            "rule/legacy-dev-notify-audit",
        ),
    }
    generated = {
        (workflow, name): role
        for workflow, document in pinned.items()
        for roles in document.values()
        for name, role in roles.items()
        if "RoleName" in role
    }
    assert sorted(generated) == sorted(expected)
    for key, (service, target, source) in expected.items():
        role = generated[key]
        [trust] = role["TrustPolicy"]["Statement"]
        assert trust["Principal"] == {"Service": f"{service}.amazonaws.com"}, key
        service_of_source = "scheduler" if source.startswith("schedule-group/") else "events"
        assert trust["Condition"] == {
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "ArnEquals": {"aws:SourceArn": f"arn:aws:{service_of_source}:us-east-1:{ACCOUNT}:{source}"},
        }, key
        [statement] = role["Policy"]["Statement"]
        assert statement["Resource"] == target, key
        assert statement["Action"] in ("states:StartExecution", "events:PutEvents"), key
    assert pinned["orders"]["InvokeRoles"]["brought"] == {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/team-scheduler"}
    assert pinned["orders"]["NotificationRoles"]["pager"] == {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/team-events"}
    assert "alerts" not in pinned["orders"]["NotificationRoles"]  # an SNS target takes a topic policy, no role


def _refresh() -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "project"  # the project is named after its directory, as in make_project
        for relative, text in {"environments/dev.yaml": ENV_DEV, **FILES}.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(invoke_roles(root), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {GOLDEN}\n")


if __name__ == "__main__":
    _refresh()
