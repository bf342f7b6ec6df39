"""Tables drawn with rules or cell fills: pdfplumber finds the grid from the page's edges.

We keep only the geometry pdfplumber found (row bands and cell boxes); text is assembled by
`grid.build_table` from our own words so that ruled and borderless tables share one code path.
"""
from __future__ import annotations

from collections.abc import Sequence

import pdfplumber

from extractors.grid import RowBand, Span
from extractors.model import Page, Word

BBoxOrNone = tuple[float, float, float, float] | None
RawGrid = list[list[BBoxOrNone]]  # rows of cell boxes, None where a spanning cell covers the slot

TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


def find_raw_grids(page: pdfplumber.page.Page) -> list[RawGrid]:
    """Cell boxes of every ruled table pdfplumber finds on the page."""
    grids: list[RawGrid] = []
    for table in page.find_tables(TABLE_SETTINGS):
        grid = [[tuple(map(float, c)) if c is not None else None for c in row.cells] for row in table.rows]
        if len(grid) >= 2 and max(len(r) for r in grid) >= 2:
            grids.append(grid)  # type: ignore[arg-type]
    return grids


def _cluster(values: Sequence[float], tolerance: float = 2.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _has_words(words: Sequence[Word], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return any(x0 - 1 <= w.xc <= x1 + 1 and top - 1 <= w.yc <= bottom + 1 for w in words)


def grid_to_bands(grid: RawGrid, page: Page) -> tuple[list[float], list[RowBand]] | None:
    """Column bounds and row bands of a ruled grid, ignoring rows holding only page furniture."""
    rows = [[c for c in row if c is not None] for row in grid]
    rows = [cells for cells in rows if cells and any(_has_words(page.words, c) for c in cells)]
    if len(rows) < 2:
        return None
    bounds = _cluster([v for cells in rows for c in cells for v in (c[0], c[2])])
    if len(bounds) < 3:
        return None
    bands: list[RowBand] = []
    for cells in rows:
        spans = []
        for x0, _, x1, _ in sorted(cells):
            first = min(range(len(bounds) - 1), key=lambda i: abs(bounds[i] - x0))
            last = min(range(len(bounds) - 1), key=lambda i: abs(bounds[i + 1] - x1))
            spans.append(Span(first, max(first, last), x0, x1))
        top = min(c[1] for c in cells)
        bottom = max(c[3] for c in cells)
        texts = [s for s, c in zip(spans, sorted(cells)) if _has_words(page.words, c)]
        is_section = len(spans) == 1 and spans[0].last - spans[0].first >= 1 and len(texts) == 1
        bands.append(RowBand(top, bottom, spans, is_section=is_section))
    return _drop_empty_columns(bounds, bands, page)


def _drop_empty_columns(bounds: list[float], bands: list[RowBand], page: Page) -> tuple[list[float], list[RowBand]] | None:
    """A column no cell starts in (a stray edge split it off) is folded into its left neighbour."""
    n_cols = len(bounds) - 1
    used = {span.first for band in bands for span in band.spans}
    keep = [i for i in range(n_cols) if i in used]
    if len(keep) < 2:
        return None
    new_index = {}
    for old in range(n_cols):
        new_index[old] = max((k for k in range(len(keep)) if keep[k] <= old), default=0)
    new_bounds = [bounds[i] for i in keep] + [bounds[-1]]
    for band in bands:
        for span in band.spans:
            span.first, span.last = new_index[span.first], new_index[span.last]
        if len(band.spans) == 1 and len(keep) >= 2:
            band.is_section = band.is_section or (band.spans[0].first == 0 and band.spans[0].last == len(keep) - 1)
    return new_bounds, bands


def open_edge_band(page: Page, col_bounds: list[float], bands: list[RowBand]) -> RowBand | None:
    """A last row left open at the page foot (no closing rule): the words just below the grid.

    A row cut by a page break has no bottom rule, so pdfplumber's grid stops above it; its
    words sit below the last closed row, inside the columns, with no wide gap before them.
    """
    left, right = col_bounds[0], col_bounds[-1]
    bottom = max(b.bottom for b in bands)
    below = sorted((w for w in page.words if w.top >= bottom - 1 and left - 1 <= w.x0 and w.x1 <= right + 1),
                   key=lambda w: w.top)
    taken: list[Word] = []
    reach = bottom
    for word in below:
        if word.top - reach > 2.0 * max(word.size, 4.0):
            break
        taken.append(word)
        reach = max(reach, word.bottom)
    if not taken:
        return None
    spans = [Span(k, k, col_bounds[k], col_bounds[k + 1]) for k in range(len(col_bounds) - 1)]
    return RowBand(bottom, reach + 0.5, spans)
