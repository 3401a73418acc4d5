"""What starts a workflow: the spec's ``triggers:`` (EventBridge Scheduler schedules and EventBridge rules).

- :mod:`sfndeploy.triggers.model`: the rendered triggers, frozen dataclasses;
- :mod:`sfndeploy.triggers.expressions`: cron, rate and at expressions, time zones and dates;
- :mod:`sfndeploy.triggers.render`: the spec's ``triggers:`` into the model, refusing at the template line
  what AWS would refuse;
- :mod:`sfndeploy.triggers.iam`: the least-privilege invoke role each trigger gets.
"""
