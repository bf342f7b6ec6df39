"""Periods and deadlines: UK financial years (April-March), quarters of the plan year, months."""
from __future__ import annotations

from datetime import date

import pytest

from normalise import normalise_text, plan_year_of


def period(text: str, plan_year: int | None = 2022) -> tuple[date | None, date | None]:
    typed = normalise_text(text, plan_year)
    return typed.start, typed.end


@pytest.mark.parametrize("text", ["2022/23", "22/23", "2022-23", "FY22/23", "2022/2023", "Throughout 2022/23"])
def test_financial_year_forms(text: str) -> None:
    assert period(text) == (date(2022, 4, 1), date(2023, 3, 31))


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Q1", date(2022, 4, 1), date(2022, 6, 30)),
    ("Q2", date(2022, 7, 1), date(2022, 9, 30)),
    ("Q3", date(2022, 10, 1), date(2022, 12, 31)),
    ("Q4", date(2023, 1, 1), date(2023, 3, 31)),
    ("Quarter 2", date(2022, 7, 1), date(2022, 9, 30)),
    ("Q4 2021/22", date(2022, 1, 1), date(2022, 3, 31)),
    ("(2023/24 Q1)", date(2023, 4, 1), date(2023, 6, 30)),
])
def test_quarters_are_of_the_financial_year(text: str, start: date, end: date) -> None:
    assert period(text) == (start, end)


def test_quarter_without_plan_year_is_null_and_flagged() -> None:
    typed = normalise_text("Q3", None)
    assert (typed.start, typed.end) == (None, None)
    assert any("plan year" in str(f) for f in typed.flags)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Jan-23", date(2023, 1, 1), date(2023, 1, 31)),
    ("Mar 2026", date(2026, 3, 1), date(2026, 3, 31)),
    ("March 2024", date(2024, 3, 1), date(2024, 3, 31)),
    ("Feb 23", date(2023, 2, 1), date(2023, 2, 28)),
    ("1 July 2022", date(2022, 7, 1), date(2022, 7, 1)),
    ("31/03/21", date(2021, 3, 31), date(2021, 3, 31)),
    ("April to June 2023", date(2023, 4, 1), date(2023, 6, 30)),
    ("2017-2020", date(2017, 1, 1), date(2020, 12, 31)),
])
def test_months_days_and_ranges(text: str, start: date, end: date) -> None:
    assert period(text) == (start, end)


def test_year_to_date_has_no_printed_end() -> None:
    typed = normalise_text("22/23 YTD", 2023)
    assert (typed.start, typed.end) == (date(2022, 4, 1), None)
    assert any("year to date" in str(f) for f in typed.flags)


@pytest.mark.parametrize("text", ["Latest", "Previous", "Sept", "24/7", "12/14", "Year to end Jan"])
def test_no_period_named_is_null(text: str) -> None:
    assert period(text) == (None, None)


@pytest.mark.parametrize(("text", "due"), [
    ("by March 2024", date(2024, 3, 31)),
    ("Full implementation by end Quarter 1", date(2022, 6, 30)),
    ("In place by end Q2", date(2022, 9, 30)),
    ("end of Quarter 1", date(2022, 6, 30)),
    ("Implement MDT approach by Q2 2022/23", date(2022, 9, 30)),
    ("Roll-out of Safer Steps during 2022/23", date(2023, 3, 31)),
    ("Mar 2026", date(2026, 3, 31)),
    ("Provider Partnership in shadow form from Q1 2022/23", date(2022, 4, 1)),
    ("Agree pooled budget for 2022/23 by end of Quarter 1", date(2022, 6, 30)),  # "by" beats "for"
    ("Use the framework (due March 2022)", date(2022, 3, 31)),
])
def test_deadlines(text: str, due: date) -> None:
    assert normalise_text(text, 2022).due == due


def test_two_deadlines_are_ambiguous() -> None:
    typed = normalise_text("5 additional FCPs by April 2022 3 further FCPs by April 2023", 2022)
    assert typed.due is None
    assert any(f.field == "due" for f in typed.flags)


def test_a_period_in_prose_is_no_deadline_without_a_marker() -> None:
    assert normalise_text("Revised Active Communities Strategy 2022-2030 launched", 2022).due is None
    assert normalise_text("Increase Lung health checks from 2021/22 levels", 2022).due is None


@pytest.mark.parametrize(("title", "year"), [
    ("STOCKPORT DELIVERY PLAN 2022/23", 2022),
    ("Delivery Plan 2022-23", 2022),
    ("Operating Plan 2023/24", 2023),
    ("Joint Forward Plan FY24/25", 2024),
    ("Health and Care Overview and Scrutiny Committee", None),
    ("Strategy 2017-2020", None),
    (None, None),
])
def test_plan_year_of(title: str | None, year: int | None) -> None:
    assert plan_year_of(title) == year


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2022–23", date(2022, 4, 1), date(2023, 3, 31)),  # Word's en dash
    ("FY2022—23", date(2022, 4, 1), date(2023, 3, 31)),
    ("2022 - 23", date(2022, 4, 1), date(2023, 3, 31)),  # spaced by the PDF
    ("Q2 2024–25", date(2024, 7, 1), date(2024, 9, 30)),
    ("Quarter 3 of 2024-25", date(2024, 10, 1), date(2024, 12, 31)),
    ("Performance Report, Quarter 3, 2024/25", date(2024, 10, 1), date(2024, 12, 31)),
    ("20-Apr-11", date(2011, 4, 20), date(2011, 4, 20)),
    ("22 nd January 2015", date(2015, 1, 22), date(2015, 1, 22)),
    ("2016-05-26 minutes", date(2016, 5, 26), date(2016, 5, 26)),
    ("30-09-2024", date(2024, 9, 30), date(2024, 9, 30)),
    ("Dec -24", date(2024, 12, 1), date(2024, 12, 31)),
    ("Jun- 27", date(2027, 6, 1), date(2027, 6, 30)),
    ("Strategy 2020-23", date(2020, 1, 1), date(2023, 12, 31)),
    ("from 2022/23 to 2024/25", date(2022, 4, 1), date(2025, 3, 31)),
    ("ran from 3 December 2018 to the 27 January 2019", date(2018, 12, 3), date(2019, 1, 27)),
])
def test_forms_from_real_pdfs(text: str, start: date, end: date) -> None:
    assert period(text, None) == (start, end)


@pytest.mark.parametrize(("text", "due"), [
    ("From July 2020 to June 2022:", date(2022, 6, 30)),  # a span is done by its end
    ("Between 2029-32", date(2032, 12, 31)),
    ("(by March 2022)", date(2022, 3, 31)),
])
def test_deadline_of_a_span(text: str, due: date) -> None:
    assert normalise_text(text, None).due == due


@pytest.mark.parametrize("text", [
    "As of March 2025, 31 pharmacies provide this service",  # a snapshot date, not a start
    "the Environmental Permitting Regulations (2016)",
    "Care Act 2014 duties",
    "by Autumn 2025",  # a season: no month to read
])
def test_no_deadline_or_period_read_into_names_and_snapshots(text: str) -> None:
    typed = normalise_text(text, None)
    assert typed.due is None
    if "Act" in text or "Regulations" in text or "Autumn" in text:
        assert (typed.start, typed.end) == (None, None)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Oct 2024-25", date(2024, 10, 1), date(2024, 10, 31)),  # a month of a financial year
    ("Jan 2024-25", date(2025, 1, 1), date(2025, 1, 31)),
    ("As at March 31 2023 there were 887 children", date(2023, 3, 31), date(2023, 3, 31)),
    ("March 31, 2023", date(2023, 3, 31), date(2023, 3, 31)),
    ("Local Plan 2023-38", date(2023, 1, 1), date(2038, 12, 31)),
    ("13th June - 25th July 2023", date(2023, 6, 13), date(2023, 7, 25)),  # the year is shared
    ("bring 2024- 25 revenue budget", date(2024, 4, 1), date(2025, 3, 31)),
    ("Over the 2018/19 financial year to date", date(2018, 4, 1), None),
])
def test_more_forms_from_real_pdfs(text: str, start: date, end: date | None) -> None:
    assert period(text, None) == (start, end)
