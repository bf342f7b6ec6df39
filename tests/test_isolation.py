"""Per-document isolation: a hang, a crash or a limit fails that document alone, in one line."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pandas as pd
import pytest

import hostile
from extractors.errors import DocumentError
from flows import cli, run, worker
from flows.isolation import WorkerError, WorkerFailure, WorkerPool
from flows.limits import Limits, format_size, parse_seconds, parse_size
from test_flows import make_pdf, write

SMALL = Limits(seconds=60, memory=256 << 20)


def failure_of(fn: object, *args: object, limits: Limits = SMALL) -> str:
    with pytest.raises(WorkerFailure) as info:
        WorkerPool(limits).run(fn, *args)
    return info.value.reason


def test_a_worker_returns_plain_data() -> None:
    rows = {"tables": [{"doc_id": "x", "n_rows": 3, "text": "é\n•"}]}
    assert WorkerPool(SMALL).run(hostile.return_value, rows) == rows


@pytest.mark.parametrize(("misbehave", "reason"), [
    (hostile.segfault, "worker crashed (signal 11, SIGSEGV)"),
    (hostile.exit_quietly, "worker exited (status 3) without a result"),
    (hostile.raise_memory_error, "exceeded the 256 MiB memory limit"),
    (hostile.eat_memory, "exceeded the 256 MiB memory limit"),
])
def test_crashes_and_limits_are_one_line_reasons(misbehave: object, reason: str) -> None:
    assert failure_of(misbehave) == reason


def test_a_hang_is_stopped_at_the_time_limit() -> None:
    assert failure_of(hostile.hang, limits=Limits(seconds=0.5, memory=SMALL.memory)) == \
        "exceeded the 0.5 s time limit"


def test_the_pool_works_on_after_a_crash() -> None:
    pool = WorkerPool(SMALL)
    with pytest.raises(WorkerFailure):
        pool.run(hostile.segfault)
    assert pool.run(hostile.return_value, 7) == 7


def test_an_extractor_bug_comes_back_with_its_traceback() -> None:
    with pytest.raises(WorkerError) as info:
        WorkerPool(SMALL).run(hostile.raise_key_error)
    assert (info.value.kind, info.value.message) == ("KeyError", "'column 7'")
    assert "in raise_key_error" in info.value.remote_traceback


def test_an_unreadable_document_keeps_its_reason(tmp_path: Path) -> None:
    page = write(tmp_path / "page.pdf", b"<!DOCTYPE html><html>moved</html>")
    with pytest.raises(DocumentError) as info:
        WorkerPool(SMALL).run(worker.extract_file, str(page), "0" * 64, "page.pdf")
    assert not isinstance(info.value, WorkerFailure)
    assert info.value.reason.startswith("not a PDF")


def test_documents_are_extracted_two_at_a_time(tmp_path: Path) -> None:
    """Each of two workers waits for the other to arrive: they can only both return True
    if they run at the same time."""
    pool = WorkerPool(SMALL, workers=2)
    met: list[object] = []
    threads = [threading.Thread(target=lambda n=n: met.append(pool.run(hostile.meet, str(tmp_path), n, 1)))
               for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert met == [True, True]


def test_limits_read_from_flags_environment_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (parse_size("2GiB"), parse_size("512M"), parse_size("1.5g"), parse_size("4096")) == (
        2 << 30, 512 << 20, 3 << 29, 4096)
    assert parse_seconds("90") == 90.0 and format_size(2 << 30) == "2 GiB" and format_size(768 << 20) == "768 MiB"
    for bad in ("lots", "-1G", "0"):
        with pytest.raises(ValueError):
            parse_size(bad)
    for bad in ("soon", "0", "-5", "inf", "nan"):
        with pytest.raises(ValueError):
            parse_seconds(bad)
    monkeypatch.delenv("PAPERS_TIME_LIMIT", raising=False)
    monkeypatch.delenv("PAPERS_MEMORY_LIMIT", raising=False)
    assert Limits.from_env() == Limits(seconds=120.0, memory=2 << 30)
    monkeypatch.setenv("PAPERS_TIME_LIMIT", "30")
    monkeypatch.setenv("PAPERS_MEMORY_LIMIT", "1G")
    assert Limits.from_env() == Limits(seconds=30.0, memory=1 << 30)
    assert Limits.from_env(seconds=5, memory=None) == Limits(seconds=5, memory=1 << 30)  # flags win


def test_bad_limits_are_usage_errors(workdir: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir / "plan.pdf", b"%PDF-")
    assert cli.main(["run", "plan.pdf", "--memory-limit", "lots"]) == 2
    assert "not a memory size: 'lots'" in capsys.readouterr().err
    monkeypatch.setenv("PAPERS_TIME_LIMIT", "soon")
    assert cli.main(["run", "plan.pdf"]) == 2
    assert "not a time limit in seconds: 'soon'" in capsys.readouterr().err
    assert not (workdir / "curated").exists()


def test_a_run_goes_on_past_crashing_and_greedy_documents(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("flows.documents.EXTRACT", hostile.misbehave_by_content)
    write(workdir / "in" / "good.pdf", make_pdf("Plan A"))
    for prefix in hostile.MISBEHAVIOUR:
        if prefix != b"%PDF-HANG":  # a hang is the time-limit test's; here it would only wait
            write(workdir / "in" / f"{prefix[5:].decode().lower()}.pdf", prefix + b"\n%%EOF\n")
    code = cli.main(["run", "in", "--engine", "local", "--memory-limit", "256M"])
    err = capsys.readouterr().err
    assert code == 1
    assert {line for line in err.splitlines() if line.startswith("FAILED")} == {
        "FAILED exit.pdf: worker exited (status 3) without a result",
        "FAILED memory.pdf: exceeded the 256 MiB memory limit",
        "FAILED segv.pdf: worker crashed (signal 11, SIGSEGV)",
    }
    curated = workdir / "curated"
    documents = pd.read_parquet(curated / "documents").set_index("source_name")
    assert documents.loc["good.pdf", "status"] == "ok"
    assert documents.loc["memory.pdf", "status_reason"] == "exceeded the 256 MiB memory limit"
    assert len(pd.read_parquet(curated / "tables")) == 1  # the good document is published
    summary = json.loads(next((curated / "_runs").glob("*.json")).read_text())
    assert summary["limits"] == {"seconds": 120.0, "memory_bytes": 256 << 20}
    assert sorted(d["status"] for d in summary["documents"]) == ["failed", "failed", "failed", "ok"]


def test_the_run_passes_its_limits_to_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("flows.documents.EXTRACT", hostile.misbehave_by_content)
    path = write(tmp_path / "in" / "hang.pdf", b"%PDF-HANG\n%%EOF\n")
    summary = run.run_ingest([str(path)], str(tmp_path / "raw"), str(tmp_path / "curated"),
                             limits=Limits(seconds=0.5, memory=SMALL.memory))
    assert [(d.status, d.reason) for d in summary.documents] == [("failed", "exceeded the 0.5 s time limit")]
