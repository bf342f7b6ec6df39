"""`measures`: key measures / objectives with a baseline; their plans are `trajectories`."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r
from schemas._fields import ROW_SOURCE

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("measure_id", pa.string()),
        ("portfolio", pa.string()),
        ("group", pa.string()),
        ("objective", pa.string()),
        ("baseline_text", pa.string()),
        ("page", pa.int32()),
        ("baseline_value", pa.float64()),
        ("baseline_period", pa.string()),  # ISO 8601 interval: "2022-12-01/2022-12-31"
        ("unit", pa.string()),
        ("normalise_flags", pa.string()),  # why a normalised value is null (ambiguous/unreadable)
        *ROW_SOURCE,  # extras: where the row came from
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("measure_id"),
            r.unique_in_document("measure_id"),
            r.not_null("objective"),
            r.at_least("page", 1),
            *r.bbox(),
            r.percent_in_range("baseline_value", "unit"),
        ],
        warning=[
            r.length_between("objective", 3, 2000),
            r.not_null("portfolio"),
            r.not_null("page"),
            r.not_null(
                "baseline_value",
                row_condition=r.column("baseline_text").is_not_null(),
                reason="baseline_text not normalised to baseline_value",
            ),
        ],
    )
