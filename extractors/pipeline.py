"""The whole pure extraction path for one PDF: bytes in, curated-dataset rows out.

No files are written and no Prefect is imported here: the flow in `flows/` owns every side
effect. Stages: read pages -> strip furniture -> tables (ruled + borderless, stitched) ->
records (deliverables, measures, indicators) and document structure (front sheet, agenda,
cover sheets) -> rows per dataset.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium

from extractors.agenda import extract_agenda
from extractors.cover_sheets import extract_cover_sheets
from extractors.deliverables import extract_deliverables
from extractors.errors import DocumentError
from extractors.front_sheet import read_front_sheet
from extractors.furniture import strip_furniture
from extractors.indicators import extract_indicators
from extractors.measures import extract_measures
from extractors.model import Page, Table
from extractors.orientation import turned
from extractors.pdfium_api import LOCK
from extractors.pdf_reader import check_readable, open_pdf, read_page
from extractors.ruled import RawGrid, find_raw_grids
from extractors.structure import kind_of, title_of
from extractors.table_kind import table_kind
from extractors.tables import extract_tables
from extractors.text_layer import text_layer_problem
from extractors.text_lines import group_lines
from normalise import plan_year_of
from normalise.columns import fill_normalised

PIPELINE_VERSION = "0.3.0"

__all__ = ["PIPELINE_VERSION", "DocumentError", "Extraction", "extract_document", "extract_pages"]


@dataclass
class Extraction:
    """Rows for every curated dataset, keyed by dataset name (see CONTRACT.md)."""

    document: dict[str, Any]
    datasets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def read_document(pdf_bytes: bytes) -> tuple[list[Page], dict[int, list[RawGrid]]]:
    """Pages (words, fills) and ruled-table grids, page by page so memory stays flat.
    Pages whose text runs sideways are turned upright and read again."""
    with LOCK:
        return _read_upright(pdf_bytes)


def _read_upright(pdf_bytes: bytes) -> tuple[list[Page], dict[int, list[RawGrid]]]:
    check_readable(pdf_bytes)
    pages, grids, turns = _read_pages(pdf_bytes)
    if turns:
        again, again_grids, _ = _read_pages(turned(pdf_bytes, turns), only=set(turns))
        for page in again:
            pages[page.number - 1] = page
            grids[page.number] = again_grids[page.number]
    return pages, grids


def _read_pages(pdf_bytes: bytes, only: set[int] | None = None) -> tuple[list[Page], dict[int, list[RawGrid]], dict[int, int]]:
    pages: list[Page] = []
    grids: dict[int, list[RawGrid]] = {}
    turns: dict[int, int] = {}
    with open_pdf(pdf_bytes) as pdf:
        for index in range(len(pdf)):
            number = index + 1
            if only is not None and number not in only:
                continue
            try:
                pdf_page = pdf[index]
                try:
                    read = read_page(pdf_page, number)
                finally:
                    pdf_page.close()
            except (DocumentError, MemoryError):
                raise
            except Exception as exc:  # a damaged page: the document fails with the reason, the run goes on
                raise DocumentError(f"cannot read page {number} ({type(exc).__name__}: {exc})") from None
            pages.append(read.page)
            grids[number] = find_raw_grids(read.edges) if read.page.words else []
            if only is None and read.turn:
                turns[number] = read.turn
    return pages, grids, turns


def table_rows(tables: list[Table], doc_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Rows of `tables` and `table_cells`, and the table ids in order."""
    t_rows, c_rows, ids = [], [], []
    for index, table in enumerate(tables):
        table_id = f"{doc_id[:8]}-t{index + 1:03d}"
        ids.append(table_id)
        t_rows.append({
            "doc_id": doc_id, "table_id": table_id, "page_start": table.page_start, "page_end": table.page_end,
            "n_rows": len(table.rows), "n_cols": table.n_cols, "kind": table_kind(table), "section": table.heading or None,
            "method": table.method, "x0": table.bbox[0], "top": table.bbox[1], "x1": table.bbox[2], "bottom": table.bbox[3],
        })
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                box = cell.bbox
                c_rows.append({
                    "doc_id": doc_id, "table_id": table_id, "row": r, "col": c, "text": cell.text,
                    "is_header": row.is_header, "is_section_row": row.is_section, "page": cell.page,
                    "x0": box[0] if box else None, "top": box[1] if box else None,
                    "x1": box[2] if box else None, "bottom": box[3] if box else None,
                })
    return t_rows, c_rows, ids


def extract_document(pdf_bytes: bytes, *, doc_id: str, source_name: str) -> Extraction:
    """Extract tables and deliverables from one PDF.

    Raises DocumentError for input that is not a readable PDF (not a PDF, truncated, encrypted).
    A readable PDF without usable text (a scan, or fonts without a Unicode map) is not an
    error: it comes back with status "no_text" and the reason.
    """
    pages, grids = read_document(pdf_bytes)
    return extract_pages(pages, grids, doc_id=doc_id, source_name=source_name, n_bytes=len(pdf_bytes))


def extract_pages(pages: list[Page], grids: dict[int, list[RawGrid]], *, doc_id: str, source_name: str,
                  n_bytes: int) -> Extraction:
    """Everything after reading: pages and ruled grids in, rows out. Apart from reading so that
    property tests can feed it pages of arbitrary words."""
    strip_furniture(pages)
    tables = extract_tables(pages, grids)
    t_rows, c_rows, ids = table_rows(tables, doc_id)
    deliverables, measures, trajectories, indicators = [], [], [], []
    for table, table_id in zip(tables, ids):
        table_deliverables = extract_deliverables(table, doc_id=doc_id, table_id=table_id)
        table_measures, table_plans = extract_measures(table, doc_id=doc_id, table_id=table_id)
        deliverables.extend(table_deliverables)
        measures.extend(table_measures)
        trajectories.extend(table_plans)
        if not table_measures and not table_deliverables:  # a table is read as one kind of record
            indicators.extend(extract_indicators(table, doc_id=doc_id, table_id=table_id))
    agenda = extract_agenda(pages, doc_id=doc_id)
    cover_sheets = extract_cover_sheets(pages, doc_id=doc_id)
    front = read_front_sheet(pages, title_of(pages))
    text_problem = text_layer_problem(pages)
    first_lines = " ".join(ln.text for ln in group_lines(pages[0].words)[:8]) if pages else ""
    document = {
        "doc_id": doc_id, "source_name": source_name, "title": front.title, "organisation": front.organisation,
        "committee": front.committee, "meeting_date": front.meeting_date,
        "doc_kind": kind_of(front.title, first_lines, has_agenda=bool(agenda), n_plan_rows=len(deliverables) + len(measures),
                            n_indicators=len(indicators), n_cover_sheets=len(cover_sheets)),
        "page_count": len(pages), "pipeline_version": PIPELINE_VERSION, "bytes": n_bytes,
        "status": "no_text" if text_problem else "ok",
        "status_reason": text_problem,
        "n_tables": len(tables), "n_deliverables": len(deliverables), "n_measures": len(measures),
        "n_indicators": len(indicators), "n_agenda_items": len(agenda),
    }
    datasets = {
        "tables": t_rows, "table_cells": c_rows, "deliverables": deliverables, "measures": measures,
        "trajectories": trajectories, "indicators": indicators, "agenda_items": agenda, "reports": cover_sheets,
    }
    fill_normalised(datasets, plan_year_of(front.title or ""))
    return Extraction(document=document, datasets=datasets)
