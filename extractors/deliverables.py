"""Deliverable records from tables whose headers name deliverables.

One record per top-level item of the deliverable cell (a bullet, or a paragraph); nested
items stay with their parent. The programme is carried down from area cells, else from
section rows, else from the heading above the table.
"""
from __future__ import annotations

import json
import re
from typing import Any

from extractors.columns import column_roles, is_period_header, unless_placeholder
from extractors.model import Item, Row, Table
from extractors.record_ids import record_id

COMMITMENT_WORDS = ("commit", "what we will", "what we are going to")


def header_texts(table: Table) -> list[str]:
    """Per column, the header rows' texts joined (multi-row headers read top to bottom)."""
    return [" ".join(r.cells[k].text for r in table.header_rows if r.cells[k].text).strip()
            for k in range(table.n_cols)]


def deliverable_roles(table: Table) -> list[str | None] | None:
    """Column roles if this is a deliverables table, else None."""
    headers = header_texts(table)
    if not any(headers) or sum(is_period_header(h) for h in headers) >= 2:
        return None
    roles = column_roles(headers)
    if "deliverable" not in roles or not _mostly_words(table, roles.index("deliverable")):
        return None
    others = {"baseline", "target", "owner", "due"} & set(roles)
    deliverable_header = headers[roles.index("deliverable")].lower()
    if others or any(w in deliverable_header for w in COMMITMENT_WORDS):
        return roles
    return None


def _mostly_words(table: Table, col: int) -> bool:
    """Deliverables are written in words: a column of figures is a measure, whatever its header."""
    texts = [r.cells[col].text for r in table.body_rows if not r.is_section and r.cells[col].text]
    worded = [t for t in texts if len(re.findall(r"[A-Za-z]{2,}", t)) >= 2]
    return bool(texts) and len(worded) >= 0.6 * len(texts)


def split_items(items: list[Item]) -> list[str]:
    """Top-level items with their nested items on further lines."""
    groups: list[list[str]] = []
    for item in items:
        if item.level >= 2 and groups:
            groups[-1].append(item.text)
        else:
            groups.append([item.text])
    return ["\n".join(g) for g in groups if any(g)]


def _mark(text: str) -> tuple[str, bool]:
    """Remove a trailing NHS Long-Term-Plan '*' and say whether the item carries the marker."""
    stripped = text.rstrip()
    flagged = "*" in stripped
    if stripped.endswith("*"):
        stripped = stripped.rstrip("*").rstrip()
    return stripped, flagged


def _cell(row: Row, roles: list[str | None], role: str) -> str:
    """A role's cell text; a "not applicable" placeholder reads as empty."""
    text = row.cells[roles.index(role)].text if role in roles else ""
    return unless_placeholder(text)


def extract_deliverables(table: Table, *, doc_id: str, table_id: str) -> list[dict[str, Any]]:
    roles = deliverable_roles(table)
    if roles is None:
        return []
    headers = header_texts(table)
    k_deliv = roles.index("deliverable")
    other_cols = [k for k, r in enumerate(roles) if r is None and k != k_deliv]
    records: list[dict[str, Any]] = []
    section = ""
    area = ""
    previous_items: list[str] = []
    for row_index, row in enumerate(table.rows):
        if row.is_header:
            continue
        if row.is_section:
            section, area = row.cells[0].text, ""
            continue
        if "programme" in roles and _cell(row, roles, "programme"):
            area = _cell(row, roles, "programme")
        items = split_items(row.cells[k_deliv].items)
        rest = [c.text for k, c in enumerate(row.cells) if k != k_deliv and roles[k] != "programme"]
        if not items:
            if not any(rest) or not previous_items:
                continue
            items = previous_items[-1:]  # a sub-row with its own baseline/aim repeats the deliverable
        previous_items = items
        programme = area or section or table.heading
        for item_index, item in enumerate(items):
            text, national = _mark(item)
            records.append({
                "doc_id": doc_id,
                "deliverable_id": record_id(doc_id, table_id, row_index, item_index),
                "programme": programme,
                "deliverable": text,
                "national_requirement": national,
                "owner": _cell(row, roles, "owner") or None,
                "baseline_text": _cell(row, roles, "baseline") or None,
                "target_text": _cell(row, roles, "target") or None,
                "due_text": _cell(row, roles, "due") or None,
                "page_start": row.page_start,
                "page_end": row.page_end,
                "table_id": table_id,
                "row": row_index,
                "x0": row.bbox[0], "top": row.bbox[1], "x1": row.bbox[2], "bottom": row.bbox[3],
                "other_columns": json.dumps({headers[k] or f"column {k + 1}": row.cells[k].text for k in other_cols
                                             if row.cells[k].text}, ensure_ascii=False) if other_cols else None,
            })
    return records
