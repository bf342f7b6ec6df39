"""Characters of a page read with pdfium, shaped as pdfplumber's char dicts, and words from them.

pdfplumber spends most of a page's time in pdfminer building layout objects; pdfium reads the
same text in native code. What the rest of the pipeline was tuned on is pdfplumber's words,
so this reproduces pdfplumber's character boxes (font-box height: from the descent up by the
font size, as pdfminer draws them, not pdfium's ascent line) and then hands the characters to
pdfplumber's own `WordExtractor`: word breaks, line clustering and font grouping stay exactly
pdfplumber's.

Known differences, all rare and within the fixtures' scores: a character's right edge comes from
pdfium's loose box, which also takes in ink overhanging the advance (up to ~1 pt wider for "f",
"/", italics); pdfplumber splits a font run where pdfminer's computed size differs in its last
bits, this does not; pdfium drops a glyph drawn again on itself (fake bold), pdfminer keeps both.
"""
from __future__ import annotations

import ctypes
import re
from typing import Any

from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.utils.text import WordExtractor

from extractors import pdfium_api as api
from extractors.pdfium_frame import Affine, Frame, compose
from extractors.pdfium_objects import TEXT, PageObject

Char = dict[str, Any]

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # pdfium names some subsets with their tag and some without
MIN_INK = 0.01  # points: pdfium skips text objects narrower than this (kSizeEpsilon)
WORDS = WordExtractor(x_tolerance=1.5, y_tolerance=2.5, extra_attrs=["fontname", "size"])


class _Font:
    """A font's name and its descent as pdfminer measures it (the 14 standard fonts, when not
    embedded, by pdfminer's own metrics; others by the font descriptor, as pdfium reads it)."""

    __slots__ = ("name", "descent", "unmapped")

    def __init__(self, handle: int) -> None:
        self.name = _font_name(handle)
        self.unmapped: dict[str, bool] = {}  # characters pdfium printed as their code (no Unicode)
        standard = FONT_METRICS.get(self.name)
        if standard and handle and not api.font_embedded(handle):
            self.descent = float(standard[0].get("Descent", 0)) / 1000  # pdfminer's own metrics
        else:
            descent = ctypes.c_float()
            api.font_descent(handle, 1000.0, ctypes.byref(descent))
            self.descent = descent.value / 1000


class _Run:
    """What every character of one text object shares: font, size, matrix, orientation, and
    (for plain upright text) the bottom of pdfminer's box: the baseline plus the font's descent."""

    __slots__ = ("font", "fontname", "font_size", "linear", "device", "upright", "fast", "size", "bottom")

    def __init__(self, font: _Font, font_size: float, to_user: Affine, frame: Frame) -> None:
        self.font = font
        self.fontname = font.name
        self.font_size = font_size
        self.linear = to_user[:4] + (0.0, 0.0)
        self.device = compose(self.linear, frame.device)
        a, b, c, d = self.device[:4]
        self.upright = a * d > 0 and b * c <= 0  # pdfminer's test (horizontal scaling folded into a)
        la, lb, lc, ld, _, baseline = to_user
        self.fast = frame.rotation == 0 and lb == 0 and lc == 0 and la > 0 and ld > 0
        self.size = round(font_size * ld, 4)
        self.bottom = frame.to_top_left[5] - (baseline + font.descent * font_size * ld)


def _font_name(font: int) -> str:
    if not font:
        return ""
    length = api.base_font_name(font, None, 0)
    buffer = ctypes.create_string_buffer(max(length, 1))
    api.base_font_name(font, buffer, length)
    return SUBSET_TAG.sub("", buffer.value.decode("utf-8", errors="replace"))


def _run_of(obj: PageObject, frame: Frame, fonts: dict[int, _Font]) -> _Run:
    """The run of a text object: its font, font size and matrix."""
    handle = api.text_font(obj.handle) or 0
    if handle not in fonts:
        fonts[handle] = _Font(handle)
    size = ctypes.c_float()
    api.text_object_size(obj.handle, ctypes.byref(size))
    return _Run(fonts[handle], size.value, obj.to_user, frame)


def _page_text(textpage: int, count: int) -> list[str]:
    """One string per character index (pdfium's bulk text, or per character where it holds surrogates)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    api.page_text(textpage, 0, count, buffer)
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count and not any("\ud800" <= ch <= "\udfff" for ch in text):
        return list(text)
    return [chr(api.unicode_of(textpage, i)) for i in range(count)]


def _generic_box(run: _Run, box: Any, origin: tuple[float, float], frame: Frame) -> tuple[float, float, float, float]:
    """pdfminer's box for a character whose text is rotated, mirrored or on a turned page: in
    text space, across as pdfium's loose box, up from the baseline's descent by the font size."""
    a, b, c, d = run.linear[:4]
    det = a * d - b * c or 1.0
    corners = [(box.left, box.bottom), (box.right, box.bottom), (box.left, box.top), (box.right, box.top)]
    us = [(d * x - c * y) / det for x, y in corners]
    v0 = (-b * origin[0] + a * origin[1]) / det + run.font.descent * run.font_size
    u0, u1, v1 = min(us), max(us), v0 + run.font_size
    return frame.box([(a * u + c * v, b * u + d * v) for u in (u0, u1) for v in (v0, v1)])


def _blank_char(obj: PageObject, frame: Frame, fonts: dict[int, _Font]) -> Char | None:
    """The space of a text object with no ink (Word writes a tab as a lone space glyph).

    pdfium leaves such objects out of its text page; pdfminer keeps the space, and a space
    ends a word, so without it "1.1" and the heading after it would run together."""
    box = [ctypes.c_float() for _ in range(4)]
    if not api.object_bounds(obj.handle, *(ctypes.byref(v) for v in box)) or box[2].value - box[0].value >= MIN_INK:
        return None
    run = _run_of(obj, frame, fonts)
    x, y = obj.to_user[4:]
    x0, top, x1, bottom = frame.box([(x, y), (x, y)])
    if run.fast:
        top, bottom = run.bottom - run.size, run.bottom
    return {"text": " ", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": run.upright,
            "fontname": run.fontname, "size": run.size, "matrix": run.device}


def _with_blanks(chars: list[Char], owners: list[int], texts: list[PageObject], frame: Frame,
                 fonts: dict[int, _Font]) -> list[Char]:
    """`chars` with the spaces of ink-less text objects put back where they stand in content order."""
    blanks = {k: char for k, obj in enumerate(texts) if (char := _blank_char(obj, frame, fonts))}
    if not blanks:
        return chars
    order = {obj.handle: k for k, obj in enumerate(texts)}
    out: list[Char] = []
    done = -1  # content position of the last text object whose blanks are placed
    for char, owner in zip(chars, owners):
        position = order.get(owner, done)
        if position > done:
            out.extend(blanks[k] for k in range(done + 1, position) if k in blanks)
            done = position
        out.append(char)
    out.extend(blanks[k] for k in range(done + 1, len(texts)) if k in blanks)
    return out


def page_chars(textpage: int, frame: Frame, objects: list[PageObject]) -> list[Char]:
    """Every printed character of the page in pdfium's order (content order for upright text),
    as pdfplumber's char dicts (text, x0, x1, top, bottom, doctop, upright, fontname, size, matrix)."""
    count = api.count_chars(textpage)
    texts = [obj for obj in objects if obj.kind == TEXT]
    if count <= 0 and not texts:
        return []
    chars: list[Char] = []
    owners: list[int] = []
    rect = api.RECT()
    rect_ref = ctypes.byref(rect)
    by_handle = {obj.handle: obj for obj in texts}
    runs: dict[int, _Run] = {}
    fonts: dict[int, _Font] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    text_object, loose_box, char_origin = api.text_object, api.loose_box, api.char_origin
    for i, text in enumerate(_page_text(textpage, count) if count > 0 else []):
        if text.isspace() and api.is_generated(textpage, i):
            continue  # pdfium's own word and line breaks; pdfplumber judges gaps itself
        obj = text_object(textpage, i)
        if obj not in by_handle:
            continue
        run = runs.get(obj)
        if run is None:
            run = runs[obj] = _run_of(by_handle[obj], frame, fonts)
        unmapped = run.font.unmapped.get(text)
        if unmapped is None:  # one question per font and character: a code without Unicode stays so
            unmapped = run.font.unmapped[text] = bool(api.has_map_error(textpage, i))
        if unmapped:
            text = f"(cid:{ord(text)})"  # what pdfminer prints for a glyph with no Unicode
        elif text == "\ufffe":
            text = "-"  # pdfium marks a hyphen that ends a line
        loose_box(textpage, i, rect_ref)
        if run.fast:  # across: the loose box; up: from the descent by the size
            x0, top, x1, bottom = rect.left, run.bottom - run.size, rect.right, run.bottom
            size = run.size
        else:
            char_origin(textpage, i, x_ref, y_ref)
            x0, top, x1, bottom = _generic_box(run, rect, (x.value, y.value), frame)
            size = round(bottom - top, 4)
        chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                      "upright": run.upright, "fontname": run.fontname, "size": size, "matrix": run.device})
        owners.append(obj)
    return _with_blanks(chars, owners, texts, frame, fonts)


def words_of(chars: list[Char]) -> list[dict[str, Any]]:
    """pdfplumber's `extract_words(x_tolerance=1.5, y_tolerance=2.5, extra_attrs=["fontname", "size"])`."""
    return WORDS.extract_words(chars)
