"""The Prefect 3 flow `ingest`: land -> extract -> validate and publish, as tasks.

Runs in-process: called directly it uses the API at PREFECT_API_URL or, with none set, a
temporary local server Prefect starts for the process (see prefect_env.py). Deployed through
prefect.yaml it runs on a process work pool. The run's shape lives in `run.py`; this module
only says that each step is a Prefect task.

Task runner: a 2-thread pool. Landing and publishing are I/O; extraction runs in worker
processes (`isolation.WorkerPool`, one per document, under the run's time and memory limits),
which the extract tasks' threads supervise. `dask_task_runner` moves the same tasks onto a
Dask cluster (`papers run --dask local|ADDRESS`) with no other change.
"""
from __future__ import annotations

import datetime as dt

from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import artifacts, run
from flows.documents import DocumentResult
from flows.inputs import expand
from flows.isolation import WorkerPool
from flows.limits import Limits
from flows.publish import DatasetStage, Publication
from flows.raw_store import LandedFile
from flows.report import RunSummary

# Inputs are paths, bytes stay in the raw store, and nothing is worth caching or persisting
# (a Publication holds a lock and cannot be pickled anyway).
TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="land", task_run_name="land {path}", **TASK_OPTIONS)
def land(path: str, raw_dir: str) -> run.Landed:
    """Copy one file into the content-addressed raw store."""
    return run.land_one(path, raw_dir)


@task(name="extract", task_run_name="extract {landed.source_name}", **TASK_OPTIONS)
def extract(path: str, landed: LandedFile, ingested_at: dt.datetime, pool: WorkerPool) -> DocumentResult:
    """Extract one document in a worker of the run's pool; its failure is a result, not a
    failed task."""
    return run.extract_one(path, landed, ingested_at, pool)


@task(name="validate-and-stage", task_run_name="validate {dataset}", **TASK_OPTIONS)
def validate_and_stage(publication: Publication, dataset: str,
                       results: list[DocumentResult]) -> DatasetStage:
    """Run one dataset's expectations over every document's rows and stage its files."""
    return publication.stage(dataset, results)


@task(name="publish", **TASK_OPTIONS)
def publish(publication: Publication, stages: list[DatasetStage], summary: RunSummary) -> RunSummary:
    """Journal the staged files and swap them into place."""
    return publication.commit(stages, summary)


@task(name="review-report", **TASK_OPTIONS)
def review_report(summary: RunSummary) -> RunSummary:
    """Write the review report (pictures of every row's source region) beside Data Docs, and
    publish the run report as Prefect artifacts (a markdown table and a link to the report)."""
    summary = run.review_run(summary)
    artifacts.publish(summary)
    return summary


def _land_all(paths: list[str], raw_dir: str) -> list[run.Landed]:
    return land.map(paths, unmapped(raw_dir)).result() if paths else []


def _extract_all(items: list[tuple[str, LandedFile]], at: dt.datetime,
                 pool: WorkerPool) -> list[DocumentResult]:
    if not items:
        return []
    paths, landed = zip(*items)
    return extract.map(list(paths), list(landed), unmapped(at), unmapped(pool)).result()


PREFECT_STEPS = run.Steps(
    engine="prefect",
    land=_land_all,
    extract=_extract_all,
    stage=validate_and_stage,
    commit=publish,
    review=review_report,
)


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=run.WORKERS),
      persist_result=False, log_prints=False)
def ingest(paths: list[str], raw_dir: str = "raw", curated_dir: str = "curated",
           corrections_file: str | None = None, time_limit: float | None = None,
           memory_limit: int | None = None) -> RunSummary:
    """Land, extract, validate and publish PDFs (files, or folders searched for *.pdf),
    applying reviewed corrections (default: curated/corrections.yaml when present).

    time_limit (seconds) and memory_limit (bytes) bound each document's extraction; None
    takes PAPERS_TIME_LIMIT / PAPERS_MEMORY_LIMIT or the defaults (see flows/limits.py).
    """
    limits = Limits.from_env(seconds=time_limit, memory=memory_limit)
    summary = run.run_ingest(expand(paths), raw_dir, curated_dir, PREFECT_STEPS, corrections_file, limits)
    logger = get_run_logger()
    for doc in summary.failed:
        logger.info("FAILED %s: %s", doc.file, doc.reason)
    logger.info("run %s: %d documents, %d failed; summary in %s/_runs/%s.json",
                summary.run_id, len(summary.documents), len(summary.failed),
                curated_dir, summary.run_id)
    return summary


def dask_task_runner(address: str) -> Any:
    """The same flow with its tasks on a Dask cluster: "local" starts a LocalCluster of one
    single-threaded process per core; any other value is a scheduler address
    ("tcp://scheduler:8786"). Workers must see the raw and curated folders (a shared
    filesystem); nothing else about the flow changes."""
    from prefect_dask import DaskTaskRunner

    if address == "local":
        return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs={
            "n_workers": run.WORKERS, "threads_per_worker": 1, "processes": True, "dashboard_address": None})
    return DaskTaskRunner(address=address)
