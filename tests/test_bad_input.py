"""Unreadable input fails with one clear reason; a PDF without usable text is kept, marked for
OCR; hostile extras (scripts, attachments, absurd pages) are ignored. Then all of it in one run."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from badpdfs import (BAD_PDFS, absurd_page_sizes, broken_xref, empty_pdf, encrypted_pdf_owner_only,
                     encrypted_pdf_user_password, font_without_unicode_map, html_named_pdf, image_only_pdf,
                     javascript_and_attachment, minimal_pdf, random_bytes, random_bytes_after_header, text_stream,
                     truncated_pdf)
from extractors.errors import DocumentError
from flows import cli
from helpers import extract, table_grids
from test_flows import make_pdf, write


@pytest.mark.parametrize(("make", "reason"), [
    (empty_pdf, "empty file"),
    (html_named_pdf, "not a PDF"),
    (truncated_pdf, "truncated"),
    (encrypted_pdf_user_password, "encrypted"),
    (random_bytes, "not a PDF"),
    (random_bytes_after_header, "damaged"),
])
def test_unreadable_input_raises_document_error_with_reason(make, reason: str) -> None:
    with pytest.raises(DocumentError) as info:
        extract(make())
    assert reason in info.value.reason
    assert "\n" not in info.value.reason


@pytest.mark.parametrize("box", ["[0 0 /A (b)]", "[0 0 4e10 4e10]"])  # PDF numbers have no exponent
def test_a_page_box_that_is_not_numbers_is_read_as_the_default_page(box: str) -> None:
    """pdfium, which reads the pages, displays such a page at its default size (US Letter, as
    a viewer does) instead of refusing the file: the text is read, with no error at all."""
    ex = extract(minimal_pdf([(text_stream("Deliverable"), box)]))
    assert ex.document["status"] == "ok" and ex.document["page_count"] == 1


def test_owner_password_only_pdf_is_read() -> None:
    ex = extract(encrypted_pdf_owner_only())
    assert ex.document["status"] == "ok"
    assert ex.datasets["tables"]


def test_image_only_pdf_is_no_text_not_failure() -> None:
    ex = extract(image_only_pdf())
    assert ex.document["status"] == "no_text"
    assert "no text layer" in ex.document["status_reason"]
    assert not ex.datasets["tables"]


def test_text_in_fonts_without_a_unicode_map_is_no_text() -> None:
    ex = extract(font_without_unicode_map())
    assert ex.document["status"] == "no_text"
    assert "no Unicode map" in ex.document["status_reason"]


def tables_of(pdf: bytes) -> list[list[dict]]:
    """The tables' rows, without their ids (which name the document)."""
    return list(table_grids(extract(pdf)).values())


def test_a_broken_xref_is_rebuilt_and_the_table_read() -> None:
    assert tables_of(broken_xref()) == tables_of(encrypted_pdf_owner_only())


def test_scripts_and_attachments_are_ignored() -> None:
    ex = extract(javascript_and_attachment())
    assert ex.document["status"] == "ok" and ex.document["page_count"] == 1  # not the attachment's 3
    assert list(table_grids(ex).values()) == tables_of(broken_xref())


def test_absurd_page_sizes_are_read() -> None:
    ex = extract(absurd_page_sizes())
    assert ex.document["status"] == "ok" and ex.document["page_count"] == 5


# what each bad file becomes in a run: (status, words its reason must contain)
EXPECTED = {
    "not_a_pdf.pdf": ("failed", "not a PDF"),
    "truncated.pdf": ("failed", "truncated"),
    "encrypted_user_password.pdf": ("failed", "encrypted PDF: a password is required"),
    "encrypted_owner_only.pdf": ("ok", None),
    "empty.pdf": ("failed", "empty file"),
    "image_only.pdf": ("no_text", "no text layer"),
    "random_bytes.pdf": ("failed", "not a PDF"),
    "random_bytes_after_header.pdf": ("failed", "damaged"),
    "broken_xref.pdf": ("ok", None),
    "many_pages.pdf": ("ok", None),
    "absurd_page_sizes.pdf": ("ok", None),
    "decompression_bomb.pdf": ("failed", "exceeded the 256 MiB memory limit"),
    "font_without_unicode_map.pdf": ("no_text", "no Unicode map"),
    "javascript_and_attachment.pdf": ("ok", None),
}


def test_the_whole_bad_input_suite_in_one_run(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert set(EXPECTED) == set(BAD_PDFS)
    for name, make in BAD_PDFS.items():
        write(workdir / "in" / name, make())
    write(workdir / "in" / "good.pdf", make_pdf("Plan A"))
    code = cli.main(["run", "in", "--engine", "local", "--memory-limit", "256M"])  # the bomb dies sooner
    out, err = capsys.readouterr()
    assert code == 1
    curated = workdir / "curated"
    documents = pd.read_parquet(curated / "documents").set_index("source_name")
    summary = {d["file"]: d for d in json.loads(next((curated / "_runs").glob("*.json")).read_text())["documents"]}
    assert set(documents.index) == set(summary) == {*EXPECTED, "good.pdf"}
    for name, (status, reason) in {**EXPECTED, "good.pdf": ("ok", None)}.items():
        assert (documents.loc[name, "status"], summary[name]["status"]) == (status, status), name
        for said in (documents.loc[name, "status_reason"], summary[name]["reason"]):
            assert pd.isna(said) if reason is None else reason in said, (name, said)
        if status == "failed":
            assert f"FAILED {name}: {summary[name]['reason']}" in err.splitlines()
    assert documents.loc["many_pages.pdf", "page_count"] == 2000
    tables = pd.read_parquet(curated / "tables")
    published = set(documents.index[documents["doc_id"].isin(tables["doc_id"])])
    assert published == {"good.pdf", "encrypted_owner_only.pdf", "broken_xref.pdf", "javascript_and_attachment.pdf"}
    assert "Traceback" not in err
