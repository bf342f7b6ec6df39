"""Write-audit-publish of one run into a curated folder.

Layout (every name a reader must skip starts with "_" or "."):
    curated/<dataset>/<doc_id>.parquet   one file per document per dataset, doc_id a column
    curated/quarantine/<doc_id>.parquet  rows held back by critical expectations, with reasons
    curated/warnings/<doc_id>.parquet    published rows that failed a warning expectation
    curated/data_docs/                   GX Data Docs
    curated/_runs/<run_id>.json          run summaries
    curated/_staging/, _journal/, .lock  in-flight state (see journal.py, curated_lock.py)

A document's files are replaced whole, so re-running a PDF replaces its rows instead of adding
to them; a document that now yields no rows for a dataset gets an empty file with the schema.
A failed document stages only its `documents` row, so everything else published for it earlier
stays. Nothing is visible to readers until the journal is written; then each file is swapped
in with os.replace.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows import checkpoints, journal
from flows.curated_lock import curated_lock
from flows.documents import DocumentResult
from flows.report import DocumentReport, RunSummary
from schemas import quarantine
from schemas.cross_checks import NEEDS, RunData, derived_columns
from schemas.registry import DATASETS, SchemaError, to_arrow
from schemas.validate import build_data_docs, validate

log = logging.getLogger(__name__)

QUARANTINE = "quarantine"
WARNINGS = "warnings"
DATA_DOCS = "data_docs"
# report folder -> (DatasetStage attribute, schema)
REPORTS = {
    QUARANTINE: ("quarantined", quarantine.SCHEMA),
    WARNINGS: ("warnings", quarantine.WARNINGS_SCHEMA),
}


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable by time, unique across concurrent runs."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S.%f}Z-{secrets.token_hex(3)}"  # microseconds: runs within a second still sort


@dataclass
class DatasetStage:
    """One dataset of a run, validated and staged (not yet visible to readers)."""

    dataset: str
    rows: dict[str, int] = field(default_factory=dict)  # doc_id -> rows published
    quarantined: pa.Table | None = None
    warnings: pa.Table | None = None
    results: Any = None  # GX suite validation result, for Data Docs
    files: list[str] = field(default_factory=list)


class Publication:
    """One run's write-audit-publish. A context manager: holds the curated lock throughout.

    On entry, finishes (rolls forward) any journalled publish an earlier run left half done
    and drops abandoned staging folders. On an exception before `commit`, the staging folder
    is removed and nothing is published.
    """

    def __init__(self, curated_dir: Path, run_id: str, *, lock_timeout: float | None = None,
                 on_wait: Callable[[], None] | None = None,
                 accepted: Mapping[tuple[str, str], Mapping[int, str]] | None = None) -> None:
        """accepted: (dataset, doc_id) -> {row position in that document's rows: note} for rows
        a reviewer accepted (see corrections.py): published whatever their checks say."""
        self.curated_dir = Path(curated_dir)
        self.run_id = run_id
        self.accepted = accepted or {}
        self.previous_documents: pa.Table | None = None
        self.staging = journal.staging_dir(self.curated_dir, run_id)
        self.recovered: list[str] = []
        self._lock = curated_lock(self.curated_dir, timeout=lock_timeout, on_wait=on_wait)

    def __enter__(self) -> Publication:
        self._lock.__enter__()
        try:
            forward, back = journal.recover(self.curated_dir)
            self.recovered = forward
            for run_id in forward:
                log.info("completed the interrupted publish of run %s", run_id)
            for run_id in back:
                log.info("discarded the unpublished staging of run %s", run_id)
            self.staging.mkdir(parents=True)
            self.previous_documents = read_published(self.curated_dir, "documents")
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if kind is not None and not journal.journal_path(self.curated_dir, self.run_id).exists():
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.__exit__(kind, exc, tb)

    # -- audit: validate and stage one dataset -------------------------------------------

    def stage(self, dataset: str, results: list[DocumentResult]) -> DatasetStage:
        """Validate every document's rows of `dataset` together; stage one file per document."""
        docs = sorted((r for r in results if r.doc_id and dataset in r.tables), key=lambda r: r.doc_id)
        staged = DatasetStage(dataset)
        if not docs:
            return staged
        table = pa.concat_tables([r.tables[dataset] for r in docs])
        run = RunData({name: _concat(results, name) for name in NEEDS.get(dataset, ())},
                      self.previous_documents)
        outcome = validate(dataset, table, run_name=self.run_id,
                           derived=derived_columns(dataset, table, run),
                           accepted=self._accepted_rows(dataset, docs))
        staged.quarantined, staged.warnings, staged.results = (
            outcome.quarantined, outcome.warnings, outcome.results)
        for doc in docs:
            assert doc.doc_id is not None
            rows = outcome.valid.filter(pc.equal(outcome.valid["doc_id"], doc.doc_id))
            rel = f"{dataset}/{doc.doc_id}.parquet"
            self._write(rel, rows)
            staged.rows[doc.doc_id] = rows.num_rows
            staged.files.append(rel)
        checkpoints.reached("staged")
        return staged

    # -- publish ---------------------------------------------------------------------------

    def commit(self, stages: list[DatasetStage], summary: RunSummary) -> RunSummary:
        """Stage per-document quarantine/warnings files, fill in the summary, then publish."""
        files = [rel for s in stages for rel in s.files]
        restaged: dict[str, set[str]] = {}
        for s in stages:
            for doc_id in s.rows:
                restaged.setdefault(doc_id, set()).add(s.dataset)
        for kind, (attribute, schema) in REPORTS.items():
            new = [getattr(s, attribute) for s in stages]
            by_doc = _split_by_doc(schema, [t for t in new if t is not None])
            for doc_id in sorted(restaged):
                rel = f"{kind}/{doc_id}.parquet"
                table = self._merge_report(rel, schema, by_doc.get(doc_id), restaged[doc_id])
                self._write(rel, table)
                files.append(rel)
        _fill_counts(summary, stages)
        summary.notes += [f"completed the interrupted publish of run {r}" for r in self.recovered]
        summary.finished_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        journal.commit(self.curated_dir, journal.Journal(self.run_id, files, summary.to_dict()))
        return summary

    def build_docs(self, stages: list[DatasetStage]) -> Path | None:
        """Data Docs for this run's validation results; a failure here un-publishes nothing."""
        try:
            return build_data_docs({s.dataset: s.results for s in stages},
                                   self.curated_dir / DATA_DOCS)
        except Exception as exc:  # reports are secondary to the published data
            log.warning("could not build Data Docs: %s: %s", type(exc).__name__, exc)
            return None

    # -- helpers ---------------------------------------------------------------------------

    def _accepted_rows(self, dataset: str, docs: list[DocumentResult]) -> dict[int, str]:
        """Accepted rows as positions in the concatenation of `docs`' rows."""
        out: dict[int, str] = {}
        offset = 0
        for doc in docs:
            for row, note in self.accepted.get((dataset, doc.doc_id or ""), {}).items():
                out[offset + row] = note
            offset += doc.tables[dataset].num_rows
        return out

    def _write(self, rel: str, table: pa.Table) -> None:
        path = self.staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            pq.write_table(table, handle)
            handle.flush()
            os.fsync(handle.fileno())

    def _merge_report(self, rel: str, schema: pa.Schema, new: pa.Table | None,
                      datasets: set[str]) -> pa.Table:
        """A document's report rows: this run's for the datasets it restaged, earlier ones for
        the rest (a failed document keeps the quarantine of rows still published for it)."""
        parts = [new] if new is not None else []
        published = self.curated_dir / rel
        if published.exists() and datasets != set(DATASETS):
            try:
                old = pq.read_table(published).cast(schema)
                keep = pc.invert(pc.is_in(old["dataset"], pa.array(sorted(datasets))))
                parts.insert(0, old.filter(keep))
            except (pa.ArrowInvalid, KeyError, ValueError, OSError) as exc:
                log.warning("dropping unreadable %s: %s", published, exc)
        return pa.concat_tables(parts) if parts else schema.empty_table()


def read_published(curated_dir: Path, dataset: str) -> pa.Table | None:
    """What is published of `dataset` now (None when nothing is, or it cannot be read)."""
    folder = Path(curated_dir) / dataset
    files = sorted(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))
    if not files:
        return None
    try:
        return pa.concat_tables([to_arrow(dataset, pq.read_table(p)) for p in files])
    except (pa.ArrowInvalid, SchemaError, OSError) as exc:
        log.warning("cannot read the published %s: %s", dataset, exc)
        return None


def _concat(results: list[DocumentResult], dataset: str) -> pa.Table:
    tables = [r.tables[dataset] for r in results if r.doc_id and dataset in r.tables]
    return pa.concat_tables(tables) if tables else DATASETS[dataset].schema.empty_table()


def _split_by_doc(schema: pa.Schema, tables: list[pa.Table]) -> dict[str, pa.Table]:
    if not tables:
        return {}
    table = pa.concat_tables([t.cast(schema) for t in tables])
    return {doc_id: table.filter(pc.equal(table["doc_id"], doc_id))
            for doc_id in sorted(set(table["doc_id"].to_pylist()) - {None})}


def _count_by_doc(table: pa.Table | None) -> Counter[str]:
    return Counter(table["doc_id"].to_pylist()) if table is not None and table.num_rows else Counter()


def _fill_counts(summary: RunSummary, stages: list[DatasetStage]) -> None:
    """Per document and per dataset row counts, from what was staged."""
    held: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for s in stages:
        held.update(_count_by_doc(s.quarantined))
        flagged.update(_count_by_doc(s.warnings))
        summary.datasets[s.dataset] = {
            "documents": len(s.rows),
            "published": sum(s.rows.values()),
            "quarantined": s.quarantined.num_rows if s.quarantined is not None else 0,
            "warnings": s.warnings.num_rows if s.warnings is not None else 0,
        }
    for doc in summary.documents:
        if doc.doc_id is None or doc.status == "duplicate":
            continue
        doc.rows = {s.dataset: s.rows[doc.doc_id] for s in stages
                    if doc.doc_id in s.rows and s.dataset != "documents" and not doc.failed}
        doc.quarantined, doc.warnings = held[doc.doc_id], flagged[doc.doc_id]


def report_for(result: DocumentResult) -> DocumentReport:
    """The summary line of a document before publishing fills in its counts."""
    return DocumentReport(file=result.file, path=result.path, doc_id=result.doc_id,
                          status=result.status, reason=result.reason, pages=result.pages,
                          seconds=result.seconds, traceback=result.traceback)

