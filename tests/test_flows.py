"""flows/: raw store, write-audit-publish, the run (local threads and the Prefect flow), the CLI."""
from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path

import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from flows import cli, journal, progress, raw_store, run
from flows.curated_lock import LockTimeout, curated_lock
from flows.inputs import expand
from schemas.registry import DATASETS


def make_pdf(title: str, rows: int = 3) -> bytes:
    """A one-page PDF with a title and a ruled 4-column deliverables table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=title, invariant=1)
    data = [["Area", "Deliverable", "Baseline 2021/22", "Aim by end 2022/23"]]
    data += [[f"Area {i}", f"Deliver improvement {i} for {title}", f"{10 + i}%", f"{20 + i}%"]
             for i in range(rows)]
    table = Table(data)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build([Paragraph(title, getSampleStyleSheet()["Title"]), table])
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def papers(*args: str, capsys: pytest.CaptureFixture[str], engine: str = "local") -> tuple[int, str, str]:
    code = cli.main(["run", *args, "--engine", engine])
    out, err = capsys.readouterr()
    return code, out, err


def published(curated: Path, dataset: str) -> pd.DataFrame:
    return pd.read_parquet(curated / dataset)


# -- raw store ------------------------------------------------------------------------------

def test_landing_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    data = make_pdf("Plan A")
    first = raw_store.land(write(tmp_path / "in" / "plan.pdf", data), tmp_path / "raw")
    digest = first.doc_id
    assert first.new and first.raw_path == tmp_path / "raw" / digest[:2] / f"{digest}.pdf"
    assert first.raw_path.read_bytes() == data
    meta = raw_store.metadata(tmp_path / "raw", digest)
    assert meta["source_name"] == "plan.pdf" and meta["bytes"] == len(data)
    assert meta["source_uri"] == (tmp_path / "in" / "plan.pdf").resolve().as_uri()
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in first.raw_path.parent.iterdir()}

    # the same bytes under another (hostile) name: same document, nothing rewritten
    again = raw_store.land(write(tmp_path / "in" / "..%2F..%2Fetc passwd.pdf", data), tmp_path / "raw")
    assert again.doc_id == digest and not again.new
    assert again.source_name == "..%2F..%2Fetc passwd.pdf"  # reported as given, never a path
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in first.raw_path.parent.iterdir()} == before
    assert raw_store.metadata(tmp_path / "raw", digest)["source_name"] == "plan.pdf"
    assert not list((tmp_path / "raw").rglob(".*"))  # no temp files left behind


def test_expand_finds_pdfs_recursively_any_case_and_keeps_named_files(tmp_path: Path) -> None:
    write(tmp_path / "d" / "b.PDF", b"x")
    write(tmp_path / "d" / "sub" / "a.pdf", b"x")
    write(tmp_path / "d" / "notes.txt", b"x")
    named = write(tmp_path / "named.txt", b"x")
    assert expand([tmp_path / "d", named, tmp_path / "d" / "b.PDF"]) == [
        str(tmp_path / "d" / "b.PDF"), str(tmp_path / "d" / "sub" / "a.pdf"), str(named)]


# -- a run, end to end through the CLI -------------------------------------------------------

def test_run_publishes_every_dataset_readably(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write(workdir / "in" / "plan.pdf", make_pdf("Plan A"))
    code, out, err = papers("in", capsys=capsys)
    assert code == 0, err
    doc_id = raw_store.land(pdf, workdir / "raw").doc_id
    curated = workdir / "curated"
    for name in DATASETS:
        path = curated / name / f"{doc_id}.parquet"
        assert path.exists(), name
        assert "doc_id" in pq.read_schema(path).names
        assert set(pads.dataset(curated / name, partitioning="hive").to_table()["doc_id"].to_pylist()) <= {doc_id}
    documents = published(curated, "documents")
    assert documents[["doc_id", "source_name", "status"]].values.tolist() == [[doc_id, "plan.pdf", "ok"]]
    assert documents["source_uri"].item() == pdf.resolve().as_uri()
    assert len(published(curated, "tables")) == 1 and len(published(curated, "table_cells")) == 16
    assert (curated / "quarantine" / f"{doc_id}.parquet").exists()
    assert (curated / "data_docs" / "index.html").exists()
    summary = json.loads(next((curated / "_runs").glob("*.json")).read_text())
    assert summary["documents"][0]["rows"]["tables"] == 1
    assert "plan.pdf" in out and "ok" in out
    assert not list((curated / "_staging").iterdir()) and not list((curated / "_journal").iterdir())


def test_rerunning_a_pdf_replaces_its_rows(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "in" / "plan.pdf", make_pdf("Plan A"))
    for _ in range(2):
        assert papers("in/plan.pdf", capsys=capsys)[0] == 0
    assert len(published(workdir / "curated", "documents")) == 1
    assert len(published(workdir / "curated", "table_cells")) == 16
    assert len(list((workdir / "curated" / "_runs").glob("*.json"))) == 2


def test_the_same_bytes_twice_in_a_run_are_one_document(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_pdf("Plan A")
    write(workdir / "in" / "a.pdf", data)
    write(workdir / "in" / "copy of a.pdf", data)
    code, out, err = papers("in", capsys=capsys)
    assert code == 0
    assert "duplicate copy of a.pdf (same bytes as a.pdf)" in err
    assert published(workdir / "curated", "documents")["source_name"].tolist() == ["a.pdf"]


def test_bad_input_fails_alone_with_one_line(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_pdf("Plan A")
    write(workdir / "in" / "plan.pdf", good)
    write(workdir / "in" / "broken.pdf", good[: len(good) // 2])
    write(workdir / "notes.txt", b"minutes of the meeting, typed as text\n")
    from badpdfs import encrypted_pdf_user_password
    write(workdir / "in" / "locked.pdf", encrypted_pdf_user_password())
    code, out, err = papers("in", "notes.txt", capsys=capsys)
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 3, err
    assert any(line.startswith("FAILED broken.pdf: ") for line in failed)
    assert any(line.startswith("FAILED locked.pdf: encrypted PDF") for line in failed)
    assert any(line.startswith("FAILED notes.txt: not a PDF") for line in failed)
    assert "Traceback" not in err
    documents = published(workdir / "curated", "documents").set_index("source_name")
    assert documents.loc["plan.pdf", "status"] == "ok"
    for name in ("broken.pdf", "notes.txt", "locked.pdf"):
        assert documents.loc[name, "status"] == "failed"
        assert documents.loc[name, "status_reason"]
    assert len(published(workdir / "curated", "tables")) == 1  # the good one is published


def test_a_failed_rerun_keeps_earlier_rows_but_records_the_failure(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir / "in" / "plan.pdf", make_pdf("Plan A"))
    assert papers("in", capsys=capsys)[0] == 0

    import hostile

    monkeypatch.setattr("flows.documents.EXTRACT", hostile.raise_key_error)  # raised in the worker
    monkeypatch.setattr("flows.extraction_cache.cache_key", lambda: "a-new-pipeline")  # new code: no reuse
    code, out, err = papers("in", capsys=capsys)
    assert code == 1
    assert "FAILED plan.pdf: internal error: KeyError: 'column 7'" in err.splitlines()
    curated = workdir / "curated"
    documents = published(curated, "documents")
    assert documents["status"].tolist() == ["failed"]
    assert len(published(curated, "table_cells")) == 16  # what was published before stays
    summary = json.loads(sorted((curated / "_runs").glob("*.json"))[-1].read_text())
    assert "KeyError" in summary["documents"][0]["traceback"]


def test_a_document_that_now_yields_no_rows_gets_an_empty_file(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir / "in" / "plan.pdf", make_pdf("Plan A"))
    assert papers("in", capsys=capsys)[0] == 0
    import hostile

    monkeypatch.setattr("flows.documents.EXTRACT", hostile.extract_without_tables)
    monkeypatch.setattr("flows.extraction_cache.cache_key", lambda: "a-new-pipeline")  # new code: no reuse
    assert papers("in", capsys=capsys)[0] == 0
    cells = published(workdir / "curated", "table_cells")
    assert len(cells) == 0 and "text" in cells.columns


def test_usage_errors_exit_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert cli.main(["run", "no-such-file.pdf"]) == 2
    assert "no such file or folder: no-such-file.pdf" in capsys.readouterr().err
    assert not (workdir / "curated").exists()


def test_empty_run_publishes_nothing_and_exits_0(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "empty").mkdir()
    code, out, err = papers("empty", capsys=capsys)
    assert code == 0 and "no PDF files found" in err
    assert len(list((workdir / "curated" / "_runs").glob("*.json"))) == 1


# -- publishing safety -----------------------------------------------------------------------

def test_the_lock_serialises_publishing(tmp_path: Path) -> None:
    write(tmp_path / "in" / "plan.pdf", make_pdf("Plan A"))
    curated = tmp_path / "curated"
    events: list[str] = []
    outcome: list[object] = []
    with progress.listening(lambda event, payload: events.append(str(payload))):
        with curated_lock(curated):
            worker = threading.Thread(target=lambda: outcome.append(
                run.run_ingest([str(tmp_path / "in" / "plan.pdf")], str(tmp_path / "raw"), str(curated))))
            worker.start()
            deadline = time.monotonic() + 60
            while "waiting for another run to finish publishing" not in events:
                assert time.monotonic() < deadline and worker.is_alive(), events
                time.sleep(0.05)
            time.sleep(0.3)
            assert worker.is_alive() and not (curated / "documents").exists()
            with pytest.raises(LockTimeout):
                with curated_lock(curated, timeout=0.2):
                    pass
        worker.join(60)
    assert not worker.is_alive() and outcome
    assert len(published(curated, "documents")) == 1


def test_an_interrupted_publish_is_completed_by_the_next_run(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir / "in" / "a.pdf", make_pdf("Plan A"))
    write(workdir / "in" / "b.pdf", make_pdf("Plan B"))
    real_roll_forward = journal.roll_forward

    def crash_after_commit_point(curated_dir: Path, path: Path) -> str:
        raise OSError("disk went away")  # the journal is written; no file has moved yet

    monkeypatch.setattr(journal, "roll_forward", crash_after_commit_point)
    code, out, err = papers("in/a.pdf", capsys=capsys)
    assert code == 3 and "run failed" in err
    curated = workdir / "curated"
    (pending,) = (curated / "_journal").glob("*.json")
    assert not (curated / "documents").exists()  # readers see nothing of it yet
    abandoned = curated / "_staging" / "19700101T000000Z-abandoned"  # staged, never journalled
    write(abandoned / "documents" / "x.parquet", b"junk")

    monkeypatch.setattr(journal, "roll_forward", real_roll_forward)
    assert papers("in/b.pdf", capsys=capsys)[0] == 0
    assert sorted(published(curated, "documents")["source_name"]) == ["a.pdf", "b.pdf"]
    assert not pending.exists() and not abandoned.exists()
    assert (curated / "_runs" / f"{pending.stem}.json").exists()
    latest = json.loads(sorted((curated / "_runs").glob("*.json"))[-1].read_text())
    assert latest["notes"] == [f"completed the interrupted publish of run {pending.stem}"]


def test_output_does_not_depend_on_finishing_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(write(tmp_path / "in" / f"{n}.pdf", make_pdf(f"Plan {n}"))) for n in "abc"]
    from flows import documents

    real = documents.extract_landed

    def slow_first(path: str, *args: object) -> documents.DocumentResult:
        if path.endswith(slow):
            time.sleep(0.5)
        return real(path, *args)

    monkeypatch.setattr(run, "extract_landed", slow_first)
    outputs = []
    for slow, order in (("a.pdf", paths), ("c.pdf", paths[::-1])):
        curated = tmp_path / f"curated-{slow}"
        run.run_ingest(order, str(tmp_path / "raw"), str(curated))
        outputs.append({name: pd.read_parquet(curated / name).drop(columns=["ingested_at"])
                        if name == "documents" else pd.read_parquet(curated / name)
                        for name in DATASETS})
    for name in DATASETS:
        pd.testing.assert_frame_equal(outputs[0][name], outputs[1][name])


# -- the Prefect flow ------------------------------------------------------------------------

def _prefect_problem() -> str | None:
    from flows import prefect_env

    return prefect_env.server_problem()


@pytest.mark.timeout(300)
def test_prefect_flow_runs_in_process_and_matches_the_local_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    problem = _prefect_problem()
    if problem:
        pytest.skip(problem)
    from flows.pipeline_flow import ingest

    write(tmp_path / "in" / "plan.pdf", make_pdf("Plan A"))
    write(tmp_path / "in" / "broken.pdf", b"%PDF-1.7\n1 0 obj")
    started = time.monotonic()
    summary = ingest([str(tmp_path / "in")], raw_dir=str(tmp_path / "raw"),
                     curated_dir=str(tmp_path / "curated"))
    print(f"first Prefect flow run (temporary server start included): {time.monotonic() - started:.1f} s")
    assert summary.engine == "prefect" and summary.exit_code == 1
    assert [d.status for d in summary.documents] == ["failed", "ok"]
    local = run.run_ingest(expand([tmp_path / "in"]), str(tmp_path / "raw"), str(tmp_path / "local"))
    assert [(d.file, d.status, d.reason, d.rows) for d in local.documents] == [
        (d.file, d.status, d.reason, d.rows) for d in summary.documents]
    for name in DATASETS:
        a = pd.read_parquet(tmp_path / "curated" / name).drop(columns=["ingested_at"], errors="ignore")
        b = pd.read_parquet(tmp_path / "local" / name).drop(columns=["ingested_at"], errors="ignore")
        pd.testing.assert_frame_equal(a, b)

    # the command line runs the same flow, quietly: only its own lines, no Prefect logging
    code, out, err = papers(str(tmp_path / "in"), "--raw", str(tmp_path / "raw"), "--curated",
                            str(tmp_path / "curated"), capsys=capsys, engine="prefect")
    assert code == 1 and "(prefect)" in out
    assert sorted(line.split(" ")[0] for line in err.splitlines()) == ["FAILED", "ok"], err



# -- extraction reused across runs --------------------------------------------------------


def test_a_second_run_reuses_extraction_and_says_so(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir / "in" / "plan.pdf", make_pdf("Plan A"))
    assert papers("in", capsys=capsys)[0] == 0
    first = published(workdir / "curated", "deliverables")

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction ran again")

    monkeypatch.setattr(run, "extract_landed", must_not_run)
    code, out, err = papers("in", capsys=capsys)
    assert code == 0, err
    assert "1 of 1 documents unchanged since an earlier run" in out
    pd.testing.assert_frame_equal(published(workdir / "curated", "deliverables"), first)


def test_new_extraction_code_extracts_again(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(workdir / "in" / "plan.pdf", make_pdf("Plan A"))
    assert papers("in", capsys=capsys)[0] == 0
    calls: list[str] = []
    from flows.documents import extract_landed

    def counting(*args: object, **kwargs: object):
        calls.append("extract")
        return extract_landed(*args, **kwargs)

    monkeypatch.setattr(run, "extract_landed", counting)
    monkeypatch.setattr("flows.extraction_cache.cache_key", lambda: "0.3.0-changed")
    code, out, _ = papers("in", capsys=capsys)
    assert code == 0 and calls == ["extract"]
    assert "unchanged since an earlier run" not in out
