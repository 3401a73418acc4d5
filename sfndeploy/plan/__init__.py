"""Plan and apply: render -> validate -> desired model -> live state -> plan -> execute.

- :mod:`desired` turns rendered workflows into the state each resource should have, with
  ownership tags (``sfndeploy:project``, ``sfndeploy:environment``, ``sfndeploy:workflow``) and the
  hashes of what is written (``sfndeploy:definition-hash``, ``sfndeploy:config-hash`` on the state
  machine, ``sfndeploy:policy-hash`` on the role). :mod:`ownership` decides whether a resource is
  a project's, environment's and workflow's; nothing it does not call theirs is ever modified or
  deleted, and :mod:`write_guard` asks it again right before the executor's first write to each
  state machine and role.
- :mod:`kinds` holds one module per resource kind (execution role, log group, state machine,
  alias, ...): how each builds its desired state, reads its live state, diffs the two in the
  user's words, and the calls that create, update and delete it. To manage a new kind of
  resource, add a module there (its docstring spells out the contract).
- :mod:`live` reads the account (concurrently, counting calls), for roles every fact that grants
  rights (trust policy, every inline policy, attached managed policies, boundary) whether it reads
  them one by one or in bulk; :mod:`planner` is a pure function of both that runs the kinds in
  dependency order; :mod:`steps` holds the plan's frozen dataclasses; :mod:`diff` words the changes and
  masks secrets (keys containing ``secret``, ``password`` or ``token``).
- :mod:`formatting` shows a plan (the display executor), :mod:`executor` runs it against AWS
  (retrying IAM propagation and in-progress deletions, bounded), :mod:`planfile` saves a plan as
  data (:mod:`desired_data` reads its desired state strictly, :mod:`saved_checks` checks it belongs
  to the project and environment) and compares the plan computed again with the reviewed one,
  :mod:`lock` keeps two applies of one environment apart and fences every write, :mod:`drift`
  finds edits made outside sfndeploy, :mod:`service` strings the stages together for the commands.

The permissions the deploying identity needs are data in :mod:`permissions` (read actions for a
plan role, all for a deploy role), shown in docs/permissions.md.
"""
