"""`deliverables`: one row per deliverable / action / commitment in a plan."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

COMPARATORS = (">=", "<=", "=")
DIRECTIONS = ("increase", "decrease", "maintain")

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("deliverable_id", pa.string()),  # stable across re-runs
        ("programme", pa.string()),
        ("deliverable", pa.string()),
        ("national_requirement", pa.bool_()),  # marked * (NHS Long-Term Plan)
        ("owner", pa.string()),
        ("baseline_text", pa.string()),
        ("target_text", pa.string()),
        ("due_text", pa.string()),
        ("page_start", pa.int32()),
        ("page_end", pa.int32()),
        ("due_date", pa.date32()),
        ("target_value", pa.float64()),
        ("target_unit", pa.string()),
        ("target_comparator", pa.string()),
        # extras: where the row came from, and the normalised baseline
        ("table_id", pa.string()),
        ("row", pa.int32()),  # body row index in the table
        ("x0", pa.float64()),  # box of the source row on page_start
        ("top", pa.float64()),
        ("x1", pa.float64()),
        ("bottom", pa.float64()),
        ("baseline_value", pa.float64()),
        ("baseline_unit", pa.string()),
        ("other_columns", pa.string()),  # JSON {header: text} of source columns not mapped above
        ("target_direction", pa.string()),  # increase | decrease | maintain, from the target's verbs
        ("normalise_flags", pa.string()),  # why a normalised value is null (ambiguous/unreadable)
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("deliverable_id"),
            r.unique_in_document("deliverable_id"),
            r.not_null("deliverable"),
            r.not_null("programme"),
            *r.page_range(),
            r.in_set("target_comparator", COMPARATORS),
            r.in_set("target_direction", DIRECTIONS),
            r.at_least("row", 0),
            *r.bbox(),
            r.percent_in_range("target_value", "target_unit"),
            r.percent_in_range("baseline_value", "baseline_unit"),
            r.plausible_date("due_date"),
        ],
        warning=[
            r.length_between("deliverable", 3, 2000),
            r.not_null("national_requirement"),
            r.not_empty("programme"),
            r.not_null("page_start"),
            r.not_null(
                "target_comparator",
                row_condition=r.column("target_value").is_not_null(),
                reason="target_value without target_comparator",
            ),
        ],
    )
