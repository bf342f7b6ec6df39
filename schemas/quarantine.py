"""Rows held back by validation (SCHEMA) and rows published with a warning (WARNINGS_SCHEMA).

The row itself is kept as JSON so one table can hold rows of every dataset, and a person can
read why a row was held back without joining anything.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),
        ("doc_id", pa.string()),
        ("row_json", pa.string()),
        ("reasons", pa.string()),  # every failed critical check, "; "-joined
        ("run_name", pa.string()),
        ("quarantined_at", pa.timestamp("us", tz="UTC")),
    ]
)

WARNINGS_SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),
        ("doc_id", pa.string()),
        ("row_index", pa.int64()),  # position of the row in the published (valid) table
        ("row_json", pa.string()),
        ("reasons", pa.string()),  # every failed warning check, "; "-joined
        ("run_name", pa.string()),
        ("flagged_at", pa.timestamp("us", tz="UTC")),
    ]
)
