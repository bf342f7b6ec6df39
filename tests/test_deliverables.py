"""Deliverables from tables recognised by header vocabulary, on PDFs the tests build."""
from __future__ import annotations

import pytest

from extractors.columns import column_roles
from helpers import extract
from pdfgen import Bullets, SectionRow, build_slide_pdf, build_table_pdf


def test_column_roles_from_vocabulary() -> None:
    assert column_roles(["Area", "Deliverable", "Baseline 2021/22", "Aim by end 2022/23"]) == [
        "programme", "deliverable", "baseline", "target"]
    assert column_roles(["Priority", "Led by", "By when", "Measure of success"]) == [
        "deliverable", "owner", "due", "target"]
    assert column_roles(["What we have committed to", "Strategies / plans in place to deliver"]) == [
        "deliverable", None]
    assert column_roles(["Name", "Address"]) == [None, None]
    assert column_roles(["Savings target", "Un-deliverable"]) == ["target", None]


@pytest.mark.parametrize("style", ["ruled", "borderless", "zebra"])
def test_one_record_per_bullet_with_programme_and_national_marker(style: str) -> None:
    rows = [
        SectionRow("Governance"),
        ["Structures", Bullets(["Set up the board", "Agree the pooled budget*"]), "Shadow board", "Board by Q1"],
        ["", Bullets(["Publish the strategy"]), "N/A", "By end Q2"],
        SectionRow("Outcomes"),
        ["Quality", Bullets(["Reduce 52 week waits*"]), "3,912 waiting", "Eliminate by April 2023"],
        ["", "", "Second baseline", "Second aim"],
    ]
    ex = extract(build_table_pdf(["Area", "Deliverable", "Baseline", "Aim"], rows, style=style).pdf)
    got = [(d["programme"], d["deliverable"], d["national_requirement"], d["baseline_text"], d["target_text"])
           for d in ex.datasets["deliverables"]]
    assert got == [
        ("Structures", "Set up the board", False, "Shadow board", "Board by Q1"),
        ("Structures", "Agree the pooled budget", True, "Shadow board", "Board by Q1"),
        ("Structures", "Publish the strategy", False, None, "By end Q2"),
        ("Quality", "Reduce 52 week waits", True, "3,912 waiting", "Eliminate by April 2023"),
        ("Quality", "Reduce 52 week waits", True, "Second baseline", "Second aim"),
    ]
    ids = [d["deliverable_id"] for d in ex.datasets["deliverables"]]
    assert len(set(ids)) == len(ids)
    assert all(d["page_start"] == 1 for d in ex.datasets["deliverables"])


def test_owner_and_timescale_columns_and_section_programme() -> None:
    rows = [SectionRow("Start well"), ["Open two family hubs", "Director of Public Health", "March 2024"],
            ["Expand school nursing", "Head of Service", "Q3 2024/25"]]
    ex = extract(build_table_pdf(["Action", "Lead", "Timescale"], rows, style="borderless").pdf)
    got = [(d["programme"], d["deliverable"], d["owner"], d["due_text"]) for d in ex.datasets["deliverables"]]
    assert got == [("Start well", "Open two family hubs", "Director of Public Health", "March 2024"),
                   ("Start well", "Expand school nursing", "Head of Service", "Q3 2024/25")]


def test_slide_title_is_the_programme_when_there_are_no_sections() -> None:
    generated = build_slide_pdf(["What we have committed to", "Plans in place to deliver"],
                                [["Reduce smoking in pregnancy", "Tobacco control plan"],
                                 ["Improve school readiness", "Early years strategy"]],
                                title="Shared outcome 1: Best start in life")
    ex = extract(generated.pdf)
    got = [(d["programme"], d["deliverable"]) for d in ex.datasets["deliverables"]]
    assert got == [("Shared outcome 1: Best start in life", "Reduce smoking in pregnancy"),
                   ("Shared outcome 1: Best start in life", "Improve school readiness")]


def test_a_table_without_deliverable_vocabulary_yields_no_deliverables() -> None:
    ex = extract(build_table_pdf(["Name", "Role", "Organisation"],
                                 [["A. Person", "Chair", "Council"], ["B. Person", "Member", "NHS"]]).pdf)
    assert ex.datasets["tables"] and not ex.datasets["deliverables"]


def test_a_column_of_figures_is_not_deliverables_whatever_its_header() -> None:
    rows = [["Budget line A", "488.7", "-2,200.0"], ["Budget line B", "1,375.1", "-3,400.0"],
            ["Budget line C", "621.0", "-621.0"]]
    ex = extract(build_table_pdf(["Line", "Actions", "Target"], rows, style="ruled").pdf)
    assert ex.datasets["tables"] and not ex.datasets["deliverables"]
