"""Indicators: reported values from performance dashboards, KPI and finance tables.

One row per indicator and period column. A table qualifies when its header names period
columns (months, quarters, years, YTD, Latest/Previous) or, in finance tables, money columns
(Budget, Forecast, Variance, £m) whose cells hold figures or RAG ratings, beside a column of
indicator names; `period_label` holds that column's label as printed. The section comes from the bold group row
(or provider heading) above the row, else from the table's title cell, else the heading.
"""
from __future__ import annotations

import re
from typing import Any

from extractors.columns import unless_placeholder
from extractors.measures import measure_columns
from extractors.model import Row, Table
from extractors.rag import cell_rag, rag_of_text
from extractors.table_header import ColumnLabel, body_rows, column_labels, is_period_label

TARGET_HEADER = re.compile(r"\b(targets?|standards?|thresholds?|ambitions?|goals?|plan)\b", re.I)
RAG_HEADER = re.compile(r"\b(rag|status|rating)\b", re.I)
GENERIC_TITLE = re.compile(
    r"^(indicators?|measures?|metrics?|kpis?|key performance indicators?|descriptions?|names?|items?|performance( measures?)?)$"
    r"|^(all\s+)?(figures|amounts|values|numbers)\b.*\bin\b|^£", re.I)  # a column word or a units note, not a title
YEAR_OR_MONTH = re.compile(
    r"\b((19|20)\d{2}([/-]\d{2,4})?|\d{2}/\d{2}|q[1-4]|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-\s']?\d{2,4})\b", re.I)
MONEY_HEADER = re.compile(
    r"\b(budgets?|forecasts?|outturn|variances?|actuals?|spend|expenditure|income|savings?|balances?|costs?|"
    r"allocations?|funding|grants?)\b|£\s?(m|k|bn|000s?)\b|\(£", re.I)
FIGURE = re.compile(r"^[^A-Za-z]*\d|^(n/?a|nil|none|-|–|—|tbc|n/?k)$", re.I)
MAX_LABEL_WORDS = 5
MIN_TITLE_WORDS = 3
MAX_FIGURE_WORDS = 4  # "2,267 (Dec 2022)", "£145.76m": a figure, maybe with its date; not a sentence
MIN_MONEY_COLUMNS = 2  # one money column is a list of amounts; monitoring compares budget, forecast ...


def is_value_header(label: str) -> bool:
    """A period label, or a short label naming a period ('2024-25 Budget £m', 'Q3 Forecast')
    or a money column of a finance table ('Revenue Variance', 'Forecast £000')."""
    if is_period_label(label):
        return True
    short = len(label.split()) <= MAX_LABEL_WORDS
    return short and bool(YEAR_OR_MONTH.search(label) or MONEY_HEADER.search(label))


def _figures(texts: list[str]) -> bool:
    """Value cells hold figures (or short placeholders / ratings), not prose."""
    filled = [t for t in texts if t]
    if not filled:
        return False
    figures = [t for t in filled if (FIGURE.match(t.strip()) and len(t.split()) <= MAX_FIGURE_WORDS) or rag_of_text(t)]
    return len(figures) >= 0.7 * len(filled)


def _words(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    return bool(filled) and sum(bool(re.search(r"[A-Za-z]{3,}", t)) for t in filled) >= 0.7 * len(filled)


def _named_column(texts: list[str], pattern: re.Pattern[str]) -> int | None:
    """The first column after the first whose short label (a few words) matches `pattern`."""
    return next((k for k, t in enumerate(texts) if k > 0 and pattern.search(t) and len(t.split()) <= 3
                 and not is_value_header(t)), None)


def indicator_columns(table: Table, labels: list[ColumnLabel]) -> tuple[int, int | None, int | None, list[int]] | None:
    """(indicator, target, rag, value columns) when the table reads as indicators."""
    rows = [r for _, r in body_rows(table) if not r.is_section]
    if not rows or measure_columns(labels) is not None:
        return None
    texts = [lab.label for lab in labels]
    target = _named_column(texts, TARGET_HEADER)
    rag = _named_column(texts, RAG_HEADER)
    values = [k for k, t in enumerate(texts) if k not in (target, rag) and is_value_header(t)
              and (_figures([r.cells[k].text for r in rows]) or any(cell_rag(r.cells[k], r.cells) for r in rows))]
    if not values or (len(values) < MIN_MONEY_COLUMNS and not any(is_period_label(texts[k])
                                                                   or YEAR_OR_MONTH.search(texts[k]) for k in values)):
        return None
    names = [k for k in range(min(values)) if k not in (target, rag) and _words([r.cells[k].text for r in rows])]
    if not names:
        return None
    return names[0], target, rag, values


def _title(table: Table, labels: list[ColumnLabel], name_col: int) -> str:
    """The table's own title: its top-left header cell when that is a title ("Time Between Book
    and Appointment"), not a column word ("Indicator", "Key Service") or a units note."""
    header = labels[name_col].group or labels[name_col].label
    if len(header.split()) >= MIN_TITLE_WORDS and not GENERIC_TITLE.match(header.strip()):
        return header
    return table.heading


def _organisation(labels: list[ColumnLabel], values: list[int]) -> str | None:
    """A spanning header over the value columns that names no period: whose figures they are."""
    groups = {labels[k].group for k in values if labels[k].group}
    if len(groups) == 1:
        group = groups.pop()
        if not YEAR_OR_MONTH.search(group) and not re.search(r"\d", group):
            return group
    return None


def extract_indicators(table: Table, *, doc_id: str, table_id: str) -> list[dict[str, Any]]:
    labels = column_labels(table)
    columns = indicator_columns(table, labels)
    if columns is None:
        return []
    name_col, target_col, rag_col, value_cols = columns
    title = _title(table, labels, name_col)
    organisation = _organisation(labels, value_cols)
    out: list[dict[str, Any]] = []
    section = ""
    for row_index, row in body_rows(table):
        if row.is_section:
            section = row.cells[0].text.replace("\n", " ")
            continue
        name = row.cells[name_col].text.replace("\n", " ")
        if not name or sum(row.cells[k].text == labels[k].label for k in value_cols) >= min(2, len(value_cols)):
            continue  # no name, or the header printed again inside the body
        target = unless_placeholder(row.cells[target_col].text) if target_col is not None else ""
        row_rag = cell_rag(row.cells[rag_col], row.cells) if rag_col is not None else None
        for k in value_cols:
            cell = row.cells[k]
            rag = cell_rag(cell, row.cells) or (row_rag if k == value_cols[-1] else None)
            if not cell.text and not rag:
                continue
            out.append(_record(doc_id, table_id, row_index, row, section or title, name, organisation,
                               labels[k].label, unless_placeholder(cell.text), target, rag, cell.page))
    return out


def _record(doc_id: str, table_id: str, row_index: int, row: Row, section: str, name: str, organisation: str | None,
            period: str, value: str, target: str, rag: str | None, page: int) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "section": section or None, "indicator": name, "organisation": organisation,
        "period_label": period, "value_text": value or None, "target_text": target or None, "rag": rag,
        "page": page, "table_id": table_id, "row": row_index,
        "x0": row.bbox[0], "top": row.bbox[1], "x1": row.bbox[2], "bottom": row.bbox[3],
    }
