"""The documented Jinja context every template sees.

- ``env``: the environment (``name``, ``region``, ``account_id``, ``partition``, ``tags``,
  ``naming`` with ``prefix``/``suffix``, ``promoted_from``, ``logging``, ``tracing``).
- ``vars``: the environment's free-form ``vars``.
- ``project``: ``name`` of the project.
- filters: ``tojson`` (plain JSON, no HTML escaping), ``named`` (applies the environment's
  prefix/suffix: ``{{ 'orders' | named }}``).
- functions: ``arn(service, resource, region=env.region, account=env.account_id)``,
  ``lambda_arn(function)``, ``sqs_queue_url(queue)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sfndeploy.model import Environment, Project


def template_context(project: Project, env: Environment) -> dict[str, Any]:
    def arn(service: str, resource: str, region: str | None = None, account: str | None = None) -> str:
        region = env.region if region is None else region
        account = env.account_id if account is None else account
        return f"arn:{env.partition}:{service}:{region}:{account}:{resource}"

    def lambda_arn(function: str) -> str:
        return arn("lambda", f"function:{function}")

    def sqs_queue_url(queue: str) -> str:
        return f"https://sqs.{env.region}.amazonaws.com/{env.account_id}/{queue}"

    return {
        "env": {
            "name": env.name,
            "region": env.region,
            "account_id": env.account_id,
            "partition": env.partition,
            "tags": dict(env.tags),
            "naming": {"prefix": env.naming.prefix, "suffix": env.naming.suffix},
            "promoted_from": env.promoted_from,
            "logging": {
                "level": env.logging.level,
                "include_execution_data": env.logging.include_execution_data,
            },
            "tracing": env.tracing,
        },
        "vars": dict(env.vars),
        "project": {"name": project.name},
        "arn": arn,
        "lambda_arn": lambda_arn,
        "sqs_queue_url": sqs_queue_url,
    }


def template_filters(env: Environment) -> dict[str, Callable[..., Any]]:
    return {"named": env.naming.apply}
