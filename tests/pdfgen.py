"""Synthetic committee-paper PDFs for extractor tests, with their expected tables.

Pure functions: a spec in, PDF bytes out (reportlab, ``invariant=1`` so equal specs give
equal bytes).  Every generator has a ``build_*`` twin that returns a :class:`GeneratedPdf`
(the bytes plus the expected tables, in the gold ``tables.json`` shape, with the pages on
which every body row was actually drawn), and :func:`expected_table` computes the expected
cell strings from a spec without rendering anything.

Spec
----
``header``: ``list[str]`` (one header row) or ``list[list[str]]`` (several header rows; in a
non-last header row a non-empty cell spans the ``""`` cells to its right when the row below
has text there, and spans down over ``""`` cells below it), or ``[]`` for no header.

``rows``: each a :class:`SectionRow` (bold, spanning all columns, shaded except in the
borderless style) or a list of cells.  A cell is

* ``str`` - ``"\\n"`` separates paragraphs (each rendered as its own Paragraph);
* :class:`Bullets` - bullet items, ``"•"`` at the top level, ``"◦"`` for a nested
  ``Bullets`` (which belongs to the item before it), ``"▪"`` below that;
* a list/tuple mixing both (e.g. a lead-in paragraph followed by bullets).

Expected-value model (same rules as the gold README): one line per paragraph / bullet item
(nested items on their own lines), joined with ``"\\n"``; bullet glyphs dropped; whitespace
inside a paragraph collapsed to single spaces (a paragraph's wrapped lines are joined by a
space).  Section rows: ``[text, "", ...]`` with ``section_row=True``.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Sequence, Union
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "SectionRow",
    "Bullets",
    "TableSpec",
    "ExpectedRow",
    "ExpectedTable",
    "GeneratedPdf",
    "PAGESIZES",
    "BULLET_GLYPHS",
    "cell_text",
    "expected_table",
    "table_pdf",
    "build_table_pdf",
    "multi_table_pdf",
    "build_multi_table_pdf",
    "slide_pdf",
    "build_slide_pdf",
    "gold_table_specs",
    "render_gold_table",
    "build_gold_table_pdf",
]

Style = Literal["ruled", "borderless", "zebra"]
PageSize = Union[Literal["A4-landscape", "A4", "16:9"], tuple[float, float]]

PAGESIZES: dict[str, tuple[float, float]] = {
    "A4-landscape": landscape(A4),
    "A4": A4,
    "16:9": (960.0, 540.0),  # PowerPoint widescreen, 13.333 x 7.5 in
}


# --------------------------------------------------------------------------- spec types


@dataclass(frozen=True)
class SectionRow:
    """A bold full-width row (e.g. "Governance and Strategy")."""

    text: str


@dataclass(frozen=True, init=False)
class Bullets:
    """Bullet items; an item that is itself ``Bullets`` holds the sub-bullets of the item
    before it.  ``Bullets(["a", Bullets(["a1", "a2"]), "b"])``."""

    items: tuple

    def __init__(self, items: Iterable[Union[str, "Bullets"]]):
        items = tuple(items)
        for it in items:
            if not (isinstance(it, str) or _is_bullets(it)):
                raise TypeError(f"bullet item must be str or Bullets, not {type(it).__name__}")
        object.__setattr__(self, "items", items)


Block = Union[str, Bullets]
Cell = Union[str, Bullets, Sequence[Block]]
Row = Union[SectionRow, Sequence[Cell]]


# Duck-typed checks: this file may be imported twice (as ``pdfgen`` with tests/ on
# sys.path and as ``tests.pdfgen``), giving two SectionRow/Bullets classes.
def _is_section(x) -> bool:
    return isinstance(x, SectionRow) or (type(x).__name__ == "SectionRow" and hasattr(x, "text"))


def _is_bullets(x) -> bool:
    return isinstance(x, Bullets) or (type(x).__name__ == "Bullets" and hasattr(x, "items"))


@dataclass
class TableSpec:
    """One table of :func:`multi_table_pdf`."""

    header: Sequence  # list[str] | list[list[str]]
    rows: Sequence[Row]
    heading: str | None = None  # drawn before the table (becomes ExpectedTable.section)
    paragraphs_before: Sequence[str] = ()
    paragraphs_after: Sequence[str] = ()
    style: Style | None = None  # None: the document's style
    col_widths: Sequence[float] | None = None
    repeat_header: bool = True
    kind: str = "data"  # "layout" tables are always drawn borderless
    bold_first_col: bool = False
    table_id: str | None = None


# ------------------------------------------------------------------ expected-value model


@dataclass
class ExpectedRow:
    cells: list[str]
    section_row: bool = False
    page_start: int | None = None  # filled by build_* (pages the row's text was drawn on)
    page_end: int | None = None

    @property
    def split_across_pages(self) -> bool:
        return self.page_start is not None and self.page_end != self.page_start


@dataclass
class ExpectedTable:
    header: list[list[str]]
    rows: list[ExpectedRow]
    n_cols: int
    section: str | None = None
    kind: str = "data"
    table_id: str | None = None
    page_start: int | None = None  # first/last page with body-row text (build_* only)
    page_end: int | None = None
    header_pages: list[int] = field(default_factory=list)  # pages the header was drawn on

    @property
    def body_rows(self) -> list[list[str]]:
        """Non-section rows, as lists of cell strings."""
        return [r.cells for r in self.rows if not r.section_row]

    @property
    def section_rows(self) -> list[str]:
        return [r.cells[0] for r in self.rows if r.section_row]

    @property
    def all_rows(self) -> list[list[str]]:
        """Every body row including section rows, in order."""
        return [r.cells for r in self.rows]

    @property
    def split_rows(self) -> list[int]:
        """Indices (into ``rows``) of rows whose text was drawn on more than one page."""
        return [i for i, r in enumerate(self.rows) if r.split_across_pages]

    def to_gold(self) -> dict:
        """The gold ``tables.json`` entry for this table."""
        return {
            "table_id": self.table_id,
            "section": self.section,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "kind": self.kind,
            "n_cols": self.n_cols,
            "header": [list(h) for h in self.header],
            "rows": [{"cells": list(r.cells), "section_row": r.section_row} for r in self.rows],
        }


@dataclass
class GeneratedPdf:
    pdf: bytes
    tables: list[ExpectedTable]
    n_pages: int

    @property
    def table(self) -> ExpectedTable:
        """The first (for single-table generators: the only) table."""
        return self.tables[0]

    def tables_json(self) -> list[dict]:
        return [t.to_gold() for t in self.tables]


_WS = re.compile(r"\s+")


def _collapse(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _blocks(cell: Cell) -> list[Block]:
    if isinstance(cell, str) or _is_bullets(cell):
        return [cell]
    if isinstance(cell, (list, tuple)):
        out: list[Block] = []
        for b in cell:
            if not (isinstance(b, str) or _is_bullets(b)):
                raise TypeError(f"cell block must be str or Bullets, not {type(b).__name__}")
            out.append(b)
        return out
    raise TypeError(f"cell must be str, Bullets or a list of them, not {type(cell).__name__}")


def _bullet_lines(b: Bullets) -> list[str]:
    out: list[str] = []
    for it in b.items:
        if _is_bullets(it):
            out.extend(_bullet_lines(it))
        else:
            out.extend(p for p in (_collapse(x) for x in it.split("\n")) if p)
    return out


def cell_text(cell: Cell) -> str:
    """Expected extracted text of one cell (see module docstring)."""
    lines: list[str] = []
    for b in _blocks(cell):
        if _is_bullets(b):
            lines.extend(_bullet_lines(b))
        else:
            lines.extend(p for p in (_collapse(x) for x in b.split("\n")) if p)
    return "\n".join(lines)


def _header_rows(header: Sequence) -> list[list[str]]:
    if not header:
        return []
    if all(isinstance(h, str) for h in header):
        return [[_collapse(h) for h in header]]
    return [[_collapse(h) for h in row] for row in header]


def _n_cols(header_rows: list[list[str]], rows: Sequence[Row]) -> int:
    n = max([len(h) for h in header_rows] + [len(r) for r in rows if not _is_section(r)] + [1])
    return n


def expected_table(
    header: Sequence, rows: Sequence[Row], *, section: str | None = None, kind: str = "data",
    table_id: str | None = None,
) -> ExpectedTable:
    """The expected table for a spec, without rendering (pages stay ``None``)."""
    hdr = _header_rows(header)
    n = _n_cols(hdr, rows)
    out: list[ExpectedRow] = []
    for r in rows:
        if _is_section(r):
            out.append(ExpectedRow([_collapse(r.text)] + [""] * (n - 1), True))
        else:
            cells = [cell_text(c) for c in r] + [""] * (n - len(r))
            out.append(ExpectedRow(cells, False))
    hdr = [h + [""] * (n - len(h)) for h in hdr]
    return ExpectedTable(hdr, out, n, section=section, kind=kind, table_id=table_id)


# ------------------------------------------------------------------------------ fonts

_FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/liberation2",
    os.path.join(os.path.dirname(pdfmetrics.__file__), "..", "fonts"),
]

_STD_FAMILIES = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times-Roman": ("Times-Roman", "Times-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
}
_TTF_FAMILIES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "DejaVuSansCondensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "Vera": ("Vera.ttf", "VeraBd.ttf"),
}


def _find_font_file(fname: str) -> str | None:
    for d in _FONT_DIRS:
        p = os.path.join(d, fname)
        if os.path.exists(p):
            return os.path.normpath(p)
    return None


def _register_ttf(name: str, fname: str) -> bool:
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    path = _find_font_file(fname)
    if not path:
        return False
    pdfmetrics.registerFont(TTFont(name, path))
    return True


def _font_pair(font: str) -> tuple[str, str]:
    """(regular, bold) reportlab font names for a family name."""
    if font in _STD_FAMILIES:
        return _STD_FAMILIES[font]
    if font in _TTF_FAMILIES:
        reg, bold = _TTF_FAMILIES[font]
        if _register_ttf(font, reg) and _register_ttf(font + "-Bold", bold):
            return font, font + "-Bold"
        raise ValueError(f"font {font!r}: TrueType files not found in {_FONT_DIRS}")
    # any other standard-14 name (e.g. "Helvetica-Oblique"): same font for bold
    if font in pdfmetrics.standardFonts:
        return font, font
    raise ValueError(f"unknown font {font!r}; use one of {sorted(_STD_FAMILIES) + sorted(_TTF_FAMILIES)}")


def _glyph_font(glyph: str, preferred: str) -> str:
    """A font with a ToUnicode-mapped ``glyph``: the (TrueType) text font when it has it,
    else DejaVuSans.  Standard-14 fonts are avoided for bullets: reportlab writes "•" as
    code 0x7F, which pdfminer extracts as "(cid:127)"."""
    if preferred not in pdfmetrics.standardFonts:
        f = pdfmetrics.getFont(preferred)
        if ord(glyph) in getattr(f.face, "charToGlyph", {}):
            return preferred
    if _register_ttf("DejaVuSans", "DejaVuSans.ttf"):
        return "DejaVuSans"
    return preferred  # no TrueType font available: "•" may extract as (cid:127)


def _bullet_glyphs() -> tuple[str, ...]:
    """Top-level, second-level, third-level bullet glyphs (falls back without DejaVu)."""
    if _find_font_file("DejaVuSans.ttf"):
        return ("•", "◦", "▪")
    return ("•", "-", "-")


BULLET_GLYPHS = _bullet_glyphs()


def _resolve_pagesize(pagesize: PageSize) -> tuple[float, float]:
    if isinstance(pagesize, str):
        try:
            return PAGESIZES[pagesize]
        except KeyError:
            raise ValueError(f"pagesize must be one of {list(PAGESIZES)} or (w, h)") from None
    w, h = pagesize
    return float(w), float(h)


# ------------------------------------------------------------------- page tracking


class _CellPara(Paragraph):
    """Paragraph that logs (key, page) when drawn; split halves keep the key."""

    _cp_log: list | None = None
    _cp_key: tuple | None = None

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for p in parts:
            p._cp_log = self._cp_log
            p._cp_key = self._cp_key
        return parts

    def draw(self):
        super().draw()
        if self._cp_log is not None:
            self._cp_log.append((self._cp_key, self.canv.getPageNumber()))


def _para(text: str, style: ParagraphStyle, log: list | None, key: tuple | None, bullet: str | None = None):
    p = _CellPara(escape(text), style, bulletText=bullet)
    p._cp_log = log
    p._cp_key = key
    return p


# --------------------------------------------------------------------- table styles

_BLUE = colors.Color(0.0, 0.37, 0.72)
_SECTION_BLUE = colors.Color(0.86, 0.90, 0.95)
_ZEBRA_HEADER = colors.Color(0.80, 0.85, 0.91)
_ZEBRA_SECTION = colors.Color(0.88, 0.88, 0.88)
_ZEBRA_BAND = colors.Color(0.945, 0.95, 0.96)


@dataclass
class _Fonts:
    regular: str
    bold: str
    size: float

    @property
    def leading(self) -> float:
        return round(self.size * 1.22, 2)


def _styles(f: _Fonts, style: Style) -> dict[str, ParagraphStyle]:
    header_color = colors.white if style == "ruled" else colors.black
    base = ParagraphStyle("cell", fontName=f.regular, fontSize=f.size, leading=f.leading, spaceAfter=f.size * 0.3)
    st = {
        "cell": base,
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=f.bold),
        "header": ParagraphStyle("header", parent=base, fontName=f.bold, textColor=header_color, spaceAfter=0),
        "section": ParagraphStyle("section", parent=base, fontName=f.bold, spaceAfter=0),
        "title": ParagraphStyle(
            "title", fontName=f.bold, fontSize=f.size + 8, leading=(f.size + 8) * 1.2,
            spaceAfter=f.size * 0.8, textColor=_BLUE,
        ),
        "heading": ParagraphStyle(
            "heading", fontName=f.bold, fontSize=f.size + 4, leading=(f.size + 4) * 1.2,
            spaceBefore=f.size * 1.2, spaceAfter=f.size * 0.6, textColor=_BLUE,
        ),
        "body": ParagraphStyle(
            "body", fontName=f.regular, fontSize=f.size + 1, leading=(f.size + 1) * 1.3, spaceAfter=f.size * 0.7,
        ),
    }
    for depth in range(3):
        glyph = BULLET_GLYPHS[depth]
        indent = f.size * (1.1 + 1.1 * depth)
        st[f"bullet{depth}"] = ParagraphStyle(
            f"bullet{depth}", parent=base, leftIndent=indent, bulletIndent=indent - f.size * 1.0,
            bulletFontName=_glyph_font(glyph, f.regular), bulletFontSize=f.size,
            spaceAfter=f.size * 0.15,
        )
        st[f"bullet{depth}_cont"] = ParagraphStyle(f"bullet{depth}_cont", parent=st[f"bullet{depth}"])
    return st


def _cell_flowables(cell: Cell, st: dict, log: list, key: tuple, bold: bool = False) -> list:
    out: list = []

    def add_bullets(b: Bullets, depth: int) -> None:
        d = min(depth, 2)
        for it in b.items:
            if _is_bullets(it):
                add_bullets(it, depth + 1)
                continue
            paras = [p for p in (_collapse(x) for x in it.split("\n")) if p]
            for j, p in enumerate(paras):
                if j == 0:
                    out.append(_para(p, st[f"bullet{d}"], log, key, bullet=BULLET_GLYPHS[d]))
                else:
                    out.append(_para(p, st[f"bullet{d}_cont"], log, key))

    for b in _blocks(cell):
        if _is_bullets(b):
            add_bullets(b, 0)
        else:
            for p in (_collapse(x) for x in b.split("\n")):
                if p:
                    out.append(_para(p, st["cell_bold" if bold else "cell"], log, key))
    return out if out else ""


def _auto_col_widths(header_rows: list[list[str]], rows: Sequence[Row], n: int, total: float, f: _Fonts) -> list[float]:
    """Widths roughly proportional to the typical cell length, at least the longest word."""
    lengths: list[list[int]] = [[] for _ in range(n)]
    longest = [0.0] * n
    for r in [*header_rows, *[r for r in rows if not _is_section(r)]]:
        for j, c in enumerate(r):
            t = cell_text(c) if not isinstance(c, str) else c
            lengths[j].append(len(t))
            for w in t.split():
                longest[j] = max(longest[j], pdfmetrics.stringWidth(w, f.bold, f.size))
    weights = []
    for j in range(n):
        ls = sorted(lengths[j]) or [0]
        typical = ls[int(0.75 * (len(ls) - 1))]
        weights.append(min(max(typical, 10), 90) ** 0.8)
    s = sum(weights)
    widths = [total * w / s for w in weights]
    pad = f.size * 2.0
    mins = [min(lw + pad, total / n * 1.6) for lw in longest]
    for _ in range(3):  # give narrow columns their minimum, take it from the wide ones
        short = sum(max(0.0, m - w) for m, w in zip(mins, widths))
        if short <= 0.01:
            break
        spare = [max(0.0, w - m) for m, w in zip(mins, widths)]
        tot = sum(spare) or 1.0
        widths = [max(m, w) if w < m else w - short * sp / tot for m, w, sp in zip(mins, widths, spare)]
    scale = total / sum(widths)
    return [w * scale for w in widths]


def _header_spans(hdr: list[list[str]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    spans = []
    nh = len(hdr)
    if nh < 2:
        return spans
    n = len(hdr[0])
    covered = set()
    for r in range(nh - 1):
        for c in range(n):
            if not hdr[r][c] or (c, r) in covered:
                continue
            # vertical: everything below empty
            if all(not hdr[rr][c] for rr in range(r + 1, nh)):
                spans.append(((c, r), (c, nh - 1)))
                covered.update((c, rr) for rr in range(r, nh))
                continue
            # horizontal over "" cells whose column has text in the next row
            c2 = c
            while c2 + 1 < n and not hdr[r][c2 + 1] and hdr[r + 1][c2 + 1]:
                c2 += 1
            if c2 > c:
                spans.append(((c, r), (c2, r)))
                covered.update((cc, r) for cc in range(c, c2 + 1))
    return spans


def _make_table(
    spec: TableSpec, style: Style, f: _Fonts, frame_width: float, log: list, tidx: int, *, split_rows: bool = True,
) -> Table:
    st = _styles(f, style)
    hdr = _header_rows(spec.header)
    n = _n_cols(hdr, spec.rows)
    hdr = [h + [""] * (n - len(h)) for h in hdr]
    nh = len(hdr)

    if spec.col_widths:
        cw = [float(x) for x in spec.col_widths]
        if len(cw) != n:
            raise ValueError(f"col_widths has {len(cw)} entries for {n} columns")
        if sum(cw) <= 1.0001:
            cw = [frame_width * x / sum(cw) for x in cw]
    else:
        cw = _auto_col_widths(hdr, spec.rows, n, frame_width, f)

    data: list[list] = []
    for h in hdr:
        data.append([[_para(t, st["header"], log, ("header", tidx))] if t else "" for t in h])
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), f.size * 0.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), f.size * 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), f.size * 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), f.size * 0.3),
    ]
    for (a, b) in _header_spans(hdr):
        cmds.append(("SPAN", a, b))
    body_i = 0
    for i, r in enumerate(spec.rows):
        ri = nh + i
        key = ("body", tidx, i)
        if _is_section(r):
            data.append([[_para(_collapse(r.text), st["section"], log, key)]] + [""] * (n - 1))
            cmds.append(("SPAN", (0, ri), (-1, ri)))
            if style == "ruled":
                cmds.append(("BACKGROUND", (0, ri), (-1, ri), _SECTION_BLUE))
            elif style == "zebra":
                cmds.append(("BACKGROUND", (0, ri), (-1, ri), _ZEBRA_SECTION))
            else:
                cmds.append(("TOPPADDING", (0, ri), (-1, ri), f.size * 1.0))
            body_i = 0
            continue
        cells = list(r) + [""] * (n - len(r))
        data.append([
            _cell_flowables(c, st, log, key, bold=(spec.bold_first_col and j == 0)) for j, c in enumerate(cells)
        ])
        if style == "zebra" and body_i % 2 == 1:
            cmds.append(("BACKGROUND", (0, ri), (-1, ri), _ZEBRA_BAND))
        body_i += 1

    if nh:
        if style == "ruled":
            cmds.append(("BACKGROUND", (0, 0), (-1, nh - 1), _BLUE))
        elif style == "zebra":
            cmds.append(("BACKGROUND", (0, 0), (-1, nh - 1), _ZEBRA_HEADER))
    if style == "ruled":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))

    t = Table(
        data, colWidths=cw, repeatRows=nh if spec.repeat_header else 0,
        splitByRow=0 if split_rows else 1, splitInRow=1 if split_rows else 0, hAlign="LEFT",
    )
    t.setStyle(TableStyle(cmds))
    return t


# ------------------------------------------------------------------------ documents


def _furniture(running_header: str | None, page_numbers: bool, f: _Fonts, margins: tuple[float, float, float, float]):
    left, right, top, bottom = margins

    def draw(canv, doc):
        canv.saveState()
        w, h = doc.pagesize
        size = max(6.0, f.size - 1)
        if running_header:
            canv.setFont(f.regular, size)
            canv.setFillColor(_BLUE)
            canv.drawString(left, h - top * 0.55, running_header)
        if page_numbers:
            canv.setFont(f.regular, size)
            canv.setFillColor(colors.black)
            canv.drawCentredString(w / 2, bottom * 0.45, f"Page {doc.page}")
        canv.restoreState()

    return draw


def _margins(margin) -> tuple[float, float, float, float]:
    if isinstance(margin, (int, float)):
        return (float(margin),) * 4  # type: ignore[return-value]
    left, right, top, bottom = margin
    return float(left), float(right), float(top), float(bottom)


def _build_doc(
    specs: Sequence[TableSpec], *, style: Style, pagesize: PageSize, font: str, font_size: float,
    title: str | None, intro_paragraphs: Sequence[str], margin, running_header: str | None,
    page_numbers: bool, split_rows: bool, page_break_between: bool = False,
) -> GeneratedPdf:
    if style not in ("ruled", "borderless", "zebra"):
        raise ValueError(f"style must be ruled|borderless|zebra, not {style!r}")
    regular, bold = _font_pair(font)
    f = _Fonts(regular, bold, float(font_size))
    size = _resolve_pagesize(pagesize)
    margins = _margins(margin)
    left, right, top, bottom = margins
    frame_width = size[0] - left - right
    st = _styles(f, style)
    log: list = []

    story: list = []
    if title:
        story.append(Paragraph(escape(title), st["title"]))
    for p in intro_paragraphs:
        story.append(Paragraph(escape(p), st["body"]))

    expected: list[ExpectedTable] = []
    section = title
    for ti, spec in enumerate(specs):
        tstyle: Style = "borderless" if spec.kind == "layout" else (spec.style or style)
        if page_break_between and ti:
            from reportlab.platypus import PageBreak

            story.append(PageBreak())
        pre: list = []
        if spec.heading:
            section = spec.heading
            pre.append(Paragraph(escape(spec.heading), st["heading"]))
        for p in spec.paragraphs_before:
            pre.append(Paragraph(escape(p), st["body"]))
        table = _make_table(spec, tstyle, f, frame_width, log, ti, split_rows=split_rows)
        if pre:
            # heading + lead-in stay with the start of the table (Word's "keep with next"):
            # ask for room for them and ~4 lines of table, else start a new page
            story.append(CondPageBreak(sum(x.wrap(frame_width, size[1])[1] for x in pre) + f.leading * 6))
            story.append(KeepTogether(pre))
        story.append(table)
        story.append(Spacer(1, f.size * 0.8))
        for p in spec.paragraphs_after:
            story.append(Paragraph(escape(p), st["body"]))
        expected.append(
            expected_table(spec.header, spec.rows, section=section, kind=spec.kind,
                           table_id=spec.table_id or f"t{ti + 1}")
        )

    buf = io.BytesIO()
    deco = _furniture(running_header, page_numbers, f, margins)
    doc = SimpleDocTemplate(
        buf, pagesize=size, leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=title or "", author="committee-papers tests", invariant=1,
    )
    doc.build(story, onFirstPage=deco, onLaterPages=deco)
    pdf = buf.getvalue()

    pages: dict[tuple, list[int]] = {}
    for key, pg in log:
        pages.setdefault(key, []).append(pg)
    for ti, t in enumerate(expected):
        for ri, r in enumerate(t.rows):
            pg = pages.get(("body", ti, ri))
            if pg:
                r.page_start, r.page_end = min(pg), max(pg)
        drawn = [r for r in t.rows if r.page_start is not None]
        if drawn:
            t.page_start = min(r.page_start for r in drawn)  # type: ignore[type-var]
            t.page_end = max(r.page_end for r in drawn)  # type: ignore[type-var]
        t.header_pages = sorted(set(pages.get(("header", ti), [])))
    return GeneratedPdf(pdf, expected, doc.page)


def build_table_pdf(
    header: Sequence,
    rows: Sequence[Row],
    *,
    style: Style = "ruled",
    pagesize: PageSize = "A4-landscape",
    font: str = "Helvetica",
    title: str | None = None,
    intro_paragraphs: Sequence[str] = (),
    repeat_header: bool = True,
    font_size: float = 9,
    col_widths: Sequence[float] | None = None,
    margin: float | tuple[float, float, float, float] = 40.0,
    running_header: str | None = None,
    page_numbers: bool = True,
    split_rows: bool = True,
    bold_first_col: bool = False,
) -> GeneratedPdf:
    """Like :func:`table_pdf` but returns the bytes together with the expected table.

    ``split_rows=True`` (default) lets a row break across a page (Word's "allow row to
    break across pages"; reportlab ``splitByRow=0, splitInRow=1``): the row straddling a
    page end is split when its cells' content can be split.  ``split_rows=False`` never
    breaks a row (``splitInRow=0``; a row taller than the frame raises reportlab's
    LayoutError).
    ``col_widths``: fractions (sum <= 1) of the frame width, or points.
    """
    spec = TableSpec(header, rows, col_widths=col_widths, repeat_header=repeat_header,
                     bold_first_col=bold_first_col, table_id="t1")
    return _build_doc(
        [spec], style=style, pagesize=pagesize, font=font, font_size=font_size, title=title,
        intro_paragraphs=intro_paragraphs, margin=margin, running_header=running_header,
        page_numbers=page_numbers, split_rows=split_rows,
    )


def table_pdf(header: Sequence, rows: Sequence[Row], **kw) -> bytes:
    """One table (possibly many pages) after an optional title and intro paragraphs.

    style: "ruled" (grid lines, blue header with white bold text, shaded section rows),
    "borderless" (no lines, no fills; header only bold), "zebra" (no lines; header
    shaded, alternate body rows lightly shaded).  Keywords as :func:`build_table_pdf`.
    """
    return build_table_pdf(header, rows, **kw).pdf


def build_multi_table_pdf(
    tables: Sequence[TableSpec],
    *,
    style: Style = "ruled",
    pagesize: PageSize = "A4",
    font: str = "Helvetica",
    title: str | None = None,
    intro_paragraphs: Sequence[str] = (),
    font_size: float = 9,
    margin: float | tuple[float, float, float, float] = 50.0,
    running_header: str | None = None,
    page_numbers: bool = True,
    split_rows: bool = True,
    page_break_between: bool = False,
) -> GeneratedPdf:
    """Several tables in one flow, each after its optional heading and paragraphs."""
    return _build_doc(
        list(tables), style=style, pagesize=pagesize, font=font, font_size=font_size, title=title,
        intro_paragraphs=intro_paragraphs, margin=margin, running_header=running_header,
        page_numbers=page_numbers, split_rows=split_rows, page_break_between=page_break_between,
    )


def multi_table_pdf(tables: Sequence[TableSpec], **kw) -> bytes:
    """Bytes of :func:`build_multi_table_pdf`."""
    return build_multi_table_pdf(tables, **kw).pdf


# ----------------------------------------------------------------------------- slides

_PPT_HEADER = colors.HexColor("#4472C4")
_PPT_BANDS = (colors.HexColor("#CFD5EA"), colors.HexColor("#E9EBF5"))
_PPT_SECTION = colors.HexColor("#A9B8DD")


def build_slide_pdf(
    header: Sequence[str],
    rows: Sequence[Row],
    *,
    title: str,
    font: str = "Helvetica",
    font_size: float = 11,
    col_widths: Sequence[float] | None = None,
    pagesize: PageSize = "16:9",
    gap: float = 1.5,
    margin: float = 36.0,
    continued_suffix: str = " (continued)",
) -> GeneratedPdf:
    """PowerPoint-style slide(s): a title and a table drawn as filled cell rectangles
    (header dark, body rows in two alternating tints, white gaps of ``gap`` pt between
    cells, no stroked lines).  Rows never split; rows that do not fit go to a further
    slide with the title + ``continued_suffix`` and the header repeated."""
    regular, bold = _font_pair(font)
    f = _Fonts(regular, bold, float(font_size))
    W, H = _resolve_pagesize(pagesize)
    hdr = _header_rows(header)[:1]
    n = _n_cols(hdr, rows)
    hdr = [h + [""] * (n - len(h)) for h in hdr]
    frame_w = W - 2 * margin
    if col_widths:
        cw = [float(x) for x in col_widths]
        if sum(cw) <= 1.0001:
            cw = [frame_w * x / sum(cw) for x in cw]
    else:
        cw = _auto_col_widths(hdr, rows, n, frame_w, f)
    pad = f.size * 0.45
    lead = f.leading

    # a laid-out cell: list of (indent, glyph|None, text, fontname)
    def layout(cell: Cell, width: float, bold_text: bool = False) -> list[tuple[float, str | None, str, str]]:
        fn = bold if bold_text else regular
        lines: list[tuple[float, str | None, str, str]] = []

        def add(text: str, indent: float, glyph: str | None) -> None:
            avail = width - 2 * pad - indent
            for k, ln in enumerate(simpleSplit(text, fn, f.size, avail) or [""]):
                lines.append((indent, glyph if k == 0 else None, ln, fn))

        def add_b(b: Bullets, depth: int) -> None:
            d = min(depth, 2)
            for it in b.items:
                if _is_bullets(it):
                    add_b(it, depth + 1)
                else:
                    for j, p in enumerate(x for x in (_collapse(y) for y in it.split("\n")) if x):
                        add(p, f.size * (1.1 + 1.1 * d), BULLET_GLYPHS[d] if j == 0 else None)

        for blk in _blocks(cell):
            if _is_bullets(blk):
                add_b(blk, 0)
            else:
                for p in (_collapse(x) for x in blk.split("\n")):
                    if p:
                        add(p, 0.0, None)
        return lines

    exp = expected_table(header, rows, section=title, table_id="t1")
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(W, H), invariant=1)
    c.setTitle(title)

    def slide_title(text: str) -> float:
        c.setFillColor(colors.black)
        c.setFont(bold, f.size * 2.4)
        c.drawString(margin, H - margin - f.size * 2.0, text)
        return H - margin - f.size * 3.6

    def draw_row(y: float, cells: list, fills, text_color, bold_text: bool, span: bool = False) -> float:
        widths = [sum(cw)] if span else cw
        laid = [layout(cell, w, bold_text) for cell, w in zip(cells, widths)]
        h = max(len(ls) for ls in laid) * lead + 2 * pad
        x = margin
        for j, (ls, w) in enumerate(zip(laid, widths)):
            fill = fills if not isinstance(fills, (list, tuple)) else fills[j]
            c.setFillColor(fill)
            c.rect(x + gap / 2, y - h + gap / 2, w - gap, h - gap, stroke=0, fill=1)
            c.setFillColor(text_color)
            ty = y - pad - f.size * 0.95
            for indent, glyph, text, fn in ls:
                if glyph:
                    c.setFont(_glyph_font(glyph, regular), f.size)
                    c.drawString(x + pad + indent - f.size * 1.0, ty, glyph)
                c.setFont(fn, f.size)
                c.drawString(x + pad + indent, ty, text)
                ty -= lead
            x += w
        return h

    def row_height(cells: list, bold_text: bool, span: bool = False) -> float:
        widths = [sum(cw)] if span else cw
        return max(len(layout(cell, w, bold_text)) for cell, w in zip(cells, widths)) * lead + 2 * pad

    page = 1
    y = slide_title(title)
    header_pages: list[int] = []

    def draw_header(y: float) -> float:
        if hdr:
            header_pages.append(page)
            return y - draw_row(y, hdr[0], _PPT_HEADER, colors.white, True)
        return y

    y = draw_header(y)
    band = 0
    for i, r in enumerate(rows):
        is_sec = _is_section(r)
        cells = [r.text] if is_sec else list(r) + [""] * (n - len(r))
        h = row_height(cells, is_sec, span=is_sec)
        if y - h < margin:
            c.showPage()
            page += 1
            y = draw_header(slide_title(title + continued_suffix))
        if is_sec:
            h = draw_row(y, cells, _PPT_SECTION, colors.black, True, span=True)
            band = 0
        else:
            h = draw_row(y, cells, _PPT_BANDS[band % 2], colors.black, False)
            band += 1
        exp.rows[i].page_start = exp.rows[i].page_end = page
        y -= h
    c.showPage()
    c.save()
    exp.header_pages = sorted(set(header_pages))
    if exp.rows:
        exp.page_start, exp.page_end = exp.rows[0].page_start, exp.rows[-1].page_end
    return GeneratedPdf(buf.getvalue(), [exp], page)


def slide_pdf(header: Sequence[str], rows: Sequence[Row], *, title: str, **kw) -> bytes:
    """Bytes of :func:`build_slide_pdf`."""
    return build_slide_pdf(header, rows, title=title, **kw).pdf


# ------------------------------------------------------------------- gold re-rendering


def _deliverable_bullets(text: str) -> Bullets:
    """Every "\\n" item a bullet; the items after one ending in ":" are its sub-bullets
    (the gold drops glyphs and nesting; in Stockport the only nested list follows
    "...deliver the Health & Care Plan:")."""
    items = [x for x in text.split("\n") if x.strip()]
    out: list = []
    i = 0
    while i < len(items):
        it = items[i]
        out.append(it)
        i += 1
        if it.rstrip().endswith(":") and i < len(items):
            out.append(Bullets(items[i:]))
            break
    return Bullets(out)


def gold_table_specs(
    tables_json_path: str | os.PathLike, *, bullet_columns: Sequence[str] = ("Deliverable",),
) -> list[TableSpec]:
    """Gold tables.json -> TableSpecs (section rows, multi-row headers, bullet columns)."""
    gold = json.loads(Path(tables_json_path).read_text(encoding="utf-8"))
    bullet_names = {b.casefold() for b in bullet_columns}
    specs: list[TableSpec] = []
    prev_section = None
    for t in gold:
        header = [list(h) for h in t["header"]]
        bcols = set()
        for hrow in header:
            for j, name in enumerate(hrow):
                if name.strip().casefold() in bullet_names:
                    bcols.add(j)
        rows: list[Row] = []
        for r in t["rows"]:
            if r["section_row"]:
                rows.append(SectionRow(r["cells"][0]))
            else:
                rows.append([
                    _deliverable_bullets(c) if (j in bcols and c.strip()) else c for j, c in enumerate(r["cells"])
                ])
        section = t.get("section")
        specs.append(TableSpec(
            header=header, rows=rows, heading=section if section and section != prev_section else None,
            kind=t.get("kind", "data"), table_id=t.get("table_id"),
            bold_first_col=bool(header) and header[-1][0].strip().casefold() in {"area", "programme", "theme"},
        ))
        prev_section = section
    return specs


def build_gold_table_pdf(
    tables_json_path: str | os.PathLike,
    style: Style = "zebra",
    font: str = "Times-Roman",
    pagesize: PageSize = "A4",
    *,
    font_size: float = 9,
    margin: float | tuple[float, float, float, float] = (54.0, 48.0, 60.0, 56.0),
    title: str | None = None,
    table_ids: Sequence[str] | None = None,
    running_header: str | None = "Delivery Plan (re-rendered for tests)",
) -> GeneratedPdf:
    """Re-render the gold tables with another font/margins/page size, no rules.

    Returned expected tables carry the gold cells (``to_gold()`` equals the gold entry
    except for the page numbers, which are those of this rendering)."""
    specs = gold_table_specs(tables_json_path)
    if table_ids is not None:
        specs = [s for s in specs if s.table_id in set(table_ids)]
    g = build_multi_table_pdf(
        specs, style=style, pagesize=pagesize, font=font, title=title, font_size=font_size,
        margin=margin, running_header=running_header,
    )
    # section: keep the gold's (headings are only drawn when they change)
    gold = {t["table_id"]: t for t in json.loads(Path(tables_json_path).read_text(encoding="utf-8"))}
    for t in g.tables:
        if t.table_id in gold:
            t.section = gold[t.table_id].get("section")
    return g


def render_gold_table(
    tables_json_path: str | os.PathLike,
    style: Style = "zebra",
    font: str = "Times-Roman",
    pagesize: PageSize = "A4",
    **kw,
) -> bytes:
    """Bytes of :func:`build_gold_table_pdf`."""
    return build_gold_table_pdf(tables_json_path, style, font, pagesize, **kw).pdf


if __name__ == "__main__":  # quick look: python tests/pdfgen.py OUT_DIR
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pdfgen_look")
    out.mkdir(parents=True, exist_ok=True)
    gold = Path("/work/shared/fixtures/gold/stockport_delivery_plan_2022-23.tables.json")
    for st_ in ("ruled", "zebra", "borderless"):
        if gold.exists():
            (out / f"stockport_gold_{st_}.pdf").write_bytes(render_gold_table(gold, st_, "Times-Roman", "A4"))
    print(out)
