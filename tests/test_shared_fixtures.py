"""End-to-end checks against ../shared (fixtures with gold, the corpus). Skipped where it is absent.

These run the real `papers run` command, then the project's scorer, so they measure what a
user gets: Stockport deliverables and tables, a borderless re-rendering of the same content,
and the Kent health-and-wellbeing commitments tables.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, SHARED

STOCKPORT = SHARED / "fixtures" / "stockport_delivery_plan_2022-23.pdf"
GOLD = SHARED / "fixtures" / "gold"
STAFFORDSHIRE = SHARED / "fixtures" / "staffordshire_hcosc_2023-07-24_pack.pdf"
KENT_CC = SHARED / "corpus" / "kent-cc"
KENT = SHARED / "corpus" / "kent-cc" / "2025-01-30_cabinet_24-00115_-_Appendix_A_-_Current_Health_wellbeing_activity_within_KCC.pdf"

needs_shared = pytest.mark.skipif(not STOCKPORT.exists(), reason="../shared (fixtures, gold, corpus) is not beside this clone")


def papers_run(paths: list[Path], tmp: Path, *extra: str) -> tuple[Path, subprocess.CompletedProcess]:
    curated = tmp / "curated"
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", *map(str, paths), "--raw", str(tmp / "raw"),
                           "--curated", str(curated), *extra], cwd=ROOT, capture_output=True, text=True, timeout=900)
    return curated, proc


def scores(curated: Path, gold: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "--curated", str(curated), "--gold", str(gold)],
                         capture_output=True, text=True, check=True).stdout
    summary = out.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\S+)=([0-9.]+)", summary)}


def gold_of(stem: str, tmp: Path) -> Path:
    """Only one fixture's gold, so the scorer reports on the document that was run."""
    gold = tmp / f"gold-{stem}"
    gold.mkdir()
    for f in GOLD.glob(f"{stem}.*"):
        (gold / f.name).write_bytes(f.read_bytes())
    return gold


def stockport_gold(tmp: Path) -> Path:
    return gold_of(STOCKPORT.stem, tmp)


@needs_shared
def test_stockport_scores(tmp_path: Path) -> None:
    curated, proc = papers_run([STOCKPORT], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = scores(curated, stockport_gold(tmp_path))
    assert got["stockport_delivery_p.deliverables"] >= 0.95
    assert got["stockport_delivery_p.tables"] >= 0.98


RENDERINGS = [  # (style, font, page size): none of them has a single table rule
    ("zebra", "Times-Roman", "A4"), ("borderless", "Times-Roman", "A4"), ("zebra", "DejaVuSans", "A4"),
    ("borderless", "DejaVuSans", "A4"), ("borderless", "Courier", "A4"), ("zebra", "DejaVuSerif", "A4-landscape"),
]


@needs_shared
def test_stockport_without_rules_scores_the_same(tmp_path: Path) -> None:
    """The fixture with its rules stripped, and the gold re-drawn rule-free in other fonts, margins
    and page sizes (so rows break at other places), score as the ruled original does."""
    from pdfgen import render_gold_table
    from strip_rules import strip_rules

    gold = stockport_gold(tmp_path)
    variants = {"stripped": strip_rules(STOCKPORT.read_bytes())}
    for style, font, size in RENDERINGS:
        variants[f"{style}-{font}-{size}"] = render_gold_table(GOLD / "stockport_delivery_plan_2022-23.tables.json",
                                                               style, font, size)
    results = {}
    for name, data in variants.items():
        pdf = tmp_path / name / STOCKPORT.name  # same file name: the scorer links gold by name
        pdf.parent.mkdir()
        pdf.write_bytes(data)
        curated, proc = papers_run([pdf], tmp_path / name, "--engine", "local")
        assert proc.returncode == 0, proc.stderr[-2000:]
        got = scores(curated, gold)
        results[name] = (got["stockport_delivery_p.deliverables"], got["stockport_delivery_p.tables"])
    assert all(d >= 0.95 and t >= 0.98 for d, t in results.values()), results


@needs_shared
def test_kent_commitment_tables_become_deliverables_with_programme(tmp_path: Path) -> None:
    curated, proc = papers_run([KENT], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    deliverables = pd.read_parquet(curated / "deliverables")
    tables = pd.read_parquet(curated / "tables")
    # one commitments table per slide (about 75 of 85 slides): slides are never stitched together
    assert len(tables) >= 70 and (tables["page_end"] == tables["page_start"]).mean() > 0.95
    assert len(deliverables) >= 220
    assert deliverables["programme"].fillna("").str.len().gt(0).all()
    first_slide = deliverables[deliverables["page_start"] == 4]
    assert "Give more support to those more likely to experience poorer outcomes" in set(first_slide["deliverable"])
    assert set(first_slide["programme"]) >= {"Strive for children and young people to be physically and emotionally healthy"}


PACK_KINDS = ("agenda", "measures", "indicators", "tables")


@needs_shared
def test_staffordshire_pack_scores_with_and_without_table_rules(tmp_path: Path) -> None:
    """Agenda, key measures, dashboard indicators and tables of the 137-page pack; the same pack
    with every rule and fill stripped scores within 0.03 of it."""
    from strip_rules import strip_rules

    gold = gold_of(STAFFORDSHIRE.stem, tmp_path)
    results = {}
    for name, data in {"ruled": STAFFORDSHIRE.read_bytes(), "stripped": strip_rules(STAFFORDSHIRE.read_bytes())}.items():
        pdf = tmp_path / name / STAFFORDSHIRE.name
        pdf.parent.mkdir()
        pdf.write_bytes(data)
        curated, proc = papers_run([pdf], tmp_path / name, "--engine", "local")
        assert proc.returncode == 0, proc.stderr[-2000:]
        got = scores(curated, gold)
        results[name] = {kind: got[f"staffordshire_hcosc_.{kind}"] for kind in PACK_KINDS}
    ruled, stripped = results["ruled"], results["stripped"]
    assert ruled["agenda"] == 1.0, results
    assert min(ruled["measures"], ruled["indicators"], ruled["tables"]) >= 0.95, results
    assert all(stripped[k] >= ruled[k] - 0.03 for k in PACK_KINDS), results


@needs_shared
def test_kent_agenda_front_sheets_give_items_and_meeting_dates(tmp_path: Path) -> None:
    sheets = sorted(KENT_CC.glob("*Agenda_frontsheet*.pdf"))
    assert len(sheets) >= 4
    curated, proc = papers_run(sheets, tmp_path, "--engine", "local")
    assert proc.returncode == 0, proc.stderr[-2000:]
    documents = pd.read_parquet(curated / "documents").set_index("doc_id")
    items = pd.read_parquet(curated / "agenda_items")
    for doc_id, doc in documents.iterrows():
        # the file names carry the meeting date, e.g. "..._04th-Mar-2025_10.00_Cabinet.pdf"
        day, month, year = re.search(r"_(\d{2})\w{2}-(\w{3})-(\d{4})_", doc["source_name"]).groups()
        assert doc["meeting_date"].strftime("%d-%b-%Y") == f"{day}-{month}-{year}", doc["source_name"]
        assert doc["doc_kind"] == "agenda_pack"
        numbers = items.loc[items["doc_id"] == doc_id, "item_number"].tolist()
        assert numbers[:3] == ["1", "2", "3"], (doc["source_name"], numbers)
    cabinet = items.merge(documents[["source_name"]], left_on="doc_id", right_index=True)
    cabinet = cabinet[cabinet["source_name"].str.contains("04th-Mar-2025")].set_index("item_number")
    assert cabinet.loc["6", "title"] == "Quarterly Performance Report, Q3 2024-2025"
    assert (cabinet.loc["5", "page_start"], cabinet.loc["5", "page_end"]) == (19, 24)  # "(Pages 19 - 24)" on its own line
