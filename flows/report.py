"""What a run did, per document and per dataset: returned by the flow, saved as `_runs/<id>.json`.

Plain dataclasses (no Arrow, no GX objects) so the summary pickles, serialises to JSON and
prints without the machinery that produced it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PROCESSED = ("ok", "no_text", "duplicate")


@dataclass
class DocumentReport:
    """One input file: what was published for it, or why nothing was."""

    file: str
    path: str
    doc_id: str | None
    status: str
    reason: str | None = None
    pages: int | None = None
    rows: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    warnings: int = 0
    seconds: float = 0.0
    traceback: str | None = None

    @property
    def failed(self) -> bool:
        return self.status not in PROCESSED


@dataclass
class RunSummary:
    """A whole run. `exit_code` is what `papers run` exits with (1 if any document failed)."""

    run_id: str
    engine: str
    started_at: str
    finished_at: str
    seconds: float
    raw_dir: str
    curated_dir: str
    pipeline_version: str
    documents: list[DocumentReport] = field(default_factory=list)
    datasets: dict[str, dict[str, int]] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=dict)  # per-document extraction limits
    data_docs: str | None = None
    review: str | None = None  # the review report's index.html, relative to curated/
    review_stats: dict[str, float] = field(default_factory=dict)  # thumbnails, seconds, ...
    corrections: list[dict[str, Any]] = field(default_factory=list)  # corrections.Outcome dicts
    notes: list[str] = field(default_factory=list)

    @property
    def corrections_to_review(self) -> list[dict[str, Any]]:
        return [c for c in self.corrections if c["status"] in ("stale", "invalid")]

    @property
    def failed(self) -> list[DocumentReport]:
        return [doc for doc in self.documents if doc.failed]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
