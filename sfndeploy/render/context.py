"""The documented Jinja context every template sees, and nothing more.

- ``env``: the environment (``name``, ``region``, ``account_id``, ``partition``, ``tags``,
  ``naming`` with ``prefix``/``suffix``, ``promoted_from``, ``logging``, ``tracing``).
- ``vars``: the environment's free-form ``vars``.
- ``project``: ``name`` of the project.
- filters: ``tojson`` (plain JSON, no HTML escaping), ``named`` (applies the environment's
  prefix/suffix: ``{{ 'orders' | named }}``).
- functions: ``arn(service, resource, region=env.region, account=env.account_id)``,
  ``lambda_arn(function)``, ``sqs_queue_url(queue)``, ``env_var(name, default)`` (only names on
  the environment file's ``template_env`` list) and ``secret(name)`` (a placeholder for a secret
  declared under ``secrets:``; the value is filled in only when the definition is written to AWS).

Templates never see the process environment, Python objects or modules: the renderer runs them
in Jinja's immutable sandbox (:mod:`sfndeploy.render.jinja`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from sfndeploy.errors import RenderError
from sfndeploy.model import Environment, Project
from sfndeploy.secrets.references import placeholder

_NO_DEFAULT: Any = object()


def template_context(
    project: Project, env: Environment, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
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
        "env_var": _env_var_function(env, os.environ if environ is None else environ),
        "secret": _secret_function(env),
    }


def _env_file(env: Environment) -> str:
    return env.secrets.declared_in or f"environments/{env.name}.yaml"


def _env_var_function(env: Environment, environ: Mapping[str, str]) -> Callable[..., str]:
    def env_var(name: str, default: Any = _NO_DEFAULT) -> str:
        if name not in env.template_env:
            raise RenderError(
                f"env_var('{name}'): {name} is not on the template_env list of {_env_file(env)}",
                hint="add it to template_env, or declare a secret for values that must stay secret",
            )
        if name in environ:
            return environ[name]
        if default is _NO_DEFAULT:
            raise RenderError(f"env_var('{name}'): {name} is not set", hint="set it, or give a default")
        return str(default)

    return env_var


def _secret_function(env: Environment) -> Callable[[str], str]:
    def secret(name: str) -> str:
        if env.secrets.get(name) is None:
            declared = ", ".join(env.secrets.names) or "none"
            raise RenderError(
                f"secret('{name}'): no secret '{name}' is declared under secrets: in {_env_file(env)} "
                f"(declared: {declared})"
            )
        return placeholder(name)

    return secret


def template_filters(env: Environment) -> dict[str, Callable[..., Any]]:
    return {"named": env.naming.apply}
