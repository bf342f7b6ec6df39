"""The run report as Prefect artifacts: a markdown table of the documents and a link to the
review report, so the Prefect UI shows what a run published and where to review it.

Keyed artifacts (lowercase, digits, dashes) keep one history per key across runs.
"""
from __future__ import annotations

from pathlib import Path

from flows.report import RunSummary

RUN_KEY = "committee-papers-run"
REVIEW_KEY = "committee-papers-review"


def run_markdown(summary: RunSummary) -> str:
    """The run as markdown: one row per document, then checks, corrections and links."""
    lines = [
        f"# Run {summary.run_id}",
        "",
        f"{len(summary.documents)} document(s), {len(summary.failed)} failed, "
        f"{summary.seconds:.1f} s ({summary.engine}).",
        "",
        "| file | status | pages | deliverables | measures | indicators | agenda items | quarantined | warnings |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for doc in summary.documents:
        counts = [str(doc.rows.get(name, "")) for name in ("deliverables", "measures", "indicators", "agenda_items")]
        lines.append("| " + " | ".join([_cell(doc.file), _cell(doc.status + (f": {doc.reason}" if doc.reason else "")),
                                        str(doc.pages or ""), *counts, str(doc.quarantined), str(doc.warnings)]) + " |")
    review = summary.corrections_to_review
    lines += ["", f"Corrections: {len(summary.corrections)} in the file, "
                  f"{sum(c['status'] == 'applied' for c in summary.corrections)} applied, "
                  f"{len(review)} to review (stale or invalid)."]
    for c in review:
        lines.append(f"- {c['status']}: entry {c['entry']} ({c.get('dataset')}, {c.get('action')}, "
                     f"by {c.get('who')}): {_cell(c['detail'])}")
    if summary.review:
        lines += ["", f"[Review report]({_uri(summary, summary.review)})"]
    if summary.data_docs:
        lines += [f"[Data Docs]({_uri(summary, summary.data_docs)})"]
    return "\n".join(lines) + "\n"


def publish(summary: RunSummary) -> None:
    """Create the artifacts in the current flow run (call from inside a Prefect flow)."""
    from prefect.artifacts import create_link_artifact, create_markdown_artifact

    create_markdown_artifact(markdown=run_markdown(summary), key=RUN_KEY,
                             description=f"committee-papers run {summary.run_id}")
    if summary.review:
        create_link_artifact(link=_uri(summary, summary.review), link_text=f"Review report of run {summary.run_id}",
                             key=REVIEW_KEY, description="Open from the machine that ran the flow.")


def _uri(summary: RunSummary, relative: str) -> str:
    return (Path(summary.curated_dir) / relative).resolve().as_uri()


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
