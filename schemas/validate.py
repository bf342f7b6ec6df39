"""Run a dataset's GX suite over an Arrow table and split its rows by the outcome.

Rows failing a critical expectation are quarantined with every reason; rows failing only
warnings are published and listed in `warnings`. Checks needing other rows or datasets come in
as derived columns (see cross_checks.py); rows a reviewer accepted are published despite
critical failures, which are then listed as warnings naming the acceptance. Attribution to rows uses a private row
number column passed to GX as ``unexpected_index_column_names``, so each failure names the
exact rows, including every copy of a duplicated key.

One in-memory (ephemeral) GX context is made per process and reused: building it and
registering the suites costs far more than validating a few thousand rows. It writes nothing
to disk; Data Docs are built by `build_data_docs` in a context of their own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from schemas import quarantine
from schemas._rules import DERIVED
from schemas.registry import spec, to_arrow

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite, ExpectationSuiteValidationResult
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.data_context import AbstractDataContext

ROW = "__row"  # row number column added for GX; never part of a curated schema
DOCS_SITE = "curated"
_RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ROW],
    "return_unexpected_index_query": False,
}
# GX's context, datasource and suites are shared mutable state; Prefect may call validate
# from several threads. Validation of one dataset is fast, so serialising it costs little.
_LOCK = threading.RLock()


class ValidationError(RuntimeError):
    """GX could not evaluate an expectation: a bug in a suite or the data's types, not bad rows."""


@dataclass
class ValidationOutcome:
    """Result of validating one dataset's rows.

    valid: rows passing every critical expectation, in the dataset's schema.
    quarantined: rows failing one or more, as `quarantine.SCHEMA`.
    warnings: valid rows failing warning expectations, as `quarantine.WARNINGS_SCHEMA`.
    results: the GX suite validation result (None for an empty table), for Data Docs.
    """

    dataset: str
    valid: pa.Table
    quarantined: pa.Table
    warnings: pa.Table
    results: ExpectationSuiteValidationResult | None


def validate(
    dataset: str,
    table: pa.Table,
    run_name: str,
    *,
    derived: Mapping[str, Sequence[str | None]] | None = None,
    accepted: Mapping[int, str] | None = None,
) -> ValidationOutcome:
    """Validate `table` against `dataset`'s suite; see ValidationOutcome for what comes back.

    derived: derived column -> one value per row (null: no problem); a derived column the
    suite checks but that is not given is taken as all null (nothing known against the rows).
    accepted: row number -> who accepted it and when, for rows to publish whatever fails.
    """
    ds = spec(dataset)
    if table.schema != ds.schema:
        table = to_arrow(dataset, table)
    now = dt.datetime.now(dt.UTC)
    if table.num_rows == 0:
        return ValidationOutcome(
            dataset,
            table,
            quarantine.SCHEMA.empty_table(),
            quarantine.WARNINGS_SCHEMA.empty_table(),
            None,
        )

    frame = table.to_pandas()
    frame[ROW] = range(table.num_rows)
    with _LOCK:
        batch_definition, suite = _registered(dataset)
        for name in _derived_names(suite):
            values = list((derived or {}).get(name) or [None] * table.num_rows)
            if len(values) != table.num_rows:
                raise ValidationError(f"{dataset}: derived column {name} has {len(values)} values "
                                      f"for {table.num_rows} rows")
            frame[name] = pd.Series(values, dtype=object)
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        results = batch.validate(suite, result_format=_RESULT_FORMAT)
    _stamp(results, run_name, now)

    critical, warning = _failures_by_row(dataset, suite, results, frame)
    for row, note in (accepted or {}).items():
        if row in critical:
            warning[row] = [f"{note}, despite: {'; '.join(critical.pop(row))}", *warning.get(row, [])]
    keep = [i for i in range(table.num_rows) if i not in critical]
    valid = table.take(pa.array(keep, type=pa.int64())) if critical else table
    held = sorted(critical)
    quarantined = _reason_table(
        quarantine.SCHEMA,
        dataset,
        table,
        rows=held,
        reasons=[critical[i] for i in held],
        extra={"run_name": run_name, "quarantined_at": now},
    )
    position = {row: pos for pos, row in enumerate(keep)}
    flagged = [i for i in sorted(warning) if i not in critical]
    warnings = _reason_table(
        quarantine.WARNINGS_SCHEMA,
        dataset,
        table,
        rows=flagged,
        reasons=[warning[i] for i in flagged],
        extra={
            "row_index": [position[i] for i in flagged],
            "run_name": run_name,
            "flagged_at": now,
        },
    )
    return ValidationOutcome(dataset, valid, quarantined, warnings, results)


def _derived_names(suite: ExpectationSuite) -> list[str]:
    """Derived columns the suite checks (computed outside GX, see cross_checks.py)."""
    names = (exp.configuration.kwargs.get("column") for exp in suite.expectations)
    return sorted({n for n in names if isinstance(n, str) and n.startswith(DERIVED) and n != ROW})


def _failures_by_row(
    dataset: str, suite: ExpectationSuite, results: Any, frame: pd.DataFrame
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Row number -> reasons, for critical and for warning failures, in suite order.

    A derived check's reason ends with the problem its column names for that row."""
    n_rows = len(frame)
    order: dict[str, int] = {}
    for exp in suite.expectations:
        order.setdefault(_reason(exp), len(order))
    by_severity: dict[str, dict[int, list[tuple[int, str]]]] = {
        "critical": defaultdict(list),
        "warning": defaultdict(list),
    }
    for result in results.results:
        config = result.expectation_config
        error = _exception_message(result.exception_info)
        if error is not None:
            raise ValidationError(
                f"{dataset}: GX could not evaluate {config.type} {dict(config.kwargs)}: {error}"
            )
        if result.success:
            continue
        severity = str(getattr(config.severity, "value", config.severity))
        if severity not in by_severity:
            continue  # "info": recorded in the results, nothing to do per row
        reason = _reason(config)
        derived = (config.meta or {}).get("derived") and config.kwargs.get("column")
        # Every suite here is row-level; a failure GX cannot place on rows (no index list)
        # would be a table-level check, and then no row may pass unverified.
        if "unexpected_index_list" in result.result:
            rows = [int(item[ROW]) for item in result.result["unexpected_index_list"]]
        else:
            rows = list(range(n_rows))
        for row in rows:
            said = f"{reason}: {frame.at[row, derived]}" if derived else reason
            by_severity[severity][row].append((order.get(reason, len(order)), said))
    critical, warning = (
        {row: [reason for _, reason in sorted(set(found))] for row, found in failed.items()}
        for failed in (by_severity["critical"], by_severity["warning"])
    )
    return critical, warning


def _exception_message(info: Any) -> str | None:
    """GX reports errors as {raised_exception, exception_message} or, when a metric failed
    to resolve, as {metric id: {raised_exception, exception_message}}."""
    if not info:
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def _reason(expectation: Any) -> str:
    """The human sentence for a failure (an Expectation or its configuration)."""
    meta = expectation.meta or {}
    return meta.get("reason") or getattr(expectation, "type", None) or expectation.expectation_type


def _reason_table(
    schema: pa.Schema,
    dataset: str,
    table: pa.Table,
    rows: list[int],
    reasons: list[list[str]],
    extra: Mapping[str, Any],
) -> pa.Table:
    if not rows:
        return schema.empty_table()
    records = table.take(pa.array(rows, type=pa.int64())).to_pylist()
    columns: dict[str, Any] = {
        "dataset": [dataset] * len(rows),
        "doc_id": [rec.get("doc_id") for rec in records],
        "row_json": [json.dumps(rec, default=str, ensure_ascii=False) for rec in records],
        "reasons": ["; ".join(found) for found in reasons],
    }
    for name, value in extra.items():
        columns[name] = value if isinstance(value, list) else [value] * len(rows)
    return pa.Table.from_pydict({f.name: columns[f.name] for f in schema}, schema=schema)


def _stamp(results: Any, run_name: str, run_time: dt.datetime) -> None:
    """Give the results the run identity Data Docs groups pages by."""
    from great_expectations.core.run_identifier import RunIdentifier

    results.meta["run_id"] = RunIdentifier(run_name=run_name, run_time=run_time)
    results.meta["validation_time"] = run_time


def _quiet_context(**config: Any) -> AbstractDataContext:
    """An in-memory GX context with analytics and progress bars off."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    project_config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        **config,
    )
    return gx.get_context(mode="ephemeral", project_config=project_config)


@lru_cache(maxsize=1)
def _context() -> AbstractDataContext:
    return _quiet_context()


@cache
def _registered(dataset: str) -> tuple[BatchDefinition, ExpectationSuite]:
    """The dataset's dataframe batch definition and suite in the process-wide context."""
    context = _context()
    source = context.data_sources.all().get("curated") or context.data_sources.add_pandas("curated")
    asset = source.add_dataframe_asset(name=dataset)
    batch_definition = asset.add_batch_definition_whole_dataframe(name="all rows")
    suite = context.suites.add(spec(dataset).build_suite())
    return batch_definition, suite


def build_data_docs(
    results_by_dataset: Mapping[str, ExpectationSuiteValidationResult | None], site_dir: Path
) -> Path:
    """Write a GX Data Docs site for these results under `site_dir`; return its index.html.

    Every dataset named gets its expectation suite page; those with results (non-empty
    tables) also get a validation page. The site shows exactly these results: GX removes
    expectation/validation pages under `site_dir` that it was not given this time, so give
    the site a folder of its own (e.g. curated/data_docs). Builds in a fresh in-memory
    context, so nothing is written outside `site_dir`. The pages load their CSS/JS from
    public CDNs when opened in a browser; the text is readable without them.
    """
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    site_dir = Path(site_dir).resolve()
    site_dir.mkdir(parents=True, exist_ok=True)
    context = _quiet_context(
        data_docs_sites={
            DOCS_SITE: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(site_dir),
                },
                "site_index_builder": {
                    "class_name": "DefaultSiteIndexBuilder",
                    "show_cta_footer": False,
                },
            }
        }
    )
    for dataset, results in results_by_dataset.items():
        context.suites.add(spec(dataset).build_suite())
        if results is None:
            continue
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=dataset),
            run_id=results.meta["run_id"],
            batch_identifier=dataset,
        )
        context.validation_results_store.set(key, results)
    context.build_data_docs(site_names=[DOCS_SITE])
    return site_dir / "index.html"
