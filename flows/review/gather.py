"""What the review report shows of one document, read from what this run published.

Reads curated/ (never the extractor's memory), so the report shows exactly what readers of the
datasets get: published rows with their warnings, quarantined rows with their reasons, and the
corrections that touched them.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from flows.corrections import ROW_KEYS
from flows.report import DocumentReport, RunSummary
from flows.review.thumbnails import Region

# datasets shown row by row with their source region, and the columns shown for each
SHOWN: dict[str, tuple[str, ...]] = {
    "deliverables": ("programme", "deliverable", "owner", "target_text", "due_text"),
    "measures": ("portfolio", "group", "objective", "baseline_text"),
    "indicators": ("section", "indicator", "organisation", "period_label", "value_text", "rag"),
    "agenda_items": ("item_number", "title", "page_start", "page_end", "report_of"),
}
COUNTED = ("agenda_items", "deliverables", "measures", "trajectories", "indicators", "reports",
           "tables", "table_cells")
QUARANTINE, WARNINGS = "quarantine", "warnings"


@dataclass
class RowView:
    """One row as the report shows it."""

    dataset: str
    key: str  # the correction key, "deliverable_id: 9a0b..."
    cells: dict[str, Any]
    region: Region | None
    reasons: list[str] = field(default_factory=list)  # quarantine reasons or warnings
    corrections: list[str] = field(default_factory=list)
    picture: str | None = None  # relative path from the document's page, filled by the builder


@dataclass
class DocumentView:
    report: DocumentReport
    document: dict[str, Any]
    counts: list[tuple[str, int, int, int]]  # dataset, published, quarantined, warned
    checks: list[tuple[str, str, str, int]]  # severity, dataset, reason, rows
    quarantined: list[RowView]
    flagged: list[RowView]  # published with warnings, every dataset
    rows: dict[str, list[RowView]]  # SHOWN datasets' published rows
    corrections: list[dict[str, Any]]
    unpictured: int = 0  # rows left without a picture by the per-document cap


def gather(curated_dir: Path, summary: RunSummary, report: DocumentReport) -> DocumentView:
    """The view of one document of the run."""
    assert report.doc_id is not None
    doc_id = report.doc_id
    published = {name: _read(curated_dir / name / f"{doc_id}.parquet") for name in (*COUNTED, "documents")}
    held = _read(curated_dir / QUARANTINE / f"{doc_id}.parquet")
    warned = _read(curated_dir / WARNINGS / f"{doc_id}.parquet")
    corrections = [c for c in summary.corrections if c.get("doc_id") == doc_id]
    notes = _correction_notes(corrections)
    # a trajectory has no box of its own: it is a cell of its measure's row
    measure_regions = {m["measure_id"]: _region(m) for m in published["measures"]}

    def view(dataset: str, record: dict[str, Any], reasons: str | None) -> RowView:
        row = _row(dataset, record, notes, reasons)
        if row.region is None and dataset == "trajectories":
            row.region = measure_regions.get(record.get("measure_id"))
        return row

    quarantined = [view(r["dataset"], json.loads(r["row_json"]), r["reasons"]) for r in held]
    flags = {(r["dataset"], r["row_index"]): r["reasons"] for r in warned}
    rows = {name: [view(name, rec, flags.get((name, i))) for i, rec in enumerate(published[name])]
            for name in SHOWN}
    flagged = [view(r["dataset"], json.loads(r["row_json"]), r["reasons"]) for r in warned]
    return DocumentView(
        report=report,
        document=published["documents"][0] if published["documents"] else {},
        counts=[(name, len(published[name]), _count(held, name), _count(warned, name)) for name in COUNTED],
        checks=_checks(held, "critical") + _checks(warned, "warning"),
        quarantined=quarantined,
        flagged=flagged,
        rows=rows,
        corrections=corrections,
    )


def _read(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist() if path.exists() else []


def _count(rows: list[dict[str, Any]], dataset: str) -> int:
    return sum(r["dataset"] == dataset for r in rows)


def _checks(rows: list[dict[str, Any]], severity: str) -> list[tuple[str, str, str, int]]:
    """Each failed check once, with how many rows failed it (a row may fail several)."""
    counted = Counter((r["dataset"], _check_name(reason)) for r in rows for reason in r["reasons"].split("; "))
    return [(severity, dataset, reason, n) for (dataset, reason), n in sorted(counted.items())]


def _check_name(reason: str) -> str:
    """A derived check's reason carries the row's particulars after ': '; group by the check."""
    return reason.split(": ", 1)[0]


def row_key(dataset: str, record: dict[str, Any]) -> dict[str, Any]:
    return {name: record.get(name) for name in ROW_KEYS.get(dataset, ())}


def _row(dataset: str, record: dict[str, Any], notes: dict[tuple[str, str], list[str]],
         reasons: str | None) -> RowView:
    key = row_key(dataset, record)
    shown = SHOWN.get(dataset) or tuple(k for k in record if k not in ("doc_id",))[:6]
    return RowView(
        dataset=dataset,
        key=", ".join(f"{k}: {v}" for k, v in key.items()),
        cells={name: record.get(name) for name in shown},
        region=_region(record),
        reasons=reasons.split("; ") if reasons else [],
        corrections=notes.get((dataset, json.dumps(key, sort_keys=True, default=str)), []),
    )


def _region(record: dict[str, Any]) -> Region | None:
    page = record.get("page") or record.get("page_start")
    box = [record.get(k) for k in ("x0", "top", "x1", "bottom")]
    if page is None or any(v is None for v in box) or box[2] <= box[0] or box[3] <= box[1]:
        return None
    return Region(int(page), *(float(v) for v in box))


def _correction_notes(corrections: list[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """(dataset, key as JSON) -> what applied corrections with that exact key did."""
    notes: dict[tuple[str, str], list[str]] = {}
    for c in corrections:
        if c["status"] == "applied":
            key = json.dumps(c["key"], sort_keys=True, default=str)
            notes.setdefault((c["dataset"], key), []).append(
                f"{c['action']}: {c['detail']} (by {c['who']} on {c['when']}: {c['why']})")
    return notes
