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
