"""Unreadable input fails with one clear reason; a PDF without text is kept, marked for OCR."""
from __future__ import annotations

import pytest

from badpdfs import empty_pdf, encrypted_pdf_owner_only, encrypted_pdf_user_password, html_named_pdf, image_only_pdf, truncated_pdf
from extractors.errors import DocumentError
from helpers import extract


@pytest.mark.parametrize(("make", "reason"), [
    (empty_pdf, "empty file"),
    (html_named_pdf, "not a PDF"),
    (truncated_pdf, "truncated"),
    (encrypted_pdf_user_password, "encrypted"),
])
def test_unreadable_input_raises_document_error_with_reason(make, reason: str) -> None:
    with pytest.raises(DocumentError) as info:
        extract(make())
    assert reason in info.value.reason
    assert "\n" not in info.value.reason


def test_owner_password_only_pdf_is_read() -> None:
    ex = extract(encrypted_pdf_owner_only())
    assert ex.document["status"] == "ok"
    assert ex.datasets["tables"]


def test_image_only_pdf_is_no_text_not_failure() -> None:
    ex = extract(image_only_pdf())
    assert ex.document["status"] == "no_text"
    assert "no text layer" in ex.document["status_reason"]
    assert not ex.datasets["tables"]
