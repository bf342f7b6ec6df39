"""Document structure: front sheets, agendas with printed page ranges, cover sheets, rotated pages.

The PDFs are typed line by line here with reportlab, in layouts and wording of our own.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from helpers import extract
from pdfgen import table_pdf


TAB = 28


@dataclass(frozen=True)
class L:
    """One printed line: text, left x, font size, bold, and extra space above it."""

    text: str
    x: float = 60
    size: float = 11
    bold: bool = False
    space: float = 4
    number: str = ""  # an item number typed at x, with the text at the next tab stop


def lines_pdf(pages: list[list[L]], footers: list[str | None] | None = None) -> bytes:
    """Pages of typed lines, top down; an optional footer (a printed page label) per page."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    width, height = A4
    for index, lines in enumerate(pages):
        y = height - 60
        for line in lines:
            y -= line.size + line.space
            c.setFont("Helvetica-Bold" if line.bold else "Helvetica", line.size)
            if line.number:
                c.drawString(line.x, y, line.number)
            c.drawString(line.x + TAB if line.number else line.x, y, line.text)
        footer = footers[index] if footers else None
        if footer:
            c.setFont("Helvetica", 9)
            c.drawCentredString(width / 2, 30, footer)
        c.showPage()
    c.save()
    return out.getvalue()


FRONT_SHEET = [
    L("Adult Social Care Scrutiny Panel", size=16, bold=True),
    L("Tuesday, 5th March, 2024 at 2.00 pm", space=10),
    L("Committee Room 2, Civic Centre"),
    L("Contact: Jo Bloggs, Democratic Services (published 26 February 2024)"),
    L("AGENDA", size=13, bold=True, space=20),
    L("Apologies for absence", number="1.", space=12),
    L("Declarations of interest", number="2.", space=12),
    L("Minutes of the meeting held on 9 January 2024 (Pages 3 - 6)", number="3.", space=12),
    L("Home care market sustainability and the fair cost of care", number="4.", space=12),
    L("update", x=60 + TAB, space=2),
    L("(Pages 7 - 9)", x=60 + TAB, space=2),
    L("Report of the Director of Adult Services.", x=60 + TAB, space=4),
    L("Performance dashboard, quarter 3 (Page 10)", number="5a.", space=12),
    L("Date of next meeting", number="6.", space=12),
    L("EXEMPT ITEMS", bold=True, space=16),
    L("The Chair to move that the press and public be excluded.", space=6),
    L("J. Bloggs, Head of Democratic Services", space=30),
]


def _pack() -> bytes:
    """A front sheet (no page label) followed by pack pages labelled from "Page 3"."""
    body = [[L(f"Pack page {n}", size=12, bold=True), L("Text of the report.")] for n in range(3, 11)]
    return lines_pdf([FRONT_SHEET, *body], footers=[None] + [f"Page {n}" for n in range(3, 11)])


def test_an_agenda_gives_numbered_items_with_titles_pages_and_reporters() -> None:
    ex = extract(_pack())
    items = [(a["item_number"], a["title"], a["page_start"], a["page_end"], a["report_of"])
             for a in ex.datasets["agenda_items"]]
    assert items == [
        ("1", "Apologies for absence", None, None, None),
        ("2", "Declarations of interest", None, None, None),
        ("3", "Minutes of the meeting held on 9 January 2024", 3, 6, None),
        ("4", "Home care market sustainability and the fair cost of care update", 7, 9, "the Director of Adult Services"),
        ("5a", "Performance dashboard, quarter 3", 10, None, None),
        ("6", "Date of next meeting", None, None, None),
    ]


def test_printed_page_ranges_map_to_pdf_pages() -> None:
    ex = extract(_pack())
    pdf_pages = {a["item_number"]: (a["pdf_page_start"], a["pdf_page_end"]) for a in ex.datasets["agenda_items"]}
    assert pdf_pages["3"] == (2, 5)  # printed pages 3-6 are PDF pages 2-5: the front sheet has no label
    assert pdf_pages["4"] == (6, 8)
    assert pdf_pages["5a"] == (9, 9)
    assert pdf_pages["1"] == (None, None)


def test_front_sheet_gives_committee_meeting_date_and_kind() -> None:
    doc = extract(_pack()).document
    assert doc["committee"] == "Adult Social Care Scrutiny Panel"
    assert doc["meeting_date"] == dt.date(2024, 3, 5)  # not the publication date, not an earlier meeting's
    assert doc["doc_kind"] == "agenda_pack"


def test_minutes_number_their_items_but_are_not_an_agenda() -> None:
    minutes = [
        L("Minutes of a meeting of the Licensing Committee held on Monday 8 April 2024", size=13, bold=True),
        L("Present: Councillors A, B and C", space=10),
        L("1. Apologies", space=12), L("None were received."),
        L("2. Minutes of the previous meeting", space=12), L("Agreed as a correct record."),
    ]
    ex = extract(lines_pdf([minutes]))
    assert ex.datasets["agenda_items"] == []
    assert ex.document["doc_kind"] == "minutes"
    assert ex.document["meeting_date"] == dt.date(2024, 4, 8)
    assert ex.document["committee"] == "Licensing Committee"


def test_a_cover_sheet_gives_title_reporter_and_recommendations() -> None:
    cover = [
        L("Cabinet - 12 June 2024", size=13, bold=True),
        L("Library opening hours review", size=12, bold=True, space=14),
        L("Recommendations", size=11, bold=True, space=12),
        L("Cabinet is asked to:", space=6),
        L("(1) approve the revised opening hours set out in Appendix A;", x=70),
        L("(2) note the consultation responses.", x=70),
        L("Report of the Corporate Director, Place", bold=True, space=12),
        L("1. Background", bold=True, space=12),
        L("1.1 The review began in January.", x=70),
    ]
    ex = extract(lines_pdf([cover]))
    (report,) = ex.datasets["reports"]
    assert report["title"] == "Library opening hours review"
    assert report["report_of"] == "Corporate Director, Place"
    assert report["recommendations"].splitlines() == [
        "Cabinet is asked to:",
        "(1) approve the revised opening hours set out in Appendix A;",
        "(2) note the consultation responses.",
    ]
    assert ex.document["doc_kind"] == "report"


def _turn_content(pdf: bytes, clockwise: int) -> bytes:
    """Draw each page's content turned a quarter on a page of swapped size, as some
    printers and scanners do with landscape tables (the page itself is not /Rotate'd)."""
    src = pikepdf.open(io.BytesIO(pdf))
    for page in src.pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        cm = [0, -1, 1, 0, -y0, x1] if clockwise == 90 else [0, 1, -1, 0, y1, -x0]
        page.contents_add(pikepdf.Stream(src, b"q " + " ".join(map(str, cm)).encode() + b" cm\n"), prepend=True)
        page.contents_add(pikepdf.Stream(src, b"\nQ"))
        page.mediabox = [0, 0, y1 - y0, x1 - x0]
    out = io.BytesIO()
    src.save(out)
    return out.getvalue()


def test_pages_printed_sideways_are_turned_upright_before_extraction() -> None:
    header = ["Action", "Lead", "Timescale"]
    rows = [["Open two new community hubs", "Head of Libraries", "March 2025"],
            ["Review the mobile library route", "Service Manager", "Q2 2024/25"],
            ["Extend Sunday opening", "Head of Libraries", "June 2024"]]
    upright = [[c["text"] for c in extract(table_pdf(header, rows)).datasets["table_cells"]]]
    for clockwise in (90, 270):
        turned = extract(_turn_content(table_pdf(header, rows), clockwise))
        assert [[c["text"] for c in turned.datasets["table_cells"]]] == upright
        assert [d["deliverable"] for d in turned.datasets["deliverables"]] == [r[0] for r in rows]
