"""Test-only pause points, so a crash-consistency test can SIGKILL a run at an exact place.

With PAPERS_PAUSE_AT=<point> and PAPERS_PAUSE_FILE=<path> in its environment, a run that
reaches <point> writes <path> (holding the point's name) and blocks until the file is
removed; the test kills it meanwhile, or removes the file to let it go on. Each point pauses
once per process. Unset (always, outside tests) a point costs one environment look-up.

Points: "extracted" (a document's extraction is done, others may be in flight), "staged" (a
dataset's files are staged, nothing is journalled), "moved" (the journal, the commit point,
is written and the first published file has moved into place, the others have not).
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

PAUSE_AT = "PAPERS_PAUSE_AT"
PAUSE_FILE = "PAPERS_PAUSE_FILE"
POINTS = ("extracted", "staged", "moved")

_passed: set[str] = set()
_lock = threading.Lock()


def reached(point: str) -> None:
    """Pause here if the environment asks for this point (see the module docstring)."""
    assert point in POINTS, point
    if os.environ.get(PAUSE_AT) != point:
        return
    with _lock:
        if point in _passed:
            return
        _passed.add(point)
    path = Path(os.environ[PAUSE_FILE])
    path.write_text(point)
    while path.exists():
        time.sleep(0.05)
