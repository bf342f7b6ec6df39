"""Atomic file writes: readers see no file or the whole file, never a torn one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _durable_temp(target: Path, data: bytes) -> str:
    """`data` flushed to disk in a hidden temp file beside `target` (same filesystem, so a
    rename or link into place is atomic); the caller moves it or removes it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` via a hidden temp file in the same folder and a rename."""
    target = Path(target)
    tmp = _durable_temp(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def write_once(target: Path, data: bytes) -> bool:
    """Create `target` with `data` unless it exists; False if it did (even if another process
    created it a moment ago). Atomic and no-clobber: temp file, then a hard link."""
    target = Path(target)
    if target.exists():
        return False
    tmp = _durable_temp(target, data)
    try:
        os.link(tmp, target)
    except FileExistsError:
        return False
    finally:
        Path(tmp).unlink(missing_ok=True)
    fsync_dir(target.parent)
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: not every filesystem allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
