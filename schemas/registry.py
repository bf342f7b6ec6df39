"""The curated datasets by name, and `to_arrow`, which makes records fit a dataset's schema.

Extractors produce plain dicts; everything downstream (validation, Parquet) wants one exact
Arrow schema per dataset. `to_arrow` is the single place where that conversion happens, so a
type mismatch fails here, naming the dataset and column, instead of deep inside Parquet.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from schemas import (
    agenda_items,
    deliverables,
    documents,
    indicators,
    measures,
    reports,
    table_cells,
    tables,
    trajectories,
)
from schemas._rules import Rules

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite


@dataclass(frozen=True)
class DatasetSpec:
    """A curated dataset: its Arrow schema and the rules its rows must meet."""

    name: str
    schema: pa.Schema
    expectations: Callable[[], Rules]

    def build_suite(self) -> ExpectationSuite:
        """A fresh GX suite named after the dataset, each expectation tagged with its severity.

        Fresh each call: GX refuses to put one Expectation object in two suites.
        """
        import great_expectations as gx
        from great_expectations.expectations.metadata_types import FailureSeverity

        rules = self.expectations()
        for severity, exps, effect in (
            (FailureSeverity.CRITICAL, rules.critical, "quarantined"),
            (FailureSeverity.WARNING, rules.warning, "published with a warning"),
        ):
            for exp in exps:
                exp.severity = severity
                exp.meta = {"reason": exp.expectation_type, **(exp.meta or {})}
                # notes are shown in Data Docs next to the expectation
                exp.notes = f"{severity.value}: a failing row is {effect} as '{exp.meta['reason']}'"
        return gx.ExpectationSuite(name=self.name, expectations=rules.critical + rules.warning)


def _spec(module: ModuleType) -> DatasetSpec:
    return DatasetSpec(
        name=module.__name__.rsplit(".", 1)[-1],
        schema=module.SCHEMA,
        expectations=module.expectations,
    )


DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in map(
        _spec,
        [
            documents,
            agenda_items,
            deliverables,
            measures,
            trajectories,
            indicators,
            reports,
            tables,
            table_cells,
        ],
    )
}


class SchemaError(ValueError):
    """Records do not fit a dataset's schema (unknown dataset, or a value that won't cast)."""


def spec(dataset: str) -> DatasetSpec:
    try:
        return DATASETS[dataset]
    except KeyError:
        raise SchemaError(
            f"unknown dataset {dataset!r}; known: {', '.join(sorted(DATASETS))}"
        ) from None


def to_arrow(dataset: str, rows: Iterable[Mapping[str, Any]] | pd.DataFrame | pa.Table) -> pa.Table:
    """Conform records to `dataset`'s schema: exact columns in schema order, exact types.

    Missing columns become all-null, columns the schema does not know are dropped, values are
    cast (e.g. int -> float64, "2024-03-31" -> date32, float 3.0 -> int32). A value that cannot
    be cast raises SchemaError naming the dataset, the column and the offending value.
    """
    schema = spec(dataset).schema
    columns, n_rows = _columns(rows)
    arrays = [
        _to_array(dataset, f, columns[f.name]) if f.name in columns else pa.nulls(n_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _columns(rows: Any) -> tuple[dict[str, Any], int]:
    """Column name -> values (list, Series or Arrow array), and the row count."""
    if isinstance(rows, pa.Table):
        return {name: rows.column(name) for name in rows.column_names}, rows.num_rows
    if isinstance(rows, pd.DataFrame):
        frame = rows.reset_index(drop=True)
        return {str(name): frame[name] for name in frame.columns}, len(frame)
    records = list(rows)
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    return {name: [rec.get(name) for rec in records] for name in names}, len(records)


def _to_array(dataset: str, field: pa.Field, values: Any) -> pa.Array:
    """Infer the values' own Arrow type, then cast with a *safe* cast.

    Not ``pa.array(values, type=...)``: that silently truncates 2.5 to 2 for an int column.
    A safe cast refuses truncation and overflow, and still turns 4.0 into 4, "2024-03-31"
    into a date and 4 into "4".
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    try:
        array = values if isinstance(values, pa.Array) else pa.array(values, from_pandas=True)
        return array.cast(field.type)
    except _ERRORS:
        pass
    # Mixed Python types (4 and "4a" in item_number), or one bad value: go value by value,
    # which also finds the culprit to name.
    values = values.to_pylist() if isinstance(values, pa.Array) else list(values)
    try:
        return pa.array([_cast_one(v, field.type) for v in values], type=field.type)
    except _ERRORS as exc:
        raise _cast_error(dataset, field, values, exc) from exc


_ERRORS = (
    pa.ArrowInvalid,
    pa.ArrowTypeError,
    pa.ArrowNotImplementedError,
    TypeError,
    ValueError,
    OverflowError,
)


def _cast_one(value: Any, type_: pa.DataType) -> Any:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return pa.scalar(value).cast(type_).as_py()


def _cast_error(dataset: str, field: pa.Field, values: list[Any], exc: Exception) -> SchemaError:
    """Name the dataset, column and first offending value, so the fix is obvious."""
    bad: Any = "?"
    for value in values:
        try:
            _cast_one(value, field.type)
        except _ERRORS:
            bad = value
            break
    return SchemaError(
        f"{dataset}.{field.name}: cannot cast {bad!r} ({type(bad).__name__}) to {field.type}: {exc}"
    )
