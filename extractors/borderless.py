"""Tables with no rules: columns from whitespace gutters, rows from vertical gaps or shading.

Region growing, in the manner of camelot's stream parser but with gutters instead of text-edge
counts: a line printed in two or more separated segments opens a candidate table, its gaps
seed the gutters, and following lines join while they respect them (narrowing them as text
intrudes). A single bold line that crosses the gutters is a section row; any other crossing
line, or a large vertical gap, ends the table.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from extractors.grid import RowBand, Span
from extractors.model import BBox, Page, Word
from extractors.table_header import is_period_label
from extractors.text_lines import Line, bullet_level, group_lines

SEGMENT_GAP_EM = 1.0  # a horizontal gap wider than this (in font sizes) separates cells
STOP_GAP_EM = 2.5  # a vertical gap wider than this (in font sizes) ends a table
HEADING_SIZE_RATIO = 1.15
MIN_GUTTER = 3.0  # points
MIN_GUTTER_EM = 0.5  # and wider than a word space, which is about a third of the font size ...
WORD_SPACES = 1.6  # ... or, in wide-spaced fonts such as Courier, than 1.6 of the page's word spaces
MIN_LINES = 3
MIN_MULTI_SEGMENT_LINES = 2


@dataclass
class Gutter:
    x0: float
    x1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def segments(line: Line) -> list[tuple[float, float]]:
    """x extents of the runs of words separated by gaps wider than SEGMENT_GAP_EM."""
    runs: list[list[float]] = []
    for word in line.words:
        if runs and word.x0 - runs[-1][1] <= SEGMENT_GAP_EM * max(word.size, 4.0):
            runs[-1][1] = max(runs[-1][1], word.x1)
        else:
            runs.append([word.x0, word.x1])
    return [(a, b) for a, b in runs]


def word_space(lines: list[Line]) -> float:
    """Median gap between neighbouring words of a line: the page's own word spacing."""
    gaps = [b.x0 - a.x1 for line in lines for a, b in zip(line.words, line.words[1:])
            if 0 < b.x0 - a.x1 < line.size and not _is_bullet_glyph(a.text)]
    return median(gaps) if gaps else 0.0


def min_gutter(size: float, space: float) -> float:
    return max(MIN_GUTTER, MIN_GUTTER_EM * size, WORD_SPACES * space)


def _fits(line: Line, gutters: list[Gutter], space: float = 0.0) -> list[Gutter] | None:
    """Gutters narrowed by this line's words, or None when a word closes one.

    Words, not segments: in a tight table two cells' texts can come closer than a segment
    gap while the gutter between them is still open."""
    narrowed = [Gutter(g.x0, g.x1) for g in gutters]
    for x0, x1 in ((w.x0, w.x1) for w in line.words):
        for g in narrowed:
            if x0 <= g.x0 + 0.5 and x1 >= g.x1 - 0.5:
                return None
            if x0 < g.x0 < x1:
                g.x0 = x1
            elif x0 < g.x1 < x1:
                g.x1 = x0
            elif g.x0 <= x0 and x1 <= g.x1:  # a word inside the gutter: keep the wider side
                if x0 - g.x0 >= g.x1 - x1:
                    g.x1 = x0
                else:
                    g.x0 = x1
            if g.width < min_gutter(line.size, space):  # a word space is no gutter
                return None
    return narrowed


def segment_texts(line: Line) -> list[str]:
    """The text of each segment (see `segments`)."""
    texts: list[list[str]] = []
    for word, previous in zip(line.words, [None, *line.words[:-1]]):
        if previous is not None and word.x0 - previous.x1 <= SEGMENT_GAP_EM * max(word.size, 4.0):
            texts[-1].append(word.text)
        else:
            texts.append([word.text])
    return [" ".join(t).lower() for t in texts]


def _repeats_header(line: Line, header: Line) -> bool:
    """A bold multi-cell line sharing half its cells with the table's first line: a new header."""
    if not line.bold:
        return False
    cells = segment_texts(line)
    shared = set(cells) & set(segment_texts(header))
    return len(cells) >= 2 and len(shared) * 2 >= len(cells)


def _opens_new_table(line: Line, started_body: bool) -> bool:
    """Below body rows, a bold line naming two or more periods is the next table's header
    (a bold totals row holds figures, not period labels, and stays)."""
    if not started_body or not line.bold:
        return False
    cells = segment_texts(line)
    return len(cells) >= 3 and sum(is_period_label(c) for c in cells) >= 2


def _is_section_line(line: Line) -> bool:
    return line.bold and len(segments(line)) == 1


def _grow(lines: list[Line], start: int, space: float = 0.0) -> tuple[int, list[Gutter], set[int]] | None:
    """Extend a table from lines[start]; returns (end index exclusive, gutters, section line indices)."""
    segs = segments(lines[start])
    gutters = [Gutter(a[1], b[0]) for a, b in zip(segs, segs[1:])]
    sections: set[int] = set()
    end = start + 1
    multi = 1
    size = lines[start].size
    while end < len(lines):
        line = lines[end]
        if line.top - lines[end - 1].bottom > STOP_GAP_EM * size:
            break
        if line.size > HEADING_SIZE_RATIO * size:  # a heading in a larger font starts something else
            break
        if end > start + 1 and _repeats_header(line, lines[start]):  # the next table's header
            break
        if _opens_new_table(line, any(not ln.bold for ln in lines[start:end])):
            break
        narrowed = _fits(line, gutters, space)
        if narrowed is None:
            if _is_section_line(line) and end + 1 < len(lines) and _fits(lines[end + 1], gutters, space) is not None:
                sections.add(end)
                end += 1
                continue
            break
        gutters = narrowed
        multi += len(segments(line)) >= 2
        end += 1
    if end - start < MIN_LINES or multi < MIN_MULTI_SEGMENT_LINES:
        return None
    while end - 1 in sections:  # a trailing bold line is a heading below, not a section row
        sections.discard(end - 1)
        end -= 1
    return end, gutters, sections


def _is_bullet_glyph(text: str) -> bool:
    """A lone bullet sits in its cell's indent; its gap to the item text is no gutter."""
    return len(text) == 1 and bullet_level(Line([Word(text + " ", 0, 0, 1, 1, 1, False, 0)] * 2)) > 0


def _projection_gutters(lines: list[Line], left: float, right: float, space: float = 0.0) -> list[Gutter]:
    """x intervals inside [left, right] that no word of these lines touches."""
    spans = sorted((w.x0, w.x1) for line in lines for w in line.words if not _is_bullet_glyph(w.text))
    size = median(line.size for line in lines) if lines else 8.0
    min_width = min_gutter(size, space)
    gutters: list[Gutter] = []
    reach = left
    for x0, x1 in spans:
        if x0 - reach >= min_width and reach > left:
            gutters.append(Gutter(reach, x0))
        reach = max(reach, x1)
    return [g for g in gutters if g.x1 < right]


def _row_cuts(body: list[Line], section_idx: set[int], lines: list[Line], page: Page, bbox: BBox, col_bounds: list[float]) -> list[float]:
    """y positions that separate rows: shading edges where the table is shaded, else wide gaps."""
    x0, top, x1, bottom = bbox
    width = x1 - x0
    edges = sorted({
        y for f in page.fills
        if (min(x1, f.x1) - max(x0, f.x0)) > 0.5 * width and top - 2 <= f.top <= bottom + 2
        for y in (f.top, f.bottom)
    })
    blocks: list[list[float]] = []  # union of vertical extents of all words
    for line in sorted(lines, key=lambda ln: ln.top):
        if blocks and line.top <= blocks[-1][1] + 0.3:
            blocks[-1][1] = max(blocks[-1][1], line.bottom)
        else:
            blocks.append([line.top, line.bottom])
    gaps = [(a[1], b[0]) for a, b in zip(blocks, blocks[1:])]
    size = median(line.size for line in lines)
    line_gap = _column_line_gap(body, col_bounds)
    first_col = [w for line in body for w in line.words if w.xc < col_bounds[1]]
    cuts = []
    for g0, g1 in gaps:  # a shading edge never falls inside a row, so it cuts wherever it lies
        wide = g1 - g0 > line_gap + 0.45 * size
        shaded = any(g0 - 1.5 <= e <= g1 + 1.5 for e in edges)
        if wide or shaded or (g1 - g0 > line_gap + 1.0 and _new_label(first_col, g0, g1, size)):
            cuts.append((g0 + g1) / 2)
    for i in section_idx:  # section rows are always rows of their own
        cuts.extend([lines[i].top - 0.1, lines[i].bottom + 0.1])
    return sorted(cuts)


def _new_label(first_col: list[Word], g0: float, g1: float, size: float) -> bool:
    """First-column text starts just below the gap after a stretch where that column was empty:
    a label cell opens its row, so a new label means a new row."""
    starts_below = any(g1 - 0.5 <= w.top <= g1 + 0.5 * size for w in first_col)
    just_above = any(g0 - 1.5 * size <= w.bottom <= g0 + 0.5 for w in first_col)
    return starts_below and not just_above


def _column_line_gap(body: list[Line], col_bounds: list[float]) -> float:
    gaps = []
    for left, right in zip(col_bounds, col_bounds[1:]):
        words = [w for line in body for w in line.words if left <= w.xc < right]
        col_lines = group_lines(words)
        gaps.extend(b.top - a.bottom for a, b in zip(col_lines, col_lines[1:])
                    if -1 < b.top - a.bottom < 0.8 * a.size)  # wider gaps are row or paragraph breaks
    return median(gaps) if gaps else 2.0


def _header_lines(region: list[Line], sections: set[int]) -> list[Line]:
    """The bold lines a table opens with: its header, whose cells may span several columns."""
    head = []
    for j, line in enumerate(region):
        if j in sections or not line.bold:
            break
        head.append(line)
    return head if len(head) < len(region) else []


def header_spans(lines: list[Line], col_bounds: list[float]) -> list[Span]:
    """Columns joined where one header segment runs across their gutter ("Year 1" over Q1-Q4)."""
    n = len(col_bounds) - 1
    group = list(range(n))
    for line in lines:
        for x0, x1 in segments(line):
            cols = [k for k in range(n) if min(x1, col_bounds[k + 1]) - max(x0, col_bounds[k]) > 1]
            for k in cols[1:]:
                old, new = group[k], group[cols[0]]
                group = [new if g == old else g for g in group]
    spans: list[Span] = []
    for k in range(n):
        if spans and group[k] == group[spans[-1].first]:
            spans[-1].last, spans[-1].x1 = k, col_bounds[k + 1]
        else:
            spans.append(Span(k, k, col_bounds[k], col_bounds[k + 1]))
    return spans


def label_gutters(head: list[Line], gutters: list[Gutter], min_width: float) -> list[Gutter]:
    """Gaps between header labels that no body gutter backs: columns the body leaves empty
    ("22/23 Trend", a sparkline) or crosses with a spanning cell still have their own label."""
    extra: list[Gutter] = []
    for line in head:
        segs = segments(line)
        for (_, a1), (b0, _) in zip(segs, segs[1:]):
            if b0 - a1 >= min_width and not any(g.x0 < b0 and a1 < g.x1 for g in gutters + extra):
                extra.append(Gutter(a1, b0))
    return extra


def body_spans(lines: list[Line], col_bounds: list[float], min_width: float) -> list[Span]:
    """One span per column, except where a run of normally spaced words carries on across a
    column bound (only a bound taken from header labels can have text running across it)."""
    n = len(col_bounds) - 1
    joined = [False] * n  # joined[k]: column k continues column k - 1
    for line in lines:
        for a, b in zip(line.words, line.words[1:]):
            if b.x0 - a.x1 < min_width:
                for k in range(1, n):
                    if a.x0 < col_bounds[k] < b.x1:
                        joined[k] = True
        for w in line.words:
            for k in range(1, n):
                if w.x0 + 1 < col_bounds[k] < w.x1 - 1:
                    joined[k] = True
    spans: list[Span] = []
    for k in range(n):
        if spans and joined[k]:
            spans[-1].last, spans[-1].x1 = k, col_bounds[k + 1]
        else:
            spans.append(Span(k, k, col_bounds[k], col_bounds[k + 1]))
    return spans


def find_borderless(page: Page, exclude: list[BBox]) -> list[tuple[list[float], list[RowBand]]]:
    """Grids of the borderless tables on a page, outside the boxes of tables already found."""
    words = [w for w in page.words if not any(b[0] - 1 <= w.xc <= b[2] + 1 and b[1] - 1 <= w.yc <= b[3] + 1 for b in exclude)]
    lines = sorted(group_lines(words), key=lambda ln: ln.top)
    space = word_space(lines)
    found: list[tuple[list[float], list[RowBand]]] = []
    i = 0
    while i < len(lines):
        grown = _grow(lines, i, space) if len(segments(lines[i])) >= 2 else None
        if grown is None:
            i += 1
            continue
        end, _, section_local = grown
        region = lines[i:end]
        sections = {j - i for j in section_local}
        body = [ln for j, ln in enumerate(region) if j not in sections]
        left = min(ln.x0 for ln in region)
        right = max(ln.x1 for ln in region)
        head = _header_lines(region, sections)
        under_head = [ln for ln in body if not any(ln is h for h in head)]
        gutters = _projection_gutters(under_head if len(under_head) >= 2 else body, left, right, space)
        if not gutters:
            i += 1
            continue
        min_width = min_gutter(median(ln.size for ln in region), space)
        gutters = sorted(gutters + label_gutters(head, gutters, min_width), key=lambda g: g.x0)
        col_bounds = [left - 1] + [(g.x0 + g.x1) / 2 for g in gutters] + [right + 1]
        bbox = (left, min(ln.top for ln in region), right, max(ln.bottom for ln in region))
        cuts = _row_cuts(body, sections, region, page, bbox, col_bounds)
        edges = [bbox[1] - 0.5] + [c for c in cuts if bbox[1] < c < bbox[3]] + [bbox[3] + 0.5]
        bands = []
        for t, b in zip(edges, edges[1:]):
            is_section = any(t <= region[j].yc <= b for j in sections)
            in_head = [h for h in head if t <= h.yc <= b]
            if is_section:
                spans = [Span(0, len(col_bounds) - 2, col_bounds[0], col_bounds[-1])]
            elif in_head:
                spans = header_spans(in_head, col_bounds)
            else:
                spans = body_spans([ln for ln in region if t <= ln.yc <= b], col_bounds, min_width)
            bands.append(RowBand(t, b, spans, is_section=is_section))
        found.append((col_bounds, bands))
        i = end
    return found
