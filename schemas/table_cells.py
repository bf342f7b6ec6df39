"""`table_cells`: the text of every cell of every table, with where it was printed."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("table_id", pa.string()),
        ("row", pa.int32()),  # 0-based within the stitched table
        ("col", pa.int32()),
        ("text", pa.string()),
        ("is_header", pa.bool_()),
        ("page", pa.int32()),
        ("x0", pa.float64()),
        ("top", pa.float64()),
        ("x1", pa.float64()),
        ("bottom", pa.float64()),
        # extras
        ("is_section_row", pa.bool_()),  # one text spanning the row: a group heading
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("table_id"),
            r.not_null("row"),
            r.not_null("col"),
            r.unique_in_document("table_id", "row", "col"),
            r.at_least("row", 0),
            r.at_least("col", 0),
            r.at_least("page", 1),
            *r.bbox(),
        ],
        warning=[
            r.length_between("text", 0, 4999, reason="text is 5000+ characters (cells merged?)"),
            r.not_null("page"),
            r.not_null("is_header"),
        ],
    )
