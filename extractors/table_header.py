"""What each column of a table is called: the header block and its per-column labels.

Interpreters (deliverables, measures, indicators) read columns by their labels. A header
block may be two rows, a spanning label ("Year 1 (2023/24)", an organisation) above the
per-column labels ("Baseline", "Q1" ...); both are kept, the lower one as the label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Row, Table

MAX_HEADER_ROWS = 3

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:(?:fy\s?)?(?:20)?\d{2}\s?[/-]\s?(?:20)?\d{2}|(?:19|20)\d{2})"
_PERIOD_CORE = (
    rf"(?:q[1-4]|quarter\s?[1-4]|{_MONTH}(?:\s?[-'’/]?\s?(?:\d{{2}}|\d{{4}}))?|{_YEAR}"
    r"|latest|previous|current|last month|this month|prior month|ytd|year to date|year end|outturn)"
)
PERIOD_LABEL = re.compile(
    rf"^(?:(?:{_YEAR}|{_MONTH})\s+)?{_PERIOD_CORE}(?:\s+{_PERIOD_CORE})?"
    r"(?:\s*\(?(?:ytd|fot|actual|actuals|forecast|plan|outturn|position|to date)\)?)?$"
)


def is_period_label(text: str) -> bool:
    """Q1, Jan-23, March 2024, 2023/24, 22/23 YTD, Latest ...: a column of values by period."""
    return bool(PERIOD_LABEL.match(re.sub(r"\s+", " ", text.lower()).strip().rstrip("*")))


@dataclass
class ColumnLabel:
    """A column's own label and the spanning label printed above it ('' when none)."""

    label: str
    group: str


def header_row_count(table: Table) -> int:
    """Rows marked as header, extended down to a leading row of period labels, which is a
    header however it is printed (plain text, no shading)."""
    count = len(table.header_rows) if table.rows and table.rows[0].is_header else 0
    for i, row in enumerate(table.rows[:MAX_HEADER_ROWS]):
        if i >= count and not row.is_section and sum(is_period_label(t) for t in row.texts if t) >= 2:
            count = i + 1
    return min(count, max(len(table.rows) - 1, 0))


def header_rows(table: Table) -> list[Row]:
    return table.rows[:header_row_count(table)]


def body_rows(table: Table) -> list[tuple[int, Row]]:
    """(row index, row) of every row below the header block."""
    start = header_row_count(table)
    return [(i, row) for i, row in enumerate(table.rows) if i >= start and not row.is_header]


def column_labels(table: Table) -> list[ColumnLabel]:
    """Per column: the lowest header text printed in it, and a spanning label above it
    (carried right from the cell where a spanning header's text sits)."""
    labels = [ColumnLabel("", "") for _ in range(table.n_cols)]
    rows = header_rows(table)
    for depth, row in enumerate(rows):
        carried = ""
        for k, cell in enumerate(row.cells):
            text = cell.text.replace("\n", " ").strip()
            if text:
                carried = text if depth < len(rows) - 1 else ""
                if labels[k].label and depth > 0:
                    labels[k].group = labels[k].label
                labels[k].label = text
            elif carried and depth < len(rows) - 1:
                labels[k].group = carried
    for k in range(table.n_cols):
        if labels[k].group == labels[k].label:
            labels[k].group = ""
    return labels
