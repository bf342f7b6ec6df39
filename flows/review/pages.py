"""The review report's HTML: Jinja2 templates (autoescaped: cell text is the PDF's, never
markup) rendered into a run folder, and the list of every run's report."""
from __future__ import annotations

import os
import shutil
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from flows import raw_store
from flows.fsutil import write_atomic
from flows.report import RunSummary
from flows.review.gather import COUNTED, DocumentView

TEMPLATES = Path(__file__).with_name("templates")
DOCS = "docs"  # per-document pages, inside the run folder


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _write(path: Path, template: str, **context: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_environment().get_template(template).render(**context), encoding="utf-8")


def write_run(folder: Path, summary: RunSummary, views: list[DocumentView], stats: dict[str, int],
              raw_dir: Path) -> None:
    """index.html, style.css and docs/<doc_id>.html for one run, into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / "style.css", folder / "style.css")
    statuses = Counter(c["status"] for c in summary.corrections)
    counted = [name for name in COUNTED if any(name in d.rows for d in summary.documents)]
    common = {"summary": summary, "stats": stats}
    _write(folder / "index.html", "run.html.j2", up="", counted=counted,
           correction_counts=sorted(statuses.items()), corrections=summary.corrections, **common)
    final_docs = folder.parent / summary.run_id / DOCS  # relative links as seen from the final place
    for view in views:
        assert view.report.doc_id is not None
        pdf = raw_store.raw_path(raw_dir, view.report.doc_id)
        source = Path(os.path.relpath(pdf.resolve(), final_docs.resolve())).as_posix() if pdf.exists() else None
        _write(folder / DOCS / f"{view.report.doc_id}.html", "document.html.j2", up="../",
               view=view, source=source, **common)


def write_runs_index(root: Path) -> Path:
    """curated/review/index.html: every run's report, newest first."""
    runs = sorted((p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                   and (p / "index.html").exists()), reverse=True)
    html = _environment().get_template("runs.html.j2").render(runs=runs)
    write_atomic(root / "index.html", html.encode("utf-8"))
    return root / "index.html"
