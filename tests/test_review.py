"""The governance review: Data Docs and the review report of a run, bad rows quarantined with
reasons in both, corrections that last, the Prefect artifacts, and the report in headless Chromium."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from PIL import Image

from flows import artifacts, cli, raw_store
from flows.report import DocumentReport, RunSummary
from pdfgen import table_pdf
from test_flows import write

HIGHLIGHT_OUTLINE = (220, 40, 30)


def plan_pdf(title: str = "Plan A") -> bytes:
    """A one-page delivery plan: a ruled deliverables table of four rows."""
    rows = [[f"Area {i}", f"Deliver improvement {i} to local services", f"{10 + i}%", f"{20 + i}% by March 2024"]
            for i in range(4)]
    return table_pdf(["Area", "Deliverable", "Baseline", "Aim"], rows, title=title)


def agenda_pdf() -> bytes:
    """A one-page agenda front sheet: numbered items, two with printed page ranges."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4, invariant=1)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 780, "Agenda")
    page.setFont("Helvetica", 11)
    titles = ["Apologies for absence", "Minutes of the last meeting (Pages 3 - 8)", "Performance report (Pages 9 - 20)"]
    for i, title in enumerate(titles, 1):
        page.drawString(72, 770 - 30 * i, f"{i}.")
        page.drawString(100, 770 - 30 * i, title)
    page.showPage()
    page.save()
    return buf.getvalue()


def inject_bad_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """plan.pdf gains rows that fail validation (see hostile.extract_with_bad_rows)."""
    import hostile

    monkeypatch.setattr("flows.documents.EXTRACT", hostile.extract_with_bad_rows)  # runs in the worker


@dataclass
class Run:
    curated: Path
    raw: Path
    summary: dict[str, Any]
    plan: str  # doc_id of plan.pdf
    agenda: str

    @property
    def report(self) -> Path:
        return self.curated / self.summary["review"]

    def page(self, doc_id: str) -> str:
        return (self.report.parent / "docs" / f"{doc_id}.html").read_text()


def run_papers(folder: Path, *extra: str) -> Run:
    code = cli.main(["run", str(folder / "in"), "--raw", str(folder / "raw"), "--curated",
                     str(folder / "curated"), "--engine", "local", *extra])
    assert code == 0
    curated = folder / "curated"
    summary = json.loads(sorted((curated / "_runs").glob("*.json"))[-1].read_text())
    ids = {d["file"]: d["doc_id"] for d in summary["documents"]}
    return Run(curated, folder / "raw", summary, ids.get("plan.pdf", ""), ids.get("agenda.pdf", ""))


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    folder = tmp_path_factory.mktemp("review")
    write(folder / "in" / "plan.pdf", plan_pdf())
    write(folder / "in" / "agenda.pdf", agenda_pdf())
    with pytest.MonkeyPatch.context() as monkeypatch:
        inject_bad_rows(monkeypatch)
        yield run_papers(folder)


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#]+)"', html)


def assert_pictures(paths: list[Path]) -> None:
    """Real pictures: PNGs with text on them (not one flat colour) and the row outlined."""
    for path in paths:
        image = Image.open(path).convert("RGB")
        assert image.format is None or image.size[0] > 50
        colours = image.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20, path
        assert HIGHLIGHT_OUTLINE in {c for _, c in (colours or image.getcolors(1 << 24))}, path


# -- the report ---------------------------------------------------------------------------------

def test_a_run_writes_data_docs_and_a_review_report_with_relative_links(bad_run: Run) -> None:
    assert (bad_run.curated / bad_run.summary["data_docs"]).exists()
    index = bad_run.report
    assert index == bad_run.curated / "review" / bad_run.summary["run_id"] / "index.html"
    pages = [index, *sorted((index.parent / "docs").glob("*.html"))]
    assert {p.stem for p in pages[1:]} == {bad_run.plan, bad_run.agenda}
    for page in pages:
        for link in links(page.read_text()):
            assert not re.match(r"^[a-z]+:", link), f"{page.name}: absolute link {link}"
            assert (page.parent / link).exists(), f"{page.name}: broken link {link}"
    assert (bad_run.curated / "review" / "index.html").read_text().count(bad_run.summary["run_id"]) >= 1


def test_every_published_row_has_a_picture_of_its_source_region(bad_run: Run) -> None:
    for doc_id, dataset in ((bad_run.plan, "deliverables"), (bad_run.agenda, "agenda_items")):
        html = bad_run.page(doc_id)
        section = html.split(f'<h2 id="{dataset}">', 1)[1].split("<h2", 1)[0]
        published = pd.read_parquet(bad_run.curated / dataset / f"{doc_id}.parquet")
        pictures = re.findall(r'<img src="([^"]+)"', section)
        assert len(pictures) == len(published) > 0, dataset
        folder = bad_run.report.parent / "docs"
        assert_pictures([folder / p for p in pictures])
    stats = bad_run.summary["review_stats"]
    assert stats["pictures"] >= 4 + 3 and stats["unpictured"] == 0


def test_bad_rows_are_quarantined_with_reasons_in_data_docs_and_the_report(bad_run: Run) -> None:
    held = pd.read_parquet(bad_run.curated / "quarantine" / f"{bad_run.plan}.parquet")
    reasons = {(row.dataset, json.loads(row.row_json).get("deliverable_id") or json.loads(row.row_json)["measure_id"]):
               row.reasons for row in held.itertuples()}
    assert reasons == {
        ("deliverables", "bad-pages"): "page_end < 1; page_end < page_start",
        ("deliverables", "bad-percent"): "target_value is a percentage outside 0..1000",
        ("trajectories", "nowhere"): "measure_id is not among its document's measures: measure nowhere not found",
    }
    published = pd.read_parquet(bad_run.curated / "deliverables")
    assert not {"bad-pages", "bad-percent"} & set(published["deliverable_id"])

    # Data Docs: the failed expectations with the offending values, and the suites' reasons
    docs = bad_run.curated / "data_docs"
    run_pages = {p.parent.parent.parent.name: p.read_text()
                 for p in docs.glob(f"validations/*/{bad_run.summary['run_id']}/*/*.html")}
    assert "measure nowhere not found" in run_pages["trajectories"]
    assert "5000" in run_pages["deliverables"]
    assert "quarantined as &#39;target_value is a percentage outside 0..1000&#39;" in (
        docs / "expectations" / "deliverables.html").read_text().replace("'", "&#39;")

    # the review report: the quarantine section of the plan's page lists every reason
    quarantine = bad_run.page(bad_run.plan).split('id="quarantine"', 1)[1].split("<h2", 1)[0]
    for reason in ("page_end &lt; page_start", "target_value is a percentage outside 0..1000",
                   "measure nowhere not found"):
        assert reason in quarantine
    assert "Quarantine (3)" in bad_run.page(bad_run.plan)


def test_the_run_artifact_tables_every_document_and_links_the_report(bad_run: Run) -> None:
    summary = RunSummary(**{**bad_run.summary, "documents": [
        DocumentReport(**d) for d in bad_run.summary["documents"]]})
    markdown = artifacts.run_markdown(summary)
    rows = [line for line in markdown.splitlines() if line.startswith("| plan.pdf")]
    assert rows == ["| plan.pdf | ok | 1 | 4 | 0 | 0 | 0 | 3 | 1 |"]  # the warning: no meeting date
    assert f"[Review report]({bad_run.report.resolve().as_uri()})" in markdown


# -- corrections ---------------------------------------------------------------------------------

def correction(doc_id: str, key: dict[str, Any], action: str, **more: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "dataset": "deliverables", "key": key, "action": action,
            "who": "A. Officer", "when": "2024-05-01", "why": "checked against the PDF", **more}


def test_corrections_last_across_runs_and_stale_ones_are_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "in" / "plan.pdf", plan_pdf())
    inject_bad_rows(monkeypatch)
    doc_id = raw_store.land(tmp_path / "in" / "plan.pdf", tmp_path / "raw").doc_id
    from extractors.record_ids import record_id

    second = record_id(doc_id, f"{doc_id[:8]}-t001", 2, 0)  # the second body row's deliverable
    corrections = [
        correction(doc_id, {"deliverable_id": "bad-pages"}, "accept"),
        correction(doc_id, {"deliverable_id": second}, "correct", column="owner", value="Director of Public Health"),
        correction(doc_id, {"table_id": f"{doc_id[:8]}-t001", "row": 3}, "drop"),
        correction(doc_id, {"deliverable_id": "no-longer-extracted"}, "drop"),
    ]
    (tmp_path / "curated").mkdir()
    (tmp_path / "curated" / "corrections.yaml").write_text(yaml.safe_dump({"corrections": corrections}))
    for _ in range(2):  # the second run re-reads the same file: the corrections last
        run = run_papers(tmp_path)
        deliverables = pd.read_parquet(run.curated / "deliverables").set_index("deliverable_id")
        assert deliverables.loc[second, "owner"] == "Director of Public Health"
        assert "bad-pages" in deliverables.index  # accepted: published despite its pages
        assert (deliverables["row"] == 3).sum() == 0  # dropped
        assert len(deliverables) == 4 - 1 + 1
        flags = pd.read_parquet(run.curated / "warnings" / f"{doc_id}.parquet")
        assert "accepted by A. Officer on 2024-05-01, despite: page_end < 1; page_end < page_start" in set(flags["reasons"])
        assert [c["status"] for c in run.summary["corrections"]] == ["applied", "applied", "applied", "stale"]
        page = run.page(doc_id)
        assert "owner: (empty) -&gt; Director of Public Health" in page
        assert "no row has this key any more" in page and "no-longer-extracted" in page
        assert "1 correction(s) need review" in run.report.read_text()


def test_a_corrections_file_named_but_missing_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "in" / "plan.pdf", plan_pdf())
    assert cli.main(["run", str(tmp_path / "in"), "--corrections", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


# -- headless Chromium ---------------------------------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-headless-shell", "google-chrome", "chromium-browser")
                 if shutil.which(n)), None)
NAV_COLOUR = (11, 61, 92)  # style.css: the navigation bar; seen only if the stylesheet loaded from disk


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on PATH (chromium, chromium-headless-shell "
                                              "or google-chrome); CI installs Debian's chromium in .ci/run")
@pytest.mark.timeout(240)
def test_the_report_renders_in_headless_chromium(bad_run: Run, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    page = (bad_run.report.parent / "docs" / f"{bad_run.plan}.html").resolve()
    shot = tmp_path / "report.png"
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}", "--window-size=1280,900"]
    subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=180, check=True)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 900)
    assert image.getpixel((3, 3)) == NAV_COLOUR
    assert len(image.getcolors(1 << 24) or []) > 50  # text and pictures, not a blank page
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180,
                         check=True).stdout
    assert "Quarantine (3)" in dom
    for reason in ("target_value is a percentage outside 0..1000", "measure nowhere not found"):
        assert reason in dom
    loaded = re.findall(r'<img src="([^"]+)"', dom)
    assert loaded and all((page.parent / src).exists() for src in loaded)


# -- the Stockport fixture (../shared) -------------------------------------------------------------

STOCKPORT = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "stockport_delivery_plan_2022-23.pdf"


@pytest.mark.skipif(not STOCKPORT.exists(), reason="../shared (the Stockport fixture) is not beside this clone")
@pytest.mark.timeout(300)
def test_a_stockport_correction_survives_a_rerun_and_shows_in_the_report(tmp_path: Path) -> None:
    from extractors.record_ids import record_id

    write(tmp_path / "in" / STOCKPORT.name, STOCKPORT.read_bytes())
    doc_id = raw_store.land(tmp_path / "in" / STOCKPORT.name, tmp_path / "raw").doc_id
    pooled_budget = record_id(doc_id, f"{doc_id[:8]}-t001", 3, 0)  # "Agree Section 75 pooled budget"
    fixed = "Agree the 2022/23 pooled budget by the end of Quarter 1"
    corrections = [
        correction(doc_id, {"deliverable_id": pooled_budget}, "correct", column="target_text", value=fixed),
        correction(doc_id, {"deliverable_id": pooled_budget}, "correct", column="due_date", value="2022-06-30"),
        correction(doc_id, {"deliverable_id": "0" * 20}, "drop", why="a row an earlier extraction invented"),
    ]
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump({"corrections": corrections}))
    for _ in range(2):
        run = run_papers(tmp_path, "--corrections", str(path))
        deliverables = pd.read_parquet(run.curated / "deliverables").set_index("deliverable_id")
        row = deliverables.loc[pooled_budget]
        assert row["deliverable"] == "Agree Section 75 pooled budget", "the row's key moved: update the test"
        assert row["target_text"] == fixed and str(row["due_date"]) == "2022-06-30"
        assert len(deliverables) >= 80  # nothing else lost
        assert [(c["status"], c["rows"]) for c in run.summary["corrections"]] == [
            ("applied", 1), ("applied", 1), ("stale", 0)]
        page = run.page(doc_id)
        listed = page.split('id="deliverables"', 1)[1]
        corrected = listed.split(f"deliverable_id: {pooled_budget}", 1)[1].split("</tr>", 1)[0]
        assert f"correct: target_text: Agree pooled budget for 2022/23 by end of Quarter 1 -&gt; {fixed}" in corrected
        assert "by A. Officer on 2024-05-01" in corrected
        stale = page.split('id="corrections"', 1)[1].split("</table>", 1)[0]
        assert "stale" in stale and "0" * 20 in stale and "an earlier extraction invented" in stale


@pytest.mark.timeout(300)
def test_the_prefect_flow_publishes_the_run_report_as_artifacts(tmp_path: Path) -> None:
    from flows import prefect_env

    problem = prefect_env.server_problem()
    if problem:
        pytest.skip(problem)
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, TaskRunFilter
    from prefect.client.schemas.sorting import ArtifactSort

    from flows.pipeline_flow import ingest

    def latest(key: str) -> Any:
        # every field given: prefect 3.8.8's Artifact.get sends nulls its own server refuses
        found = get_client(sync_client=True).read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), flow_run_filter=FlowRunFilter(),
            task_run_filter=TaskRunFilter(), sort=ArtifactSort.UPDATED_DESC, limit=1, offset=0)
        return found[0] if found else None

    write(tmp_path / "in" / "plan.pdf", plan_pdf())
    summary = ingest([str(tmp_path / "in")], raw_dir=str(tmp_path / "raw"), curated_dir=str(tmp_path / "curated"))
    report = latest(artifacts.RUN_KEY)
    link = latest(artifacts.REVIEW_KEY)
    assert report is not None and link is not None
    assert report.type == "markdown" and f"# Run {summary.run_id}" in str(report.data)
    assert "| plan.pdf | ok | 1 | 4 |" in str(report.data)
    index = (tmp_path / "curated" / str(summary.review)).resolve()
    assert index.exists() and index.as_uri() in str(link.data)  # prefect stores a link as markdown
    assert report.flow_run_id is not None and report.flow_run_id == link.flow_run_id


def test_a_page_printed_sideways_is_pictured_upright_as_extraction_read_it(tmp_path: Path) -> None:
    from PIL import ImageChops

    from flows.review.thumbnails import Region, render_regions
    from helpers import extract
    from test_structure import _turn_content

    upright = table_pdf(["Action", "Lead", "Timescale"], [["Open two new community hubs", "Head of Libraries",
                                                          "March 2025"], ["Extend Sunday opening", "Manager", "Q2"]])
    pictures = []
    for name, pdf in (("upright", upright), ("clockwise", _turn_content(upright, 90)),
                      ("anticlockwise", _turn_content(upright, 270))):
        first = extract(pdf).datasets["deliverables"][0]
        region = Region(first["page_start"], first["x0"], first["top"], first["x1"], first["bottom"])
        write(tmp_path / f"{name}.pdf", pdf)
        (picture,) = render_regions(tmp_path / f"{name}.pdf", [region], tmp_path / name).files.values()
        assert picture is not None
        pictures.append(Image.open(picture).convert("RGB"))
    assert_pictures([tmp_path / "upright" / p.name for p in (tmp_path / "upright").iterdir()])
    for turned in pictures[1:]:
        assert turned.size == pictures[0].size
        assert ImageChops.difference(turned, pictures[0]).getbbox() is None
