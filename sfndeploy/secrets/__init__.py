"""Secrets: declared per environment, referenced by name in templates, resolved only at the AWS gate.

Templates write ``{{ secret('api_token') }}``, which renders the placeholder ``<secret:api_token>``.
Everything sfndeploy computes, prints or saves (rendered files, validation, dry runs, plans, saved
plans, drift, hashes, tags) holds the placeholder. Real values exist only inside
:class:`sfndeploy.aws.api.AwsApi`: placeholders in a state machine definition are replaced right
before ``CreateStateMachine``/``UpdateStateMachine`` and anywhere else they are refused. When a
plan compares with the live state, live strings that equal the desired string with its secrets
filled in are turned back into placeholders (:func:`references.conceal`), so plans, drift and
hashes compare references, never values. Every value resolved is also registered for masking
(:mod:`sfndeploy.secrets.masking`) wherever text is printed.
"""
