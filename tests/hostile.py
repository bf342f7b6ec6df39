"""Worker functions that misbehave the ways a hostile PDF can make a PDF library misbehave.

Module-level, so an extraction worker (forked from the forkserver, tests/ on its path) can
import them: tests hand them to `WorkerPool.run` or put one in `flows.documents.EXTRACT`.
"""
from __future__ import annotations

import ctypes
import os
import time
from pathlib import Path

from extractors.pipeline import Extraction
from flows import worker


def hang(*_: object) -> None:
    """An endless loop, as in a parser chasing a cyclic object reference."""
    while True:
        time.sleep(0.1)


def segfault(*_: object) -> None:
    """A C library reading address 0."""
    ctypes.string_at(0)


def exit_quietly(*_: object) -> None:
    """A library calling exit() in the middle of a document."""
    os._exit(3)


def raise_memory_error(*_: object) -> None:
    raise MemoryError


def eat_memory(*_: object) -> None:
    """Touch memory 32 MiB at a time until stopped (an inflating stream)."""
    hoard = []
    while True:
        hoard.append(b"x" * (32 << 20))


def raise_key_error(*_: object) -> None:
    """An extractor bug."""
    raise KeyError("column 7")


def return_value(value: object) -> object:
    return value


def extract_without_tables(raw_path: str, doc_id: str, source_name: str) -> Extraction:
    """The real extraction, then no tables: a document that now yields no rows."""
    extraction = worker.extract_file(raw_path, doc_id, source_name)
    extraction.datasets.update(tables=[], table_cells=[])
    return extraction


def extract_with_bad_rows(raw_path: str, doc_id: str, source_name: str) -> Extraction:
    """The real extraction; plan.pdf gains a deliverable whose pages run backwards, one with
    an impossible percentage, and a trajectory of a measure that does not exist."""
    extraction = worker.extract_file(raw_path, doc_id, source_name)
    if source_name == "plan.pdf":
        first = extraction.datasets["deliverables"][0]
        extraction.datasets["deliverables"] += [
            {**first, "deliverable_id": "bad-pages", "page_start": 1, "page_end": 0},
            {**first, "deliverable_id": "bad-percent", "target_value": 5000.0, "target_unit": "percent"},
        ]
        extraction.datasets["trajectories"].append(
            {"doc_id": doc_id, "measure_id": "nowhere", "period_label": "Q1", "planned_text": "90%"})
    return extraction


MISBEHAVIOUR = {b"%PDF-HANG": hang, b"%PDF-SEGV": segfault, b"%PDF-EXIT": exit_quietly,
                b"%PDF-MEMORY": eat_memory}


def misbehave_by_content(raw_path: str, doc_id: str, source_name: str) -> Extraction:
    """Misbehave as the file's first bytes say (see MISBEHAVIOUR); extract any other file."""
    head = Path(raw_path).read_bytes()[:16]
    for prefix, misbehave in MISBEHAVIOUR.items():
        if head.startswith(prefix):
            misbehave()
    return worker.extract_file(raw_path, doc_id, source_name)


def meet(folder: str, name: str, others: int) -> bool:
    """Arrive, then wait until `others` more workers have arrived too: returns only if they
    run at the same time (gives up, False, after a minute)."""
    Path(folder, name).touch()
    deadline = time.monotonic() + 60
    while len(list(Path(folder).iterdir())) <= others:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def peak_memory(raw_path: str, doc_id: str, source_name: str) -> int:
    """The real extraction; returns the worker's peak resident memory in bytes."""
    import resource

    worker.extract_file(raw_path, doc_id, source_name)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
