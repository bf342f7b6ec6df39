"""`documents`: one row per source PDF, including PDFs that failed to extract.

A failed or text-less PDF still gets a row (status "failed" / "no_text") so a run report can
say what was not read; it is flagged as a warning, not quarantined.
"""

from __future__ import annotations

import pyarrow as pa

from schemas import _rules as r

DOC_KINDS = ("agenda_pack", "plan", "minutes", "performance_report", "report", "other")
STATUSES = ("ok", "failed", "no_text")
ROW_COUNT_DROP = "__row_count_drop"  # derived: see schemas/cross_checks.py

SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source_name", pa.string()),
        ("source_uri", pa.string()),
        ("title", pa.string()),
        ("organisation", pa.string()),
        ("committee", pa.string()),
        ("meeting_date", pa.date32()),
        ("doc_kind", pa.string()),
        ("page_count", pa.int32()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("pipeline_version", pa.string()),
        # extras
        ("status", pa.string()),
        ("status_reason", pa.string()),
        ("bytes", pa.int64()),
        ("n_tables", pa.int32()),
        ("n_deliverables", pa.int32()),
        ("n_measures", pa.int32()),
        ("n_indicators", pa.int32()),
        ("n_agenda_items", pa.int32()),
    ]
)


def expectations() -> r.Rules:
    return r.Rules(
        critical=[
            *r.doc_id(),
            r.unique("doc_id"),
            r.not_null("source_name"),
            r.not_null("ingested_at"),
            r.in_set("doc_kind", DOC_KINDS),
            r.not_null("status"),
            r.in_set("status", STATUSES),
            r.at_least("page_count", 0),
            r.at_least("bytes", 0),
            r.at_least("n_tables", 0),
            r.at_least("n_deliverables", 0),
        ],
        warning=[
            r.in_set("status", ["ok"], reason="status is not ok"),
            r.not_null(
                "status_reason",
                row_condition=r.column("status") != "ok",
                reason="status_reason is null for a document that is not ok",
            ),
            r.not_null("doc_kind"),
            r.not_null("title"),
            r.not_null("meeting_date"),
            r.not_null("organisation"),
            r.at_least("page_count", 1),
            r.plausible_date("meeting_date"),
            r.derived(ROW_COUNT_DROP, "far fewer rows than the previous run"),
        ],
    )
