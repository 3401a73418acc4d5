from __future__ import annotations

from sfndeploy.cli.main import main

main()
