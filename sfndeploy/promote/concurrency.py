"""Read-only AWS calls spread over a bounded thread pool (AwsApi is thread-safe and paced)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_CONCURRENCY = 16


def parallel_map(func: Callable[[T], R], items: Sequence[T], concurrency: int = DEFAULT_CONCURRENCY) -> list[R]:
    """``[func(item) for item in items]``, in order, with at most ``concurrency`` calls in flight."""
    if concurrency <= 1 or len(items) <= 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items))) as pool:
        return list(pool.map(func, items))
