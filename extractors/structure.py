"""Document-level facts read from the first pages: title and kind.

Deliberately small: the agenda-pack issue extends it with organisation, committee, meeting
date and the agenda itself.
"""
from __future__ import annotations

import re

from extractors.model import Page
from extractors.text_lines import group_lines

KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("agenda_pack", re.compile(r"\b(agenda|summons)\b", re.I)),
    ("minutes", re.compile(r"\bminutes\b", re.I)),
    ("performance_report", re.compile(r"\b(performance|dashboard|monitoring)\b", re.I)),
    ("plan", re.compile(r"\b(plan|strategy|delivery)\b", re.I)),
    ("report", re.compile(r"\breport\b", re.I)),
]


def title_of(pages: list[Page]) -> str | None:
    """The largest-font line of the first page that has text (ties: the highest)."""
    for page in pages[:3]:
        lines = [ln for ln in group_lines(page.words) if len(ln.text.strip()) > 2]
        if lines:
            biggest = max(ln.size for ln in lines)
            top = [ln for ln in lines if ln.size >= biggest - 0.5]
            top.sort(key=lambda ln: ln.top)
            return " ".join(ln.text for ln in top[:3]).strip()[:300]
    return None


def kind_of(title: str | None, first_page_text: str, has_deliverables: bool) -> str:
    """Contract doc_kind from the title first, then the first page's words."""
    for text in (title or "", first_page_text[:600]):
        for kind, pattern in KIND_PATTERNS:
            if pattern.search(text):
                return kind
    return "plan" if has_deliverables else "other"
