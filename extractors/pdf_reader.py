"""Open a PDF and read its pages into the plain `Page` model.

pdfium checks the file first (fast, and its errors say *why* a file is unreadable); pdfplumber
then gives words with fonts, ruling lines and fills.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pdfplumber
import pypdfium2 as pdfium

from extractors.errors import DocumentError
from extractors.model import Fill, Page, Word

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)


def check_readable(pdf_bytes: bytes) -> int:
    """Return the page count, or raise DocumentError with the reason the PDF cannot be read."""
    if not pdf_bytes:
        raise DocumentError("empty file")
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise DocumentError("not a PDF (no %PDF- header in the first 1 KiB)")
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


def read_page(page: pdfplumber.page.Page) -> Page:
    """Words with bold/size, and filled rectangles, of one pdfplumber page."""
    words = [
        Word(
            text=w["text"], x0=float(w["x0"]), top=float(w["top"]), x1=float(w["x1"]),
            bottom=float(w["bottom"]), size=float(w.get("size") or 0.0),
            bold=is_bold(w.get("fontname", "")), page=page.page_number,
        )
        for w in page.extract_words(x_tolerance=1.5, y_tolerance=2.5, extra_attrs=["fontname", "size"])
        if w["text"].strip()
    ]
    fills = [
        Fill(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]), _color(r.get("non_stroking_color")))
        for r in page.rects
        if r.get("fill") and (r["x1"] - r["x0"]) > 2 and (r["bottom"] - r["top"]) > 2
    ]
    return Page(number=page.page_number, width=float(page.width), height=float(page.height), words=words, fills=fills)


def _color(value: object) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None


@contextmanager
def open_pdf(pdf_bytes: bytes) -> Iterator[pdfplumber.PDF]:
    """pdfplumber over in-memory bytes; pdfminer's own errors become DocumentError.

    MemoryError is let through: running out of memory is the worker's limit, not a damaged file.
    """
    try:
        pdf = pdfplumber.open(io.BytesIO(pdf_bytes))
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise DocumentError(f"cannot parse PDF ({type(exc).__name__}: {exc})") from None
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001 - closing re-reads every page; a damaged one was reported
            pass
