"""What an extraction worker runs (see isolation.py): a landed PDF in, plain rows out.

Kept apart from `flows.documents` so a worker imports only the extractors, not Arrow, the
schemas or Great Expectations.
"""
from __future__ import annotations

from pathlib import Path

from extractors.pipeline import Extraction, extract_document


def extract_file(raw_path: str, doc_id: str, source_name: str) -> Extraction:
    """Extract a landed PDF. The worker reads the bytes itself, so they cross no pipe."""
    return extract_document(Path(raw_path).read_bytes(), doc_id=doc_id, source_name=source_name)
