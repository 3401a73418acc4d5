"""Import of live state machines into workflow specs (``sfndeploy import``).

    result = import_state_machines(api, project_dir, "dev", ["orders-dev"])
    result.workflows[0].spec_path, result.plan.has_changes

Stages: ``live`` reads a state machine, ``values`` turns environment-specific strings into
template expressions and new variables, ``spec`` builds the spec, ``templated`` writes it as
text, ``envfile`` adds the variables, ``service`` checks, writes, adopts and plans.
"""

from __future__ import annotations

from sfndeploy.importer.live import ImportFailed
from sfndeploy.importer.service import ImportedWorkflow, ImportResult, import_state_machines, settings_for

__all__ = ["ImportFailed", "ImportResult", "ImportedWorkflow", "import_state_machines", "settings_for"]
