"""In-process progress events, so the command line can show a run the flow is executing.

The flow and its tasks stay free of any UI: they `emit` and whoever listens (the CLI's
progress bar, a test) decides what to show. Listeners are called from worker threads.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Listener = Callable[[str, Any], None]
"""Called as listener(event, payload): ("document", DocumentResult) or ("phase", str)."""

_listeners: list[Listener] = []
_lock = threading.Lock()


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Deliver events to `listener` for the duration of the block."""
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)


def emit(event: str, payload: Any) -> None:
    """Tell every listener; a listener's error must not fail the run it watches."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(event, payload)
        except Exception:  # noqa: BLE001 - display problems are not pipeline failures
            pass
