"""How long and how much memory one document's extraction may take, and how they are written.

Defaults suit the committee papers seen so far (the largest packs, a few hundred pages, take
well under a minute and a few hundred MiB); a document past either limit is failed alone.
Set per run with `papers run --time-limit/--memory-limit`, or for every run with the
environment variables below (the flags win).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

TIME_ENV = "PAPERS_TIME_LIMIT"
MEMORY_ENV = "PAPERS_MEMORY_LIMIT"
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY = 2 << 30  # 2 GiB

UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from "2GiB", "2G", "512 MiB", "1.5g" or a plain number of bytes (units are 1024s)."""
    match = SIZE.fullmatch(text)
    if not match or float(match[1]) <= 0:
        raise ValueError(f"not a memory size: {text!r} (examples: 2GiB, 512M, 1073741824)")
    return int(float(match[1]) * UNITS[match[2].lower()])


def parse_seconds(text: str) -> float:
    """A positive number of seconds."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"not a time limit in seconds: {text!r} (example: 120)")
    return seconds


def format_size(size: int) -> str:
    """'2 GiB', '512 MiB', '1.5 GiB': the largest unit that keeps the number readable."""
    for unit, name in ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if size >= unit:
            return f"{size / unit:.3g} {name}"
    return f"{size} bytes"


def format_seconds(seconds: float) -> str:
    return f"{seconds:g} s"


@dataclass(frozen=True)
class Limits:
    """Per-document limits of the extraction worker."""

    seconds: float = DEFAULT_SECONDS
    memory: int = DEFAULT_MEMORY  # bytes of resident memory

    @classmethod
    def from_env(cls, *, seconds: float | None = None, memory: int | None = None) -> Limits:
        """Given values, else the environment's, else the defaults. Raises ValueError when an
        environment variable is set to something that is not a limit."""
        env_seconds, env_memory = os.environ.get(TIME_ENV), os.environ.get(MEMORY_ENV)
        if seconds is None:
            seconds = parse_seconds(env_seconds) if env_seconds else DEFAULT_SECONDS
        if memory is None:
            memory = parse_size(env_memory) if env_memory else DEFAULT_MEMORY
        return cls(seconds=seconds, memory=memory)

    def describe(self) -> str:
        return f"{format_seconds(self.seconds)} and {format_size(self.memory)} per document"
