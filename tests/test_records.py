"""Tables read as records: key measures with trajectories, indicators with sections and RAG.

Every PDF is built here (reportlab), in more than one table style, with wording unlike the
fixtures', so the rules are shown to follow the table's shape rather than one document.
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.lib.styles import getSampleStyleSheet

from helpers import extract
from pdfgen import SectionRow, TableSpec, multi_table_pdf

MEASURES_HEADER = [["Theme", "Objective", "Year 1 (2024/25)", "", "", "", ""],
                   ["", "", "Baseline", "Q1", "Q2", "Q3", "Q4"]]
MEASURES_ROWS = [
    ["Access", "Cut the waiting list for community therapy to under 6 weeks by March 2025.",
     "11 weeks (Jan 2024)", "10", "9", "7", "6"],
    ["", "See 90% of urgent referrals within 2 hours.", "81%", "84%", "86%", "88%", "90%"],
    ["Flow", "Reduce delayed discharges.*", "140", "130", "120", "110", "100\n95"],
]


def _measures_pdf(style: str) -> bytes:
    spec = TableSpec(MEASURES_HEADER, MEASURES_ROWS, heading="Key performance measures for community services",
                     paragraphs_before=["The measures below track the programme through the year."])
    return multi_table_pdf([spec], style=style, pagesize="A4-landscape")


@pytest.mark.parametrize("style", ["ruled", "borderless", "zebra"])
def test_key_measures_become_measures_with_a_trajectory_per_quarter(style: str) -> None:
    ex = extract(_measures_pdf(style))
    measures = ex.datasets["measures"]
    assert [m["objective"] for m in measures] == [row[1] for row in MEASURES_ROWS]
    assert [m["group"] for m in measures] == ["Access", "Access", "Flow"]
    assert {m["portfolio"] for m in measures} == {"Community services"}
    assert [m["baseline_text"] for m in measures] == ["11 weeks (Jan 2024)", "81%", "140"]
    plans = ex.datasets["trajectories"]
    first = [p for p in plans if p["measure_id"] == measures[0]["measure_id"]]
    assert [(p["period_label"], p["planned_text"]) for p in first] == [("Q1", "10"), ("Q2", "9"), ("Q3", "7"), ("Q4", "6")]
    q1 = first[0]
    assert (q1["period_start"], q1["period_end"]) == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    stacked = [p for p in plans if p["measure_id"] == measures[2]["measure_id"] and p["period_label"] == "Q4"]
    assert stacked[0]["planned_text"] == "100\n95"  # two figures in one cell stay as printed
    assert stacked[0]["planned_value"] is None and stacked[0]["normalise_flags"]  # ambiguous: flagged, not chosen
    assert ex.datasets["indicators"] == []  # a measures table is not also read as indicators


def test_a_measures_template_with_no_figures_yields_no_measures() -> None:
    rows = [[r[0], r[1], "", "", "", "", ""] for r in MEASURES_ROWS]
    spec = TableSpec(MEASURES_HEADER, rows, heading="Progress measures")
    ex = extract(multi_table_pdf([spec], pagesize="A4-landscape"))
    assert ex.datasets["measures"] == []


DASHBOARD_HEADER = ["Measure", "Standard", "23/24 YTD", "Jan-24", "Feb-24", "Trend"]
DASHBOARD_ROWS = [
    SectionRow("Waiting times"),
    ["Outpatients seen in 18 weeks", "92%", "61.0%", "60.2%", "60.9%", ""],
    ["Diagnostics over 6 weeks", "1%", "24.4%", "22.0%", "21.7%", ""],
    SectionRow("Infection control"),
    ["E. coli cases", "n/a", "212", "19", "23", ""],
]


@pytest.mark.parametrize("style", ["ruled", "borderless", "zebra"])
def test_a_dashboard_gives_one_indicator_per_period_under_its_section(style: str) -> None:
    spec = TableSpec(DASHBOARD_HEADER, DASHBOARD_ROWS, heading="Integrated performance report")
    ex = extract(multi_table_pdf([spec], style=style, pagesize="A4-landscape"))
    got = [(r["section"], r["indicator"], r["period_label"], r["value_text"], r["target_text"])
           for r in ex.datasets["indicators"]]
    assert got[:3] == [
        ("Waiting times", "Outpatients seen in 18 weeks", "23/24 YTD", "61.0%", "92%"),
        ("Waiting times", "Outpatients seen in 18 weeks", "Jan-24", "60.2%", "92%"),
        ("Waiting times", "Outpatients seen in 18 weeks", "Feb-24", "60.9%", "92%"),
    ]
    assert len(got) == 9  # the empty Trend column (a sparkline in the original) gives no rows
    assert got[-1] == ("Infection control", "E. coli cases", "Feb-24", "23", None)  # "n/a" target reads as none
    jan = next(r for r in ex.datasets["indicators"] if r["period_label"] == "Jan-24")
    assert (jan["period_start"], jan["period_end"], jan["value"]) == (dt.date(2024, 1, 1), dt.date(2024, 1, 31), 60.2)


def _rag_pdf() -> bytes:
    """A RAG summary: ratings as words in one row, as coloured cells with no text in others."""
    data = [["Indicator", "Latest", "Previous"],
            ["Households in temporary accommodation", "Amber", "Red"],
            ["Repairs completed on time", "", ""],
            ["Calls answered in 60 seconds", "", ""]]
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("BACKGROUND", (1, 2), (1, 2), colors.HexColor("#00B050")),  # green
        ("BACKGROUND", (2, 2), (2, 2), colors.HexColor("#FFC000")),  # amber
        ("BACKGROUND", (1, 3), (1, 3), colors.HexColor("#C00000")),  # red
        ("BACKGROUND", (2, 3), (2, 3), colors.HexColor("#F2F2F2")),  # pale grey: shading, not a rating
    ])
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), invariant=1)
    table = Table(data, colWidths=[300, 90, 90])
    table.setStyle(style)
    doc.build([Paragraph("Corporate risk summary", getSampleStyleSheet()["Heading2"]), Spacer(1, 8), table])
    return out.getvalue()


def test_rag_ratings_are_read_from_words_and_from_cell_colours() -> None:
    ex = extract(_rag_pdf())
    rags = {(r["indicator"], r["period_label"]): r["rag"] for r in ex.datasets["indicators"]}
    assert rags == {
        ("Households in temporary accommodation", "Latest"): "AMBER",
        ("Households in temporary accommodation", "Previous"): "RED",
        ("Repairs completed on time", "Latest"): "GREEN",
        ("Repairs completed on time", "Previous"): "AMBER",
        ("Calls answered in 60 seconds", "Latest"): "RED",
    }


def test_finance_monitoring_tables_give_indicators_and_a_list_of_amounts_does_not() -> None:
    monitoring = TableSpec(
        ["Service", "Budget £m", "Forecast £m", "Variance £m", "Commentary"],
        [SectionRow("Adult Social Care"),
         ["Residential care", "97.5", "104.9", "+7.4", "Placement prices rose faster than planned."],
         ["Home care", "44.0", "41.2", "-2.8", "Fewer hours commissioned."],
         SectionRow("Highways"),
         ["Street lighting", "6.1", "6.3", "+0.2", "Energy prices."]],
        heading="Revenue budget monitoring")
    allocations = TableSpec(["Programme", "Funding"], [["Reading recovery", "£60,000"], ["Youth hubs", "£45,000"],
                                                       ["Warm spaces", "£12,500"]], heading="Grants awarded")
    ex = extract(multi_table_pdf([monitoring, allocations], pagesize="A4-landscape"))
    got = [(r["section"], r["indicator"], r["period_label"], r["value_text"]) for r in ex.datasets["indicators"]]
    assert got[:3] == [("Adult Social Care", "Residential care", "Budget £m", "97.5"),
                       ("Adult Social Care", "Residential care", "Forecast £m", "104.9"),
                       ("Adult Social Care", "Residential care", "Variance £m", "+7.4")]
    assert got[-1] == ("Highways", "Street lighting", "Variance £m", "+0.2")
    assert len(got) == 9  # the commentary column is prose, and the grants list is no monitoring table


def test_a_deliverables_table_with_a_dated_baseline_column_is_not_read_as_indicators() -> None:
    spec = TableSpec(["Area", "Deliverable", "Baseline 2023/24", "Target"],
                     [["Urgent care", "Open a same-day emergency care unit", "52% seen within standard (1,200 people)",
                       "76% by March 2025"],
                      ["Urgent care", "Expand virtual wards", "120 beds", "150 beds"]], heading="What we will deliver")
    ex = extract(multi_table_pdf([spec], pagesize="A4-landscape"))
    assert [d["deliverable"] for d in ex.datasets["deliverables"]] == ["Open a same-day emergency care unit",
                                                                       "Expand virtual wards"]
    assert ex.datasets["indicators"] == []
