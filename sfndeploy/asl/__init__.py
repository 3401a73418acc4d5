"""The expression languages of the Amazon States Language.

* :mod:`sfndeploy.asl.jsonpath` - JSONPath as AWS Step Functions evaluates it (Jayway semantics),
  plus ResultPath assignment.
* :mod:`sfndeploy.asl.intrinsics` - the ``States.*`` intrinsic functions of JSONPath states.
* :mod:`sfndeploy.asl.payload` - Parameters / ItemSelector / ResultSelector payload templates
  (``"key.$"`` fields) compiled into fast evaluators.
* :mod:`sfndeploy.asl.jsonata` - JSONata expressions (``{% ... %}``) with the functions Step
  Functions adds.
* :mod:`sfndeploy.asl.jsonfmt` - how AWS (Java) prints JSON values and numbers.
* :mod:`sfndeploy.asl.counts` - how many states a definition has (the count every command shows).

Everything is compiled once (and cached by text) and evaluated cheaply many times.
"""

from __future__ import annotations
