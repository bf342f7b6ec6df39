"""`reports`: report cover sheets found in a pack or paper (title, who reports, recommendations)."""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("page", pa.int32()),  # the PDF page carrying the Recommendation(s) heading
        ("title", pa.string()),
        ("report_of", pa.string()),
        ("recommendations", pa.string()),  # one recommendation per line, as printed
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.not_null("page"),
            r.at_least("page", 1),
        ],
        warning=[
            r.not_null("title"),
            r.not_null("report_of"),
            r.not_null("recommendations"),
            r.unique_in_document("page"),
        ],
    )
