"""Document-level facts: the title as set on the first page, and the document's kind.

Organisation, committee and meeting date are read in `front_sheet`; the agenda in `agenda`.
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


MIN_INDICATORS_FOR_REPORT = 10


def title_of(pages: list[Page]) -> str | None:
    """The first largest-font line of the first page with text, with the lines of that size
    set directly below it (a title wrapped over lines); a heading further down is not part."""
    for page in pages[:3]:
        lines = sorted((ln for ln in group_lines(page.words) if len(ln.text.strip()) > 2), key=lambda ln: ln.top)
        if not lines:
            continue
        biggest = max(ln.size for ln in lines)
        start = next(i for i, ln in enumerate(lines) if ln.size >= biggest - 0.5)
        title = [lines[start]]
        for line in lines[start + 1:start + 3]:
            if line.size < biggest - 0.5 or line.top - title[-1].bottom > 0.8 * (line.bottom - line.top):
                break
            title.append(line)
        return " ".join(ln.text for ln in title).strip()[:300]
    return None


def kind_of(title: str | None, first_lines: str, *, has_agenda: bool, n_plan_rows: int, n_indicators: int,
            n_cover_sheets: int) -> str:
    """Contract doc_kind: an agenda or minutes heading first, then the title's words, then
    what the document was found to hold."""
    if has_agenda:
        return "agenda_pack"
    if re.search(r"\bminutes\b", first_lines, re.I):
        return "minutes"
    for kind, pattern in KIND_PATTERNS:
        if kind not in ("agenda_pack", "minutes") and pattern.search(title or ""):
            return kind
    if n_plan_rows:
        return "plan"
    if n_indicators >= MIN_INDICATORS_FOR_REPORT:
        return "performance_report"
    if n_cover_sheets or KIND_PATTERNS[-1][1].search(first_lines):
        return "report"
    return "other"
