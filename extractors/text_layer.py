"""Is there text a person could read? Words on a page are not enough.

A scan has no text layer at all. A PDF drawn with fonts that have no Unicode map (no ToUnicode,
no standard encoding) has one, but pdfminer can only give glyph codes, "(cid:39)(cid:72)...":
as useless as a scan, and worse if published as text. Both are kept for OCR.
"""
from __future__ import annotations

import re

from extractors.model import Page

GLYPH_CODE = re.compile(r"\(cid:\d+\)")
MOSTLY = 0.5  # the share of characters in glyph codes past which the text is unreadable

NO_TEXT = "no text layer on any page (scanned?); kept for OCR"
UNMAPPED = "text cannot be read: its fonts have no Unicode map (glyph codes only); kept for OCR"


def text_layer_problem(pages: list[Page]) -> str | None:
    """Why the document's text cannot be used, or None when it can.

    A few glyph codes are normal (bullets drawn from symbol fonts); mostly codes is not.
    """
    texts = [w.text for page in pages for w in (*page.words, *page.furniture)]
    total = sum(len(text) for text in texts)
    if not total:
        return NO_TEXT
    coded = sum(len(code) for text in texts for code in GLYPH_CODE.findall(text))
    return UNMAPPED if coded > MOSTLY * total else None
