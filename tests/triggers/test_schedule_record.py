"""The record of what sfndeploy wrote to a schedule, kept at the end of its description (Scheduler has no tags)."""

from __future__ import annotations

import pytest

from sfndeploy.errors import ConfigError
from sfndeploy.pipeline import load_environment, load_project, render_workflows
from sfndeploy.triggers.model import EventTrigger, ScheduleTrigger
from sfndeploy.triggers.render import SCHEDULE_DESCRIPTION_LIMIT
from sfndeploy.triggers.schedules import split_record, user_description, with_record
from tests.foundation.conftest import HELLO_SPEC, ProjectFactory

HASH = "0123456789abcdef"


def test_the_record_follows_the_user_s_description_and_is_taken_off_again() -> None:
    assert with_record("nightly orders", HASH) == f"nightly orders [sfndeploy {HASH}]"
    assert with_record("", HASH) == f"[sfndeploy {HASH}]"
    assert split_record(f"nightly orders [sfndeploy {HASH}]") == ("nightly orders", HASH)
    assert split_record(f"[sfndeploy {HASH}]") == ("", HASH)
    assert user_description(f"nightly orders [sfndeploy {HASH}]") == "nightly orders"


@pytest.mark.parametrize(
    "text",
    [
        "nightly orders",  # an older sfndeploy's, or someone's who dropped the record
        "",
        f"nightly orders [sfndeploy {HASH}] and more",  # not at the end: the user's own words
        "nightly orders [sfndeploy 0123]",  # not a record of ours
        f"nightly orders[sfndeploy {HASH}]",  # not separated: the user's own words
    ],
)
def test_a_description_without_a_record_is_the_user_s_as_it_is(text: str) -> None:
    assert split_record(text) == (text, None)


def test_the_longest_description_a_spec_may_give_fits_scheduler_s_512_with_the_record() -> None:
    assert len(with_record("d" * SCHEDULE_DESCRIPTION_LIMIT, HASH)) == 512


def _render(make_project: ProjectFactory, trigger: str, description: str) -> ScheduleTrigger | EventTrigger:
    body = f"triggers:\n  nightly:\n    {trigger}\n    description: {description}\n"
    project = load_project(make_project({"templates/hello.yaml.j2": body + HELLO_SPEC}))
    [wf] = render_workflows(project, load_environment(project, "dev"))
    [found] = wf.triggers
    return found


def test_a_schedule_s_description_longer_than_what_leaves_room_for_the_record_is_refused_at_its_line(
    make_project: ProjectFactory,
) -> None:
    assert _render(make_project, "schedule: rate(1 day)", "d" * SCHEDULE_DESCRIPTION_LIMIT).description == (
        "d" * SCHEDULE_DESCRIPTION_LIMIT
    )
    with pytest.raises(ConfigError) as caught:
        _render(make_project, "schedule: rate(1 day)", "d" * (SCHEDULE_DESCRIPTION_LIMIT + 1))
    assert caught.value.key == "description"
    assert caught.value.message == (
        "a schedule's description is at most 483 characters (this one has 484): Scheduler keeps 512, "
        "and sfndeploy ends it with a hash of what it wrote"
    )
    assert caught.value.location is not None
    assert (caught.value.location.file, caught.value.location.line) == ("templates/hello.yaml.j2", 4)


def test_a_rule_keeps_every_one_of_its_512_characters(make_project: ProjectFactory) -> None:
    """A rule records its hash in a tag: its description is the user's whole."""
    found = _render(make_project, "event: {pattern: {source: [acme]}}", "d" * 512)
    assert found.description == "d" * 512
