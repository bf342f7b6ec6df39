"""The pdfium page reader: the words, sizes, bold flags, fills and ruled grids that pdfplumber
would have given (the pipeline was tuned on pdfplumber's), and pages without rules skip the
table finder."""
from __future__ import annotations

import io
import threading

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import ruled
from extractors.pdf_reader import open_pdf, read_page
from extractors.pdfium_api import address
from extractors.pdfium_frame import frame_of
from extractors.pdfium_objects import page_objects
from extractors.pdfium_text import page_chars
from extractors.pipeline import extract_document, read_document
from pdfgen import table_pdf

WIDTH, HEIGHT = A4
OVERHANG = 1.0  # points: pdfium's loose box also takes in ink past the advance ("/", italics)


def _canvas_pdf(draw, pages: int = 1, rotate: int = 0) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    for _ in range(pages):
        if rotate:
            c.setPageRotation(rotate)
        draw(c)
        c.showPage()
    c.save()
    return out.getvalue()


def _text_page(c: canvas.Canvas) -> None:
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 760, "Delivery Plan 2023/24")
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Reduce waits of over 78 weeks")
    c.drawString(72, 680, "1.1")
    c.drawString(93.5, 680, " ")  # a lone space glyph, as Word writes a tab: pdfium drops the object
    c.drawString(94, 680, "Heading")
    c.setFont("Helvetica-Oblique", 9)
    c.drawString(300, 680, "stacked")
    c.saveState()
    c.translate(500, 300)
    c.rotate(90)
    c.setFont("Helvetica", 8)
    c.drawString(0, 0, "Sideways label")
    c.restoreState()
    form = f"note{c.getPageNumber()}"
    c.beginForm(form)
    c.setFont("Helvetica", 11)
    c.drawString(0, 0, "Inside a form")
    c.endForm()
    c.saveState()
    c.translate(72, 400)
    c.scale(1.5, 1.5)
    c.doForm(form)
    c.restoreState()


def _ruled_page(c: canvas.Canvas) -> None:
    c.setFillColorRGB(0.0, 0.69, 0.31)
    c.rect(72, 600, 150, 20, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for y in (560, 580, 600, 620):
        c.line(72, y, 372, y)
    for x in (72, 222, 372):
        c.line(x, 560, x, 620)
    c.setFont("Helvetica", 10)
    for y, row in ((605, ("Green", "On track")), (585, ("Indicator", "Q1")), (565, ("Beds", "12"))):
        c.drawString(76, y, row[0])
        c.drawString(226, y, row[1])


def _plumber_words(pdf_bytes: bytes, index: int = 0) -> list[tuple]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        words = pdf.pages[index].extract_words(x_tolerance=1.5, y_tolerance=2.5, extra_attrs=["fontname", "size"])
    return sorted((w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["size"]) for w in words)


def _pdfium_read(pdf_bytes: bytes, index: int = 0):
    with open_pdf(pdf_bytes) as pdf:
        page = pdf[index]
        try:
            return read_page(page, index + 1)
        finally:
            page.close()


def _assert_same_words(pdf_bytes: bytes, index: int = 0) -> None:
    expected = _plumber_words(pdf_bytes, index)
    got = sorted((w.text, w.x0, w.top, w.x1, w.bottom, w.size) for w in _pdfium_read(pdf_bytes, index).page.words)
    assert [w[0] for w in got] == [w[0] for w in expected]
    for (text, x0, top, x1, bottom, size), theirs in zip(got, expected):
        assert (x0, top, bottom, size) == pytest.approx(theirs[1:3] + theirs[4:], abs=0.05), text
        assert x1 == pytest.approx(theirs[3], abs=OVERHANG), text


def test_words_boxes_and_sizes_match_pdfplumber() -> None:
    _assert_same_words(_canvas_pdf(_text_page))


def test_characters_on_a_rotated_page_match_pdfplumber() -> None:
    """/Rotate 90: boxes in the page as displayed, as pdfplumber reports them. (Its words of
    text running sideways are fragments, one per character size: such pages are turned
    upright and read again before extraction.)"""
    pdf_bytes = _canvas_pdf(_text_page, rotate=90)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        expected = sorted((c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in pdf.pages[0].chars if c["text"].strip())
        size = (pdf.pages[0].width, pdf.pages[0].height)
    with open_pdf(pdf_bytes) as pdf:
        page = pdf[0]
        textpage = page.get_textpage()
        frame = frame_of(page.raw)
        chars = page_chars(address(textpage.raw), frame, page_objects(address(page.raw)))
        textpage.close()
        page.close()
    got = sorted((c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in chars if c["text"].strip())
    assert [c[0] for c in got] == [c[0] for c in expected]
    for (text, x0, top, x1, bottom), theirs in zip(got, expected):  # the text runs down the page
        assert (x0, x1) == pytest.approx((theirs[1], theirs[3]), abs=0.05), text
        assert (top, bottom) == pytest.approx((theirs[2], theirs[4]), abs=OVERHANG), text
    assert (frame.width, frame.height) == pytest.approx(size)


def test_bold_size_and_words_from_fonts() -> None:
    page = _pdfium_read(_canvas_pdf(_text_page)).page
    words = {w.text: w for w in page.words}
    assert words["Delivery"].bold and words["Delivery"].size == pytest.approx(16)
    assert not words["Reduce"].bold and words["Reduce"].size == pytest.approx(10)
    assert words["Inside"].size == pytest.approx(16.5)  # the form is drawn at 1.5x
    assert words["Delivery"].x0 == pytest.approx(72)
    assert "1.1" in words and "Heading" in words  # the ink-less space still ends the word
    assert (page.width, page.height) == pytest.approx((WIDTH, HEIGHT))


def test_sideways_text_asks_for_a_turn() -> None:
    def sideways(c: canvas.Canvas) -> None:
        c.saveState()
        c.translate(300, 100)
        c.rotate(90)
        c.setFont("Helvetica", 10)
        for i in range(5):
            c.drawString(0, -20 * i, f"Row {i} of a table printed sideways")
        c.restoreState()

    assert _pdfium_read(_canvas_pdf(sideways)).turn == 90
    assert _pdfium_read(_canvas_pdf(_text_page)).turn == 0


def test_fills_and_ruled_grid_match_pdfplumber() -> None:
    pdf_bytes = _canvas_pdf(_ruled_page)
    read = _pdfium_read(pdf_bytes)
    [fill] = read.page.fills
    assert (fill.x0, fill.top, fill.x1, fill.bottom) == pytest.approx((72, HEIGHT - 620, 222, HEIGHT - 600))
    assert fill.color == pytest.approx((0.0, 0.69, 0.31), abs=0.01)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        expected = [[list(cell) if cell else None for cell in row.cells]
                    for table in pdf.pages[0].find_tables(ruled.TABLE_SETTINGS) for row in table.rows]
    got = [[list(cell) if cell else None for cell in row] for grid in ruled.find_raw_grids(read.edges) for row in grid]
    assert len(got) == 3 and got == [[pytest.approx(cell, abs=0.01) for cell in row] for row in expected]


def test_generated_ruled_table_grid_matches_pdfplumber() -> None:
    pdf_bytes = table_pdf(["Deliverable", "Owner", "Due"], [["Open 20 beds", "COO", "Q2"], ["Cut waits", "CMO", "Q4"]],
                          style="ruled")
    read = _pdfium_read(pdf_bytes)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        expected = [len(t.rows) for t in pdf.pages[0].find_tables(ruled.TABLE_SETTINGS)]
    assert [len(g) for g in ruled.find_raw_grids(read.edges)] == expected != []


def test_a_page_without_rules_skips_the_table_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_finder(*args: object, **kwargs: object) -> None:
        raise AssertionError("the table finder ran on a page without rules")

    monkeypatch.setattr(ruled, "TableFinder", no_finder)
    pages, grids = read_document(_canvas_pdf(_text_page, pages=2))
    assert len(pages) == 2 and grids == {1: [], 2: []}


def test_threads_share_pdfium_safely() -> None:
    pdf_bytes = table_pdf(["Deliverable", "Owner"], [[f"Item {i}", "COO"] for i in range(30)], style="ruled")
    expected = extract_document(pdf_bytes, doc_id="0" * 64, source_name="t.pdf").datasets["table_cells"]
    results: list[object] = []

    def work() -> None:
        results.append(extract_document(pdf_bytes, doc_id="0" * 64, source_name="t.pdf").datasets["table_cells"])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4

