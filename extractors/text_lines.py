"""Group words into printed lines, and lines into the paragraphs and list items of a cell.

A cell's lines are joined with one space; a bullet, or a vertical gap wider than the table's
usual line gap, starts a new item. Items keep their bullet level so interpreters can split
"one deliverable per bullet" without re-reading geometry.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from extractors.model import Item, Word

DASHES = "-–—"
LEVEL1_BULLETS = "•●▪■‣⁃➢➤►▶✓✔-–—*·"
LEVEL2_BULLETS = "◦○▫□o"
UNMAPPED_GLYPH = re.compile(r"^\(cid:\d+\)")
GLUED_DASH_ITEM = re.compile(r"^[-–—][A-Z]")
PRIVATE_USE = re.compile(r"^[\uf000-\uf0ff]")  # Word's Symbol/Wingdings bullets
BULLET_PREFIX = re.compile(r"^([•●▪■‣⁃➢➤►▶✓✔◦○▫□·\uf000-\uf0ff]+)\s*")


@dataclass
class Line:
    """Words on one baseline, in reading order."""

    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words) or 8.0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        chars = sum(len(w.text) for w in self.words)
        return chars > 0 and sum(len(w.text) for w in self.words if w.bold) >= 0.6 * chars


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Cluster words whose vertical centres are within ~half a font size."""
    ordered = sorted(words, key=lambda w: (w.yc, w.x0))
    lines: list[list[Word]] = []
    for word in ordered:
        if lines:
            current = lines[-1]
            # the median centre, read off directly: words join a line in order of centre (a line
            # of a page drawn 50 times over has 50 times the words; sorting each time was quadratic)
            middle = len(current) // 2
            centre = (current[middle].yc + current[~middle].yc) / 2
            tolerance = 0.45 * max(word.size, current[0].size, 1.0)
            if abs(word.yc - centre) <= tolerance:
                current.append(word)
                continue
        lines.append([word])
    return [Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]



def bullet_level(line: Line) -> int:
    """0 when the line does not start with a list bullet, else the nesting level it implies."""
    first = line.words[0].text
    if UNMAPPED_GLYPH.match(first):
        return 1  # a glyph the font did not map to text: at a line start, a bullet
    head = first[0]
    standalone = len(line.words) > 1 and len(first) == 1
    if head in LEVEL2_BULLETS and (head != "o" or standalone):
        return 2
    if PRIVATE_USE.match(first):
        return 1
    if head in LEVEL1_BULLETS:
        if head in "-–—*·" and not standalone:
            return 0  # "-5%" or "*note" are text, not bullets
        return 1
    return 0


FIGURE_LINE = re.compile(r"^[£$€]?[-+]?\d[\d,.]*\s?(%|[kmb]n?)?$", re.I)


def join_wrapped(before: str, after: str) -> str:
    """Join two printed lines of one paragraph; a word hyphenated at the wrap is rejoined."""
    if re.search(r"[A-Za-z0-9]-$", before) and after[:1].isalpha():
        return before + after
    return f"{before} {after}".strip()


def strip_bullet(text: str) -> str:
    stripped = BULLET_PREFIX.sub("", UNMAPPED_GLYPH.sub("", text, count=1).lstrip(), count=1)
    if stripped == text and len(text) > 2 and text[0] in "-–—o" and text[1] == " ":
        stripped = text[2:]
    return stripped.strip()


def typical_line_gap(lines_by_cell: Sequence[Sequence[Line]]) -> float:
    """Median gap between consecutive lines inside cells: the yardstick for paragraph breaks."""
    gaps = [
        later.top - earlier.bottom
        for lines in lines_by_cell
        for earlier, later in zip(lines, lines[1:])
        if later.top - earlier.bottom > -1
    ]
    return median(gaps) if gaps else 2.0


def cell_items(lines: Sequence[Line], line_gap: float) -> list[Item]:
    """Paragraphs and bullet items of one cell, bullets stripped, lines joined by one space."""
    items: list[Item] = []
    previous: Line | None = None
    left = min((line.x0 for line in lines), default=0.0)
    for line in lines:
        level = bullet_level(line)
        text = line.text
        if level and line.words[0].text[0] in DASHES and items and not items[-1].dash:
            level = 0  # a dash that wrapped to the start of a line, not a dash bullet
        if level:
            if level == 1 and line.x0 > left + 1.2 * line.size:
                level = 2  # a "•" drawn further in is a sub-item
            items.append(Item(strip_bullet(text), level, dash=line.words[0].text[0] in DASHES))
        elif previous is None or not items:
            items.append(Item(text, 0))
        else:
            gap = line.top - previous.bottom
            glued_dash = bool(GLUED_DASH_ITEM.match(line.words[0].text))  # "-Access to ..." opens an item
            stacked = bool(FIGURE_LINE.match(text) and FIGURE_LINE.match(previous.text))  # figures never wrap
            if gap > line_gap + 0.2 * line.size or glued_dash or stacked:
                items.append(Item(text, 0))
            else:
                items[-1] = Item(join_wrapped(items[-1].text, text), items[-1].level, dash=items[-1].dash)
        previous = line
    return [Item(re.sub(r"\s+", " ", item.text).strip(), item.level, item.dash) for item in items if item.text.strip()]
