"""The closest valid name to a misspelt one, for "did you mean ...?" in messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like ``word`` (difflib's ratio of at least 0.6), or None."""
    matches = difflib.get_close_matches(word, list(options), n=1)
    return matches[0] if matches else None
