"""The one tag-update helper every kind uses: the difference, and the calls in each service's spelling."""

from __future__ import annotations

from sfndeploy.plan.tagging import (
    CLOUDWATCH,
    EVENTS,
    IAM_ROLE,
    SCHEDULER,
    STEP_FUNCTIONS,
    tag_calls,
    tag_diff,
    tag_lines,
)

LIVE = {"team": "a", "old": "x", "aws:cloudformation:stack-name": "s", "sfndeploy:config-hash": "1"}
WANTED = {"team": "b", "new": "y", "sfndeploy:config-hash": "2"}


def test_the_difference_sets_changed_values_and_removes_keys_the_sources_dropped_but_never_aws_keys() -> None:
    diff = tag_diff(LIVE, WANTED)
    assert diff.changed == {"team": "b", "new": "y", "sfndeploy:config-hash": "2"}
    assert diff.removed == ("old",)
    assert not tag_diff(WANTED, WANTED)


def test_keep_others_leaves_keys_the_sources_do_not_name() -> None:
    diff = tag_diff(LIVE, WANTED, keep_others=True)
    assert diff.removed == ()
    assert [c.operation for c in tag_calls(CLOUDWATCH, "arn:a", LIVE, WANTED, what="alarm a", keep_others=True)] == [
        "TagResource"
    ]


def test_untag_then_tag_then_the_recorded_hash_alone_in_each_service_s_spelling() -> None:
    calls = tag_calls(EVENTS, "arn:rule", LIVE, WANTED, what="rule r", last=("sfndeploy:config-hash",))
    assert [(c.service, c.operation, c.params, c.summary) for c in calls] == [
        ("events", "UntagResource", {"ResourceARN": "arn:rule", "TagKeys": ["old"]}, "untag rule r"),
        (
            "events",
            "TagResource",
            {"ResourceARN": "arn:rule", "Tags": [{"Key": "new", "Value": "y"}, {"Key": "team", "Value": "b"}]},
            "tag rule r",
        ),
        (
            "events",
            "TagResource",
            {"ResourceARN": "arn:rule", "Tags": [{"Key": "sfndeploy:config-hash", "Value": "2"}]},
            "tag rule r",
        ),
    ]
    assert {c.target for c in calls} == {"arn:rule"}


def test_each_service_names_the_resource_and_the_tags_its_own_way() -> None:
    live, wanted = {"gone": "1"}, {"k": "v"}
    sfn = tag_calls(STEP_FUNCTIONS, "arn:sm", live, wanted, what="orders")
    assert [(c.operation, c.params) for c in sfn] == [
        ("UntagResource", {"resourceArn": "arn:sm", "tagKeys": ["gone"]}),
        ("TagResource", {"resourceArn": "arn:sm", "tags": [{"key": "k", "value": "v"}]}),
    ]
    iam = tag_calls(IAM_ROLE, "role-a", live, wanted, what="role role-a")
    assert [(c.operation, c.params) for c in iam] == [
        ("UntagRole", {"RoleName": "role-a", "TagKeys": ["gone"]}),
        ("TagRole", {"RoleName": "role-a", "Tags": [{"Key": "k", "Value": "v"}]}),
    ]
    scheduler = tag_calls(SCHEDULER, "arn:group", live, wanted, what="schedule group g", target="g")
    assert [(c.operation, c.params, c.target) for c in scheduler] == [
        ("UntagResource", {"ResourceArn": "arn:group", "TagKeys": ["gone"]}, "g"),
        ("TagResource", {"ResourceArn": "arn:group", "Tags": [{"Key": "k", "Value": "v"}]}, "g"),
    ]


def test_plan_lines_name_each_key_and_hide_the_recorded_hashes() -> None:
    assert tag_lines("rule r", LIVE, WANTED, hidden=("sfndeploy:config-hash",)) == [
        "~ rule r tag new: (none) → y",
        "~ rule r tag team: a → b",
        "~ rule r tag old: x → (none)",
    ]
