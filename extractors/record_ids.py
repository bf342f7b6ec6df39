"""Stable row ids: the same PDF bytes give the same ids on every run."""
from __future__ import annotations

import hashlib


def record_id(*parts: object) -> str:
    """20 hex digits of SHA-256 over the parts that place a record in its document."""
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:20]
