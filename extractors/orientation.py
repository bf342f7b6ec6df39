"""Pages whose text runs sideways or upside down, turned upright before extraction.

A landscape table is sometimes printed by rotating the content on a portrait page instead of
rotating the page. Every later stage assumes left-to-right lines, so such a page is given the
/Rotate that makes its text upright (pdfminer applies /Rotate when reading) and read again.
"""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping

import pypdfium2 as pdfium

MIN_CHARS = 20
MIN_SHARE = 0.6  # of a page's characters that must agree on a direction to turn the page


def turn_needed(chars: Iterable[Mapping[str, object]]) -> int:
    """Clockwise degrees (0, 90, 180, 270) that make most of these characters upright."""
    votes: Counter[int] = Counter()
    for char in chars:
        matrix = char.get("matrix")
        if not isinstance(matrix, tuple) or len(matrix) < 2 or not str(char.get("text", "")).strip():
            continue
        a, b = float(matrix[0]), float(matrix[1])
        if abs(a) >= abs(b):
            votes[0 if a > 0 else 180] += 1
        else:
            votes[90 if b > 0 else 270] += 1  # text running up needs a clockwise quarter turn
    total = sum(votes.values())
    if total < MIN_CHARS:
        return 0
    turn, count = votes.most_common(1)[0]
    return turn if count >= MIN_SHARE * total else 0


def turned(pdf_bytes: bytes, turns: Mapping[int, int]) -> bytes:
    """A copy of the PDF with pages (1-based) rotated clockwise by the given degrees."""
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        for number, degrees in turns.items():
            page = doc[number - 1]
            page.set_rotation((page.get_rotation() + degrees) % 360)
            page.close()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()
