"""Table extraction on PDFs the tests build: stitching, broken rows, bullets, sections, borderless."""
from __future__ import annotations

import pytest

from helpers import body_rows, extract, squash, table_grids
from pdfgen import Bullets, SectionRow, build_table_pdf

HEADER = ["Area", "Deliverable", "Baseline 2021/22", "Aim by end 2022/23"]


def long_rows(n: int = 24) -> list:
    """Many rows with multi-line cells, bullets and section rows, so the table runs over pages."""
    rows: list = [SectionRow("Governance and Strategy")]
    for i in range(n):
        if i == n // 2:
            rows.append(SectionRow("Outcomes and performance standards"))
        area = f"{i // 5 + 1}. Programme {chr(65 + i // 5)}" if i % 5 == 0 else ""
        deliverable = Bullets([f"Deliver improvement number {i} across the whole local system with partners"])
        baseline = f"Baseline {i}: {40 + i}.5% of people seen within 18 weeks as at December 2021"
        aim = (f"Reach {60 + i}% by March 2023\nMaintain the position throughout 2022/23 and review "
               f"quarterly with every partner organisation in the locality board {i}")
        rows.append([area, deliverable, baseline, aim])
    return rows


@pytest.mark.parametrize("style", ["ruled", "borderless", "zebra"])
def test_multi_page_table_is_one_table_with_header_dropped_and_rows_intact(style: str) -> None:
    generated = build_table_pdf(HEADER, long_rows(), style=style, font_size=9)
    expected = generated.table
    assert generated.n_pages >= 2, "the fixture must span pages to test stitching"
    ex = extract(generated.pdf)
    grids = table_grids(ex)
    assert len(grids) == 1, f"{style}: expected one stitched table, got {len(grids)}"
    got = body_rows(ex)
    want = [[squash(c) for c in row] for row in expected.all_rows]
    assert got == want
    table = ex.datasets["tables"][0]
    assert (table["page_start"], table["page_end"]) == (expected.page_start, expected.page_end)


@pytest.mark.parametrize("style", ["ruled", "borderless"])
def test_row_broken_by_page_break_is_joined(style: str) -> None:
    tall = "\n".join(f"Milestone {k}: complete the review of service pathway {k} with partners" for k in range(30))
    rows = [[f"Row {i}", Bullets([f"Deliverable {i}"]), f"Baseline {i}", tall if i == 3 else f"Aim {i}"] for i in range(8)]
    generated = build_table_pdf(HEADER, rows, style=style, split_rows=True)
    assert generated.table.split_rows, "fixture must split a row across pages"
    got = body_rows(extract(generated.pdf))
    assert got == [[squash(c) for c in row] for row in generated.table.all_rows]


def test_bullets_and_nested_items_stay_in_one_cell() -> None:
    cell = Bullets(["Develop strategies:", Bullets(["Workforce Strategy", "Estates Strategy"]), "Agree the budget"])
    generated = build_table_pdf(HEADER, [["Area A", cell, "None", "By Q2"], ["", Bullets(["Second"]), "x", "y"]],
                                style="borderless")
    ex = extract(generated.pdf)
    first = next(c for c in ex.datasets["table_cells"] if c["col"] == 1 and "Develop" in c["text"])
    assert first["text"].split("\n") == ["Develop strategies:", "Workforce Strategy", "Estates Strategy", "Agree the budget"]


@pytest.mark.parametrize("style", ["ruled", "borderless", "zebra"])
def test_section_rows_are_recognised(style: str) -> None:
    rows = [SectionRow("Governance"), ["Area A", "Do one thing", "b1", "a1"], ["", "Do another thing", "b2", "a2"],
            SectionRow("Outcomes"), ["Area B", "Do a third thing", "b3", "a3"]]
    ex = extract(build_table_pdf(HEADER, rows, style=style).pdf)
    grid = next(iter(table_grids(ex).values()))
    sections = [r["cells"][0] for r in grid if r["section"]]
    assert sections == ["Governance", "Outcomes"]
    assert all(r["cells"][1:] == ["", "", ""] for r in grid if r["section"])


def test_borderless_table_needs_no_rules_and_keeps_columns() -> None:
    rows = [[f"Item {i}", f"Text of deliverable {i} that wraps onto a second line in a narrow column", f"{i}%",
             f"{i + 10}%"] for i in range(6)]
    generated = build_table_pdf(["Ref", "Action", "Baseline", "Target"], rows, style="borderless",
                                col_widths=[0.15, 0.45, 0.2, 0.2])
    ex = extract(generated.pdf)
    assert ex.datasets["tables"][0]["method"] == "borderless"
    assert ex.datasets["tables"][0]["n_cols"] == 4
    assert body_rows(ex) == [[squash(c) for c in row] for row in generated.table.all_rows]


def test_prose_is_not_a_table() -> None:
    generated = build_table_pdf(["A", "B"], [["x", "y"]], style="borderless",
                                intro_paragraphs=["This paragraph of ordinary prose runs across the whole width "
                                                  "of the page and wraps over several lines, as reports do. " * 4])
    ex = extract(generated.pdf)
    assert all("ordinary prose" not in c["text"] for c in ex.datasets["table_cells"])


@pytest.mark.parametrize("style", ["borderless", "zebra"])
def test_spanning_header_over_period_columns_keeps_every_column(style: str) -> None:
    header = [["", "Objective", "Baseline", "Year 1 (2023/24)", "", "", ""], ["", "", "", "Q1", "Q2", "Q3", "Q4"]]
    rows = [["Recovery", "Improve A&E waiting times so that no less than 76% are seen in four hours", "76.2%",
             "72.0%", "79.7%", "77.5%", "75.6%"],
            ["", "Reduce bed occupancy to 92% or below", "91.7%", "90.6%", "90.6%", "90.6%", "90.6%"],
            ["Post-hospital", "Improve discharges on Pathway 0 to 80%", "72%", "76.4%", "77.6%", "78.8%", "80%"]]
    generated = build_table_pdf(header, rows, style=style, pagesize="A4",
                                col_widths=[0.14, 0.34, 0.12, 0.1, 0.1, 0.1, 0.1])
    ex = extract(generated.pdf)
    assert ex.datasets["tables"][0]["n_cols"] == 7
    assert body_rows(ex) == [[squash(c) for c in row] for row in generated.table.all_rows]


def test_wide_word_spacing_is_not_a_column_gap() -> None:
    rows = [[f"{k}. Programme area", f"Deliver the new service model number {k} across the borough", f"Q{k} 2024/25"]
            for k in range(1, 6)]
    generated = build_table_pdf(["Area", "Action", "Timescale"], rows, style="borderless", font="Courier",
                                col_widths=[0.25, 0.5, 0.25])
    ex = extract(generated.pdf)
    assert ex.datasets["tables"][0]["n_cols"] == 3
    assert body_rows(ex) == [[squash(c) for c in row] for row in generated.table.all_rows]


def test_contents_lists_and_contact_blocks_are_layout_tables() -> None:
    contents = [[f"{k}", f"Section title number {k} " + "." * 40 + f" {k + 2}"] for k in range(1, 7)]
    contact = [["Name:", "A. Officer"], ["Job Title:", "Head of Service"], ["Telephone No.:", "N/A"],
               ["E-Mail Address:", "officer@example.org"]]
    data = [["Reduce waits", "76%"], ["Increase checks", "70%"], ["Open hubs", "12"]]
    for rows, header, want in ((contents, [], "layout"), (contact, [], "layout"), (data, ["Measure", "Target"], "data")):
        ex = extract(build_table_pdf(header, rows, style="borderless", col_widths=[0.3, 0.7]).pdf)
        assert [t["kind"] for t in ex.datasets["tables"]] == [want], rows[0]
