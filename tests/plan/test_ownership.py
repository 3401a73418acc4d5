"""The one ownership decision: all three tags, naming exactly this project, environment and workflow."""

from __future__ import annotations

import pytest

from sfndeploy.plan.ownership import NotOwned, Owner, owned_by, owner_of, require_owned

OURS = {"sfndeploy:project": "shop", "sfndeploy:environment": "dev", "sfndeploy:workflow": "orders", "team": "x"}


def test_all_three_tags_naming_this_project_environment_and_workflow_are_ownership() -> None:
    assert owner_of(OURS) == Owner("shop", "dev", "orders")
    assert owned_by(OURS, "shop", "dev", "orders")
    assert owned_by(OURS, "shop", "dev")  # any workflow of the environment: what prune asks


@pytest.mark.parametrize(
    ("project", "environment", "workflow"),
    [("other", "dev", "orders"), ("shop", "staging", "orders"), ("shop", "dev", "refunds")],
)
def test_another_project_environment_or_workflow_is_not_ours(project: str, environment: str, workflow: str) -> None:
    assert not owned_by(OURS, project, environment, workflow)


@pytest.mark.parametrize("missing", ["sfndeploy:project", "sfndeploy:environment", "sfndeploy:workflow"])
def test_a_missing_tag_is_not_ownership_even_for_prune(missing: str) -> None:
    tags = {k: v for k, v in OURS.items() if k != missing}
    assert owner_of(tags) is None
    assert not owned_by(tags, "shop", "dev")


def test_require_owned_says_in_one_line_who_owns_it() -> None:
    with pytest.raises(NotOwned) as raised:
        require_owned(OURS, "state machine", "orders-dev", "shop", "prod", "orders")
    text = raised.value.one_line()
    assert "\n" not in text
    assert text.startswith(
        "state machine 'orders-dev' belongs to project 'shop', environment 'dev', workflow 'orders', "
        "not to project 'shop', environment 'prod', workflow 'orders'"
    )
    with pytest.raises(NotOwned, match="state machine 'x' is not managed by sfndeploy"):
        require_owned({"team": "x"}, "state machine", "x", "shop", "dev", "orders")
    require_owned(OURS, "state machine", "orders-dev", "shop", "dev", "orders")
