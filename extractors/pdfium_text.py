"""Characters of a page read with pdfium, shaped as pdfplumber's char dicts, and words from them.

pdfplumber spends most of a page's time in pdfminer building layout objects; pdfium reads the
same text in native code. What the rest of the pipeline was tuned on is pdfplumber's words,
so this reproduces pdfplumber's character boxes (font-box height: from the descent up by the
font size, as pdfminer draws them, not pdfium's ascent line) and then hands the characters to
pdfplumber's own `WordExtractor`: word breaks, line clustering and font grouping stay exactly
pdfplumber's.
"""
from __future__ import annotations

import ctypes
from typing import Any

from pdfplumber.utils.text import WordExtractor

from extractors import pdfium_api as api
from extractors.pdfium_frame import Affine, Frame, compose

Char = dict[str, Any]

WORDS = WordExtractor(x_tolerance=1.5, y_tolerance=2.5, extra_attrs=["fontname", "size"])


class _Run:
    """What every character of one text object shares: font, size, matrix, orientation."""

    __slots__ = ("fontname", "font_size", "linear", "device", "upright", "fast", "size")

    def __init__(self, fontname: str, font_size: float, linear: Affine, frame: Frame) -> None:
        self.fontname = fontname
        self.font_size = font_size
        self.linear = linear
        self.device = compose(linear, frame.device)
        a, b, c, d = self.device[:4]
        self.upright = a * d > 0 and b * c <= 0  # pdfminer's test (horizontal scaling folded into a)
        la, lb, lc, ld = linear[:4]
        self.fast = frame.rotation == 0 and lb == 0 and lc == 0 and la > 0 and ld > 0
        self.size = font_size * ld


def _font_name(font: int) -> str:
    if not font:
        return ""
    length = api.base_font_name(font, None, 0)
    buffer = ctypes.create_string_buffer(max(length, 1))
    api.base_font_name(font, buffer, length)
    return buffer.value.decode("utf-8", errors="replace")


def _run_of(textpage: int, index: int, obj: int, frame: Frame, fonts: dict[int, str], matrix: Any) -> _Run:
    font = api.text_font(obj) or 0
    if font not in fonts:
        fonts[font] = _font_name(font)
    api.char_matrix(textpage, index, ctypes.byref(matrix))
    linear = (matrix.a, matrix.b, matrix.c, matrix.d, 0.0, 0.0)
    return _Run(fonts[font], api.font_size_of(textpage, index), linear, frame)


def _page_text(textpage: int, count: int) -> list[str]:
    """One string per character index (pdfium's bulk text, or per character where it holds surrogates)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    api.page_text(textpage, 0, count, buffer)
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count and not any("\ud800" <= ch <= "\udfff" for ch in text):
        return list(text)
    return [chr(api.unicode_of(textpage, i)) for i in range(count)]


def _generic_box(run: _Run, box: Any, frame: Frame) -> tuple[float, float, float, float]:
    """pdfminer's box for a character whose text is rotated, mirrored or on a turned page."""
    a, b, c, d = run.linear[:4]
    det = a * d - b * c or 1.0
    corners = [(box.left, box.bottom), (box.right, box.bottom), (box.left, box.top), (box.right, box.top)]
    us = [(d * x - c * y) / det for x, y in corners]
    vs = [(-b * x + a * y) / det for x, y in corners]
    u0, u1, v0 = min(us), max(us), min(vs)
    v1 = v0 + run.font_size
    return frame.box([(a * u + c * v, b * u + d * v) for u in (u0, u1) for v in (v0, v1)])


def page_chars(textpage: int, frame: Frame) -> list[Char]:
    """Every printed character of the page in content order, as pdfplumber's char dicts
    (text, x0, x1, top, bottom, doctop, upright, fontname, size, matrix)."""
    count = api.count_chars(textpage)
    if count <= 0:
        return []
    texts = _page_text(textpage, count)
    rect = api.RECT()
    rect_ref = ctypes.byref(rect)
    matrix = api.MATRIX()
    runs: dict[int, _Run] = {}
    fonts: dict[int, str] = {}
    height = frame.to_top_left[5]
    chars: list[Char] = []
    text_object, loose_box = api.text_object, api.loose_box
    for i, text in enumerate(texts):
        if text.isspace() and api.is_generated(textpage, i):
            continue  # pdfium's own word and line breaks; pdfplumber judges gaps itself
        obj = text_object(textpage, i)
        if not obj:
            continue
        run = runs.get(obj)
        if run is None:
            run = runs[obj] = _run_of(textpage, i, obj, frame, fonts, matrix)
        if api.has_map_error(textpage, i):
            text = f"(cid:{ord(text)})"  # what pdfminer prints for a glyph with no Unicode
        elif text == "\ufffe":
            text = "-"  # pdfium marks a hyphen that ends a line
        loose_box(textpage, i, rect_ref)
        if run.fast:
            bottom = height - rect.bottom
            x0, top, x1 = rect.left, bottom - run.size, rect.right
            size = run.size
        else:
            x0, top, x1, bottom = _generic_box(run, rect, frame)
            size = bottom - top
        chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                      "upright": run.upright, "fontname": run.fontname, "size": size, "matrix": run.device})
    return chars


def words_of(chars: list[Char]) -> list[dict[str, Any]]:
    """pdfplumber's `extract_words(x_tolerance=1.5, y_tolerance=2.5, extra_attrs=["fontname", "size"])`."""
    return WORDS.extract_words(chars)
