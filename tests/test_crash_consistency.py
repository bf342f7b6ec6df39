"""A run SIGKILLed anywhere, then run again, publishes exactly what an uninterrupted run does;
two runs on one curated folder publish one after the other, never interleaved.

The runs under test are `papers run` subprocesses paused at a named point (flows/checkpoints.py),
so the kill lands at a known place, not at a lucky moment.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from flows import progress, run
from flows.inputs import expand
from flows.publish import QUARANTINE, WARNINGS
from flows.report import RunSummary
from schemas.registry import DATASETS
from test_flows import make_pdf, write

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (*DATASETS, QUARANTINE, WARNINGS)
# what differs between two runs of the same input: when and by which run
RUN_COLUMNS = ["ingested_at", "run_name", "quarantined_at", "flagged_at"]


def papers_run(cwd: Path, *paths: str, pause_at: str | None = None) -> subprocess.Popen[bytes]:
    """`papers run` in a session of its own, stderr to cwd/<point>.err; paused at a point."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("PAPERS_PAUSE_AT", None)
    if pause_at:
        env.update(PAPERS_PAUSE_AT=pause_at, PAPERS_PAUSE_FILE=str(cwd / "paused"))
    err = open(cwd / f"{pause_at or 'run'}.err", "wb")  # noqa: SIM115 - the child owns it
    with err:
        return subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", *paths, "--engine", "local",
             "--raw", str(cwd / "raw"), "--curated", str(cwd / "curated")],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)


def wait_until(condition: Callable[[], bool], process: subprocess.Popen[bytes] | None = None,
               seconds: float = 240) -> None:
    """Poll `condition`; fail if `process` ends first or it never holds (a hung run)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the run ended (status {process.returncode}) before it got there")
        if time.monotonic() > deadline:
            pytest.fail("gave up waiting")
        time.sleep(0.05)


def live_processes_in_group(group: int) -> list[int]:
    """Processes (not zombies) still in a process group: a run's forkserver and workers."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def snapshot(curated: Path) -> dict[str, pd.DataFrame]:
    """Every published dataset and report, without the columns that name a run or a time."""
    out = {}
    for folder in FOLDERS:
        if (curated / folder).is_dir():
            frame = pd.read_parquet(curated / folder).drop(columns=RUN_COLUMNS, errors="ignore")
            if "row_json" in frame:
                frame["row_json"] = frame["row_json"].map(_without_run_fields)
            out[folder] = frame
    out["files"] = pd.DataFrame({"file": sorted(str(p.relative_to(curated)) for folder in FOLDERS
                                                for p in (curated / folder).glob("*.parquet"))})
    return out


def _without_run_fields(row_json: str) -> str:
    row = {k: v for k, v in json.loads(row_json).items() if k not in RUN_COLUMNS}
    return json.dumps(row, sort_keys=True)


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    write(folder / "a.pdf", make_pdf("Plan A"))
    write(folder / "b.pdf", make_pdf("Plan B", rows=5))
    good = make_pdf("Plan C")
    write(folder / "broken.pdf", good[: len(good) // 2])
    return folder


@pytest.fixture(scope="module")
def uninterrupted(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("uninterrupted")
    run.run_ingest(expand([inputs]), str(out / "raw"), str(out / "curated"))
    return snapshot(out / "curated")


@pytest.mark.timeout(600)
@pytest.mark.parametrize("point", ["extracted", "staged", "moved"])  # journalled, none moved: test_flows
def test_a_run_killed_at_any_point_then_rerun_publishes_as_if_never_killed(
        point: str, inputs: Path, uninterrupted: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    killed = papers_run(tmp_path, str(inputs), pause_at=point)
    wait_until((tmp_path / "paused").exists, killed)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    # nothing of the killed run lives on: its forkserver and workers die with it
    wait_until(lambda: not live_processes_in_group(killed.pid))

    curated = tmp_path / "curated"
    published = snapshot(curated)["files"]["file"].tolist() if curated.exists() else []
    pending = list((curated / "_journal").glob("*.json")) if curated.exists() else []
    if point == "moved":
        assert len(published) == 1 and len(pending) == 1  # part of it shows until the next run finishes it
    else:
        assert published == [] and pending == []  # readers see nothing of it

    rerun = run.run_ingest(expand([inputs]), str(tmp_path / "raw"), str(curated))
    assert_same(snapshot(curated), uninterrupted)
    assert not list((curated / "_staging").iterdir()) and not list((curated / "_journal").iterdir())
    finished = [f"completed the interrupted publish of run {p.stem}" for p in pending]
    assert [note for note in rerun.notes if note.startswith("completed")] == finished


@pytest.mark.timeout(600)
def test_two_runs_at_once_publish_one_after_the_other(inputs: Path, tmp_path: Path) -> None:
    first = papers_run(tmp_path, str(inputs / "a.pdf"), pause_at="staged")  # holds the lock, mid-publish
    wait_until((tmp_path / "paused").exists, first)
    curated = tmp_path / "curated"
    events: list[str] = []
    second: list[RunSummary] = []
    with progress.listening(lambda event, payload: events.append(str(payload))):
        thread = threading.Thread(target=lambda: second.append(run.run_ingest(
            [str(inputs / "b.pdf")], str(tmp_path / "raw"), str(curated))))
        thread.start()
        wait_until(lambda: "waiting for another run to finish publishing" in events)
        assert len(list((curated / "_staging").iterdir())) == 1  # the first run's only: none interleaved
        assert not (curated / "documents").exists()
        (tmp_path / "paused").unlink()  # let the first run go on
        assert first.wait(300) == 0
        thread.join(300)
    assert second and second[0].exit_code == 0
    documents = pd.read_parquet(curated / "documents")
    assert sorted(documents["source_name"]) == ["a.pdf", "b.pdf"]
    runs = [json.loads(p.read_text()) for p in sorted((curated / "_runs").glob("*.json"))]
    assert [[d["file"] for d in r["documents"]] for r in runs] == [["a.pdf"], ["b.pdf"]]
    assert runs[0]["finished_at"] <= runs[1]["finished_at"]


def test_the_command_line_says_when_it_waits_for_another_run(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.console import Console

    from flows import cli

    with cli._Display(Console(stderr=True, force_terminal=False), total=1):
        progress.emit("phase", "extracting")
        progress.emit("phase", "waiting for another run to finish publishing")
    assert capsys.readouterr().err == "note: waiting for another run to finish publishing\n"
