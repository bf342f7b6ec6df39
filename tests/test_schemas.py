"""The curated data contract: schemas, to_arrow, GX validation with quarantine, Data Docs."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from schemas import quarantine
from schemas.registry import DATASETS, SchemaError, to_arrow
from schemas.validate import ValidationError, ValidationOutcome, build_data_docs, validate

DOC = "0123456789abcdef" * 4
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)

# Required columns of CONTRACT.md v1, in contract order.
CONTRACT = {
    "documents": "doc_id source_name source_uri title organisation committee meeting_date doc_kind"
    " page_count ingested_at pipeline_version",
    "agenda_items": "doc_id item_number title page_start page_end report_of",
    "deliverables": "doc_id deliverable_id programme deliverable national_requirement owner"
    " baseline_text target_text due_text page_start page_end due_date target_value target_unit"
    " target_comparator",
    "measures": "doc_id measure_id portfolio group objective baseline_text page baseline_value"
    " baseline_period unit",
    "trajectories": "doc_id measure_id period_label planned_text period_start period_end"
    " planned_value",
    "indicators": "doc_id section indicator organisation period_label value_text target_text rag"
    " page period_start period_end value target_value unit",
    "tables": "doc_id table_id page_start page_end n_rows n_cols kind",
    "table_cells": "doc_id table_id row col text is_header page x0 top x1 bottom",
}


def good_row(dataset: str, i: int = 0) -> dict[str, Any]:
    """A complete row that passes every critical and warning expectation."""
    box = {"x0": 40.0, "top": 100.0 + i, "x1": 500.0, "bottom": 120.0 + i}
    rows: dict[str, dict[str, Any]] = {
        "documents": {
            "doc_id": DOC if i == 0 else f"{i:064x}",
            "source_name": "plan.pdf",
            "source_uri": "file:///landing/plan.pdf",
            "title": "Operational Plan 2023/24",
            "organisation": "NHS Somewhere ICB",
            "committee": "Board",
            "meeting_date": dt.date(2023, 5, 4),
            "doc_kind": "plan",
            "page_count": 12,
            "ingested_at": NOW,
            "pipeline_version": "0.2.0",
            "status": "ok",
            "bytes": 123456,
            "n_tables": 3,
            "n_deliverables": 40,
        },
        "agenda_items": {
            "doc_id": DOC,
            "item_number": f"{i + 1}a",
            "title": "Finance report",
            "page_start": 3,
            "page_end": 9,
            "report_of": "Chief Finance Officer",
        },
        "deliverables": {
            "doc_id": DOC,
            "deliverable_id": f"d{i:05d}",
            "programme": "Urgent and emergency care",
            "deliverable": f"Reduce ambulance handover delays, step {i}",
            "national_requirement": i % 2 == 0,
            "owner": "Director of Operations",
            "target_text": ">= 95%",
            "due_text": "Q4 2023/24",
            "page_start": 4,
            "page_end": 5,
            "due_date": dt.date(2024, 3, 31),
            "target_value": 95.0,
            "target_unit": "%",
            "target_comparator": ">=",
            "table_id": "01234567-t001",
            "row": i,
            **box,
        },
        "measures": {
            "doc_id": DOC,
            "measure_id": f"m{i}",
            "portfolio": "Planned care",
            "group": "Recovery",
            "objective": "Eliminate waits over 65 weeks",
            "baseline_text": "1,200",
            "page": 7,
            "baseline_value": 1200.0,
            "baseline_period": "Mar-23",
            "unit": "patients",
            "table_id": "01234567-t001",
            "row": i,
            **box,
        },
        "trajectories": {
            "doc_id": DOC,
            "measure_id": "m1",
            "period_label": f"Q{i + 1}",
            "planned_text": "900",
            "period_start": dt.date(2023, 4, 1),
            "period_end": dt.date(2023, 6, 30),
            "planned_value": 900.0,
        },
        "indicators": {
            "doc_id": DOC,
            "section": "Cancer",
            "indicator": "62-day referral to treatment",
            "organisation": "Trust A",
            "period_label": "Jan-23",
            "value_text": "61.2%",
            "target_text": "85%",
            "rag": "RED",
            "page": 11,
            "period_start": dt.date(2023, 1, 1),
            "period_end": dt.date(2023, 1, 31),
            "value": 61.2,
            "target_value": 85.0,
            "unit": "%",
            "table_id": "01234567-t002",
            "row": i,
            **box,
        },
        "reports": {
            "doc_id": DOC,
            "page": i + 1,
            "title": "System Performance",
            "report_of": "the Integrated Care Board",
            "recommendations": "a. Note the performance overview.\nb. Note the new approach.",
        },
        "tables": {
            "doc_id": DOC,
            "table_id": f"01234567-t{i:03d}",
            "page_start": 2,
            "page_end": 3,
            "n_rows": 14,
            "n_cols": 6,
            "kind": "data",
            "section": "Our priorities",
            "method": "ruled",
            **box,
        },
        "table_cells": {
            "doc_id": DOC,
            "table_id": "01234567-t001",
            "row": i // 6,
            "col": i % 6,
            "text": "Reduce ambulance handover delays",
            "is_header": i < 6,
            "page": 2,
            "is_section_row": False,
            **box,
        },
    }
    return rows[dataset]


def reasons_by(outcome: ValidationOutcome, key: str) -> dict[Any, str]:
    """Quarantine reasons keyed by a column of the original row."""
    return {json.loads(r["row_json"])[key]: r["reasons"] for r in outcome.quarantined.to_pylist()}


# --- schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", sorted(CONTRACT))
def test_schema_holds_contract_columns_first_in_order(dataset: str) -> None:
    names = DATASETS[dataset].schema.names
    required = CONTRACT[dataset].split()
    assert names[: len(required)] == required
    assert len(set(names)) == len(names)


def test_schema_types_follow_the_contract() -> None:
    types = {name: {f.name: f.type for f in spec.schema} for name, spec in DATASETS.items()}
    for name, cols in types.items():
        assert cols["doc_id"] == pa.string(), name
        for col in ("page", "page_start", "page_end", "row", "col", "n_rows", "n_cols"):
            if col in cols:
                assert cols[col] == pa.int32(), (name, col)
        for col in ("due_date", "period_start", "period_end", "meeting_date"):
            if col in cols:
                assert cols[col] == pa.date32(), (name, col)
    assert types["documents"]["ingested_at"] == pa.timestamp("us", tz="UTC")
    assert types["documents"]["bytes"] == pa.int64()
    assert types["deliverables"]["national_requirement"] == pa.bool_()
    assert types["deliverables"]["target_value"] == pa.float64()
    assert types["table_cells"]["is_section_row"] == pa.bool_()
    assert types["tables"]["method"] == pa.string()
    for col in ("table_id", "row", "x0", "top", "x1", "bottom", "baseline_value", "baseline_unit"):
        assert col in types["deliverables"], col
    assert quarantine.SCHEMA.names == [
        "dataset",
        "doc_id",
        "row_json",
        "reasons",
        "run_name",
        "quarantined_at",
    ]


# --- to_arrow ------------------------------------------------------------------------------


def test_to_arrow_casts_fills_missing_and_drops_unknown() -> None:
    rows = [
        {
            "doc_id": DOC,
            "deliverable_id": "d1",
            "page_start": 4.0,  # integral float -> int32
            "page_end": 5,
            "due_date": "2024-03-31",  # ISO text -> date32
            "target_value": 95,  # int -> float64
            "national_requirement": True,
            "scratch": "not in the contract",
        },
        {"doc_id": DOC, "deliverable_id": "d2", "page_start": None, "target_value": None},
    ]
    table = to_arrow("deliverables", rows)
    assert table.schema == DATASETS["deliverables"].schema
    assert "scratch" not in table.column_names
    got = table.to_pylist()
    assert got[0]["page_start"] == 4 and got[0]["page_end"] == 5
    assert got[0]["due_date"] == dt.date(2024, 3, 31)
    assert got[0]["target_value"] == 95.0
    assert got[1]["page_start"] is None and got[1]["page_end"] is None
    assert table.column("owner").null_count == 2  # absent everywhere -> all null


def test_to_arrow_from_pandas_frame_with_nan_and_mixed_text() -> None:
    frame = pd.DataFrame(
        {
            "doc_id": [DOC, DOC],
            "item_number": [4, "4a"],  # mixed int/str -> text
            "title": ["Minutes", None],
            "page_start": [3.0, float("nan")],  # pandas upcasts ints with NaN to float
        }
    )
    table = to_arrow("agenda_items", frame)
    assert table.column("item_number").to_pylist() == ["4", "4a"]
    assert table.column("page_start").to_pylist() == [3, None]
    assert table.column("title").to_pylist() == ["Minutes", None]
    assert table.schema.field("page_start").type == pa.int32()


def test_to_arrow_fails_loudly_naming_dataset_column_and_value() -> None:
    rows = [{"doc_id": DOC, "page_start": 2}, {"doc_id": DOC, "page_start": "three"}]
    with pytest.raises(SchemaError, match=r"deliverables\.page_start.*'three'"):
        to_arrow("deliverables", rows)
    with pytest.raises(SchemaError, match=r"table_cells\.row.*2\.5"):
        to_arrow("table_cells", [{"doc_id": DOC, "row": 2.5}])  # would truncate
    with pytest.raises(SchemaError, match="unknown dataset 'deliverable'"):
        to_arrow("deliverable", [])


def test_to_arrow_of_no_rows_is_an_empty_conforming_table() -> None:
    table = to_arrow("indicators", [])
    assert table.num_rows == 0
    assert table.schema == DATASETS["indicators"].schema


# --- validate ------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_conforming_rows_pass_without_warnings(dataset: str) -> None:
    table = to_arrow(dataset, [good_row(dataset, i) for i in range(3)])
    out = validate(dataset, table, run_name="t-good")
    assert out.quarantined.to_pylist() == []
    assert out.warnings.to_pylist() == []
    assert out.valid.equals(table)
    assert out.results is not None and out.results.success


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_sparse_rows_with_only_keys_validate_without_gx_errors(dataset: str) -> None:
    """All-null optional columns (bool, date, float, text) must not trip GX itself."""
    keys = {
        "documents": ["doc_id", "source_name", "ingested_at", "status"],
        "agenda_items": ["doc_id", "item_number", "title"],
        "deliverables": ["doc_id", "deliverable_id", "deliverable", "programme"],
        "measures": ["doc_id", "measure_id", "objective"],
        "trajectories": ["doc_id", "measure_id", "period_label"],
        "indicators": ["doc_id", "indicator", "period_label"],
        "reports": ["doc_id", "page"],
        "tables": ["doc_id", "table_id", "page_start", "n_rows", "n_cols"],
        "table_cells": ["doc_id", "table_id", "row", "col"],
    }[dataset]
    rows = [{k: v for k, v in good_row(dataset, i).items() if k in keys} for i in range(2)]
    out = validate(dataset, to_arrow(dataset, rows), run_name="t-sparse")
    assert out.quarantined.num_rows == 0, out.quarantined.column("reasons").to_pylist()
    assert out.valid.num_rows == 2


def test_bad_deliverables_are_quarantined_with_reasons_and_good_rows_kept() -> None:
    rows = [good_row("deliverables", i) for i in range(10)]
    rows[1]["deliverable"] = None
    rows[2]["doc_id"] = "ABC123"
    rows[3]["page_end"] = 2  # page_start is 4
    rows[4]["deliverable_id"] = rows[5]["deliverable_id"] = "dup"
    rows[6]["target_comparator"] = "~"
    rows[7]["programme"] = None
    rows[7]["deliverable_id"] = None
    rows[8]["x1"] = 10.0  # x0 is 40
    out = validate("deliverables", to_arrow("deliverables", rows), run_name="t-bad")

    assert out.valid.column("row").to_pylist() == [0, 9]
    assert out.valid.schema == DATASETS["deliverables"].schema
    assert out.quarantined.schema == quarantine.SCHEMA
    by_row = reasons_by(out, "row")
    assert by_row == {
        1: "deliverable is null",
        2: "doc_id is not 64 lowercase hex",
        3: "page_end < page_start",
        4: "deliverable_id is duplicated within its document",
        5: "deliverable_id is duplicated within its document",
        6: "target_comparator not in {>=, <=, =}",
        7: "deliverable_id is null; programme is null",
        8: "x1 < x0",
    }
    first = out.quarantined.to_pylist()[0]
    assert first["dataset"] == "deliverables" and first["run_name"] == "t-bad"
    assert first["doc_id"] == DOC and first["quarantined_at"] is not None
    assert json.loads(first["row_json"])["deliverable"] is None


def test_every_failed_check_of_a_row_is_listed_in_suite_order() -> None:
    row = good_row("deliverables")
    row.update(deliverable=None, page_start=0, page_end=0, target_comparator=">")
    table = to_arrow("deliverables", [row, good_row("deliverables", 1)])
    out = validate("deliverables", table, run_name="t")
    assert out.quarantined.column("reasons").to_pylist() == [
        "deliverable is null; page_start < 1; page_end < 1; target_comparator not in {>=, <=, =}"
    ]
    assert out.valid.num_rows == 1


def test_warnings_publish_the_row_and_point_at_it() -> None:
    rows = [good_row("deliverables", i) for i in range(4)]
    rows[0]["deliverable"] = None  # quarantined: shifts positions in `valid`
    rows[2]["deliverable"] = "ab"
    rows[2]["national_requirement"] = None
    out = validate("deliverables", to_arrow("deliverables", rows), run_name="t-warn")
    assert out.valid.num_rows == 3
    assert out.warnings.schema == quarantine.WARNINGS_SCHEMA
    (flag,) = out.warnings.to_pylist()
    assert flag["reasons"] == "deliverable length outside 3..2000; national_requirement is null"
    assert out.valid.slice(flag["row_index"], 1).column("row").to_pylist() == [2]


@pytest.mark.parametrize(
    ("dataset", "field", "value", "reason"),
    [
        ("table_cells", "col", None, "col is null"),
        ("table_cells", "bottom", 1.0, "bottom < top"),
        ("tables", "n_rows", 0, "n_rows < 1"),
        ("tables", "method", "lattice", "method not in {ruled, borderless}"),
        ("measures", "objective", None, "objective is null"),
        ("indicators", "rag", "Red", "rag not in {RED, AMBER, GREEN}"),
        ("indicators", "page", 0, "page < 1"),
        ("trajectories", "period_end", dt.date(2023, 3, 31), "period_end < period_start"),
        ("agenda_items", "item_number", "4.", "item_number ends with a dot"),
        ("agenda_items", "title", None, "title is null"),
        (
            "documents",
            "doc_kind",
            "agenda",
            "doc_kind not in {agenda_pack, plan, minutes, performance_report, report, other}",
        ),
        ("documents", "ingested_at", None, "ingested_at is null"),
    ],
)
def test_critical_checks_per_dataset(dataset: str, field: str, value: Any, reason: str) -> None:
    rows = [good_row(dataset, i) for i in range(3)]
    rows[1][field] = value
    out = validate(dataset, to_arrow(dataset, rows), run_name="t")
    assert out.quarantined.column("reasons").to_pylist() == [reason]
    assert out.valid.num_rows == 2


@pytest.mark.parametrize(
    ("dataset", "key", "reason"),
    [
        ("table_cells", ["table_id", "row", "col"], "table_id, row, col is duplicated within its document"),
        ("measures", ["measure_id"], "measure_id is duplicated within its document"),
        ("tables", ["table_id"], "table_id is duplicated within its document"),
        ("documents", ["doc_id"], "doc_id is duplicated"),
    ],
)
def test_duplicated_keys_quarantine_every_copy(dataset: str, key: list[str], reason: str) -> None:
    rows = [good_row(dataset, i) for i in range(4)]
    rows[3].update({k: rows[1][k] for k in key})
    out = validate(dataset, to_arrow(dataset, rows), run_name="t")
    assert out.quarantined.column("reasons").to_pylist() == [reason, reason]
    assert out.valid.num_rows == 2


def test_same_cell_position_in_another_table_is_not_a_duplicate() -> None:
    rows = [good_row("table_cells", i) for i in range(2)]
    rows[1].update(row=rows[0]["row"], col=rows[0]["col"], table_id="01234567-t002")
    out = validate("table_cells", to_arrow("table_cells", rows), run_name="t")
    assert out.quarantined.num_rows == 0


def test_failed_document_is_published_with_a_warning() -> None:
    row = good_row("documents")
    row.update(status="failed", status_reason=None, page_count=0, title=None)
    out = validate("documents", to_arrow("documents", [row]), run_name="t")
    assert out.valid.num_rows == 1
    assert out.warnings.column("reasons").to_pylist() == [
        "status is not ok; status_reason is null for a document that is not ok; title is null;"
        " page_count < 1"
    ]


def test_validate_conforms_a_loose_table_first() -> None:
    loose = pa.table({"doc_id": [DOC], "measure_id": ["m1"], "objective": ["Cut waits"], "x": [1]})
    out = validate("measures", loose, run_name="t")
    assert out.valid.schema == DATASETS["measures"].schema
    assert out.valid.num_rows == 1


def test_empty_table_validates_trivially_and_fast() -> None:
    start = time.perf_counter()
    out = validate("deliverables", to_arrow("deliverables", []), run_name="t")
    assert time.perf_counter() - start < 0.1
    assert out.valid.num_rows == 0 and out.results is None
    assert out.quarantined.schema == quarantine.SCHEMA


def test_a_few_thousand_rows_validate_well_under_two_seconds() -> None:
    rows = [good_row("deliverables", i) for i in range(3000)]
    rows[10]["page_end"] = 1
    table = to_arrow("deliverables", rows)
    validate("deliverables", table.slice(0, 5), run_name="warm-up")
    start = time.perf_counter()
    out = validate("deliverables", table, run_name="t-speed")
    elapsed = time.perf_counter() - start
    assert out.quarantined.num_rows == 1 and out.valid.num_rows == 2999
    assert elapsed < 2.0, f"validation of 3000 rows took {elapsed:.2f}s"


# --- Data Docs -----------------------------------------------------------------------------


def test_build_data_docs_writes_a_site_only_under_site_dir_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    bad = good_row("deliverables", 1)
    bad["deliverable"] = None
    delivered = validate(
        "deliverables", to_arrow("deliverables", [good_row("deliverables"), bad]), "run-docs"
    )
    empty = validate("indicators", to_arrow("indicators", []), "run-docs")
    site = tmp_path / "curated" / "data_docs"

    index = build_data_docs({"deliverables": delivered.results, "indicators": empty.results}, site)

    assert index == site.resolve() / "index.html"
    html = index.read_text()
    assert "deliverables" in html and "indicators" in html
    assert "run-docs" in html
    pages = list((site / "validations" / "deliverables").rglob("*.html"))
    assert len(pages) == 1 and "deliverable" in pages[0].read_text()
    assert (site / "expectations" / "indicators.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curated"]
    assert sorted(p.name for p in (tmp_path / "curated").iterdir()) == ["data_docs"]


def test_a_batch_with_every_row_bad_publishes_nothing() -> None:
    rows = [good_row("indicators", i) for i in range(2)]
    for row in rows:
        row["indicator"] = None
    out = validate("indicators", to_arrow("indicators", rows), run_name="t")
    assert out.valid.num_rows == 0 and out.valid.schema == DATASETS["indicators"].schema
    assert out.quarantined.column("reasons").to_pylist() == ["indicator is null"] * 2


def test_an_expectation_gx_cannot_evaluate_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken suite must stop the run, never quarantine or publish rows silently."""
    import great_expectations.expectations as gxe

    from schemas import measures
    from schemas.registry import DatasetSpec

    def broken() -> Any:
        rules = measures.expectations()
        rules.critical.append(gxe.ExpectColumnValuesToNotBeNull(column="no_such_column"))
        return rules

    probe = DatasetSpec("broken_probe", measures.SCHEMA, broken)
    monkeypatch.setitem(DATASETS, "broken_probe", probe)
    table = to_arrow("broken_probe", [good_row("measures")])
    with pytest.raises(ValidationError, match="broken_probe.*no_such_column"):
        validate("broken_probe", table, run_name="t")
