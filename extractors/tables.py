"""Every table of a document: ruled and borderless detection per page, then stitching.

Header rows, section rows and the heading above each table are settled here, per fragment,
before stitching compares fragments.
"""
from __future__ import annotations

from statistics import median

from extractors.borderless import find_borderless
from extractors.grid import build_table
from extractors.model import Cell, Item, Page, Row, Table
from extractors.ruled import RawGrid, grid_to_bands
from extractors.stitching import stitch
from extractors.text_lines import group_lines

HEADER_MAX_ROWS = 3
EDGE_SLACK_EM = 2.5  # text within this many font sizes of a table still counts as "above/below" it


def page_tables(page: Page, raw_grids: list[RawGrid]) -> list[Table]:
    """Ruled tables first; borderless detection runs on the words outside them."""
    tables: list[Table] = []
    for grid in raw_grids:
        spec = grid_to_bands(grid, page)
        table = _settled(build_table(page, spec[0], spec[1], "ruled")) if spec else None
        if table and any(not r.is_header and not r.is_section for r in table.rows) and not _chart_grid(table):
            tables.append(table)  # header and section bands alone are shading, not a grid
    for col_bounds, bands in find_borderless(page, [t.bbox for t in tables]):
        table = _settled(build_table(page, col_bounds, bands, "borderless"))
        if table:
            tables.append(table)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    for table in tables:
        _mark_page_edges(table, page, tables)
        table.heading = heading_above(page, table)
    return tables


def _settled(table: Table | None) -> Table | None:
    """A table of at least 2 x 2 with its header and section rows marked, else None."""
    if table is None or table.n_cols < 2 or len(table.rows) < 2:
        return None
    _mark_headers(table)
    _mark_sections(table)
    return table


def _chart_grid(table: Table) -> bool:
    """Gridlines of a chart: a wide grid in which most cells hold nothing (axis labels only)."""
    cells = [c for r in table.rows if not r.is_section for c in r.cells]
    filled = sum(bool(c.text) for c in cells)
    return table.n_cols >= 6 and len(cells) >= 18 and filled < 0.25 * len(cells)


def _mark_headers(table: Table) -> None:
    """Leading rows printed bold (or on their own shading) with two or more filled cells."""
    first_fill = table.rows[0].fill
    for i, row in enumerate(table.rows[:HEADER_MAX_ROWS]):
        filled = [c for c in row.cells if c.text]
        if len(filled) < 2 or row.is_section:
            break
        below = {r.fill for r in table.rows[i + 1:]}
        distinct_fill = row.fill is not None and row.fill not in below and (i == 0 or row.fill == first_fill)
        if all(c.bold for c in filled) or distinct_fill:
            row.is_header = True
        else:
            break
    if len(table.rows) - len(table.header_rows) < 1:
        for row in table.rows:
            row.is_header = False


def _mark_sections(table: Table) -> None:
    """A body row whose only text is one bold (or spanning) cell labels the rows below it."""
    for row in table.rows:
        if row.is_header:
            continue
        filled = [c for c in row.cells if c.text]
        if len(filled) != 1:
            row.is_section = False
            continue
        cell = filled[0]
        if row.is_section or (cell.bold and row.cells[0] is cell):
            row.is_section = True
            row.cells = [Cell([Item(cell.text, 0)], cell.bbox, cell.page, cell.bold)] + [
                Cell([], None, cell.page) for _ in row.cells[1:]
            ]


def _mark_page_edges(table: Table, page: Page, tables: list[Table]) -> None:
    """Is the table the first/last content of its page (furniture aside)? Stitching needs it."""
    others = [w for w in page.words if not _inside(w.xc, w.yc, table.bbox)]
    size = median([w.size for w in page.words] or [8.0])
    slack = EDGE_SLACK_EM * size
    masthead = page.height * 0.1  # an unrecognised running header: small print at the very top
    table.starts_at_page_top = not any(w.yc < table.bbox[1] and (w.top > masthead or w.size > size * 1.05)
                                       for w in others if not _in_any(w, tables))
    table.ends_at_page_bottom = not any(w.yc > table.bbox[3] for w in others if not _in_any(w, tables))
    if not table.ends_at_page_bottom:
        below = [w.top for w in others if w.top > table.bbox[3]]
        table.ends_at_page_bottom = bool(below) and min(below) > page.height - slack
    tables_below = [t for t in tables if t is not table and t.bbox[1] > table.bbox[3]]
    tables_above = [t for t in tables if t is not table and t.bbox[3] < table.bbox[1]]
    table.ends_at_page_bottom = table.ends_at_page_bottom and not tables_below
    table.starts_at_page_top = table.starts_at_page_top and not tables_above


def _inside(x: float, y: float, bbox: tuple[float, float, float, float]) -> bool:
    return bbox[0] - 1 <= x <= bbox[2] + 1 and bbox[1] - 1 <= y <= bbox[3] + 1


def _in_any(word, tables: list[Table]) -> bool:
    return any(_inside(word.xc, word.yc, t.bbox) for t in tables)


def heading_above(page: Page, table: Table) -> str:
    """Nearest bold or larger-than-body line above the table on its page."""
    above = [w for w in page.words if w.bottom <= table.bbox[1] + 0.5]
    if not above:
        return ""
    body_size = median(w.size for w in page.words)
    lines = sorted(group_lines(above), key=lambda ln: ln.top, reverse=True)
    for wanted in (lambda ln: ln.bold and ln.size >= body_size * 0.95, lambda ln: ln.size > body_size * 1.15):
        for line in lines[:12]:
            if wanted(line):
                return line.text.strip()
    return ""


def extract_tables(pages: list[Page], raw_grids: dict[int, list[RawGrid]]) -> list[Table]:
    """All logical tables of a document in reading order."""
    fragments: list[Table] = []
    for page in pages:
        fragments.extend(page_tables(page, raw_grids.get(page.number, [])))
    return stitch(fragments)
