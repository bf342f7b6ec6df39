"""Is a table data or layout? Layout tables (contents lists, contact blocks, name lists) are
typeset as tables but hold no records; the contract's `tables.kind` tells consumers apart."""
from __future__ import annotations

import re

from extractors.model import Table

DOT_LEADER = re.compile(r"\.{5,}|(\. ){4,}|…{2,}")
LABEL = re.compile(r"^[A-Z][\w .&/'-]{0,40}:$")


def table_kind(table: Table) -> str:
    """"layout" for contents lists (dot leaders) and label/value blocks ("Telephone:"), else "data"."""
    body = [r for r in table.rows if not r.is_header and not r.is_section]
    if not body:
        return "data"
    texts = [t for r in body for t in r.texts if t]
    if texts and sum(bool(DOT_LEADER.search(t)) for t in texts) >= 0.3 * len(body):
        return "layout"
    if table.n_cols == 2 and sum(bool(LABEL.match(r.cells[0].text.strip())) for r in body) >= 0.6 * len(body):
        return "layout"
    return "data"
