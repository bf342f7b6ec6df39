"""Reviewed corrections: an officer's accept / correct / drop of extracted rows, kept in a YAML
file and applied on every run, before validation, so a fix is made once and never lost.

    corrections:
      - doc_id: 3f1c...            # the document (SHA-256 of the PDF; shown in the review report)
        dataset: deliverables
        key: {deliverable_id: 9a0b...}   # columns naming the row(s); the report shows each row's key
        action: correct             # accept | correct | drop
        column: owner               # correct only: the column to set ...
        value: Director of Public Health   # ... and its value
        who: A. Officer
        when: 2024-05-01
        why: owner misread from the column to its right

accept publishes a row whatever its critical checks say (they are listed as warnings naming
the acceptance); correct sets one cell; drop removes a false row. Every outcome is reported:
applied, stale (the document was read but no row has that key any more: the correction needs
review), waiting (the document is not in this run), or invalid (the entry is incomplete or
names an unknown dataset/column, or a value that does not fit the column).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import yaml

from flows.documents import DocumentResult
from schemas.registry import DATASETS

FILE_NAME = "corrections.yaml"  # default place: beside the datasets, curated/corrections.yaml
ACTIONS = ("accept", "correct", "drop")
REQUIRED = ("doc_id", "dataset", "key", "action", "who", "when", "why")
# the columns that name one row of each dataset; what the review report shows as a row's key
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "agenda_items": ("item_number",),
    "deliverables": ("deliverable_id",),
    "measures": ("measure_id",),
    "trajectories": ("measure_id", "period_label"),
    "indicators": ("table_id", "row", "period_label"),
    "reports": ("page",),
    "tables": ("table_id",),
    "table_cells": ("table_id", "row", "col"),
}


class CorrectionsError(ValueError):
    """The corrections file cannot be read at all (missing, or not YAML of the right shape)."""


@dataclass
class Outcome:
    """What became of one correction in this run (saved in the run summary)."""

    entry: int  # 1-based position in the file
    status: str  # applied | stale | waiting | invalid
    detail: str
    doc_id: str | None = None
    dataset: str | None = None
    key: dict[str, Any] = field(default_factory=dict)
    action: str | None = None
    column: str | None = None
    value: Any = None
    who: str | None = None
    when: str | None = None
    why: str | None = None
    rows: int = 0  # rows it matched

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Applied:
    """Outcomes, and the rows accepted: (dataset, doc_id) -> {row position: acceptance note}."""

    outcomes: list[Outcome] = field(default_factory=list)
    accepted: dict[tuple[str, str], dict[int, str]] = field(default_factory=dict)


def default_path(curated_dir: Path) -> Path:
    return Path(curated_dir) / FILE_NAME


def load(path: Path) -> list[dict[str, Any]]:
    """The file's entries, as written (checked entry by entry when applied)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorrectionsError(f"cannot read corrections file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise CorrectionsError(f"corrections file {path} is not valid YAML: {exc}") from None
    entries = data.get("corrections") if isinstance(data, dict) else data
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise CorrectionsError(f"corrections file {path}: expected a list under 'corrections:'")
    return entries


def apply(results: list[DocumentResult], entries: list[Any]) -> Applied:
    """Apply every valid entry to the documents of this run, in place; report every entry."""
    by_doc = {r.doc_id: r for r in results if r.doc_id and r.status != "duplicate"}
    applied = Applied()
    pending: dict[tuple[str, str], list[tuple[Outcome, pa.Array]]] = {}
    for number, raw in enumerate(entries, start=1):
        outcome = _checked(number, raw)
        applied.outcomes.append(outcome)
        if outcome.status == "invalid":
            continue
        assert outcome.doc_id is not None and outcome.dataset is not None
        result = by_doc.get(outcome.doc_id)
        if result is None or result.failed or outcome.dataset not in result.tables:
            outcome.status = "waiting"
            outcome.detail = ("the document failed in this run" if result is not None
                              else "the document is not in this run")
            continue
        mask = _matches(result.tables[outcome.dataset], outcome.key)
        outcome.rows = int(pc.sum(mask).as_py() or 0)
        if outcome.rows == 0:
            outcome.status, outcome.detail = "stale", "no row has this key any more: review the correction"
            continue
        pending.setdefault((outcome.dataset, outcome.doc_id), []).append((outcome, mask))
    for (dataset, doc_id), found in pending.items():
        result = by_doc[doc_id]
        result.tables[dataset], accepted = _apply_to_table(result.tables[dataset], found)
        if accepted:
            applied.accepted[(dataset, doc_id)] = accepted
    return applied


def _checked(number: int, raw: Any) -> Outcome:
    """An Outcome carrying the entry's fields; status "invalid" with why when it is unusable."""
    if not isinstance(raw, Mapping):
        return Outcome(number, "invalid", "an entry must be a mapping of fields")
    fields = {k: raw.get(k) for k in ("doc_id", "dataset", "action", "column", "who", "why")}
    outcome = Outcome(number, "applied", "", key=dict(raw.get("key") or {}) if isinstance(
        raw.get("key"), Mapping) else {}, value=raw.get("value"), when=_text(raw.get("when")),
        **{k: _text(v) for k, v in fields.items()})
    problem = _problem(raw, outcome)
    if problem:
        outcome.status, outcome.detail = "invalid", problem
    return outcome


def _problem(raw: Mapping[str, Any], outcome: Outcome) -> str | None:
    missing = [name for name in REQUIRED if raw.get(name) in (None, "", {})]
    if missing:
        return f"missing {', '.join(missing)}"
    if outcome.dataset not in DATASETS:
        return f"unknown dataset {outcome.dataset!r}"
    if outcome.action not in ACTIONS:
        return f"action must be one of {', '.join(ACTIONS)}, not {outcome.action!r}"
    if not isinstance(raw.get("key"), Mapping):
        return "key must map column names to values"
    schema = DATASETS[outcome.dataset].schema
    unknown = [name for name in [*outcome.key, outcome.column or ""] if name and name not in schema.names]
    if unknown:
        return f"{outcome.dataset} has no column {', '.join(map(repr, unknown))}"
    if outcome.action == "correct" and not outcome.column:
        return "a correct needs the column to set (and its value)"
    try:
        for name, value in [*outcome.key.items(),
                            *([(outcome.column, outcome.value)] if outcome.action == "correct" else [])]:
            _scalar(schema.field(name).type, value)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError, TypeError) as exc:
        return f"value does not fit its column: {exc}"
    return None


def _scalar(type_: pa.DataType, value: Any) -> pa.Scalar:
    if value is None:
        return pa.scalar(None, type=type_)
    return pa.scalar(value).cast(type_)


def _matches(table: pa.Table, key: Mapping[str, Any]) -> pa.Array:
    mask = pa.array([True] * table.num_rows, type=pa.bool_())
    for name, value in key.items():
        column = table[name]
        mask = pc.and_(mask, pc.fill_null(pc.equal(column, _scalar(column.type, value)), False))
    return mask.combine_chunks() if isinstance(mask, pa.ChunkedArray) else mask


def _apply_to_table(table: pa.Table, found: list[tuple[Outcome, pa.Array]]) -> tuple[pa.Table, dict[int, str]]:
    """Corrections first, then drops; keys were matched on the rows as extracted, so the
    order of entries in the file does not matter."""
    dropped = pa.array([False] * table.num_rows)
    notes: dict[int, str] = {}
    for outcome, mask in found:
        if outcome.action == "correct":
            assert outcome.column is not None
            index = table.schema.get_field_index(outcome.column)
            old = sorted({"(empty)" if v is None else str(v) for v in table[outcome.column].filter(mask).to_pylist()})
            new = pc.if_else(mask, _scalar(table.schema.field(index).type, outcome.value), table[outcome.column])
            table = table.set_column(index, table.schema.field(index), new)
            outcome.detail = f"{outcome.column}: {' | '.join(old)} -> {outcome.value}"
        elif outcome.action == "drop":
            dropped = pc.or_(dropped, mask)
            outcome.detail = f"dropped {outcome.rows} row(s)"
        else:
            for i in pc.indices_nonzero(mask).to_pylist():
                notes[i] = f"accepted by {outcome.who} on {outcome.when}"
            outcome.detail = f"accepted {outcome.rows} row(s)"
    keep = pc.invert(dropped)
    positions = {old: new for new, old in enumerate(pc.indices_nonzero(keep).to_pylist())}
    accepted = {positions[i]: note for i, note in notes.items() if i in positions}
    return table.filter(keep), accepted


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)
