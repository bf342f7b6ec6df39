"""RAG ratings as printed: a word in the cell, or the colour the cell is shaded with.

Colours are read by hue, not by exact RGB, because every template picks its own red, amber
and green; pale or grey shading (zebra rows, header bands) is never a rating.
"""
from __future__ import annotations

import colorsys
import re

from extractors.model import Cell

RAG_WORDS = {"red": "RED", "r": "RED", "amber": "AMBER", "a": "AMBER", "yellow": "AMBER",
             "green": "GREEN", "g": "GREEN"}
MIN_SATURATION = 0.35
MIN_VALUE = 0.35


def rgb_of(color: tuple[float, ...]) -> tuple[float, float, float] | None:
    """Grey, RGB or CMYK as printed by pdfminer, as RGB in 0..1."""
    if len(color) == 1:
        return (color[0],) * 3
    if len(color) == 3:
        return color[0], color[1], color[2]
    if len(color) == 4:
        c, m, y, k = color
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


def rag_of_color(color: tuple[float, ...] | None) -> str | None:
    """RED / AMBER / GREEN for a saturated red, orange-to-yellow or green; else None."""
    rgb = rgb_of(color) if color else None
    if rgb is None or any(not 0 <= v <= 1 for v in rgb):
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(*rgb)
    if saturation < MIN_SATURATION or value < MIN_VALUE:
        return None
    degrees = hue * 360
    if degrees < 18 or degrees >= 335:
        return "RED"
    if degrees < 62:
        return "AMBER"
    if 75 <= degrees < 170:
        return "GREEN"
    return None


def rag_of_text(text: str) -> str | None:
    """'Green', 'AMBER', 'R' ... (a rating word alone in the cell)."""
    return RAG_WORDS.get(re.sub(r"[^a-z]", "", text.lower()))


def cell_rag(cell: Cell, row_cells: list[Cell]) -> str | None:
    """A cell's rating; a colour shared by every cell of the row is row shading, not a rating."""
    by_text = rag_of_text(cell.text) if cell.text else None
    if by_text:
        return by_text
    by_fill = rag_of_color(cell.fill)
    if by_fill and all(c.fill == cell.fill for c in row_cells):
        return None
    return by_fill
