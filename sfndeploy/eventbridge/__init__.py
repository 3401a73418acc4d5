"""Amazon EventBridge, as far as sfndeploy needs it without calling AWS.

* :mod:`sfndeploy.eventbridge.patterns`: event patterns checked against EventBridge's grammar
  (match lists, content filters, ``$or``, size limits), each problem with the JSON pointer of the
  offending key;
* :mod:`sfndeploy.eventbridge.matching`: whether an event matches a pattern, and if not the first
  field that fails and why (``detail.status: "PLACED" is not one of ["OrderPlaced"]``);
* :mod:`sfndeploy.eventbridge.transformer`: what a rule's target receives: an input transformer
  (``InputPathsMap`` + ``InputTemplate``) or an input path applied to an event, and the checks
  EventBridge makes on both.

Pure functions over plain data; the rule resource kind and the validation of ``event:`` triggers
and ``notifications:`` build on them.
"""

from __future__ import annotations

from sfndeploy.eventbridge.problems import Problem

__all__ = ["Problem"]
