"""Using the second core: a share of the work in a forked process, the rest in this one.

MkDocs renders pages one after the other; some work before it (reading and checking all records)
splits into independent shares. :func:`split` runs share 1…n−1 in
forked processes while this process does share 0, and returns all results in share order. Where
forking is not possible (another platform, a sandbox without fork) everything runs here, with the
same results: callers merge the shares so that the outcome does not depend on how it was split.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import Callable, TypeVar

T = TypeVar("T")

_work: Callable | None = None  # the function a forked worker inherits


def _run(share: int):
    assert _work is not None
    return _work(share)


def threshold(default: int) -> int:
    """How many items make the work worth a second process: ``default``, or the environment variable
    KOOPLAB_PARALLEL_FROM (for tests: 1 forks for any size; a huge number never forks)."""
    value = os.environ.get("KOOPLAB_PARALLEL_FROM", "")
    return int(value) if value.isdigit() else default


SAMPLE_SECONDS = 0.05  # how long idle_core() watches the other processes


def _cpu_times(stat: str = "/proc/stat") -> tuple[int, int]:
    """All cores' time so far and the part of it they were idle (Linux; clock ticks)."""
    with open(stat, encoding="ascii") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return sum(ticks), ticks[3] + ticks[4]  # idle and waiting for the disk count as free


def others_busy(sample: Callable[[], tuple[int, int]] = _cpu_times, seconds: float = SAMPLE_SECONDS) -> float | None:
    """How many cores other processes keep busy now: watched for ``seconds`` while this process sleeps; None where
    the operating system does not tell (then the load average decides)."""
    try:
        total, idle = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total_after <= total:
        return None
    return (os.cpu_count() or 1) * (1 - (idle_after - idle) / (total_after - total))


def idle_core() -> bool:
    """Whether another core is free for a second process: more than one core, and the other processes keep at
    most half a core busy beside this one. Measured now (:func:`others_busy`), not by the load average, which
    still counts a command that ended a minute ago (a build right after another one stayed in one process).
    On a busy machine a second process only adds the cost of forking and of passing results back."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    busy = others_busy()
    if busy is not None:
        return busy < cores - 1.5
    try:  # the load average of the last minute, this process included
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on every platform
        load = 0.0
    return load < cores - 0.5


def workers_for(items: int, default_threshold: int) -> int:
    """Two processes for enough items (:func:`threshold`) where a core is idle (:func:`idle_core`; with
    KOOPLAB_PARALLEL_FROM set, whenever there are two cores), else one."""
    if items < threshold(default_threshold) or (os.cpu_count() or 1) < 2:
        return 1
    return 2 if "KOOPLAB_PARALLEL_FROM" in os.environ or idle_core() else 1


def in_shares(work: Callable[[int], T], shares: int) -> list[T]:
    """``[work(0), work(1), …]``: share 0 here, the others in forked processes (all here when the
    machine cannot fork)."""
    global _work
    if shares <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(i) for i in range(shares)]
    _work = work
    try:
        pool = multiprocessing.get_context("fork").Pool(shares - 1)
    except (OSError, ValueError):
        _work = None
        return [work(i) for i in range(shares)]
    try:
        pending = [pool.apply_async(_run, (i,)) for i in range(1, shares)]
        results = [work(0)] + [p.get() for p in pending]
    finally:
        pool.close()
        pool.join()
        _work = None
    return results
