"""Every rule the validator runs, one per module, grouped in topic folders."""

from __future__ import annotations

from sfndeploy.validate.rules.base import Finding, Rule, rule
from sfndeploy.validate.rules.choice.choice_rule import choice_rule
from sfndeploy.validate.rules.choice.choice_value_type import choice_value_type
from sfndeploy.validate.rules.fields.heartbeat_timeout import heartbeat_below_timeout
from sfndeploy.validate.rules.fields.path_exclusive import field_and_path_exclusive
from sfndeploy.validate.rules.fields.timestamps import rfc3339_timestamp
from sfndeploy.validate.rules.fields.wait_duration import wait_duration
from sfndeploy.validate.rules.jsonata.jsonata_syntax import jsonata_syntax
from sfndeploy.validate.rules.paths.dollar_value import dollar_field_value
from sfndeploy.validate.rules.paths.filter_literal import jsonpath_filter_literal
from sfndeploy.validate.rules.paths.intrinsic_syntax import intrinsic_syntax
from sfndeploy.validate.rules.paths.jsonpath_syntax import jsonpath_syntax
from sfndeploy.validate.rules.paths.no_dollar import no_dollar
from sfndeploy.validate.rules.paths.no_path import no_path
from sfndeploy.validate.rules.paths.pass_result_static import pass_result_is_static
from sfndeploy.validate.rules.paths.payload_duplicate_key import payload_duplicate_key
from sfndeploy.validate.rules.retry_catch.retry_bounds import retry_bounds
from sfndeploy.validate.rules.retry_catch.states_all import states_all_last
from sfndeploy.validate.rules.schema.definition_shape import definition_shape
from sfndeploy.validate.rules.schema.distributed_fields import distributed_map_fields
from sfndeploy.validate.rules.schema.map_processor import map_processor
from sfndeploy.validate.rules.schema.query_language import query_language_downgrade
from sfndeploy.validate.rules.schema.state_shape import state_shape
from sfndeploy.validate.rules.structure.definition_size import definition_size
from sfndeploy.validate.rules.structure.endless_loop import endless_loop
from sfndeploy.validate.rules.structure.next_or_end import next_or_end
from sfndeploy.validate.rules.structure.reachability import unreachable_state
from sfndeploy.validate.rules.structure.start_at import start_at_target
from sfndeploy.validate.rules.structure.state_names import duplicate_state_name, invalid_state_name
from sfndeploy.validate.rules.structure.terminal_path import missing_end_state
from sfndeploy.validate.rules.structure.transition_targets import transition_target
from sfndeploy.validate.rules.tasks.express_limits import express_unsupported
from sfndeploy.validate.rules.tasks.resource_arn import resource_arn
from sfndeploy.validate.rules.tasks.retry_without_catch import retry_non_idempotent
from sfndeploy.validate.rules.tasks.task_timeout import task_timeout
from sfndeploy.validate.rules.variables.variable_assigned import variable_assigned
from sfndeploy.validate.rules.variables.variable_names import variable_name

ALL_RULES: tuple[Rule, ...] = (
    definition_shape,
    state_shape,
    query_language_downgrade,
    map_processor,
    distributed_map_fields,
    start_at_target,
    transition_target,
    next_or_end,
    unreachable_state,
    missing_end_state,
    endless_loop,
    duplicate_state_name,
    invalid_state_name,
    definition_size,
    choice_rule,
    choice_value_type,
    states_all_last,
    retry_bounds,
    field_and_path_exclusive,
    wait_duration,
    heartbeat_below_timeout,
    rfc3339_timestamp,
    jsonpath_syntax,
    intrinsic_syntax,
    dollar_field_value,
    payload_duplicate_key,
    jsonata_syntax,
    variable_name,
    variable_assigned,
    resource_arn,
    express_unsupported,
    no_dollar,
    no_path,
    jsonpath_filter_literal,
    pass_result_is_static,
    task_timeout,
    retry_non_idempotent,
)

__all__ = ["ALL_RULES", "Finding", "Rule", "rule"]
