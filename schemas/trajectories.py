"""`trajectories`: the planned value of a measure for one period."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

MEASURE_NOT_FOUND = "__measure_not_found"  # derived: see schemas/cross_checks.py

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("measure_id", pa.string()),
        ("period_label", pa.string()),  # as printed: "Q1", "Jan-23", "2024/25"
        ("planned_text", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("planned_value", pa.float64()),
        ("normalise_flags", pa.string()),  # why a normalised value is null (ambiguous/unreadable)
        # extras
        ("period_group", pa.string()),  # spanning header over the period, e.g. "Year 1 (2023/24)"
        ("page", pa.int32()),
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("measure_id"),
            r.not_null("period_label"),
            r.not_less("period_end", "period_start"),
            r.plausible_date("period_start"),
            r.plausible_date("period_end"),
            r.derived(MEASURE_NOT_FOUND, "measure_id is not among its document's measures"),
        ],
        warning=[
            r.unique_in_document("measure_id", "period_label"),
            r.not_null("period_start", reason="period_label not normalised to a period"),
            r.not_null(
                "planned_value",
                row_condition=r.column("planned_text").is_not_null(),
                reason="planned_text not normalised to planned_value",
            ),
        ],
    )
