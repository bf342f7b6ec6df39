"""Reviewed corrections: loaded from YAML, applied to extracted rows, every entry accounted for."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows import corrections
from flows.documents import DocumentResult
from schemas.registry import to_arrow
from test_schemas import DOC, good_row

WHO = {"who": "A. Officer", "when": "2024-05-01", "why": "checked against the PDF"}


def result(doc_id: str = DOC, n: int = 4) -> DocumentResult:
    rows = [good_row("deliverables", i) for i in range(n)]
    return DocumentResult(path="plan.pdf", file="plan.pdf", doc_id=doc_id, status="ok",
                          tables={"deliverables": to_arrow("deliverables", rows)})


def entry(action: str, key: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"doc_id": DOC, "dataset": "deliverables", "key": key, "action": action, **WHO, **more}


def test_correct_drop_and_accept_change_the_rows_before_validation() -> None:
    doc = result()
    applied = corrections.apply([doc], [
        entry("correct", {"deliverable_id": "d00001"}, column="owner", value="Director of Public Health"),
        entry("drop", {"deliverable_id": "d00002"}),
        entry("accept", {"deliverable_id": "d00003"}),
    ])
    rows = doc.tables["deliverables"].to_pylist()
    assert [r["deliverable_id"] for r in rows] == ["d00000", "d00001", "d00003"]
    assert rows[1]["owner"] == "Director of Public Health" and rows[0]["owner"] == "Director of Operations"
    assert applied.accepted == {("deliverables", DOC): {2: "accepted by A. Officer on 2024-05-01"}}
    assert [(o.status, o.rows, o.detail) for o in applied.outcomes] == [
        ("applied", 1, "owner: Director of Operations -> Director of Public Health"),
        ("applied", 1, "dropped 1 row(s)"),
        ("applied", 1, "accepted 1 row(s)"),
    ]


def test_a_key_may_name_a_row_by_its_place_in_a_table() -> None:
    doc = result()
    corrections.apply([doc], [entry("correct", {"table_id": "01234567-t001", "row": 2},
                                    column="target_value", value="97")])  # text cast to float
    assert doc.tables["deliverables"]["target_value"].to_pylist() == [95.0, 95.0, 97.0, 95.0]


def test_stale_waiting_and_invalid_entries_are_reported_never_dropped() -> None:
    doc = result()
    before = doc.tables["deliverables"]
    applied = corrections.apply([doc], [
        entry("drop", {"deliverable_id": "gone"}),
        {**entry("drop", {"deliverable_id": "d00001"}), "doc_id": "e" * 64},
        {**entry("drop", {"deliverable_id": "d00001"}), "who": None},
        entry("correct", {"deliverable_id": "d00001"}, column="no_such_column", value=1),
        entry("correct", {"deliverable_id": "d00001"}, column="page_start", value="four"),
        entry("rename", {"deliverable_id": "d00001"}),
        {**entry("drop", {"deliverable_id": "d00001"}), "dataset": "deliverable"},
        "not a mapping",
    ])
    assert doc.tables["deliverables"].equals(before)
    assert [(o.entry, o.status) for o in applied.outcomes] == [
        (1, "stale"), (2, "waiting"), (3, "invalid"), (4, "invalid"), (5, "invalid"), (6, "invalid"),
        (7, "invalid"), (8, "invalid")]
    details = [o.detail for o in applied.outcomes]
    assert "no row has this key any more" in details[0]
    assert details[1] == "the document is not in this run"
    assert details[2] == "missing who"
    assert details[3] == "deliverables has no column 'no_such_column'"
    assert details[4].startswith("value does not fit its column")
    assert details[5].startswith("action must be one of accept, correct, drop")
    assert details[6] == "unknown dataset 'deliverable'"


def test_load_reads_a_list_under_corrections_and_names_a_broken_file(tmp_path: Path) -> None:
    good = tmp_path / "corrections.yaml"
    good.write_text("corrections:\n  - doc_id: abc\n    when: 2024-05-01\n")
    assert corrections.load(good) == [{"doc_id": "abc", "when": __import__("datetime").date(2024, 5, 1)}]
    (tmp_path / "empty.yaml").write_text("")
    assert corrections.load(tmp_path / "empty.yaml") == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("corrections: [unclosed\n")
    with pytest.raises(corrections.CorrectionsError, match="bad.yaml is not valid YAML"):
        corrections.load(bad)
    (tmp_path / "map.yaml").write_text("corrections: {a: 1}\n")
    with pytest.raises(corrections.CorrectionsError, match="expected a list"):
        corrections.load(tmp_path / "map.yaml")
