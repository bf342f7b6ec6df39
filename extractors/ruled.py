"""Tables drawn with rules or cell fills: pdfplumber's table algorithm finds the grid from the
page's edges (read with pdfium, see `pdfium_paths`).

We keep only the geometry pdfplumber found (row bands and cell boxes); text is assembled by
`grid.build_table` from our own words so that ruled and borderless tables share one code path.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdfplumber.table import TableFinder, TableSettings

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
SETTINGS = TableSettings.resolve(TABLE_SETTINGS)
MIN_RULES = 3  # a grid of two rows and two columns is bounded by three rules each way


class _EdgesOnly:
    """All that pdfplumber's TableFinder reads of a page under the "lines" strategies."""

    def __init__(self, edges: list[dict[str, Any]]) -> None:
        self.edges = edges


def could_hold_grid(edges: Sequence[dict[str, Any]]) -> bool:
    """Whether there are enough horizontal and vertical edges for a two-by-two grid.

    Merging only joins edges, so fewer than three of either way can never make one: such a
    page (most pages of prose) skips the table finder."""
    horizontal = sum(1 for e in edges if e["orientation"] == "h")
    vertical = sum(1 for e in edges if e["orientation"] == "v")
    return horizontal >= MIN_RULES and vertical >= MIN_RULES


def find_raw_grids(edges: list[dict[str, Any]]) -> list[RawGrid]:
    """Cell boxes of every ruled table pdfplumber's algorithm finds among the page's edges.

    When the column rules run on below the last closed row (a row cut by the page break has
    no bottom rule), an open last row reaching down to where they end is appended.
    """
    if not could_hold_grid(edges):
        return []
    grids: list[RawGrid] = []
    verticals = [e for e in edges if e["orientation"] == "v"]
    for table in TableFinder(_EdgesOnly(edges), SETTINGS).tables:  # type: ignore[arg-type]
        grid = [[tuple(map(float, c)) if c is not None else None for c in row.cells] for row in table.rows]
        if len(grid) < 2 or max(len(r) for r in grid) < 2:
            continue
        x0, top, x1, bottom = map(float, table.bbox)
        running_on = [float(e["bottom"]) for e in verticals
                      if x0 - 2 <= e["x0"] <= x1 + 2 and top - 2 <= e["top"] <= bottom + 2 and e["bottom"] > bottom + 3]
        if running_on:
            xs = sorted({round(float(e["x0"]), 1) for e in verticals
                         if x0 - 2 <= e["x0"] <= x1 + 2 and e["bottom"] > bottom + 3 and e["top"] <= bottom + 2})
            xs = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] > 3]
            if len(xs) >= 3:
                open_bottom = max(running_on)
                grid.append([(a, bottom, b, open_bottom) for a, b in zip(xs, xs[1:])])
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


def _words_near(words: Sequence[Word], boxes: list[tuple[float, float, float, float]]) -> list[Word]:
    """The words `_has_words` could find in any of `boxes` (a page has many, a grid few)."""
    if not boxes:
        return []
    x0, top = min(b[0] for b in boxes) - 1, min(b[1] for b in boxes) - 1
    x1, bottom = max(b[2] for b in boxes) + 1, max(b[3] for b in boxes) + 1
    return [w for w in words if x0 <= w.xc <= x1 and top <= w.yc <= bottom]


def grid_to_bands(grid: RawGrid, page: Page) -> tuple[list[float], list[RowBand]] | None:
    """Column bounds and row bands of a ruled grid, ignoring rows holding only page furniture."""
    rows = [[c for c in row if c is not None] for row in grid]
    words = _words_near(page.words, [c for cells in rows for c in cells])
    rows = [cells for cells in rows if cells and any(_has_words(words, c) for c in cells)]
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
        texts = [s for s, c in zip(spans, sorted(cells)) if _has_words(words, c)]
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

