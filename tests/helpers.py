"""Shared helpers for extractor tests: run the pure pipeline and read its tables back."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from extractors.pipeline import Extraction, extract_document


def extract(pdf: bytes, name: str = "test.pdf") -> Extraction:
    return extract_document(pdf, doc_id=hashlib.sha256(pdf).hexdigest(), source_name=name)


def squash(text: str) -> str:
    """Where a cell's lines break is a layout accident: compare without whitespace."""
    return re.sub(r"\s+", "", text or "")


def table_grids(ex: Extraction) -> dict[str, list[dict]]:
    """table_id -> rows in order, each {"cells": [...], "header": bool, "section": bool}."""
    grids: dict[str, dict[int, dict]] = defaultdict(dict)
    for cell in ex.datasets["table_cells"]:
        row = grids[cell["table_id"]].setdefault(cell["row"], {"cells": {}, "header": cell["is_header"],
                                                                 "section": cell["is_section_row"]})
        row["cells"][cell["col"]] = cell["text"]
    return {tid: [{"cells": [r["cells"][c] for c in sorted(r["cells"])], "header": r["header"], "section": r["section"]}
                  for _, r in sorted(rows.items())] for tid, rows in grids.items()}


def body_rows(ex: Extraction, table_index: int = 0) -> list[list[str]]:
    """Squashed cell texts of the body rows (header rows left out) of one table."""
    grids = list(table_grids(ex).values())
    return [[squash(c) for c in row["cells"]] for row in grids[table_index] if not row["header"]]
