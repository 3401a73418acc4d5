"""Every rule the validator runs, one per module, grouped in topic folders."""

from __future__ import annotations

from sfndeploy.validate.rules.base import Finding, Rule, rule
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
)

__all__ = ["ALL_RULES", "Finding", "Rule", "rule"]
