"""Errors that describe a whole document's failure in one line for the run report."""
from __future__ import annotations


class DocumentError(Exception):
    """The document cannot be processed; `reason` is one human-readable line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
