"""The raw store: source PDFs landed content-addressed, immutable, with source metadata.

`raw/<sha256[:2]>/<sha256>.pdf` plus `<sha256>.json`. The digest is the document's `doc_id`,
so the same bytes are one document whatever they were called, and a name or path from a
source never becomes a path here (no traversal, no clashes). Landing known bytes again writes
nothing: the first landing's metadata stands. Files are created atomically and never
overwritten (temp file + hard link), so concurrent runs landing the same bytes are safe.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.fsutil import write_once


@dataclass(frozen=True)
class LandedFile:
    """One source file in the raw store (`new` is False when the bytes were already there)."""

    doc_id: str
    raw_path: Path
    source_name: str
    source_uri: str
    bytes: int
    new: bool


DOC_ID = re.compile(r"[0-9a-f]{64}")


def raw_path(raw_dir: Path, doc_id: str) -> Path:
    """Where the bytes with this digest live. Anything but a SHA-256 hex digest is refused, so
    no id that came from elsewhere can point outside the store."""
    if not DOC_ID.fullmatch(doc_id):
        raise ValueError(f"not a document id (SHA-256 hex digest): {doc_id!r}")
    return Path(raw_dir) / doc_id[:2] / f"{doc_id}.pdf"


def land(source: Path, raw_dir: Path) -> LandedFile:
    """Copy `source` into the raw store unless its bytes are already there.

    Raises OSError when the source cannot be read.
    """
    source = Path(source)
    data = source.read_bytes()
    doc_id = hashlib.sha256(data).hexdigest()
    target = raw_path(raw_dir, doc_id)
    meta = {
        "doc_id": doc_id,
        "source_name": source.name,
        "source_uri": source.resolve().as_uri(),
        "bytes": len(data),
        "landed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    new = write_once(target, data)
    # after the bytes, so a crash in between leaves the sidecar missing, and the next landing
    # of these bytes writes it
    write_once(target.with_suffix(".json"), (json.dumps(meta, indent=2) + "\n").encode())
    return LandedFile(doc_id, target, meta["source_name"], meta["source_uri"], len(data), new)


def read(raw_dir: Path, doc_id: str) -> bytes:
    """The landed bytes of a document."""
    return raw_path(raw_dir, doc_id).read_bytes()


def metadata(raw_dir: Path, doc_id: str) -> dict[str, Any]:
    """The sidecar written when these bytes were first landed."""
    return json.loads(raw_path(raw_dir, doc_id).with_suffix(".json").read_text())



def extraction_cache_dir(landed: LandedFile) -> Path:
    """Where extraction results of the raw store's documents are kept (`raw/_extracted/`)."""
    return landed.raw_path.parent.parent / "_extracted"
