"""Checks that need more than one row: references between datasets, completeness of a table's
rows, and row counts against the previous run.

GX checks one batch at a time, so these are worked out here, in plain Python, as *derived
columns*: for each row of the dataset being validated, null or the problem in words. The
dataset's suite names the column (`_rules.derived`), so a failure is quarantined or flagged,
listed in Data Docs and explained in the reasons exactly as a GX-only check would be.
Pure: rows in, words out; reading the previous run is the caller's job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from schemas.documents import ROW_COUNT_DROP
from schemas.tables import ROWS_NOT_READ
from schemas.trajectories import MEASURE_NOT_FOUND

RECORD_DATASETS = ("deliverables", "measures", "indicators")  # datasets read from tables' rows
COUNT_COLUMNS = ("n_tables", "n_deliverables", "n_measures", "n_indicators", "n_agenda_items")
MIN_PREVIOUS_ROWS = 5  # below this a drop says little: 2 -> 0 is noise, 80 -> 10 is not
DROP_RATIO = 0.5  # flagged when a count falls below this share of the previous run's
MAX_LISTED = 8  # rows named in one problem; the rest are counted

Derived = dict[str, list[str | None]]
# the other datasets each dataset's cross checks read
NEEDS: dict[str, tuple[str, ...]] = {
    "trajectories": ("measures",),
    "tables": ("table_cells", *RECORD_DATASETS),
}


@dataclass
class RunData:
    """Everything the cross checks may look at.

    tables: dataset -> this run's rows of it, every document together (after corrections).
    previous_documents: the `documents` rows published before this run (None: first run).
    """

    tables: Mapping[str, pa.Table] = field(default_factory=dict)
    previous_documents: pa.Table | None = None

    def frame(self, dataset: str, columns: list[str]) -> pd.DataFrame:
        table = self.tables.get(dataset)
        if table is None or table.num_rows == 0:
            return pd.DataFrame(columns=columns)
        return table.select(columns).to_pandas()


def derived_columns(dataset: str, table: pa.Table, run: RunData) -> Derived:
    """The derived columns `dataset`'s suite checks, one value per row of `table`."""
    check = CHECKS.get(dataset)
    return check(table, run) if check and table.num_rows else {}


def measures_not_found(table: pa.Table, run: RunData) -> Derived:
    """A trajectory must belong to a measure of its own document."""
    measures = run.frame("measures", ["doc_id", "measure_id"])
    known = set(zip(measures["doc_id"], measures["measure_id"]))
    rows = table.select(["doc_id", "measure_id"]).to_pylist()
    return {MEASURE_NOT_FOUND: [
        None if r["measure_id"] is None or (r["doc_id"], r["measure_id"]) in known
        else f"measure {r['measure_id']} not found" for r in rows]}


def rows_not_read(table: pa.Table, run: RunData) -> Derived:
    """Completeness: a table whose rows became deliverables, measures or indicators (the
    dataset that took most of its rows is its class) yields a record from every body row
    with text after its first record. Rows above the first record are the table's own
    headings (a spanning header, a title row) and are not counted."""
    cells = run.frame("table_cells", ["doc_id", "table_id", "row", "text", "is_header", "is_section_row"])
    body = cells[~cells["is_header"].fillna(False).astype(bool)
                 & ~cells["is_section_row"].fillna(False).astype(bool)
                 & cells["text"].fillna("").str.strip().ne("")]
    body_rows = body.groupby(["doc_id", "table_id"])["row"].agg(set).to_dict()
    read: dict[tuple[str, str], tuple[str, set[int]]] = {}
    for name in RECORD_DATASETS:
        records = run.frame(name, ["doc_id", "table_id", "row"]).dropna()
        for key, rows in records.groupby(["doc_id", "table_id"])["row"].agg(set).items():
            if len(rows) > len(read.get(key, ("", set()))[1]):
                read[key] = (name, {int(r) for r in rows})
    out: list[str | None] = []
    for key in zip(table["doc_id"].to_pylist(), table["table_id"].to_pylist()):
        name, rows = read.get(key, ("", set()))
        missed = sorted(r for r in body_rows.get(key, set()) if rows and r > min(rows) and r not in rows)
        out.append(f"{len(missed)} body row(s) gave no {name}: rows {_listed(missed)}" if missed else None)
    return {ROWS_NOT_READ: out}


def row_count_drops(table: pa.Table, run: RunData) -> Derived:
    """A document now yielding far fewer rows than before: its own previous run (same
    bytes, earlier pipeline) or else the latest earlier document of its publisher and kind."""
    previous = run.previous_documents
    if previous is None or previous.num_rows == 0:
        return {ROW_COUNT_DROP: [None] * table.num_rows}
    before = previous.to_pandas()
    before = before[before["status"] == "ok"].sort_values("ingested_at")
    out: list[str | None] = []
    for row in table.to_pylist():
        out.append(_count_drop(row, before) if row.get("status") == "ok" else None)
    return {ROW_COUNT_DROP: out}


def _count_drop(row: dict, before: pd.DataFrame) -> str | None:
    same = before[before["doc_id"] == row["doc_id"]]
    if len(same):
        base, against = same.iloc[-1], "its previous run"
    else:
        peers = before[(before["organisation"] == row.get("organisation"))
                       & (before["doc_kind"] == row.get("doc_kind"))
                       & (before["doc_id"] != row["doc_id"])] if row.get("organisation") else before[:0]
        if not len(peers):
            return None
        base = peers.iloc[-1]
        against = f"{base['source_name']}, the last {row.get('doc_kind')} of {row.get('organisation')}"
    drops = [f"{name} {int(base[name])} -> {row.get(name) or 0}" for name in COUNT_COLUMNS
             if pd.notna(base.get(name)) and base[name] >= MIN_PREVIOUS_ROWS
             and (row.get(name) or 0) < DROP_RATIO * base[name]]
    return f"{', '.join(drops)} against {against}" if drops else None


def _listed(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:MAX_LISTED]))
    return shown + (f" and {len(rows) - MAX_LISTED} more" if len(rows) > MAX_LISTED else "")


CHECKS: dict[str, Callable[[pa.Table, RunData], Derived]] = {
    "trajectories": measures_not_found,
    "tables": rows_not_read,
    "documents": row_count_drops,
}
