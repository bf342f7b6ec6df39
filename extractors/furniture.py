"""Running headers, footers and page numbers: page furniture, not content.

A line is furniture when it sits in the top or bottom band of the page and, with digits masked,
repeats on many pages, or when it is a bare page number ("5", "Page 5 of 14").
"""
from __future__ import annotations

import re
from collections import Counter

from extractors.model import Page
from extractors.text_lines import Line, group_lines

BAND = 0.09  # fraction of the page height at top and bottom where furniture lives
PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower()).strip()


def _in_band(line: Line, page: Page) -> bool:
    return line.bottom < page.height * BAND or line.top > page.height * (1 - BAND)


def strip_furniture(pages: list[Page]) -> list[Page]:
    """Move furniture words from `words` to `furniture` on every page (in place; returns pages)."""
    band_lines = {p.number: [ln for ln in group_lines(p.words) if _in_band(ln, p)] for p in pages}
    counts: Counter[str] = Counter()
    for lines in band_lines.values():
        counts.update({_key(ln) for ln in lines})
    repeat_floor = max(2, int(0.5 * len(pages)))
    for page in pages:
        drop: set[int] = set()
        for line in band_lines[page.number]:
            key = _key(line)
            if PAGE_NUMBER.match(line.text.strip()) or (len(pages) >= 2 and counts[key] >= repeat_floor):
                drop.update(id(w) for w in line.words)
        page.furniture = [w for w in page.words if id(w) in drop]
        page.words = [w for w in page.words if id(w) not in drop]
    return pages
