"""Fill the contract's normalised columns of extracted rows, in place, from their text columns.

One batch per process of extraction: every text of every dataset is read in one
`normalise_texts` call. Datasets that are absent or empty are skipped. A row may carry an int
`plan_year` of its own (e.g. from a "Year 1 (2023/24)" header above a quarter column); it wins
over the document's.

Where something was ambiguous or unreadable the value stays null and `normalise_flags` says
why ("target_text: value: several values: 75 percent, 95 percent"); the raw text is kept.

deliverables: target_text -> target_value/target_unit/target_comparator/target_direction;
  due_text -> due_date, or, where the row has no due_text (a plan whose Aim column carries the
  deadline: "... by end of Quarter 1"), the deadline written in target_text;
  baseline_text -> baseline_value/baseline_unit.
measures: baseline_text -> baseline_value/unit and baseline_period, an ISO 8601 interval
  ("2022-12-01/2022-12-31"; an end not printed is "..": "2022-04-01/..").
trajectories: period_label -> period_start/period_end; planned_text -> planned_value.
indicators: period_label -> period_start/period_end; value_text -> value/unit;
  target_text -> target_value (unit from value_text, else from target_text).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from normalise.model import COMPARATOR, DIRECTION, DUE, PERIOD, VALUE, Typed
from normalise.reader import normalise_texts

Row = dict[str, Any]
# dataset -> the text columns it reads, and how it fills a row from their readings
SOURCES: dict[str, tuple[str, ...]] = {
    "deliverables": ("target_text", "due_text", "baseline_text"),
    "measures": ("baseline_text",),
    "trajectories": ("period_label", "planned_text"),
    "indicators": ("period_label", "value_text", "target_text"),
}


def fill_normalised(datasets: dict[str, list[Row]], plan_year: int | None) -> None:
    """Fill normalised columns of every dataset present (see the module docstring)."""
    jobs: list[tuple[Row, str, int | None]] = []
    for name, columns in SOURCES.items():
        for row in datasets.get(name) or []:
            year = row.get("plan_year") if isinstance(row.get("plan_year"), int) else plan_year
            jobs.extend((row, col, year) for col in columns)
    by_year: dict[int | None, list[int]] = {}
    for i, (_, _, year) in enumerate(jobs):
        by_year.setdefault(year, []).append(i)
    readings: list[Typed | None] = [None] * len(jobs)
    for year, indexes in by_year.items():
        for i, typed in zip(indexes, normalise_texts([_text(jobs[i][0], jobs[i][1]) for i in indexes], year)):
            readings[i] = typed
    read: dict[int, dict[str, Typed]] = {}
    for (row, col, _), typed in zip(jobs, readings):
        read.setdefault(id(row), {})[col] = typed  # type: ignore[assignment]
    for name in SOURCES:
        for row in datasets.get(name) or []:
            FILLERS[name](row, read[id(row)])


def _text(row: Row, column: str) -> str | None:
    value = row.get(column)
    return value if isinstance(value, str) else None


def _flags(row: Row, parts: list[tuple[str, Typed, tuple[str, ...]]]) -> None:
    notes = [f"{col}: {flag}" for col, typed, fields in parts for flag in typed.flags_for(*fields)]
    row["normalise_flags"] = "; ".join(notes) or None


def _deliverable(row: Row, r: dict[str, Typed]) -> None:
    target, due, baseline = r["target_text"], r["due_text"], r["baseline_text"]
    row.update(target_value=target.value, target_unit=target.unit,
               target_comparator=target.comparator, target_direction=target.direction,
               baseline_value=baseline.value, baseline_unit=baseline.unit)
    due_source = due if (due.due or due.flags_for(DUE) or _text(row, "due_text")) else target
    row["due_date"] = due_source.due
    _flags(row, [("target_text", target, (VALUE, COMPARATOR, DIRECTION)),
                 ("due_text" if due_source is due else "target_text", due_source, (DUE,)),
                 ("baseline_text", baseline, (VALUE,))])


def _measure(row: Row, r: dict[str, Typed]) -> None:
    baseline = r["baseline_text"]
    row.update(baseline_value=baseline.value, unit=baseline.unit, baseline_period=iso_interval(baseline))
    _flags(row, [("baseline_text", baseline, (VALUE, PERIOD))])


def _trajectory(row: Row, r: dict[str, Typed]) -> None:
    period, planned = r["period_label"], r["planned_text"]
    row.update(period_start=period.start, period_end=period.end, planned_value=planned.value)
    _flags(row, [("period_label", period, (PERIOD,)), ("planned_text", planned, (VALUE,))])


def _indicator(row: Row, r: dict[str, Typed]) -> None:
    period, value, target = r["period_label"], r["value_text"], r["target_text"]
    row.update(period_start=period.start, period_end=period.end, value=value.value,
               target_value=target.value, unit=value.unit or target.unit)
    _flags(row, [("period_label", period, (PERIOD,)), ("value_text", value, (VALUE,)),
                 ("target_text", target, (VALUE,))])


FILLERS: dict[str, Callable[[Row, dict[str, Typed]], None]] = {
    "deliverables": _deliverable,
    "measures": _measure,
    "trajectories": _trajectory,
    "indicators": _indicator,
}


def iso_interval(typed: Typed) -> str | None:
    """"2022-12-01/2022-12-31" for the period a text names; ".." for an end not printed."""
    if typed.start is None:
        return None
    return f"{typed.start.isoformat()}/{typed.end.isoformat() if typed.end else '..'}"
