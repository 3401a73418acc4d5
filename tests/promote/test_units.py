"""Pure parts: provenance parsing, rollout policy and state, weights, pruning selection."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sfndeploy.errors import ConfigError
from sfndeploy.plan.desired import TAG_DEFINITION_HASH, TAG_ENVIRONMENT
from sfndeploy.promote.policy import RolloutPolicy, policy_of
from sfndeploy.promote.provenance import TAG_SOURCES_HASH, from_tags, parse_description, with_promotion
from sfndeploy.promote.rollout import Health, RolloutError, RolloutState, check_weights, decode_state
from sfndeploy.promote.versions import AliasInfo, prunable
from tests.plan.plan_factory import desired, environment, workflow


def test_the_description_apply_writes_parses_back() -> None:
    state = desired(workflow("orders", environment("staging")))
    text = state.workflow("orders").version_description

    found = parse_description(with_promotion(text, "dev"))

    assert found.revision == "abc123"
    assert found.environment == "staging"
    assert found.definition_hash == state.workflow("orders").definition_hash[:16]
    assert found.promoted_from == "dev"


def test_foreign_descriptions_have_no_provenance() -> None:
    assert not parse_description("hotfix by hand").known
    assert not parse_description(None).known


def test_sources_match_on_the_recorded_prefix() -> None:
    found = parse_description("sfndeploy rev=1 env=dev def=aa src=0123456789abcdef")

    assert found.matches_sources("0123456789abcdef" + "ff" * 24)
    assert not found.matches_sources("1123456789abcdef")
    assert not found.matches_sources("")


def test_tags_carry_provenance_of_the_current_revision() -> None:
    found = from_tags({TAG_ENVIRONMENT: "prod", TAG_DEFINITION_HASH: "d" * 64, TAG_SOURCES_HASH: "s" * 64})

    assert (found.environment, found.definition_hash, found.sources_hash) == ("prod", "d" * 64, "s" * 64)


def test_canary_goes_to_full_after_one_bake() -> None:
    policy = RolloutPolicy("canary", canary_weight=10, bake_minutes=30)

    assert (policy.first_weight(), policy.next_weight(10), policy.wait_seconds()) == (10, 100, 1800)


def test_linear_steps_until_full() -> None:
    policy = RolloutPolicy("linear", linear_step=30, interval_minutes=5)
    weights = [policy.first_weight()]
    while weights[-1] < 100:
        weights.append(policy.next_weight(weights[-1]))

    assert weights == [30, 60, 90, 100]
    assert policy.wait_seconds() == 300


def test_policy_comes_from_the_environment_file() -> None:
    env = environment("prod", deploy={"strategy": "canary", "canary_weight": 5, "alarms": ["a", "b"]})

    policy = policy_of(env)

    assert (policy.strategy, policy.canary_weight, policy.alarms) == ("canary", 5, ("a", "b"))


def test_unknown_strategy_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown deploy strategy 'blue-green'"):
        policy_of(environment("prod", deploy={"strategy": "blue-green"}))


def test_rollout_state_round_trips_within_the_alias_description_limit() -> None:
    state = RolloutState("active", "linear", 1000, 999, 30, 1764363000, 1764362000, "c" * 64, "alarm:" + "x" * 200)

    text = state.encode()
    back = decode_state(text)

    assert len(text) <= 256
    assert back is not None
    assert (back.new, back.old, back.weight, back.since, back.config_hash) == (1000, 999, 30, 1764363000, "c" * 64)


def test_other_descriptions_are_not_rollouts() -> None:
    assert decode_state("sfndeploy config abc") is None
    assert decode_state("sfndeploy rollout status=active") is None


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([(1, 90), (2, 20)], "add up to 110, not 100"),
        ([(1, 50)], "add up to 50, not 100"),
        ([(1, 50), (2, 25), (3, 25)], "one or two versions"),
        ([(1, 50), (1, 50)], "named twice"),
        ([(1, 120), (2, -20)], "between 0 and 100"),
    ],
)
def test_bad_weights_are_refused(weights: list[tuple[int, int]], message: str) -> None:
    with pytest.raises(RolloutError, match=message):
        check_weights(weights)


def test_pruning_keeps_the_newest_and_every_aliased_version() -> None:
    aliases = [AliasInfo("live", "arn:live", ((2, 90), (7, 10))), AliasInfo("old", "arn:old", ((4, 100),))]

    assert prunable(range(1, 11), aliases, keep=3) == [1, 3, 5, 6]


def test_alias_serves_the_version_with_the_larger_share() -> None:
    alias = AliasInfo("live", "arn", ((5, 20), (4, 80)))

    assert alias.serving == 4
    assert alias.weight_of(5) == 20


def test_tags_speak_for_the_served_version_only_when_its_definition_is_the_tagged_one() -> None:
    from sfndeploy.promote.promotion import served_provenance
    from sfndeploy.promote.provenance import Provenance

    version = parse_description("sfndeploy rev=abc env=dev def=0123456789abcdef src=aaaaaaaaaaaaaaaa")
    retagged = Provenance(environment="dev", definition_hash="0123456789abcdef" + "0" * 48, sources_hash="b" * 64)
    other_revision = Provenance(environment="dev", definition_hash="f" * 64, sources_hash="c" * 64)

    assert served_provenance(version, retagged).sources_hash == "b" * 64
    assert served_provenance(version, retagged).revision == "abc"
    assert served_provenance(version, other_revision).sources_hash == "aaaaaaaaaaaaaaaa"
    assert served_provenance(Provenance(), retagged) == retagged


def test_alarm_names_can_name_the_workflow() -> None:
    policy = RolloutPolicy("canary", alarms=("{workflow}-failures", "platform-errors", "orders-failures"))

    assert policy.alarms_for("orders") == ("orders-failures", "platform-errors")
    assert policy.alarms_for("refunds") == ("refunds-failures", "platform-errors", "orders-failures")
    assert "canary 10% for 10 min" in policy.describe()


def test_parallel_reads_keep_the_order_of_their_inputs() -> None:
    from sfndeploy.promote.concurrency import parallel_map

    def record(item: int) -> int:
        return item * 2

    assert parallel_map(record, list(range(40)), 8) == [item * 2 for item in range(40)]
    assert parallel_map(record, [3], 8) == [6]


def test_the_steps_a_rollout_workflow_runs_end_at_full_traffic() -> None:
    assert RolloutPolicy("canary", canary_weight=10, bake_minutes=30).steps() == ((10, 1800.0), (100, 0.0))
    assert RolloutPolicy("linear", linear_step=40, interval_minutes=5).steps() == (
        (40, 300.0), (80, 300.0), (100, 0.0)
    )
    assert RolloutPolicy().steps() == ((100, 0.0),)


def test_rollouts_run_on_step_functions_unless_the_environment_says_client() -> None:
    env = environment("prod")
    gradual = replace(env, deploy={"strategy": "canary", "max_failed_executions": 2, "poll_seconds": 30})

    assert policy_of(gradual).on_step_functions
    assert (policy_of(gradual).max_failed_executions, policy_of(gradual).poll_seconds) == (2, 30)
    assert not policy_of(replace(env, deploy={"strategy": "canary", "rollout": "client"})).on_step_functions
    assert not policy_of(replace(env, deploy={"strategy": "all-at-once"})).on_step_functions


def test_client_side_health_counts_failed_and_timed_out_executions_against_their_limits() -> None:
    within = Health(failed_executions=2, timed_out_executions=1, max_failed=2, max_timed_out=1)
    over = Health(failed_executions=2, timed_out_executions=2, max_failed=2, max_timed_out=1)

    assert within.healthy
    assert "3 failed or timed-out execution(s), within the limits, of the new version" in within.sentence()
    assert (over.healthy, over.reason(), over.sentence()) == (
        False, "timed-out-executions:2", "2 timed-out execution(s) of the new version"
    )
