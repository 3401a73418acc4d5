"""One-line notes for the user from the core, such as an API the endpoint lacks.

The core logs them on :data:`NOTES` (each said once by whoever detects it); the CLI prints them as
``note: ...`` on standard error, and not at all under ``--quiet``.
"""

from __future__ import annotations

import logging

NOTES = logging.getLogger("sfndeploy.notes")
