"""One document through extraction: landed bytes in, Arrow tables per dataset (or one reason) out.

Every failure of a document (unreadable input, a bug in an extractor, a worker past its time
or memory limit or crashed, rows that do not fit a schema) ends here as `status="failed"` with
one human-readable line, so one bad PDF never stops a run and the report can name it. The
traceback is kept for the run summary JSON. The extraction itself runs in a worker process
(`isolation.py`); its rows come back as plain data and become Arrow tables here.
"""
from __future__ import annotations

import datetime as dt
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from extractors.pipeline import PIPELINE_VERSION, DocumentError
from flows import raw_store, worker
from flows.isolation import WorkerError, WorkerPool
from schemas.registry import DATASETS, to_arrow

MAX_REASON = 300
EXTRACT = worker.extract_file  # what a worker runs: (raw path, doc_id, source name) -> Extraction


@dataclass
class DocumentResult:
    """The outcome of landing and extracting one input file.

    status: "ok" / "no_text" (processed), "failed" (nothing of it published but its
    documents row), "duplicate" (same bytes as an earlier file of this run).
    tables: dataset name -> rows conformed to that dataset's Arrow schema ("documents"
    included); for a failed document only "documents", when its bytes were landed.
    """

    path: str
    file: str
    doc_id: str | None
    status: str
    reason: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    tables: dict[str, pa.Table] = field(default_factory=dict, repr=False)
    traceback: str | None = field(default=None, repr=False)
    cached: bool = False  # read back from an earlier run's extraction (same bytes, same pipeline)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def one_line(text: str) -> str:
    """A reason fit for one report line: whitespace collapsed, control characters escaped,
    length capped."""
    text = shown(re.sub(r"\s+", " ", text).strip())
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def shown(name: str) -> str:
    """Text fit for a terminal line: control characters (newline, escape) written as \\n, \\x1b.
    A source's file name is data; it must never start a line of its own or colour one."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in name)


def not_landed(path: str, exc: OSError | ValueError) -> DocumentResult:
    """A named file that could not even be read: there are no bytes, so no doc_id."""
    reason = one_line(getattr(exc, "strerror", None) or str(exc))
    return DocumentResult(path=path, file=Path(path).name, doc_id=None, status="failed",
                          reason=f"cannot read file ({reason})")


def duplicate(path: str, landed: raw_store.LandedFile, first: str) -> DocumentResult:
    """The same bytes named twice in one run are one document; the later name is reported only."""
    return DocumentResult(path=path, file=landed.source_name, doc_id=landed.doc_id,
                          status="duplicate", reason=f"same bytes as {first}")


def extract_landed(path: str, landed: raw_store.LandedFile, ingested_at: dt.datetime,
                   pool: WorkerPool) -> DocumentResult:
    """Extract a landed document in a worker of `pool` and conform its rows; never raises for
    the document's sake."""
    start = time.perf_counter()
    provenance = {
        "doc_id": landed.doc_id,
        "source_name": landed.source_name,
        "source_uri": landed.source_uri,
        "bytes": landed.bytes,
        "ingested_at": ingested_at,
    }
    result = DocumentResult(path=path, file=landed.source_name, doc_id=landed.doc_id, status="ok")
    try:
        extraction = pool.run(EXTRACT, str(landed.raw_path), landed.doc_id, landed.source_name)
        document = {"pipeline_version": PIPELINE_VERSION, "status": "ok",
                    **extraction.document, **provenance}
        # every row carries the document's id, whatever the extractor put there
        rows: dict[str, list[dict[str, Any]]] = {
            name: [{**row, "doc_id": landed.doc_id} for row in extraction.datasets.get(name, [])]
            for name in DATASETS}
        rows["documents"] = [document]
        if document.get("status") == "failed":  # said rather than raised: the same failure
            raise DocumentError(document.get("status_reason") or "extraction failed")
        result.tables = {name: to_arrow(name, rows[name]) for name in DATASETS}
        result.status = document.get("status") or "ok"
        result.reason = document.get("status_reason")
        result.pages = document.get("page_count")
    except DocumentError as exc:  # unreadable, or the worker passed a limit or crashed
        _fail(result, one_line(exc.reason), provenance)
    except WorkerError as exc:  # an extractor bug, raised in the worker
        _fail(result, one_line(f"internal error: {exc}"), provenance)
        result.traceback = exc.remote_traceback
    except Exception as exc:  # an extractor or schema bug must fail this document only
        _fail(result, one_line(f"internal error: {type(exc).__name__}: {exc}"), provenance)
        result.traceback = traceback.format_exc()
    result.seconds = round(time.perf_counter() - start, 3)
    return result


def _fail(result: DocumentResult, reason: str, provenance: dict[str, Any]) -> None:
    """Record the failure: only a documents row saying so will be published for it."""
    result.status, result.reason, result.pages = "failed", reason, None
    result.tables = {"documents": to_arrow("documents", [{
        **provenance, "pipeline_version": PIPELINE_VERSION,
        "status": "failed", "status_reason": reason,
    }])}
