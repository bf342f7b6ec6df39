"""Extraction results kept across runs, keyed by document hash and pipeline version.

The same bytes through the same pipeline give the same rows, so a re-run reads them back
instead of extracting again; a new pipeline version (or changed extraction code) has its own
folder and re-extracts. Kept in the raw store, beside the bytes they came from: `raw/_extracted/`.
Only processed documents are kept (a failure is retried next time). A cache file that cannot
be read is ignored: the document is simply extracted again.
"""
from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

import extractors
import normalise
import schemas
from extractors.pipeline import PIPELINE_VERSION
from flows.documents import DocumentResult
from flows.fsutil import write_atomic

CACHED_STATUSES = ("ok", "no_text")


@lru_cache(maxsize=1)
def cache_key() -> str:
    """The pipeline version and a digest of the code that makes rows (extractors, normaliser,
    schemas): a change of code re-extracts even where nobody bumped the version."""
    digest = hashlib.sha256()
    for package in (extractors, normalise, schemas):
        for source in sorted(Path(package.__file__).parent.rglob("*.py")):
            digest.update(source.name.encode() + source.read_bytes())
    return f"{PIPELINE_VERSION}-{digest.hexdigest()[:12]}"


def cache_path(cache_dir: Path, doc_id: str) -> Path:
    return cache_dir / cache_key() / doc_id[:2] / f"{doc_id}.pickle"


def load(cache_dir: Path, doc_id: str, path: str, file: str) -> DocumentResult | None:
    """The cached result of this document under the current pipeline version, or None."""
    try:
        with cache_path(cache_dir, doc_id).open("rb") as handle:
            cached = pickle.load(handle)  # written by `save` below: our own files only
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(cached, DocumentResult) or cached.doc_id != doc_id:
        return None
    cached.path, cached.file, cached.cached, cached.seconds = path, file, True, 0.0
    return cached


def save(cache_dir: Path, result: DocumentResult) -> None:
    """Keep a processed document's rows for later runs (atomically: a killed run leaves none)."""
    if result.doc_id and result.status in CACHED_STATUSES and not result.cached:
        target = cache_path(cache_dir, result.doc_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
