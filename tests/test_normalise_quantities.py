"""Figures: value, unit (percent points), comparator and direction; ambiguity is null + flag."""
from __future__ import annotations

import pytest

from normalise import normalise_text


def q(text: str) -> tuple:
    t = normalise_text(text, 2023)
    return t.value, t.unit, t.comparator, t.direction


@pytest.mark.parametrize(("text", "want"), [
    ("Eliminate waits of over 78 weeks by April 2023", (0.0, "count", "=", "decrease")),
    ("Improve A&E waiting times so that no less than 76% of patients are seen within four hours by March 2024",
     (76.0, "percent", ">=", None)),
    ("Reduce to national standard of 17.5% or below", (17.5, "percent", "<=", "decrease")),
    ("150 Virtual Ward Beds", (150.0, "count", "=", None)),
    ("£260m pooled budget", (260_000_000.0, "GBP", "=", None)),
    ("£1.2bn capital programme", (1_200_000_000.0, "GBP", "=", None)),
    ("26K additional roles", (26_000.0, "count", "=", None)),
    ("Deliver 16 specialist advice requests per 100 outpatient first attendances by March 2023",
     (16.0, "per 100", "=", None)),
    ("40 beds per 100k population", (40.0, "per 100000", "=", None)),
    ("= or < 1.161", (1.161, "count", "<=", None)),
    ("44.94% %", (44.94, "percent", "=", None)),
    ("13 weeks", (13.0, "weeks", "=", None)),
    ("Achieve and retain IAPT Recovery Standard at and above 50%", (50.0, "percent", ">=", "maintain")),
    ("reduce", (None, None, None, "decrease")),
    ("n/a", (None, None, None, None)),
    ("Maintain and aim to increase current rate", (None, None, None, None)),
])
def test_figures(text: str, want: tuple) -> None:
    assert q(text) == want


@pytest.mark.parametrize(("text", "value", "start"), [
    ("2,267 (Dec 2022)", 2267.0, "2022-12-01"),
    ("65.60% (Oct 2022)", 65.6, "2022-10-01"),
    ("11,241 (2022/23 Q1)", 11241.0, "2022-04-01"),
    ("5,917,885 (FOT)", 5917885.0, None),
    ("7,792 (30,318 Year-end)", 7792.0, None),
])
def test_baseline_with_period_in_brackets(text: str, value: float, start: str | None) -> None:
    typed = normalise_text(text, 2023)
    assert typed.value == value
    assert (typed.start.isoformat() if typed.start else None) == start


@pytest.mark.parametrize("text", [
    "2,925\n1,680",  # a system figure above a trust figure
    "12 14",
    "45.9% of children physically active 24.2% of Reception children overweight",
    "150 beds (40-50 per 100k) and 30 chairs",
    "40-50 beds",
])
def test_ambiguous_values_are_null_and_flagged(text: str) -> None:
    typed = normalise_text(text, 2023)
    assert typed.value is None
    assert any(f.field == "value" for f in typed.flags)


@pytest.mark.parametrize("text", [
    "Sustainable 2 hour crisis response", "Reduce 12-hour waits", "conduct 3-monthly reviews",
    "Section 75 agreement", "Year 6 children", "aged 14+", "NHS 111", "the 1 st post covid dataset",
    "Ensure handovers within 30 mins", "waits of over 52 weeks", "all 10 GM hospitals", "Pathways 0 and 1",
])
def test_numbers_that_name_or_qualify_are_not_values(text: str) -> None:
    assert normalise_text(text, 2023).value is None


def test_a_change_is_kept_and_noted() -> None:
    typed = normalise_text("Reduce outpatient follow-ups by minimum of 25% against 2019/20 activity levels", 2022)
    assert (typed.value, typed.unit, typed.comparator, typed.direction) == (25.0, "percent", ">=", "decrease")
    assert any("change" in str(f) for f in typed.flags)


def test_raw_text_is_kept() -> None:
    assert normalise_text("  Data flows   being established ", 2023).text == "Data flows being established"


@pytest.mark.parametrize(("text", "want"), [
    ("-£294,838", (-294838.0, "GBP", "=", None)),
    ("-£1.455m Nexus Satellite", (-1455000.0, "GBP", "=", None)),
    ("grant money (c.£550k)", (550000.0, "GBP", "=", None)),
    ("£0.5m.", (500000.0, "GBP", "=", None)),
    ("£000's -94,351.4", (-94351400.0, "GBP", "=", None)),  # a units note applies to the bare figure
    ("(£m) 12.5", (12500000.0, "GBP", "=", None)),
    ("England (17.6%)21", (17.6, "percent", "=", None)),  # "21" is a reference mark
    ("pressure on budgets [18]", (None, None, None, None)),
    ("nine individuals", (9.0, "count", "=", None)),
    ("Trinity Ward £8,000", (8000.0, "GBP", "=", None)),
    ("Four Oaks - £2,334\nTotal: £2,334", (2334.0, "GBP", "=", None)),
    ("A rise of over 20%!", (20.0, "percent", ">=", "increase")),
    ("5 per cent", (5.0, "percent", "=", None)),
    ("Other Risks (under £10m - individual amounts)", (10_000_000.0, "GBP", "<=", None)),
])
def test_figures_from_real_pdfs(text: str, want: tuple) -> None:
    assert q(text) == want


@pytest.mark.parametrize("text", [
    "Agenda for Scrutiny Committee on Wednesday, 29th January, 2025, 10.00 am",  # a time of day
    "2) The Chairman invited Members to speak",  # a list marker
    "Amend footnote 46 as follows",
    "10 years and within 20 years",  # a band
    "increased from 0.5%.",  # the level a change starts from
    "women aged 25 to 49 years old",
])
def test_more_numbers_that_are_not_values(text: str) -> None:
    assert normalise_text(text, 2023).value is None


@pytest.mark.parametrize(("text", "comparator"), [
    ("Libraries took over the service. 92% of people agreed", "="),  # "over" far away is a preposition
    ("Reach 80% utilisation of virtual wards at a minimum by the end of September 2023", ">="),
    ("no less than a 76% share", ">="),
    ("17.5% or below", "<="),
])
def test_comparators_apply_to_their_figure(text: str, comparator: str) -> None:
    assert normalise_text(text, 2023).comparator == comparator


@pytest.mark.parametrize(("text", "direction"), [
    ("17 are rated Green (one more than the previous Quarter)", None),  # "more than" compares
    ("When a maintained school converts", None),  # an adjective
    ("Sustain the rise in uptake", None),  # maintain and increase conflict
    ("Uptake continues to rise", "increase"),
])
def test_directions(text: str, direction: str | None) -> None:
    assert normalise_text(text, 2023).direction == direction


@pytest.mark.parametrize(("text", "want"), [
    ("+28.9%", (28.9, "percent", "=", None)),
    ("£10m) The 2025-26 core budget includes £12.75m", (12_750_000.0, "GBP", "=", None)),  # starts in brackets
    ("7.3% to no more than 5% across", (5.0, "percent", "<=", None)),
    ("reduce from 5% to 3%", (3.0, "percent", "=", "decrease")),
    ("By 2025 – Over one million people", (1_000_000.0, "count", ">=", None)),
    ("4,795 children under 16 live in low income households (18.8%, 2022/23)", (4795.0, "count", "=", None)),
    ("Trinity Ward £868.23\nTotal = 868.23", (868.23, "GBP", "=", None)),
    ("there 13%are variations", (13.0, "percent", "=", None)),
    ("(8.6%; 95% confidence interval (CI) 8.6,", (8.6, "percent", "=", None)),
    ("3.3 Health is impacted with around 80% outside", (80.0, "percent", "=", None)),
])
def test_figures_from_real_pdfs_round_two(text: str, want: tuple) -> None:
    assert q(text) == want


@pytest.mark.parametrize(("text", "direction"), [
    ("owed a duty under the Homelessness Reduction Act", None),  # part of a name
    ("Maintain and Increase", None),  # a heading's two verbs conflict
    ("Give more support to those", "increase"),
    ("have fallen from 64.1% to 62%", "decrease"),
])
def test_directions_round_two(text: str, direction: str | None) -> None:
    assert normalise_text(text, 2023).direction == direction
