"""The agenda of a front sheet or pack: numbered items, their titles and printed pages.

Read from lines, not tables: agendas are typed as numbered paragraphs as often as tables.
An agenda starts at a line reading "Agenda" (letters may be spaced out); items are lines
starting with an item number in one left-hand column, numbered in sequence. A title runs on
over lines indented to its text and set at line spacing; "(Pages 9 - 66)" may sit anywhere
in the item; a "Report of ..." line below the title names who reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.model import Page
from extractors.page_labels import pdf_pages, printed_labels
from extractors.text_lines import Line, group_lines

AGENDA_MARK = re.compile(r"^a\s?g\s?e\s?n\s?d\s?a\s*:?(\s+for\b.*)?$", re.I)  # not "Agenda Item 9"
MEETING_TITLE = re.compile(r"\bmeeting\b", re.I)
MINUTES = re.compile(r"\bminutes\b", re.I)
ITEM_NUMBER = re.compile(r"^(?:item\s+)?(\d{1,3}[a-z]?|\d{1,3}\.\d{1,2}|[A-Z]\d{1,2})[.)]?$", re.I)
PAGES = re.compile(r"\(?\s*\bpages?\s+(\d{1,4})(?:\s*(?:-|–|—|to)\s*(\d{1,4}))?\s*\)?", re.I)
REPORT_OF = re.compile(r"^(?:joint\s+)?report\s+(?:of|by|from)\s+(.+?)\.?$", re.I)
MAX_AGENDA_PAGES = 4
X_SLACK = 4.0
MAX_STEP = 2  # items are numbered in sequence (a withdrawn item may leave a gap)


@dataclass
class _Item:
    number: str
    title_lines: list[str]
    title_x: float
    last: Line
    page: int  # the PDF page the item starts on; its box covers its lines on that page
    box: tuple[float, float, float, float]
    pages: tuple[int, int | None] | None = None
    report_of: str | None = None
    closed: bool = False
    extra: list[str] = field(default_factory=list)


def _major(number: str) -> int | None:
    digits = re.match(r"[A-Z]?(\d+)", number, re.I)
    return int(digits.group(1)) if digits else None


def _number_of(line: Line) -> str | None:
    """The item number a line starts with, when a capitalised title follows it."""
    if len(line.words) < 2:
        return None
    match = ITEM_NUMBER.match(line.words[0].text)
    follows = line.words[1].text
    return match.group(1) if match and (follows[:1].isupper() or follows[:1] in "\"'‘“(") else None


def _agenda_starts(pages: list[Page]) -> list[tuple[int, float]]:
    """(page index, y) of each line that may open the agenda, on the first pages, in order."""
    starts = [(index, line.top) for index, page in enumerate(pages[:MAX_AGENDA_PAGES])
              for line in group_lines(page.words) if AGENDA_MARK.match(line.text.strip()) and len(line.text) < 60]
    if starts:
        return starts
    first = group_lines(pages[0].words) if pages else []
    if any(MINUTES.search(line.text) for line in first[:8]):
        return []  # minutes number their items too, but they are no agenda
    return [(0, line.top) for line in first[:3] if line.bold and MEETING_TITLE.search(line.text)][:1]


def _take_pages(text: str, item: _Item) -> str:
    """Record the first "(Pages a - b)" of an item and return the text without it."""
    match = PAGES.search(text)
    if not match:
        return text
    if item.pages is None:
        end = match.group(2)
        item.pages = (int(match.group(1)), int(end) if end else None)
    return (text[:match.start()] + text[match.end():]).strip()


def _continues(line: Line, item: _Item) -> bool:
    """A line set just below the item's last line and indented to its title text."""
    gap = line.top - item.last.bottom
    return abs(line.x0 - item.title_x) <= X_SLACK and gap <= 0.9 * (item.last.bottom - item.last.top)


def extract_agenda(pages: list[Page], *, doc_id: str) -> list[dict[str, Any]]:
    """Agenda items, each with its printed page range and the PDF pages that range covers.
    A cover's "Agenda for the meeting ..." may come pages before the list: the first
    opening line followed by numbered items wins."""
    for first_page, y0 in _agenda_starts(pages):
        items = _items_from(pages, first_page, y0)
        if items:
            labels = printed_labels(pages)
            return [_record(doc_id, item, labels) for item in items]
    return []


def _items_from(pages: list[Page], first_page: int, y0: float) -> list[_Item]:
    items: list[_Item] = []
    item_x: float | None = None
    for page in pages[first_page:first_page + MAX_AGENDA_PAGES]:
        lines = [ln for ln in group_lines(page.words) if page is not pages[first_page] or ln.top > y0]
        stop = False
        for line in lines:
            number = _number_of(line)
            if number and (item_x is None or abs(line.x0 - item_x) <= X_SLACK):
                major, previous = _major(number), _major(items[-1].number) if items else None
                if major is None or (previous is not None and not previous <= major <= previous + MAX_STEP):
                    stop = True
                    break
                item_x = line.x0
                item = _Item(number, [], line.words[1].x0, line, page.number, _box(line))
                item.title_lines.append(_take_pages(" ".join(w.text for w in line.words[1:]), item))
                items.append(item)
            elif items and not items[-1].closed and _continues(line, items[-1]):
                item = items[-1]
                if item.page == page.number:
                    item.box = _union(item.box, _box(line))
                text = _take_pages(line.text, item)
                report = REPORT_OF.match(text)
                if report:
                    item.report_of, item.closed = report.group(1), True
                elif text:
                    item.title_lines.append(text)
                item.last = line
            elif items:
                items[-1].closed = True
                if items[-1].pages is None and PAGES.fullmatch(line.text.strip()):
                    _take_pages(line.text, items[-1])  # a right-aligned "(Pages ...)" on its own line
        if stop or not items:
            break  # an agenda runs on from the page that opens it, or it is not one
    return items


def _box(line: Line) -> tuple[float, float, float, float]:
    return line.x0, line.top, line.x1, line.bottom


def _union(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _record(doc_id: str, item: _Item, labels: dict[int, int]) -> dict[str, Any]:
    title = re.sub(r"\s+", " ", " ".join(item.title_lines)).strip().rstrip(".").strip()
    start, end = item.pages if item.pages else (None, None)
    pdf_start, pdf_end = pdf_pages(labels, start, end)
    return {
        "doc_id": doc_id, "item_number": item.number.rstrip("."), "title": title,
        "page_start": start, "page_end": end, "report_of": item.report_of,
        "pdf_page_start": pdf_start, "pdf_page_end": pdf_end,
        "page": item.page, "x0": item.box[0], "top": item.box[1], "x1": item.box[2], "bottom": item.box[3],
    }
