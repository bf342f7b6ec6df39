"""`tables`: every table found, before interpretation; one row per (stitched) table."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

METHODS = ("ruled", "borderless")
ROWS_NOT_READ = "__rows_not_read"  # derived: see schemas/cross_checks.py

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("table_id", pa.string()),
        ("page_start", pa.int32()),
        ("page_end", pa.int32()),
        ("n_rows", pa.int32()),
        ("n_cols", pa.int32()),
        ("kind", pa.string()),
        # extras
        ("section", pa.string()),  # heading printed above the table
        ("method", pa.string()),  # which extractor strategy found it
        ("x0", pa.float64()),  # box on the first page, PDF points, top-left origin
        ("top", pa.float64()),
        ("x1", pa.float64()),
        ("bottom", pa.float64()),
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("table_id"),
            r.unique_in_document("table_id"),
            r.not_null("page_start"),
            *r.page_range(),
            r.not_null("n_rows"),
            r.not_null("n_cols"),
            r.at_least("n_rows", 1),
            r.at_least("n_cols", 1),
            r.in_set("method", METHODS),
            *r.bbox(),
        ],
        warning=[
            r.not_null("kind"),
            r.between("n_cols", 1, 40, reason="n_cols > 40 (columns probably split)"),
            r.not_null("x0", reason="table has no box"),
            r.derived(ROWS_NOT_READ, "body rows of a records table yielded no record"),
        ],
    )
