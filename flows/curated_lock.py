"""One publisher at a time per curated folder: an flock on `curated/.lock`.

Two runs may land and extract concurrently (both are side-effect free or idempotent), but
staging, validation and the swap into place must not interleave, or one run's journal
recovery could move the other's half-staged files. The OS drops the lock when the process
dies, so a crashed run never blocks the next one.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


class LockTimeout(TimeoutError):
    """Another run kept the curated folder locked for longer than we were willing to wait."""


@contextmanager
def curated_lock(
    curated_dir: Path,
    *,
    timeout: float | None = None,
    on_wait: Callable[[], None] | None = None,
    poll: float = 0.1,
) -> Iterator[None]:
    """Hold the exclusive lock on `curated_dir`, waiting for it (forever unless `timeout`).

    `on_wait` is called once if the lock is busy, so a caller can say why it is waiting.
    """
    curated_dir = Path(curated_dir)
    curated_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(curated_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and on_wait is not None:
                    on_wait()
                waited = True
                if deadline is not None and time.monotonic() >= deadline:
                    raise LockTimeout(f"{curated_dir} is locked by another run") from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
