"""Bytes of broken / hostile "PDFs" for error-path tests.

Every function is pure (no files written) and returns the bytes; :data:`BAD_PDFS` maps a
suggested file name (all ending in ``.pdf``) to its function and :func:`write_bad_pdfs`
writes them all to a directory.

* :func:`html_named_pdf` - an HTML error page as served by a council website (starts with
  ``<!DOCTYPE html>``; no ``%PDF-`` header).
* :func:`truncated_pdf` - a valid multi-page PDF cut to its first half (no xref / trailer /
  ``%%EOF``; pdfminer may still recover some objects).
* :func:`encrypted_pdf_user_password` - AES-128 encryption; opening needs the user password
  (:data:`USER_PASSWORD`).  (Encrypted outputs differ from call to call: random AES IVs.)
* :func:`encrypted_pdf_owner_only` - encrypted with an empty user password and an owner
  password (:data:`OWNER_PASSWORD`) restricting extraction/printing: opens without a
  password, the text is readable.
* :func:`empty_pdf` - zero bytes.
* :func:`image_only_pdf` - a "scanned" page: a table page rendered to a bitmap and placed
  as the only content (no text layer, no vector paths).
"""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path
from typing import Callable

import pikepdf

try:  # imported as tests.badpdfs or as a top-level module from tests/
    from . import pdfgen  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import pdfgen  # type: ignore[no-redef]

__all__ = [
    "USER_PASSWORD",
    "OWNER_PASSWORD",
    "html_named_pdf",
    "truncated_pdf",
    "encrypted_pdf_user_password",
    "encrypted_pdf_owner_only",
    "empty_pdf",
    "image_only_pdf",
    "BAD_PDFS",
    "write_bad_pdfs",
]

USER_PASSWORD = "committee-user"
OWNER_PASSWORD = "committee-owner"

_HEADER = ["Area", "Deliverable", "Baseline 2021/22", "Aim by end 2022/23"]


@functools.lru_cache(maxsize=4)
def _sample_pdf(n_rows: int = 12) -> bytes:
    rows: list = [pdfgen.SectionRow("Governance and Strategy")]
    for i in range(n_rows):
        rows.append([
            f"Area {i + 1}" if i % 3 == 0 else "",
            pdfgen.Bullets([f"Deliverable number {i + 1} for the locality partnership"]),
            f"Baseline {i + 1}",
            f"Aim {i + 1}: improve outcomes for residents by end of Quarter {i % 4 + 1}",
        ])
    return pdfgen.table_pdf(_HEADER, rows, style="ruled", title="Deliverables in 2022-23")


def html_named_pdf() -> bytes:
    """An HTML page (what a portal returns for a moved document), to be saved as .pdf."""
    return (
        b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        b"<title>Document not found - Stockport Council</title>\n</head>\n<body>\n"
        b"<h1>Sorry, we can't find that page</h1>\n"
        b"<p>The document <a href=\"/documents/s12345/Delivery%20Plan.pdf\">Delivery Plan.pdf</a>"
        b" may have been moved or deleted.</p>\n</body>\n</html>\n"
    )


def truncated_pdf(fraction: float = 0.5) -> bytes:
    """The first ``fraction`` of a valid multi-page table PDF."""
    data = _sample_pdf(40)
    return data[: max(1, int(len(data) * fraction))]


def _encrypt(data: bytes, user: str, owner: str, *, allow_extract: bool) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        perms = pikepdf.Permissions(
            extract=allow_extract, accessibility=True, print_highres=False, print_lowres=False,
            modify_other=False, modify_annotation=False, modify_form=False, modify_assembly=False,
        )
        buf = io.BytesIO()
        pdf.save(
            buf, encryption=pikepdf.Encryption(user=user, owner=owner, R=4, aes=True, allow=perms),
            static_id=True,  # deterministic bytes
        )
    return buf.getvalue()


def encrypted_pdf_user_password(user: str = USER_PASSWORD, owner: str = OWNER_PASSWORD) -> bytes:
    """AES-128 (R4) encrypted; cannot be opened without ``user`` (or ``owner``)."""
    return _encrypt(_sample_pdf(6), user, owner, allow_extract=True)


def encrypted_pdf_owner_only(owner: str = OWNER_PASSWORD) -> bytes:
    """Empty user password, owner password set, copying/printing not permitted."""
    return _encrypt(_sample_pdf(6), "", owner, allow_extract=False)


def empty_pdf() -> bytes:
    return b""


def image_only_pdf(dpi: int = 110) -> bytes:
    """One A4-landscape page holding only a bitmap of a table page (no text layer)."""
    import pypdfium2
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    src = pypdfium2.PdfDocument(_sample_pdf(6))
    try:
        page = src[0]
        w, h = page.get_size()
        img = page.render(scale=dpi / 72).to_pil().convert("L")  # greyscale, like a scan
    finally:
        src.close()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=w, height=h)
    c.showPage()
    c.save()
    return buf.getvalue()


BAD_PDFS: dict[str, Callable[[], bytes]] = {
    "not_a_pdf.pdf": html_named_pdf,
    "truncated.pdf": truncated_pdf,
    "encrypted_user_password.pdf": encrypted_pdf_user_password,
    "encrypted_owner_only.pdf": encrypted_pdf_owner_only,
    "empty.pdf": empty_pdf,
    "image_only.pdf": image_only_pdf,
}


def write_bad_pdfs(directory: str | os.PathLike) -> dict[str, Path]:
    """Write every :data:`BAD_PDFS` entry to ``directory``; returns name -> path."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, fn in BAD_PDFS.items():
        p = d / name
        p.write_bytes(fn())
        out[name] = p
    return out
