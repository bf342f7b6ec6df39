"""fill_normalised: the contract's normalised columns, filled in place, fitting the schemas."""
from __future__ import annotations

import csv
import hashlib
from datetime import date

import pytest

from conftest import ROOT, SHARED
from normalise.columns import fill_normalised
from schemas.registry import to_arrow

DOC = "a" * 64
GOLD = SHARED / "fixtures" / "gold"


def test_deliverable_columns() -> None:
    rows = [
        {"doc_id": DOC, "deliverable_id": "d1", "target_text": "Reduce to national standard of 17.5% or below",
         "due_text": "by end Q2", "baseline_text": "£260m pooled budget"},
        {"doc_id": DOC, "deliverable_id": "d2", "target_text": "Agree pooled budget for 2022/23 by end of Quarter 1",
         "due_text": None, "baseline_text": None},
        {"doc_id": DOC, "deliverable_id": "d3", "target_text": "Achieve 75% within 6 weeks and 95% within 18 weeks",
         "due_text": "Ongoing", "baseline_text": "N/A"},
    ]
    fill_normalised({"deliverables": rows}, 2022)
    a, b, c = rows
    assert (a["target_value"], a["target_unit"], a["target_comparator"], a["target_direction"]) == (
        17.5, "percent", "<=", "decrease")
    assert a["due_date"] == date(2022, 9, 30)
    assert (a["baseline_value"], a["baseline_unit"]) == (260_000_000.0, "GBP")
    assert a["normalise_flags"] is None
    assert b["due_date"] == date(2022, 6, 30)  # no due_text: the deadline written in the target
    assert c["due_date"] is None and c["target_value"] is None
    assert "target_text: value: several values" in c["normalise_flags"]
    table = to_arrow("deliverables", rows)
    assert table.column("target_direction").to_pylist() == ["decrease", None, None]


def test_measures_trajectories_indicators() -> None:
    datasets = {
        "measures": [{"doc_id": DOC, "measure_id": "m1", "baseline_text": "2,267 (Dec 2022)"},
                     {"doc_id": DOC, "measure_id": "m2", "baseline_text": "22/23 YTD 17"}],
        "trajectories": [{"doc_id": DOC, "measure_id": "m1", "period_label": "Q1", "planned_text": "2,925\n1,680"},
                         {"doc_id": DOC, "measure_id": "m1", "period_label": "Q2", "planned_text": "2,140",
                          "plan_year": 2024}],
        "indicators": [{"doc_id": DOC, "indicator": "C.difficile", "period_label": "Jan-23", "value_text": "31",
                        "target_text": "301"},
                       {"doc_id": DOC, "indicator": "RTT", "period_label": "Latest", "value_text": "57.5%",
                        "target_text": "n/a"}],
        "agenda_items": [{"doc_id": DOC, "item_number": "1"}],  # not normalised: left alone
    }
    fill_normalised(datasets, 2023)
    m1, m2 = datasets["measures"]
    assert (m1["baseline_value"], m1["unit"], m1["baseline_period"]) == (2267.0, "count", "2022-12-01/2022-12-31")
    assert m2["baseline_period"] == "2022-04-01/.."
    t1, t2 = datasets["trajectories"]
    assert (t1["period_start"], t1["period_end"], t1["planned_value"]) == (date(2023, 4, 1), date(2023, 6, 30), None)
    assert "planned_text: value: stacked figures" in t1["normalise_flags"]
    assert (t2["period_start"], t2["planned_value"]) == (date(2024, 7, 1), 2140.0)  # the row's own plan year
    i1, i2 = datasets["indicators"]
    assert (i1["period_start"], i1["value"], i1["target_value"], i1["unit"]) == (date(2023, 1, 1), 31.0, 301.0, "count")
    assert (i2["period_start"], i2["value"], i2["unit"]) == (None, 57.5, "percent")
    assert "relative period" in i2["normalise_flags"]
    assert datasets["agenda_items"] == [{"doc_id": DOC, "item_number": "1"}]
    for name in ("measures", "trajectories", "indicators"):
        to_arrow(name, datasets[name])


def test_absent_and_empty_datasets() -> None:
    datasets: dict = {"deliverables": [], "tables": [{"doc_id": DOC}]}
    fill_normalised(datasets, None)
    fill_normalised({}, 2022)
    assert datasets == {"deliverables": [], "tables": [{"doc_id": DOC}]}


@pytest.mark.skipif(not GOLD.is_dir(), reason="needs ../shared/fixtures/gold beside the clone")
def test_gold_strings_fill_and_fit() -> None:
    """Every gold string of both fixtures through fill_normalised and to_arrow."""
    with open(GOLD / "stockport_delivery_plan_2022-23.deliverables.csv", encoding="utf-8") as f:
        deliverables = [{"doc_id": DOC, "deliverable_id": str(i), "baseline_text": r["baseline"],
                         "target_text": r["aim"], "plan_year": 2022} for i, r in enumerate(csv.DictReader(f))]
    with open(GOLD / "staffordshire_hcosc_2023-07-24_pack.measures.csv", encoding="utf-8") as f:
        measures_gold = list(csv.DictReader(f))
    with open(GOLD / "staffordshire_hcosc_2023-07-24_pack.indicators.csv", encoding="utf-8") as f:
        indicators = [{"doc_id": DOC, "indicator": r["indicator"], "period_label": r["period"],
                       "value_text": r["value"], "target_text": r["target"]} for r in csv.DictReader(f)]
    measures = [{"doc_id": DOC, "measure_id": str(i), "baseline_text": r["baseline"]}
                for i, r in enumerate(measures_gold)]
    trajectories = [{"doc_id": DOC, "measure_id": str(i), "period_label": q.upper(), "planned_text": r[q]}
                    for i, r in enumerate(measures_gold) for q in ("q1", "q2", "q3", "q4")]
    datasets = {"deliverables": deliverables, "measures": measures, "trajectories": trajectories,
                "indicators": indicators}
    fill_normalised(datasets, 2023)
    for name, rows in datasets.items():
        assert to_arrow(name, rows).num_rows == len(rows)
    assert sum(r["due_date"] is not None for r in deliverables) >= 50
    assert all(r["period_start"] is not None for r in trajectories)
    assert sum(r["value"] is not None for r in indicators) == len(indicators)


def test_pipeline_fills_deliverables() -> None:
    from extractors.pipeline import extract_document

    data = (ROOT / "samples" / "sample_delivery_plan_ruled.pdf").read_bytes()
    ex = extract_document(data, doc_id=hashlib.sha256(data).hexdigest(), source_name="x.pdf")
    rows = ex.datasets["deliverables"]
    assert rows and all("target_value" in r and "normalise_flags" in r for r in rows)
    to_arrow("deliverables", rows)


