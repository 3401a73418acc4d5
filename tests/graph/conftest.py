"""Tools the graph tests drive for real: Graphviz's ``dot`` and a headless Chromium.

Both are Debian packages; when missing they are installed here (``apt-get update`` then
``apt-get install -y``), which works as root on the development machines and in CI. Where they
cannot be installed the tests that need them are skipped, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache

import pytest

_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


@cache
def _apt_install(package: str) -> str:
    """'' on success, else why the package could not be installed."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available on this machine"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "installing Debian packages needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", package]):
        try:
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{' '.join(command)} failed: {error}"
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return f"{' '.join(command)} failed: {last}"
    return ""


def _find_or_install(names: tuple[str, ...], package: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    problem = _apt_install(package)
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"Debian package {package} is not installed and could not be installed: {problem or 'not found'}")


@pytest.fixture(scope="session")
def graphviz() -> str:
    """The path of Graphviz's ``dot``."""
    return _find_or_install(("dot",), "graphviz")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of a Chromium binary able to run headless."""
    return _find_or_install(_CHROMIUM_NAMES, "chromium")
