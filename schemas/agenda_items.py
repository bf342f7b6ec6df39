"""`agenda_items`: the items listed on an agenda front sheet or pack."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("item_number", pa.string()),  # "4" or "4a": text, no trailing dot
        ("title", pa.string()),  # without "(Pages ...)"
        ("page_start", pa.int32()),  # pack page range printed for the item
        ("page_end", pa.int32()),
        ("report_of", pa.string()),
        # extras: the PDF pages the printed range covers (via the pages' printed "Page N" labels)
        ("pdf_page_start", pa.int32()),
        ("pdf_page_end", pa.int32()),
        # extras: where the item is printed on the agenda (PDF page, box in points, top-left origin)
        ("page", pa.int32()),
        ("x0", pa.float64()),
        ("top", pa.float64()),
        ("x1", pa.float64()),
        ("bottom", pa.float64()),
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("item_number"),
            r.not_null("title"),
            r.not_matches("item_number", r"\.$", "item_number ends with a dot"),
            *r.page_range(),
            r.at_least("page", 1),
            *r.bbox(),
        ],
        warning=[
            r.matches(
                "item_number",
                r"^[A-Za-z]?\d+(?:\.\d+)*[a-z]?$",
                "item_number is not like 4, 4a, 4.1 or A1",
            ),
            r.not_matches("title", r"\(\s*Pages?\b", "title still holds (Pages ...)"),
            r.not_empty("title"),
            r.length_between("title", 3, 500),
            r.unique_in_document("item_number"),
        ],
    )
