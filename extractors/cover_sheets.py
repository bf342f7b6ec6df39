"""Report cover sheets: the title, who reports, and the recommendations put to the committee.

A cover sheet is a page with a "Recommendation(s)" heading. Its title is a "Subject:" line
where there is one, else the nearest heading above the recommendations; "Report of ..." /
"From: ..." names who reports; the recommendations run until the next heading.
"""
from __future__ import annotations

import re
from typing import Any

from extractors.front_sheet import SUBJECT, WEEKDAY
from extractors.model import Page
from extractors.text_lines import Line, group_lines

RECOMMENDATION_HEADING = re.compile(r"^recommendations?\s*(?:\(s\))?\s*:?$", re.I)
REPORTER = re.compile(r"^(?:(?:joint\s+)?report\s+(?:of|by|from)(?:\s+the)?\s*:?|from\s*:)\s*(?P<who>.+?)\.?$", re.I)
SECTION_START = re.compile(r"^(summary|report|background|purpose|introduction|executive summary)\b\s*:?", re.I)
ENUMERATOR = re.compile(r"^(\(?[a-z0-9]{1,3}[.)]|•|-)\s", re.I)
MASTHEAD = re.compile(rf"\b(19|20)\d{{2}}$|\b{WEEKDAY}\b|^n/?a$", re.I)  # the meeting's name and date
MAX_LINES = 40


def _is_heading(line: Line, body_size: float) -> bool:
    return line.bold or line.size > body_size * 1.1


def _title(lines: list[Line], heading_index: int, body_size: float) -> str | None:
    """The nearest heading above the recommendations, with the heading lines it wraps from
    (a committee-and-date masthead above it is not part of it)."""
    run: list[Line] = []
    for line in reversed(lines[:heading_index]):
        if not _is_heading(line, body_size) or MASTHEAD.search(line.text):
            if run:
                break
            continue
        if run and (run[-1].top - line.bottom > line.bottom - line.top or abs(line.size - run[-1].size) > 0.5):
            break
        run.append(line)
    return " ".join(line.text.strip() for line in reversed(run)) or None


def _recommendations(lines: list[Line], body_size: float) -> str:
    parts: list[str] = []
    for line in lines[:MAX_LINES]:
        text = line.text.strip()
        if REPORTER.match(text) or SECTION_START.match(text) and _is_heading(line, body_size) \
                or (_is_heading(line, body_size) and parts):
            break
        if parts and not ENUMERATOR.match(text):
            parts[-1] = f"{parts[-1]} {text}"
        else:
            parts.append(text)
    return "\n".join(parts)


def extract_cover_sheets(pages: list[Page], *, doc_id: str) -> list[dict[str, Any]]:
    """One row per page carrying a Recommendation(s) heading."""
    out: list[dict[str, Any]] = []
    subject: str | None = None  # a cover sheet's "Subject:" may sit a page before its recommendations
    for page in pages:
        lines = group_lines(page.words)
        heading = next((i for i, ln in enumerate(lines) if RECOMMENDATION_HEADING.match(ln.text.strip())), None)
        if heading is None:
            subject = next((m["title"].strip() for m in (SUBJECT.match(ln.text.strip()) for ln in lines) if m), None)
            continue
        sizes = sorted(ln.size for ln in lines)
        body_size = sizes[len(sizes) // 2]
        reporter = next((m["who"] for m in (REPORTER.match(ln.text.strip()) for ln in lines) if m), None)
        subject = next((m["title"].strip() for m in (SUBJECT.match(ln.text.strip()) for ln in lines) if m), subject)
        out.append({
            "doc_id": doc_id, "page": page.number, "title": subject or _title(lines, heading, body_size),
            "report_of": reporter, "recommendations": _recommendations(lines[heading + 1:], body_size) or None,
        })
    return out
