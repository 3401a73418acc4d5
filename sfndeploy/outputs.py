"""Files sfndeploy writes for its user: whole or not at all, and with the user's umask.

Every output file is created here, by ``os.open`` with mode ``0o666``, so the kernel applies
the process umask as it does for any other program's output (``0o644`` under the usual ``022``).
``tempfile.mkstemp`` would create ``0o600`` files, which ``os.replace`` would then carry over.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sfndeploy.errors import ConfigError

_ATTEMPTS = 100


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a sibling temporary file, then a rename."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = _write_new_sibling(path, text)
        try:
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ConfigError(f"cannot write {path}: {error.strerror}") from error


def write_files_atomically(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Write every file of ``files`` (name -> text) into ``out_dir``, or none of them.

    They are staged in a temporary directory next to ``out_dir`` and moved in only when every
    one of them is ready, so a failed run leaves the output directory as it was.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".sfndeploy-", dir=out_dir.parent))
    except OSError as error:
        raise ConfigError(f"cannot write to {out_dir}: {error.strerror}") from error
    try:
        for name, text in files.items():
            _write_new(staging / name, text)
        written = []
        for name in files:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    except OSError as error:
        raise ConfigError(f"cannot write to {out_dir}: {error.strerror}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_new_sibling(path: Path, text: str) -> Path:
    """A new file next to ``path`` holding ``text``; its name starts with a dot and is unused."""
    for _ in range(_ATTEMPTS):
        temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            _write_new(temporary, text)
        except FileExistsError:
            continue
        return temporary
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path))


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` (it must not exist) with mode 0o666 less the umask, and write ``text``."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def append_text(path: Path, text: str) -> None:
    """Add ``text`` at the end of ``path`` (created with the user's umask if missing) in one write."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot append to {path}: {error.strerror}") from error
