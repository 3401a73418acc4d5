"""Least-privilege IAM for a state machine's execution role, derived from its ASL definition.

``derive_iam(definition, context)`` returns the role's trust policy (states.amazonaws.com, limited
to this account's state machine) and an inline policy naming exactly the actions and resources the
definition's integrations use. Dynamic targets get the tightest wildcard and an ``IamWarning``; an
integration sfndeploy does not know raises ``IamDerivationError`` unless the spec's own statements
cover it.
"""

from __future__ import annotations

from sfndeploy.iam.derive import derive_iam
from sfndeploy.iam.model import DerivedIam, IamContext, IamWarning

__all__ = ["DerivedIam", "IamContext", "IamWarning", "derive_iam"]
