"""Plain data types that travel between extraction stages.

Every stage takes and returns these, so provenance (page, box) rides along with the text and
no later stage needs to reopen the PDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


@dataclass(frozen=True)
class Word:
    """One word as printed, with the font facts that table logic needs."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    page: int  # 1-based

    @cached_property
    def xc(self) -> float:  # cached: table assembly asks for centres millions of times
        return (self.x0 + self.x1) / 2

    @cached_property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Fill:
    """A filled rectangle (row shading, header band, PowerPoint cell)."""

    x0: float
    top: float
    x1: float
    bottom: float
    color: tuple[float, ...] | None


@dataclass
class Page:
    """What extraction needs of one page: words, ruling segments and fills."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    fills: list[Fill] = field(default_factory=list)
    furniture: list[Word] = field(default_factory=list)  # running headers/footers removed from words


@dataclass
class Item:
    """A paragraph or list item inside a cell; level 0 = plain paragraph, 1 = bullet, 2+ = nested."""

    text: str
    level: int
    dash: bool = False  # bulleted with a dash: only then may a line-leading dash be a bullet


@dataclass
class Cell:
    """One table cell: items in reading order and the box of its words."""

    items: list[Item]
    bbox: BBox | None
    page: int
    bold: bool = False
    fill: tuple[float, ...] | None = None  # colour shading the cell (RAG ratings are printed as fills)

    @property
    def text(self) -> str:
        return "\n".join(item.text for item in self.items if item.text)


@dataclass
class Row:
    """A table row; a section row holds its text in the first cell and empties elsewhere."""

    cells: list[Cell]
    page_start: int
    page_end: int
    bbox: BBox
    is_header: bool = False
    is_section: bool = False
    fill: tuple[float, ...] | None = None

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def is_empty(self) -> bool:
        return not any(self.texts)


@dataclass
class Table:
    """A logical table: possibly stitched from fragments on consecutive pages."""

    rows: list[Row]
    col_bounds: list[float]  # n_cols + 1 x positions
    page_start: int
    page_end: int
    bbox: BBox  # on page_start
    method: str  # "ruled" | "borderless"
    heading: str = ""
    ends_at_page_bottom: bool = False
    starts_at_page_top: bool = False

    @property
    def n_cols(self) -> int:
        return len(self.col_bounds) - 1

    @property
    def header_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_header]

    @property
    def body_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.is_header]
