"""`indicators`: reported performance values from dashboards, KPI tables and RAG summaries."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r
from schemas._fields import ROW_SOURCE

RAGS = ("RED", "AMBER", "GREEN")

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("section", pa.string()),
        ("indicator", pa.string()),
        ("organisation", pa.string()),
        ("period_label", pa.string()),  # as printed: "Jan-23", "22/23 YTD", "Latest"
        ("value_text", pa.string()),
        ("target_text", pa.string()),
        ("rag", pa.string()),
        ("page", pa.int32()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("value", pa.float64()),
        ("target_value", pa.float64()),
        ("unit", pa.string()),
        ("normalise_flags", pa.string()),  # why a normalised value is null (ambiguous/unreadable)
        *ROW_SOURCE,  # extras: where the row came from
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("indicator"),
            r.not_null("period_label"),
            r.in_set("rag", RAGS),
            r.at_least("page", 1),
            *r.bbox(),
            r.not_less("period_end", "period_start"),
            r.plausible_date("period_start"),
            r.plausible_date("period_end"),
            r.percent_in_range("value", "unit"),
            r.percent_in_range("target_value", "unit"),
        ],
        warning=[
            r.length_between("indicator", 2, 500),
            r.not_null("value_text"),
            r.not_null("page"),
            r.not_null(
                "value",
                row_condition=r.column("value_text").is_not_null(),
                reason="value_text not normalised to value",
            ),
        ],
    )
