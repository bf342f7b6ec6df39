"""Printed page labels ("Page 28") and the PDF pages they stand for.

Agenda packs number their pages from the first report, so printed labels and PDF page
indices differ; inserted slide decks often print no label at all. A page without a label
takes one by counting on from the nearest labelled page before it, when the labels either
side of the gap agree with that count.
"""
from __future__ import annotations

import re

from extractors.model import Page
from extractors.text_lines import group_lines

LABEL = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
BAND = 0.12


def printed_labels(pages: list[Page]) -> dict[int, int]:
    """PDF page number -> printed page number, for every page whose label can be known."""
    found: dict[int, int] = {}
    for page in pages:
        words = [w for w in page.furniture + page.words
                 if w.bottom < page.height * BAND or w.top > page.height * (1 - BAND)]
        for line in group_lines(words):
            match = LABEL.match(line.text.strip())
            if match:
                found[page.number] = int(match.group(1))
                break
    labels = dict(found)
    known = sorted(found)
    for before, after in zip(known, known[1:]):
        if found[after] - found[before] == after - before:
            for number in range(before + 1, after):
                labels[number] = found[before] + number - before
    return labels


def pdf_pages(labels: dict[int, int], first: int | None, last: int | None) -> tuple[int | None, int | None]:
    """The PDF pages printed as `first`..`last` (None where the pack does not hold them)."""
    if first is None:
        return None, None
    by_label: dict[int, int] = {}
    for number, label in sorted(labels.items()):
        by_label.setdefault(label, number)
    start = by_label.get(first)
    end = by_label.get(last if last is not None else first)
    return start, end
