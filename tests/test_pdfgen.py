"""Tests of the synthetic-PDF generators (tests/pdfgen.py, badpdfs.py, strip_rules.py)."""

from __future__ import annotations

import io
import json
import runpy
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

try:  # tests/ on sys.path (pytest's default for a tests dir without __init__.py)
    import badpdfs
    import pdfgen
    import strip_rules
except ImportError:  # pragma: no cover - tests/ turned into a package
    from tests import badpdfs, pdfgen, strip_rules  # type: ignore[no-redef]

Bullets, SectionRow, TableSpec = pdfgen.Bullets, pdfgen.SectionRow, pdfgen.TableSpec

FIXTURES = Path("/work/shared/fixtures")
STOCKPORT_PDF = FIXTURES / "stockport_delivery_plan_2022-23.pdf"
STOCKPORT_GOLD = FIXTURES / "gold" / "stockport_delivery_plan_2022-23.tables.json"
STAFFS_GOLD = FIXTURES / "gold" / "staffordshire_hcosc_2023-07-24_pack.tables.json"

HEADER = ["Area", "Deliverable", "Baseline 2021/22", "Aim by end 2022/23"]
SUB = pdfgen.BULLET_GLYPHS[1]


def small_rows() -> list:
    return [
        SectionRow("Governance and Strategy"),
        ["Governance", Bullets(["Establish the Locality Board"]), "Shadow board in place", "Board live by July"],
        ["", Bullets(["Agree pooled budget", "Sign the accountability agreement"]), "£260m budget", "Agreed by Q1"],
        ["Strategy", Bullets(["Develop strategies:", Bullets(["Workforce Strategy", "Estates Strategy"])]),
         "Plans in place", "Draft by Q2\nFinal by Q4"],
        SectionRow("Outcomes and performance standards"),
        ["Quality", "Reduce long waits", "3,912 waiting", "Eliminate 104 week waits"],
    ]


def long_rows(n: int = 28) -> list:
    """Rows with unique tokens: row k's Aim paragraphs contain R<k>P<j>."""
    rows: list = [SectionRow("Delivery programme")]
    for k in range(n):
        aims = "\n".join(
            f"Aim R{k:02d}P{j} improve outcomes for residents across the borough by the end of the year"
            for j in range(1 + k % 6)
        )
        rows.append([f"Area {k}" if k % 4 == 0 else "", Bullets([f"Deliver item {k} with partners"]),
                     f"Value {k} as at December", aims])
    return rows


def _open(data: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(data))


def _text(data: bytes) -> str:
    with _open(data) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


# ----------------------------------------------------------------------- expected model


def test_cell_text_rules():
    assert pdfgen.cell_text("a  b\n\n c\n") == "a b\nc"
    assert pdfgen.cell_text(Bullets(["x", Bullets(["x1", Bullets(["x1a"])]), "y  z"])) == "x\nx1\nx1a\ny z"
    assert pdfgen.cell_text(["Lead-in:", Bullets(["one", "two"])]) == "Lead-in:\none\ntwo"
    assert pdfgen.cell_text("") == ""
    with pytest.raises(TypeError):
        Bullets([1])


def test_expected_table_shape():
    exp = pdfgen.expected_table(HEADER, small_rows(), section="Deliverables")
    assert exp.header == [HEADER]
    assert exp.n_cols == 4
    assert exp.section_rows == ["Governance and Strategy", "Outcomes and performance standards"]
    assert exp.rows[0].cells == ["Governance and Strategy", "", "", ""] and exp.rows[0].section_row
    assert exp.body_rows[2] == ["Strategy", "Develop strategies:\nWorkforce Strategy\nEstates Strategy",
                                "Plans in place", "Draft by Q2\nFinal by Q4"]
    gold = exp.to_gold()
    assert set(gold) == {"table_id", "section", "page_start", "page_end", "kind", "n_cols", "header", "rows"}
    assert gold["rows"][0] == {"cells": ["Governance and Strategy", "", "", ""], "section_row": True}


# ------------------------------------------------------------------------- table_pdf


@pytest.mark.parametrize("style", ["ruled", "borderless", "zebra"])
def test_table_pdf_styles(style):
    g = pdfgen.build_table_pdf(HEADER, small_rows(), style=style, title="Deliverables in 2022-23",
                               intro_paragraphs=["* indicates an NHS Long-Term Plan requirement."])
    assert g.pdf.startswith(b"%PDF-") and g.n_pages == 1
    with _open(g.pdf) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (page.width, page.height) == pytest.approx(pdfgen.PAGESIZES["A4-landscape"])
        text = page.extract_text()
        for s in ["Deliverables in 2022-23", "Aim by end 2022/23", "Governance and Strategy",
                  "• Establish the Locality Board", f"{SUB} Workforce Strategy", "Final by Q4"]:
            assert s in text, s
        for row in g.table.all_rows:  # the model's cell lines are what was drawn (no wrapping here)
            for line in "\n".join(row).split("\n"):
                assert line in text, line
        stroked = [r for r in page.rects if r["stroke"]]
        if style == "ruled":
            assert len(page.lines) > 10
        else:
            assert page.lines == [] and stroked == [] and page.curves == []
        if style == "borderless":
            assert page.rects == []
        if style == "zebra":
            assert page.rects and all(r["fill"] for r in page.rects)
    assert g.table.page_start == g.table.page_end == 1
    assert g.table.header_pages == [1]


def test_table_pdf_is_deterministic_and_bytes_api_matches():
    a = pdfgen.table_pdf(HEADER, small_rows(), style="zebra")
    b = pdfgen.build_table_pdf(HEADER, small_rows(), style="zebra").pdf
    assert a == b


@pytest.mark.parametrize("pagesize,font,size", [
    ("A4", "Times-Roman", (595.28, 841.89)),
    ("16:9", "DejaVuSans", (960, 540)),
])
def test_table_pdf_pagesize_font(pagesize, font, size):
    data = pdfgen.table_pdf(HEADER, small_rows(), style="borderless", pagesize=pagesize, font=font,
                            col_widths=[0.15, 0.35, 0.25, 0.25])
    with _open(data) as pdf:
        page = pdf.pages[0]
        assert (page.width, page.height) == pytest.approx(size, abs=0.01)
        assert any(font.split("-")[0] in c["fontname"] for c in page.chars)
        assert "Eliminate 104 week waits" in page.extract_text()


def test_long_table_spans_pages_repeats_header_and_splits_a_row():
    g = pdfgen.build_table_pdf(HEADER, long_rows(), style="borderless", title="Deliverables")
    t = g.table
    assert 3 <= g.n_pages <= 8
    assert (t.page_start, t.page_end) == (1, g.n_pages)
    assert t.header_pages == list(range(1, g.n_pages + 1))
    assert t.split_rows, "expected at least one row broken across a page boundary"
    with _open(g.pdf) as pdf:
        assert len(pdf.pages) == g.n_pages
        pages_of: dict[str, set[int]] = {}
        for page in pdf.pages:
            hits = page.search("Baseline 2021/22")
            assert len(hits) == 1, f"header once on page {page.page_number}"
            words = page.extract_words()
            tokens = [w for w in words if w["text"].startswith("R") and "P" in w["text"]]
            assert tokens and min(w["top"] for w in tokens) > hits[0]["top"]
            for w in tokens:
                pages_of.setdefault(w["text"][:3], set()).add(page.page_number)
    for i in t.split_rows:
        k = int(t.rows[i].cells[1].split()[2])  # "Deliver item <k> with partners"
        pages = pages_of[f"R{k:02d}"]
        assert pages == {t.rows[i].page_start, t.rows[i].page_end} and len(pages) == 2
    # no row but the split ones is on two pages
    split_tokens = {f"R{int(t.rows[i].cells[1].split()[2]):02d}" for i in t.split_rows}
    assert {tok for tok, p in pages_of.items() if len(p) > 1} == split_tokens


def test_no_row_split_when_disabled():
    g = pdfgen.build_table_pdf(HEADER, long_rows(), style="zebra", split_rows=False)
    assert g.n_pages >= 3 and g.table.split_rows == []


# ------------------------------------------------------------------ multi-table & slides


def test_multi_table_pdf():
    specs = [
        TableSpec(["Indicator", "Target", "Mar-23"], [SectionRow("Cancer"), ["2 week wait", "93%", "85.1%"]],
                  heading="Performance Overview", paragraphs_before=["Position at the end of March."]),
        TableSpec([["", "Objective", "Year 1 (2023/24)", "", ""], ["", "", "Baseline", "Q1", "Q2"]],
                  [["UEC", "Reduce handover delays", "2,925", "2,500", "2,000"]],
                  heading="Key measures", style="zebra", paragraphs_after=["Reported quarterly."]),
        TableSpec(["Membership", ""], [["Cllr A Smith (Chair)", "Cllr B Jones"]], heading="Membership",
                  kind="layout"),
    ]
    g = pdfgen.build_multi_table_pdf(specs, style="ruled", title="Scrutiny Committee")
    assert [t.section for t in g.tables] == ["Performance Overview", "Key measures", "Membership"]
    assert g.tables[1].header == [["", "Objective", "Year 1 (2023/24)", "", ""], ["", "", "Baseline", "Q1", "Q2"]]
    assert g.tables[2].kind == "layout"
    assert all(t.page_start == 1 for t in g.tables)
    text = _text(pdfgen.multi_table_pdf(specs, style="ruled", title="Scrutiny Committee"))
    for s in ["Scrutiny Committee", "Performance Overview", "Position at the end of March.", "Year 1 (2023/24)",
              "Reported quarterly.", "Cllr A Smith (Chair)", "85.1%"]:
        assert s in text, s


def test_slide_pdf():
    rows = [["Urgent care", Bullets(["Reduce handover delays", "Open virtual ward beds"]), "Q2"],
            SectionRow("Planned care"), ["Elective recovery", "Eliminate 78 week waits", "Q4"]]
    g = pdfgen.build_slide_pdf(["Programme", "Key actions", "By when"], rows, title="System priorities")
    assert g.n_pages == 1 and g.table.body_rows[0][1] == "Reduce handover delays\nOpen virtual ward beds"
    with _open(g.pdf) as pdf:
        page = pdf.pages[0]
        assert (page.width, page.height) == (960, 540)
        assert page.lines == [] and page.curves == []
        assert len(page.rects) == 3 + 3 + 1 + 3  # header, 2 body rows, 1 spanning section row
        assert all(r["fill"] and not r["stroke"] for r in page.rects)
        text = page.extract_text()
        assert "System priorities" in text and "• Reduce handover delays" in text and "Planned care" in text
    many = pdfgen.build_slide_pdf(["A", "B"], [["x" * 20, "y\nz"]] * 30, title="Long")
    assert many.n_pages >= 2 and many.table.header_pages == list(range(1, many.n_pages + 1))


# ------------------------------------------------------------------------ gold renders


@pytest.mark.skipif(not STOCKPORT_GOLD.exists(), reason="fixture missing")
def test_render_gold_table_stockport():
    gold = json.loads(STOCKPORT_GOLD.read_text())
    g = pdfgen.build_gold_table_pdf(STOCKPORT_GOLD, "zebra", "Times-Roman", "A4")
    t = g.table
    assert t.to_gold()["rows"] == gold[0]["rows"] and t.header == gold[0]["header"]
    assert t.section == gold[0]["section"] and t.table_id == "stockport-t1"
    assert t.split_rows, "at least one long gold row must break across pages"
    assert _stroke_ops(g.pdf) == 0
    with pdfplumber.open(io.BytesIO(g.pdf), pages=[1, 2]) as pdf:
        assert 6 <= g.n_pages <= 20
        for page in pdf.pages:
            assert page.lines == [] and page.rects and not [r for r in page.rects if r["stroke"]]
        p1 = pdf.pages[0]
        assert (p1.width, p1.height) == pytest.approx(pdfgen.PAGESIZES["A4"])
        assert "Times" in p1.chars[0]["fontname"]
        text = p1.extract_text()
        assert "• Establishment of Stockport" in text and f"{SUB} Joint Workforce Strategy" in text


@pytest.mark.skipif(not STAFFS_GOLD.exists(), reason="fixture missing")
def test_gold_specs_roundtrip_staffordshire():
    gold = json.loads(STAFFS_GOLD.read_text())
    g = pdfgen.build_gold_table_pdf(STAFFS_GOLD, "borderless", "Helvetica", "A4-landscape")
    assert [t.table_id for t in g.tables] == [t["table_id"] for t in gold]
    for t, ref in zip(g.tables, gold):
        assert t.header == ref["header"] and t.to_gold()["rows"] == ref["rows"], t.table_id
        assert t.page_start is not None and t.kind == ref["kind"]


# ------------------------------------------------------------------------ strip_rules


def test_strip_rules_on_generated_ruled_table(tmp_path):
    data = pdfgen.table_pdf(HEADER, small_rows(), style="ruled")
    bare = strip_rules.strip_rules(data)
    fills = strip_rules.strip_rules(data, keep_fills=True)
    with _open(data) as a, _open(bare) as b, _open(fills) as c:
        pa, pb, pc = a.pages[0], b.pages[0], c.pages[0]
        assert pa.lines and pa.rects
        assert pb.lines == [] and pb.rects == [] and pb.curves == []
        assert pc.lines == [] and pc.rects and all(not r["stroke"] for r in pc.rects)
        assert pb.extract_text() == pa.extract_text() == pc.extract_text()
    # runnable as a script
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    src.write_bytes(data)
    argv = sys.argv
    try:  # as `python tests/strip_rules.py IN OUT --keep-fills`, in-process (no interpreter start-up)
        sys.argv = [strip_rules.__file__, str(src), str(out), "--keep-fills"]
        with pytest.raises(SystemExit) as exc:
            runpy.run_path(strip_rules.__file__, run_name="__main__")
        assert exc.value.code == 0
    finally:
        sys.argv = argv
    with _open(out.read_bytes()) as d:
        assert d.pages[0].lines == [] and d.pages[0].rects


def test_strip_rules_form_xobject_and_fill_rules():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(400, 300), invariant=1)
    c.beginForm("tbl")  # the table lives in a Form XObject, drawn translated
    c.setLineWidth(0.5)
    c.grid([50, 150, 250], [50, 100, 150])
    c.setFillGray(0.9)
    c.rect(50, 150, 200, 20, stroke=0, fill=1)  # header shading
    c.setFillGray(0)
    c.rect(50, 170, 200, 0.8, stroke=0, fill=1)  # a rule drawn as a thin fill
    c.drawString(60, 155, "Header")
    c.drawString(60, 120, "Cell text")
    c.endForm()
    c.translate(10, 10)
    c.doForm("tbl")
    c.showPage()
    c.save()
    for keep, sizes in ((False, []), (True, [(200, 20)])):
        with _open(strip_rules.strip_rules(buf.getvalue(), keep_fills=keep)) as pdf:
            page = pdf.pages[0]
            assert page.lines == [] and page.curves == []
            assert [(round(r["width"]), round(r["height"])) for r in page.rects] == sizes
            assert page.extract_text() == "Header\nCell text"


def _stroke_ops(data: bytes) -> int:
    """Stroke-painting operators in all page content streams (cheaper than pdfplumber)."""
    n = 0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            n += sum(str(i.operator) in {"S", "s", "B", "B*", "b", "b*"}
                     for i in pikepdf.parse_content_stream(page))
    return n


@pytest.mark.skipif(not STOCKPORT_PDF.exists(), reason="fixture missing")
def test_strip_rules_stockport():
    data = STOCKPORT_PDF.read_bytes()
    bare = strip_rules.strip_rules(data)
    fills = strip_rules.strip_rules(data, keep_fills=True)
    assert _stroke_ops(data) > 500 and _stroke_ops(bare) == 0 and _stroke_ops(fills) == 0
    # pdfplumber is slow on these pages (~0.3 s each): one table page each (all 14 pages
    # were checked by hand); pypdfium2's text for every page.
    pages = [4]
    with pdfplumber.open(io.BytesIO(data), pages=pages) as a, \
            pdfplumber.open(io.BytesIO(bare), pages=pages) as b, \
            pdfplumber.open(io.BytesIO(fills), pages=[5]) as c:
        for pa, pb in zip(a.pages, b.pages):
            assert pa.lines, "fixture should be ruled"
            assert pb.lines == [] and pb.rects == [] and pb.curves == []
            assert pb.extract_text() == pa.extract_text()
        for pc in c.pages:  # header / section-row shading kept, the rules gone
            assert pc.lines == [] and pc.rects and all(r["fill"] and not r["stroke"] for r in pc.rects)
    import pypdfium2

    def texts(pdf_bytes: bytes) -> list[str]:
        doc = pypdfium2.PdfDocument(pdf_bytes)
        try:
            return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        finally:
            doc.close()

    assert texts(bare) == texts(data) == texts(fills)


# --------------------------------------------------------------------------- bad PDFs


def test_badpdfs():
    html = badpdfs.html_named_pdf()
    assert html.lstrip().lower().startswith(b"<!doctype html") and b"%PDF" not in html
    assert badpdfs.empty_pdf() == b""

    trunc = badpdfs.truncated_pdf()
    assert trunc.startswith(b"%PDF-") and b"%%EOF" not in trunc and b"startxref" not in trunc
    with pytest.raises(Exception):
        with pdfplumber.open(io.BytesIO(trunc)) as pdf:
            pdf.pages[0].extract_text()

    enc = badpdfs.encrypted_pdf_user_password()
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(enc))
    with pytest.raises(Exception):  # pdfplumber: PdfminerException(PDFPasswordIncorrect)
        pdfplumber.open(io.BytesIO(enc)).pages[0]
    with pikepdf.open(io.BytesIO(enc), password=badpdfs.USER_PASSWORD) as pdf:
        assert pdf.is_encrypted and len(pdf.pages) == 1

    owner = badpdfs.encrypted_pdf_owner_only()
    with pikepdf.open(io.BytesIO(owner)) as pdf:
        assert pdf.is_encrypted and not pdf.allow.extract
    assert "Deliverables in 2022-23" in _text(owner)

    img = badpdfs.image_only_pdf()
    with _open(img) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert page.chars == [] and len(page.images) == 1 and page.lines == [] and page.rects == []

    assert set(badpdfs.BAD_PDFS) >= {"not_a_pdf.pdf", "truncated.pdf", "encrypted_user_password.pdf",
                                     "encrypted_owner_only.pdf", "empty.pdf", "image_only.pdf"}
    assert all(name.endswith(".pdf") for name in badpdfs.BAD_PDFS)  # the rest: test_bad_input.py
