"""One logical table from fragments on consecutive pages.

A fragment continues the previous one when the previous ends at the foot of its page, this
one starts at the head of the next page, and their columns line up. Header rows repeated on
the continuation are dropped; a row that the page break cut in two is joined back.
"""
from __future__ import annotations

import re

from extractors.model import Cell, Item, Row, Table
from extractors.text_lines import GLUED_DASH_ITEM, join_wrapped


def _squash(texts: list[str]) -> str:
    return re.sub(r"\s+", "", "|".join(texts)).lower()


def column_map(prev: Table, cur: Table) -> list[int] | None:
    """For each column of `cur`, the column of `prev` whose x range holds its centre."""
    mapping = []
    for left, right in zip(cur.col_bounds, cur.col_bounds[1:]):
        centre = (left + right) / 2
        hits = [j for j, (a, b) in enumerate(zip(prev.col_bounds, prev.col_bounds[1:])) if a - 2 <= centre <= b + 2]
        if not hits:
            return None
        mapping.append(hits[0])
    if mapping != sorted(set(mapping)):
        return None
    return mapping


def _remap(row: Row, mapping: list[int], n_cols: int) -> Row:
    cells = [Cell([], None, row.page_start) for _ in range(n_cols)]
    for k, cell in enumerate(row.cells):
        if cell.items or cell.bbox or cell.fill:
            cells[mapping[k]] = cell
    return Row(cells, row.page_start, row.page_end, row.bbox, row.is_header, row.is_section, row.fill)


def anchor_column(rows: list[Row]) -> int | None:
    """Leftmost column filled in at least 80% of body rows: where a new row shows itself."""
    body = [r for r in rows if not r.is_header and not r.is_section]
    if not body:
        return None
    for k in range(len(body[0].cells)):
        if sum(bool(r.cells[k].text) for r in body) >= 0.8 * len(body):
            return k
    return None


def is_continuation(last: Row, first: Row, rows: list[Row]) -> bool:
    """Does `first` (top of a new page) carry on `last` (foot of the previous page)?"""
    if first.is_section or last.is_section or last.is_header or first.is_empty():
        return False
    anchor = anchor_column(rows)
    if anchor is not None and first.cells[anchor].items and first.cells[anchor].items[0].level >= 2:
        return True  # a sub-item cannot open a row
    body = [r for r in rows if not r.is_header and not r.is_section]
    others_continue = any(c.text for k, c in enumerate(first.cells) if k != anchor)
    if len(body) >= 5 and others_continue:  # only the anchor filled: a new lead-in row, not a remnant
        for k in range(len(first.cells)):  # a column almost every row fills is empty here
            filled = sum(bool(r.cells[k].text) for r in body) / len(body)
            if filled >= 0.85 and not first.cells[k].text and last.cells[k].text:
                return True
    if anchor is not None:
        cell = first.cells[anchor]
        if not cell.text:
            return True
        bulleted = [r.cells[anchor].items[0].level > 0 for r in rows
                    if not r.is_header and not r.is_section and r.cells[anchor].items]
        if bulleted and sum(bulleted) >= 0.7 * len(bulleted) and cell.items[0].level == 0:
            return True
    first_text = next((c.text for c in first.cells if c.text), "")
    if first_text[:1].islower():
        return True
    fills = {r.fill for r in rows if not r.is_header and not r.is_section}
    return len(fills) >= 2 and last.fill is not None and last.fill == first.fill


def join_rows(last: Row, first: Row) -> Row:
    """Cell by cell: a paragraph cut by the page break is rejoined, other items appended."""
    cells = []
    for a, b in zip(last.cells, first.cells):
        items = list(a.items)
        rest = list(b.items)
        if items and rest and rest[0].level == 0 and not GLUED_DASH_ITEM.match(rest[0].text):
            items[-1] = Item(join_wrapped(items[-1].text, rest[0].text), items[-1].level, items[-1].dash)
            rest = rest[1:]
        cells.append(Cell(items + rest, a.bbox or b.bbox, a.page if a.items else b.page, a.bold and b.bold))
    x0, top, x1, _ = last.bbox
    return Row(cells, last.page_start, first.page_end, (x0, top, x1, last.bbox[3]), last.is_header, False, last.fill)


def stitch(tables: list[Table]) -> list[Table]:
    """Merge each table into its predecessor where it continues it on the next page."""
    out: list[Table] = []
    for table in tables:
        prev = out[-1] if out else None
        mapping = column_map(prev, table) if prev else None
        if not (prev and mapping is not None and prev.ends_at_page_bottom and table.starts_at_page_top
                and table.page_start == prev.page_end + 1):
            out.append(table)
            continue
        rows = [_remap(r, mapping, prev.n_cols) for r in table.rows]
        header = _squash([t for r in prev.header_rows for t in r.texts])
        while rows and (rows[0].is_header or (header and _squash(rows[0].texts) == header)):
            rows.pop(0)
        if header and len(prev.header_rows) > 1:  # multi-row header repeated row by row
            wanted = {_squash(r.texts) for r in prev.header_rows}
            while rows and _squash(rows[0].texts) in wanted:
                rows.pop(0)
        if rows and prev.rows and is_continuation(prev.rows[-1], rows[0], prev.rows + rows):
            prev.rows[-1] = join_rows(prev.rows[-1], rows.pop(0))
        prev.rows.extend(rows)
        prev.page_end = table.page_end
        prev.ends_at_page_bottom = table.ends_at_page_bottom
    return out
