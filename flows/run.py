"""The shape of an ingest run, independent of what executes its steps.

land every file -> extract each distinct document -> validate and stage each dataset ->
Data Docs -> commit (publish). `Steps` says how each step runs: as Prefect tasks
(`pipeline_flow.PREFECT_STEPS`, the normal way) or on a plain thread pool (`LOCAL_STEPS`, for
when no Prefect API can be had). Results are kept in input order, whatever order workers
finish in, so the output of a run does not depend on scheduling. Either way each document is
extracted in a worker process of the run's `WorkerPool`, under the run's `Limits`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extractors.pipeline import PIPELINE_VERSION
from flows import checkpoints, corrections, extraction_cache, journal, progress, raw_store
from flows.documents import DocumentResult, duplicate, extract_landed, not_landed
from flows.isolation import WorkerPool
from flows.limits import Limits
from flows.publish import DatasetStage, Publication, new_run_id, report_for
from flows.report import RunSummary
from flows.review import build_review
from schemas.registry import DATASETS

WORKERS = 2  # the machines here have 2 cores; extraction is mostly CPU-bound Python

Landed = raw_store.LandedFile | DocumentResult


def land_one(path: str, raw_dir: str) -> Landed:
    """Land a file; a file that cannot be read becomes a failed result instead of an error."""
    try:
        return raw_store.land(Path(path), Path(raw_dir))
    except (OSError, ValueError) as exc:  # ValueError: a path no file can have (a NUL in it)
        return not_landed(path, exc)


def extract_one(path: str, landed: raw_store.LandedFile, ingested_at: dt.datetime,
                pool: WorkerPool) -> DocumentResult:
    """Extract one document in a worker, or read back what this pipeline version extracted
    from the same bytes in an earlier run, and announce it (for progress display)."""
    cache_dir = raw_store.extraction_cache_dir(landed)
    result = extraction_cache.load(cache_dir, landed.doc_id, path, landed.source_name)
    if result is None:
        result = extract_landed(path, landed, ingested_at, pool)
        extraction_cache.save(cache_dir, result)
    progress.emit("document", result)
    checkpoints.reached("extracted")
    return result


@dataclass(frozen=True)
class Steps:
    """How a run's steps execute. Each returns results in the order of its inputs."""

    engine: str
    land: Callable[[list[str], str], list[Landed]]
    extract: Callable[[list[tuple[str, raw_store.LandedFile]], dt.datetime, WorkerPool], list[DocumentResult]]
    stage: Callable[[Publication, str, list[DocumentResult]], DatasetStage]
    commit: Callable[[Publication, list[DatasetStage], RunSummary], RunSummary]
    review: Callable[[RunSummary], RunSummary]


def review_run(summary: RunSummary) -> RunSummary:
    """Build the run's review report and record it in the run summary. A failure here
    un-publishes nothing: the summary says the report is missing and why."""
    curated = Path(summary.curated_dir)
    try:
        result = build_review(curated, Path(summary.raw_dir), summary)
    except Exception as exc:  # reports are secondary to the published data
        summary.notes.append(f"the review report could not be built: {type(exc).__name__}: {exc}")
    else:
        summary.review = result.index.relative_to(curated).as_posix()
        summary.review_stats = {"pictures": result.pictures, "rendered": result.rendered,
                                "unpictured": result.unpictured, "seconds": result.seconds}
    journal.write_summary(curated, summary.run_id, summary.to_dict())
    return summary


def _local_land(paths: list[str], raw_dir: str) -> list[Landed]:
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(land_one, paths, [raw_dir] * len(paths)))


def _local_extract(items: list[tuple[str, raw_store.LandedFile]], at: dt.datetime,
                   workers: WorkerPool) -> list[DocumentResult]:
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda item: extract_one(item[0], item[1], at, workers), items))


LOCAL_STEPS = Steps(
    engine="local",
    land=_local_land,
    extract=_local_extract,
    stage=lambda pub, dataset, results: pub.stage(dataset, results),
    commit=lambda pub, stages, summary: pub.commit(stages, summary),
    review=review_run,
)


def run_ingest(paths: Sequence[str], raw_dir: str, curated_dir: str,
               steps: Steps = LOCAL_STEPS, corrections_file: str | None = None,
               limits: Limits | None = None) -> RunSummary:
    """Ingest `paths` (files) into `raw_dir` and publish to `curated_dir`, each document
    extracted under `limits` (default: `Limits.from_env()`), applying the reviewed
    corrections in `corrections_file` (default: curated/corrections.yaml, if any)."""
    started = dt.datetime.now(dt.timezone.utc)
    limits = limits or Limits.from_env()
    paths = [str(p) for p in paths]
    entries = _corrections(curated_dir, corrections_file)
    progress.emit("phase", "landing")
    results = _distinct_documents(paths, steps.land(paths, raw_dir))
    todo = [(i, r) for i, r in enumerate(results) if isinstance(r, raw_store.LandedFile)]
    progress.emit("phase", "extracting")
    extracted = steps.extract([(paths[i], landed) for i, landed in todo], started,
                              WorkerPool(limits, workers=WORKERS))
    for (i, _), result in zip(todo, extracted):
        results[i] = result
    done: list[DocumentResult] = [r for r in results if isinstance(r, DocumentResult)]
    reused = sum(r.cached for r in done)
    applied = corrections.apply(done, entries)
    summary = RunSummary(
        run_id=new_run_id(started), engine=steps.engine,
        started_at=started.isoformat(timespec="seconds"), finished_at="", seconds=0.0,
        raw_dir=str(Path(raw_dir).resolve()), curated_dir=str(Path(curated_dir).resolve()),
        pipeline_version=PIPELINE_VERSION, documents=[report_for(r) for r in done],
        corrections=[outcome.to_dict() for outcome in applied.outcomes],
        limits={"seconds": limits.seconds, "memory_bytes": limits.memory},
    )
    if reused:
        summary.notes.append(f"{reused} of {len(done)} documents unchanged since an earlier run of pipeline "
                             f"{PIPELINE_VERSION}: their extraction was reused, not repeated")
    progress.emit("phase", "validating and publishing")
    with Publication(Path(curated_dir), summary.run_id, on_wait=_waiting,
                     accepted=applied.accepted) as publication:
        stages = [steps.stage(publication, name, done) for name in DATASETS]
        if any(s.files for s in stages):
            index = publication.build_docs(stages)
            if index is None:
                summary.notes.append("Data Docs could not be built (see the log)")
            else:
                summary.data_docs = str(index.relative_to(publication.curated_dir.resolve()))
        summary.seconds = round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 3)
        summary = steps.commit(publication, stages, summary)
        progress.emit("phase", "writing the review report")
        summary = steps.review(summary)
    return summary


def _corrections(curated_dir: str, named: str | None) -> list[object]:
    """The reviewed corrections' entries: the named file (which must exist) or the default."""
    if named is not None:
        return corrections.load(Path(named))
    default = corrections.default_path(Path(curated_dir))
    return corrections.load(default) if default.exists() else []


def _distinct_documents(paths: list[str], landed: list[Landed]) -> list[Landed]:
    """Announce files that failed to land; the same bytes named twice are one document."""
    first: dict[str, str] = {}
    out: list[Landed] = []
    for path, item in zip(paths, landed):
        if isinstance(item, raw_store.LandedFile):
            if item.doc_id in first:
                item = duplicate(path, item, Path(first[item.doc_id]).name)
            else:
                first[item.doc_id] = path
        if isinstance(item, DocumentResult):
            progress.emit("document", item)
        out.append(item)
    return out


def _waiting() -> None:
    progress.emit("phase", "waiting for another run to finish publishing")
