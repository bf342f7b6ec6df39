"""Turn a grid (column bounds + row bands + cell spans) and a page's words into a `Table`.

Both the ruled and the borderless detectors end here, so the two renderings of one table
produce the same rows, cells and items.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Cell, Fill, Page, Row, Table, Word
from extractors.text_lines import cell_items, group_lines, typical_line_gap


@dataclass
class Span:
    """Columns [first, last] of one cell and the x range its words are taken from."""

    first: int
    last: int
    x0: float
    x1: float


@dataclass
class RowBand:
    top: float
    bottom: float
    spans: list[Span]
    is_section: bool = False


def _fill_of(fills: list[Fill], x0: float, top: float, x1: float, bottom: float) -> tuple[float, ...] | None:
    """Colour of the fill covering most of the band's centre line (None: unshaded/white)."""
    yc = (top + bottom) / 2
    best, best_width = None, 0.0
    for fill in fills:
        if fill.top - 1 <= yc <= fill.bottom + 1:
            width = min(x1, fill.x1) - max(x0, fill.x0)
            if width > best_width:
                best, best_width = fill, width
    if best is None or best_width < 0.5 * (x1 - x0) or best.color is None:
        return None
    if all(c >= 0.97 for c in best.color):
        return None
    return tuple(round(c, 2) for c in best.color)


def _column_of(word: Word, col_bounds: list[float]) -> int | None:
    """The column wholly holding the word, or None when it crosses a column bound."""
    for i in range(len(col_bounds) - 1):
        if col_bounds[i] - 1 <= word.x0 and word.x1 <= col_bounds[i + 1] + 1:
            return i
    return None


def _split_spanning_header(band: RowBand, cells_words: list[list[Word]], col_bounds: list[float]) -> list[tuple[RowBand, list[list[Word]]]]:
    """A header cell spanning columns whose last line is one label per column ("Year 1"
    above "Baseline Q1 Q2 Q3 Q4", drawn without inner rules) becomes two header rows, as it
    reads: the lower line's labels go to their own columns; other cells stay in the upper row."""
    for k, (span, words) in enumerate(zip(band.spans, cells_words)):
        if span.last == span.first or not words:
            continue
        lines = group_lines(words)
        if len(lines) < 2:
            continue
        columns = [_column_of(w, col_bounds) for w in lines[-1].words]
        if None in columns or len(set(columns)) < 2 or not set(columns) <= set(range(span.first, span.last + 1)):
            continue
        lower_words = set(id(w) for w in lines[-1].words)
        upper = [ws if i != k else [w for w in ws if id(w) not in lower_words] for i, ws in enumerate(cells_words)]
        cut = (lines[-2].bottom + lines[-1].top) / 2
        upper_band = RowBand(band.top, cut, band.spans)
        lower_spans = [Span(c, c, col_bounds[c], col_bounds[c + 1]) for c in range(span.first, span.last + 1)]
        lower = [[w for w in lines[-1].words if _column_of(w, col_bounds) == c] for c in range(span.first, span.last + 1)]
        return [(upper_band, upper), (RowBand(cut, band.bottom, lower_spans), lower)]
    return [(band, cells_words)]


def build_table(page: Page, col_bounds: list[float], bands: list[RowBand], method: str) -> Table | None:
    """Assign words to cells; drop rows with no text; None when nothing is left."""
    n_cols = len(col_bounds) - 1
    taken: set[int] = set()
    raw_rows: list[tuple[RowBand, list[list[Word]]]] = []
    for band in bands:
        cells_words: list[list[Word]] = []
        in_band = [w for w in page.words if band.top - 0.5 <= w.yc <= band.bottom + 0.5]
        for span in band.spans:
            inside = [w for w in in_band if id(w) not in taken and span.x0 - 1 <= w.xc <= span.x1 + 1]
            taken.update(id(w) for w in inside)
            cells_words.append(inside)
        raw_rows.extend(_split_spanning_header(band, cells_words, col_bounds) if len(raw_rows) < 2 else [(band, cells_words)])
    lines_by_cell = [group_lines(ws) for _, cw in raw_rows for ws in cw if ws]
    line_gap = typical_line_gap(lines_by_cell)
    rows: list[Row] = []
    for band, cells_words in raw_rows:
        if not any(cells_words):
            continue
        cells = [Cell([], None, page.number) for _ in range(n_cols)]
        for span, words in zip(band.spans, cells_words):
            if not words:
                cells[span.first].fill = _fill_of(page.fills, span.x0, band.top, span.x1, band.bottom)
                continue
            lines = group_lines(words)
            cells[span.first] = Cell(
                items=cell_items(lines, line_gap),
                bbox=(min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words)),
                page=page.number,
                bold=all(line.bold for line in lines),
                fill=_fill_of(page.fills, span.x0, band.top, span.x1, band.bottom),
            )
        bbox = (col_bounds[0], band.top, col_bounds[-1], band.bottom)
        rows.append(Row(
            cells=cells, page_start=page.number, page_end=page.number, bbox=bbox,
            is_section=band.is_section, fill=_fill_of(page.fills, *bbox),
        ))
    if not rows:
        return None
    top = min(r.bbox[1] for r in rows)
    bottom = max(r.bbox[3] for r in rows)
    return Table(
        rows=rows, col_bounds=col_bounds, page_start=page.number, page_end=page.number,
        bbox=(col_bounds[0], top, col_bounds[-1], bottom), method=method,
    )
