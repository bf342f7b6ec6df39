"""Open a PDF and read its pages into the plain `Page` model, with pdfium only.

pdfium checks the file first (fast, and its errors say *why* a file is unreadable), then gives
each page's characters, grouped into words exactly as pdfplumber groups them, and the page's
ruling edges and fills (`pdfium_text`, `pdfium_paths`). pdfplumber's own page reading (pdfminer
layout) costs ~70x more per page than pdfium's text pass (benchmarks/speed.py) and is not used.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from extractors import pdfium_api as api
from extractors.errors import DocumentError
from extractors.model import Page, Word
from extractors.orientation import turn_needed
from extractors.pdfium_frame import frame_of
from extractors.pdfium_objects import page_objects
from extractors.pdfium_paths import page_graphics
from extractors.pdfium_text import page_chars, words_of

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)


def check_readable(pdf_bytes: bytes) -> int:
    """Return the page count, or raise DocumentError with the reason the PDF cannot be read."""
    if not pdf_bytes:
        raise DocumentError("empty file")
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise DocumentError("not a PDF (no %PDF- header in the first 1 KiB)")
    with api.LOCK:
        return _page_count(pdf_bytes)


def _page_count(pdf_bytes: bytes) -> int:
    try:
        doc = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise DocumentError("encrypted PDF: a password is required to open it") from None
        raise DocumentError(f"damaged or truncated PDF ({exc})") from None
    try:
        count = len(doc)
    finally:
        doc.close()
    if count == 0:
        raise DocumentError("PDF has no pages")
    if not re.search(rb"%%EOF\s*$", pdf_bytes[-2048:]):
        raise DocumentError("truncated PDF (no %%EOF marker at the end of the file)")
    return count


def is_bold(fontname: str) -> bool:
    return bool(BOLD_FONT.search(fontname or ""))


@dataclass
class PageRead:
    """One page as extraction needs it, its ruling edges (for the table finder) and the
    clockwise turn (0, 90, 180, 270) that would make most of its text upright."""

    page: Page
    edges: list[dict[str, Any]]
    turn: int


def read_page(pdf_page: pdfium.PdfPage, number: int) -> PageRead:
    """Words with bold/size, filled rectangles and edges of one pdfium page (1-based `number`)."""
    frame = frame_of(pdf_page.raw)
    objects = page_objects(api.address(pdf_page.raw))
    textpage = pdf_page.get_textpage()
    try:
        chars = page_chars(api.address(textpage.raw), frame, objects)
    finally:
        textpage.close()
    words = [
        Word(text=w["text"], x0=float(w["x0"]), top=float(w["top"]), x1=float(w["x1"]), bottom=float(w["bottom"]),
             size=float(w["size"] or 0.0), bold=is_bold(w["fontname"]), page=number)
        for w in words_of(chars)
        if w["text"].strip()
    ]
    graphics = page_graphics(objects, frame)
    page = Page(number=number, width=frame.width, height=frame.height, words=words, fills=graphics.fills)
    return PageRead(page, graphics.edges, turn_needed(chars))


@contextmanager
def open_pdf(pdf_bytes: bytes) -> Iterator[pdfium.PdfDocument]:
    """pdfium over in-memory bytes; its errors become DocumentError.

    MemoryError is let through: running out of memory is the worker's limit, not a damaged file.
    """
    try:
        pdf = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"cannot parse PDF ({exc})") from None
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001 - closing re-reads every page; a damaged one was reported
            pass
