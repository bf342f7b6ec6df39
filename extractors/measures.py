"""Key measures: objectives with a baseline and a planned trajectory by period.

A measures table has an objective column, a baseline column and two or more period columns
(Q1..Q4, months, years) holding planned values. Row groups printed in a column left of the
objective ("Recovery") or as section rows are carried down; the portfolio is read from the
heading above the table. Cells are kept as printed, two stacked figures included.
"""
from __future__ import annotations

import re
from typing import Any

from extractors.columns import role_of
from extractors.model import Table
from extractors.record_ids import record_id
from normalise import plan_year_of
from extractors.table_header import ColumnLabel, body_rows, column_labels, is_period_label

OBJECTIVE_HEADER = re.compile(
    r"\b(objectives?|(key |performance |success )?measures?|metrics?|indicators?|kpis?|ambitions?|descriptions?|outcomes?)\b", re.I)
MEASURE_WORDS = re.compile(
    r"\b(measures?|metrics?|indicators?|kpis?|objectives?|targets?|ambitions?|trajector(y|ies)|outcomes?)\b", re.I)
FOR_SUBJECT = re.compile(r"\bfor\s+(?:the\s+)?(.+?)\s*[:.]?$", re.I)


def portfolio_of(heading: str) -> str:
    """'Our key measures for urgent and emergency care' -> 'Urgent and emergency care';
    a heading that does not name measures-for-something is the portfolio as printed."""
    heading = re.sub(r"\s+", " ", heading).strip()
    match = FOR_SUBJECT.search(heading)
    if match and MEASURE_WORDS.search(heading[:match.start()]):
        subject = match.group(1)
        return subject[:1].upper() + subject[1:]
    return heading


def measure_columns(labels: list[ColumnLabel]) -> tuple[int, int, list[int]] | None:
    """(objective, baseline, period columns) when the header reads as a measures table."""
    texts = [lab.label for lab in labels]
    baseline = next((k for k, t in enumerate(texts) if role_of(t) == "baseline"), None)
    if baseline is None:
        return None
    periods = [k for k, t in enumerate(texts) if k > baseline and is_period_label(t)]
    if len(periods) < 2:
        return None
    objective = next((k for k, t in enumerate(texts[:baseline]) if OBJECTIVE_HEADER.search(t)), None)
    if objective is None:
        return None
    return objective, baseline, periods


def extract_measures(table: Table, *, doc_id: str, table_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of `measures` and `trajectories` for one table ([] when it holds no measures)."""
    labels = column_labels(table)
    columns = measure_columns(labels)
    if columns is None:
        return [], []
    objective_col, baseline_col, period_cols = columns
    rows = body_rows(table)
    if not any(r.cells[k].text for _, r in rows for k in [baseline_col, *period_cols]):
        return [], []  # a template: no baseline or plan was ever filled in
    portfolio = portfolio_of(table.heading)
    measures: list[dict[str, Any]] = []
    trajectories: list[dict[str, Any]] = []
    group = ""
    for row_index, row in rows:
        if row.is_section:
            group = row.cells[0].text
            continue
        for k in range(objective_col):
            if row.cells[k].text:
                group = row.cells[k].text.replace("\n", " ")
        objective = row.cells[objective_col].text
        if not objective:
            continue
        measure_id = record_id(doc_id, table_id, row_index)
        measures.append({
            "doc_id": doc_id, "measure_id": measure_id, "portfolio": portfolio or None, "group": group or None,
            "objective": objective, "baseline_text": row.cells[baseline_col].text or None,
            "page": row.page_start, "table_id": table_id, "row": row_index,
            "x0": row.bbox[0], "top": row.bbox[1], "x1": row.bbox[2], "bottom": row.bbox[3],
        })
        for k in period_cols:
            text = row.cells[k].text
            if text:
                trajectories.append({
                    "doc_id": doc_id, "measure_id": measure_id, "period_label": labels[k].label,
                    "period_group": labels[k].group or None, "planned_text": text, "page": row.cells[k].page,
                    "plan_year": plan_year_of(labels[k].group) if labels[k].group else None,  # "Year 1 (2023/24)"
                })
    return measures, trajectories
