"""The publish journal: the commit point of a run, and how an interrupted publish is finished.

A run stages every file it will publish under `curated/_staging/<run_id>/` (mirroring the
final relative paths), then writes `curated/_journal/<run_id>.json` naming them. Before the
journal exists, the run has published nothing and its staging folder is thrown away by the
next run (rolled back). Once it exists, the run counts as published: the moves (each an
atomic os.replace) are finished by whoever comes next (rolled forward), which is safe to
repeat because a file already moved is simply no longer in staging.
Callers hold `curated_lock` throughout.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows import checkpoints
from flows.fsutil import fsync_dir, write_atomic

STAGING = "_staging"
JOURNALS = "_journal"
RUNS = "_runs"


@dataclass
class Journal:
    """What a run publishes: relative paths under curated/, and its run summary."""

    run_id: str
    files: list[str]
    summary: dict[str, Any] = field(default_factory=dict)


def staging_dir(curated_dir: Path, run_id: str) -> Path:
    return Path(curated_dir) / STAGING / run_id


def journal_path(curated_dir: Path, run_id: str) -> Path:
    return Path(curated_dir) / JOURNALS / f"{run_id}.json"


def commit(curated_dir: Path, journal: Journal) -> None:
    """Make the staged run published: write the journal (the commit point), then move files."""
    staged = staging_dir(curated_dir, journal.run_id)
    for folder in sorted({(staged / rel).parent for rel in journal.files}):
        fsync_dir(folder)  # the staged files must be durable before the journal is
    data = {"run_id": journal.run_id, "files": journal.files, "summary": journal.summary}
    path = journal_path(curated_dir, journal.run_id)
    write_atomic(path, (json.dumps(data, indent=1, default=str) + "\n").encode())
    roll_forward(curated_dir, path)


def roll_forward(curated_dir: Path, path: Path) -> str:
    """Finish a journalled publish: move what is still staged, write the run summary, clean up."""
    curated_dir = Path(curated_dir)
    data = json.loads(path.read_text())
    run_id = data["run_id"]
    staged = staging_dir(curated_dir, run_id)
    touched: set[Path] = set()
    for rel in data["files"]:
        source, target = staged / rel, curated_dir / rel
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            touched.add(target.parent)
            checkpoints.reached("moved")
    for folder in sorted(touched):
        fsync_dir(folder)
    if data.get("summary"):
        write_summary(curated_dir, run_id, data["summary"])
    shutil.rmtree(staged, ignore_errors=True)
    path.unlink(missing_ok=True)
    return run_id


def write_summary(curated_dir: Path, run_id: str, summary: dict[str, Any]) -> None:
    """curated/_runs/<run_id>.json (also rewritten once the review report has been built)."""
    text = json.dumps(summary, indent=2, default=str) + "\n"
    write_atomic(Path(curated_dir) / RUNS / f"{run_id}.json", text.encode())


def recover(curated_dir: Path) -> tuple[list[str], list[str]]:
    """Finish every journalled run and drop every unjournalled staging folder.

    Returns (run ids rolled forward, run ids rolled back). Oldest run first, so a later
    run's files win, as they did when it was staged.
    """
    curated_dir = Path(curated_dir)
    forward = [roll_forward(curated_dir, p) for p in sorted((curated_dir / JOURNALS).glob("*.json"))]
    back: list[str] = []
    if (curated_dir / STAGING).is_dir():
        for folder in sorted((curated_dir / STAGING).iterdir()):
            shutil.rmtree(folder, ignore_errors=True)
            back.append(folder.name)
    return forward, back
