"""Build the review report of one run: curated/review/<run_id>/index.html and a page per document.

Static files with relative links only, so the folder opens from disk (no server). Pictures of
source regions live in curated/review/_thumbs/ and are shared by runs (see thumbnails.py).
The report is written to a hidden folder and renamed into place, so it appears whole.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flows import raw_store
from flows.report import RunSummary
from flows.review import pages
from flows.review.gather import DocumentView, RowView, gather
from flows.review.thumbnails import Region, render_regions, thumbnail_dir

REVIEW = "review"
THUMBS = "_thumbs"
# Pictures per document: enough for every row of a typical plan (Stockport: 87 deliverables)
# and most of a 137-page pack; past it the report says how many rows have none.
MAX_PICTURES = 200


@dataclass
class ReviewResult:
    index: Path
    pictures: int  # distinct regions shown in this report
    rendered: int  # of which drawn in this run (the rest reused from an earlier run)
    unpictured: int  # rows left without a picture by the cap or a missing source
    seconds: float


def build_review(curated_dir: Path, raw_dir: Path, summary: RunSummary,
                 *, max_pictures: int = MAX_PICTURES) -> ReviewResult:
    """Write the report for `summary`'s run from what it published; return where and counts."""
    started = time.perf_counter()
    curated_dir, raw_dir = Path(curated_dir), Path(raw_dir)
    root = curated_dir / REVIEW
    views = [gather(curated_dir, summary, doc) for doc in summary.documents
             if doc.doc_id and doc.status != "duplicate"]
    counts = [0, 0, 0]
    docs_dir = root / summary.run_id / pages.DOCS
    for view in views:
        for i, n in enumerate(_attach_pictures(view, raw_dir, root / THUMBS, docs_dir, max_pictures)):
            counts[i] += n
    staging = root / f".{summary.run_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    final = root / summary.run_id
    stats = {"pictures": counts[0], "rendered": counts[1], "unpictured": sum(v.unpictured for v in views),
             "max_pictures": max_pictures}
    pages.write_run(staging, summary, views, stats, raw_dir)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)
    pages.write_runs_index(root)
    return ReviewResult(final / "index.html", counts[0], counts[1], stats["unpictured"],
                        round(time.perf_counter() - started, 3))


def _attach_pictures(view: DocumentView, raw_dir: Path, thumbs: Path, docs_dir: Path,
                     cap: int) -> tuple[int, int, int]:
    """Give rows their picture, most important first (quarantined, flagged, then the rest),
    at most `cap` distinct regions; returns (regions shown, rendered now, reused)."""
    assert view.report.doc_id is not None
    ordered: list[RowView] = [*view.quarantined, *view.flagged, *(r for rows in view.rows.values() for r in rows)]
    chosen: list[Region] = []
    for row in ordered:
        if row.region is not None and row.region not in chosen and len(chosen) < cap:
            chosen.append(row.region)
    pdf = raw_store.raw_path(raw_dir, view.report.doc_id)
    out_dir = thumbnail_dir(thumbs, view.report.doc_id)
    rendered = render_regions(pdf, chosen, out_dir) if chosen and pdf.exists() else None
    files = rendered.files if rendered else {}
    for row in ordered:
        path = files.get(row.region) if row.region is not None else None
        if path is not None:
            row.picture = Path(os.path.relpath(path, docs_dir)).as_posix()
        elif row.region is not None:
            view.unpictured += 1
    if rendered is None:
        return 0, 0, 0
    return sum(f is not None for f in files.values()), rendered.rendered, rendered.reused
