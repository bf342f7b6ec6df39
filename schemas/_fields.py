"""Arrow fields shared by several curated datasets."""

from __future__ import annotations

import pyarrow as pa

# where a record's source row sits: its table, row index, and the row's box on its page
ROW_SOURCE: list[tuple[str, pa.DataType]] = [
    ("table_id", pa.string()),
    ("row", pa.int32()),
    ("x0", pa.float64()),
    ("top", pa.float64()),
    ("x1", pa.float64()),
    ("bottom", pa.float64()),
]
