"""Checks beyond one column: ranges, keys per document, references, completeness, row-count drops,
and reviewer acceptance, each reported like any GX failure."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from schemas.cross_checks import RunData, derived_columns
from schemas.registry import to_arrow
from schemas.validate import validate
from test_schemas import DOC, NOW, good_row

OTHER = "f" * 64


def check(dataset: str, rows: list[dict[str, Any]], run: RunData | None = None,
          accepted: dict[int, str] | None = None) -> tuple[list[str], list[str]]:
    """(quarantine reasons, warning reasons) of validating `rows` with the cross checks."""
    table = to_arrow(dataset, rows)
    derived = derived_columns(dataset, table, run or RunData({dataset: table}))
    out = validate(dataset, table, run_name="t", derived=derived, accepted=accepted)
    return out.quarantined.column("reasons").to_pylist(), out.warnings.column("reasons").to_pylist()


@pytest.mark.parametrize(("dataset", "changes", "reason"), [
    ("deliverables", {"target_value": 5000.0, "target_unit": "percent"},
     "target_value is a percentage outside 0..1000"),
    ("deliverables", {"due_date": dt.date(2202, 3, 31)}, "due_date outside 2000..2060"),
    ("indicators", {"value": -3.0, "unit": "percent"}, "value is a percentage outside 0..1000"),
    ("trajectories", {"period_start": dt.date(1023, 4, 1), "period_end": dt.date(1023, 6, 30)},
     "period_start outside 2000..2060; period_end outside 2000..2060"),
    ("measures", {"baseline_value": 1200.5, "unit": "percent"},
     "baseline_value is a percentage outside 0..1000"),
])
def test_values_out_of_range_are_quarantined(dataset: str, changes: dict[str, Any], reason: str) -> None:
    rows = [good_row(dataset, i) for i in range(3)]
    rows[1].update(changes)
    measures = to_arrow("measures", [{**good_row("measures", 1)}])
    run = RunData({dataset: to_arrow(dataset, rows), "measures": measures})
    assert check(dataset, rows, run)[0] == [reason]


def test_a_count_above_a_thousand_is_no_percentage() -> None:
    rows = [good_row("deliverables", i) for i in range(2)]
    rows[1].update(target_value=5000.0, target_unit="count")
    assert check("deliverables", rows) == ([], [])


def test_keys_are_unique_within_a_document_not_across_documents() -> None:
    rows = [good_row("deliverables", i) for i in range(3)]
    rows[1]["doc_id"] = OTHER
    rows[1]["deliverable_id"] = rows[0]["deliverable_id"]  # same id, another document: fine
    assert check("deliverables", rows)[0] == []
    rows[2]["deliverable_id"] = rows[0]["deliverable_id"]
    assert check("deliverables", rows)[0] == ["deliverable_id is duplicated within its document"] * 2


def test_a_trajectory_must_belong_to_a_measure_of_its_own_document() -> None:
    measures = to_arrow("measures", [good_row("measures", 1), {**good_row("measures", 2), "doc_id": OTHER}])
    rows = [good_row("trajectories", i) for i in range(3)]
    rows[1]["measure_id"] = "m9"  # no such measure
    rows[2]["measure_id"] = "m2"  # a measure of another document
    run = RunData({"measures": measures})
    held, _ = check("trajectories", rows, run)
    assert held == ["measure_id is not among its document's measures: measure m9 not found",
                    "measure_id is not among its document's measures: measure m2 not found"]


def _table_rows(table_id: str, rows: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A tables row and its cells: one header row, then body rows 1..rows."""
    cells = [{**good_row("table_cells"), "table_id": table_id, "row": r, "col": 0, "is_header": r == 0,
              "text": f"row {r}"} for r in range(rows + 1)]
    return {**good_row("tables"), "table_id": table_id}, cells


def test_completeness_names_body_rows_of_a_records_table_that_gave_no_record() -> None:
    table, cells = _table_rows("01234567-t001", 5)
    other, other_cells = _table_rows("01234567-t002", 3)  # yields nothing: no class, no warning
    deliverables = [{**good_row("deliverables", i), "table_id": "01234567-t001", "row": r}
                    for i, r in enumerate([1, 2, 4])]
    run = RunData({"table_cells": to_arrow("table_cells", cells + other_cells),
                   "deliverables": to_arrow("deliverables", deliverables)})
    held, warned = check("tables", [table, other], run)
    assert held == []
    assert warned == ["body rows of a records table yielded no record: 2 body row(s) gave no deliverables: rows 3, 5"]


def test_a_sharp_drop_in_rows_against_the_previous_run_is_a_warning() -> None:
    before = {**good_row("documents"), "n_deliverables": 40, "n_tables": 3, "ingested_at": NOW - dt.timedelta(days=1)}
    peer = {**good_row("documents", 2), "n_deliverables": 60, "organisation": "NHS Elsewhere",
            "source_name": "last.pdf", "ingested_at": NOW - dt.timedelta(days=2)}
    previous = to_arrow("documents", [before, peer])
    now = [{**good_row("documents"), "n_deliverables": 12, "n_tables": 3},  # same document: 40 -> 12
           {**good_row("documents", 3), "n_deliverables": 20, "organisation": "NHS Elsewhere"},  # peer: 60 -> 20
           {**good_row("documents", 4), "n_deliverables": 0, "organisation": "New Org"}]  # nothing before
    _, warned = check("documents", now, RunData(previous_documents=previous))
    assert warned == [
        "far fewer rows than the previous run: n_deliverables 40 -> 12 against its previous run",
        "far fewer rows than the previous run: n_deliverables 60 -> 20 against last.pdf, the last plan of NHS Elsewhere",
    ]


def test_an_accepted_row_is_published_and_its_failures_listed_as_warnings() -> None:
    rows = [good_row("deliverables", i) for i in range(3)]
    rows[1]["page_end"] = 1  # page_start is 4
    table = to_arrow("deliverables", rows)
    out = validate("deliverables", table, run_name="t", accepted={1: "accepted by A. Officer on 2024-05-01"})
    assert out.quarantined.num_rows == 0 and out.valid.num_rows == 3
    assert out.warnings.column("reasons").to_pylist() == [
        "accepted by A. Officer on 2024-05-01, despite: page_end < page_start"]


def test_derived_values_must_match_the_rows() -> None:
    from schemas.validate import ValidationError

    table = to_arrow("trajectories", [good_row("trajectories")])
    with pytest.raises(ValidationError, match="derived column __measure_not_found has 2 values"):
        validate("trajectories", table, run_name="t", derived={"__measure_not_found": [None, None]})


def test_without_run_data_the_cross_checks_pass() -> None:
    """Validating one dataset alone (no other datasets known) must not invent failures."""
    table = to_arrow("trajectories", [good_row("trajectories")])
    assert validate("trajectories", table, run_name="t").quarantined.num_rows == 0
    assert derived_columns("trajectories", table.slice(0, 0), RunData()) == {}
    assert isinstance(table, pa.Table)
