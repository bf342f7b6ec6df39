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
* :func:`random_bytes` / :func:`random_bytes_after_header` - noise, without and with a
  ``%PDF-`` header.
* :func:`broken_xref` - a valid table PDF whose xref offsets and ``startxref`` point nowhere
  (readers rebuild the xref by scanning; the text is still there).
* :func:`many_pages` - 2,000 light pages (a line of text each).
* :func:`absurd_page_sizes` - pages 3 km wide, 0 pt wide, and with an inverted box.
* :func:`decompression_bomb` - a 300-byte page stream that inflates to 4 GiB of zeros
  (two FlateDecode passes).
* :func:`font_without_unicode_map` - text drawn with a composite (Identity-H) font that has
  no ToUnicode map: the glyphs cannot be turned back into characters.
* :func:`javascript_and_attachment` - a good table PDF with an OpenAction script and an
  attached PDF (both to be ignored).
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import zlib
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
    "random_bytes",
    "random_bytes_after_header",
    "broken_xref",
    "many_pages",
    "absurd_page_sizes",
    "decompression_bomb",
    "font_without_unicode_map",
    "javascript_and_attachment",
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


def random_bytes(size: int = 64 * 1024, seed: int = 7) -> bytes:
    """Noise: what a failed download or a mislabelled binary looks like."""
    return random.Random(seed).randbytes(size)


def random_bytes_after_header(size: int = 64 * 1024, seed: int = 8) -> bytes:
    """Noise behind a PDF header and before an end marker: passes the cheap checks only."""
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size) + b"\n%%EOF\n"


def broken_xref() -> bytes:
    """A good table PDF whose xref entries and startxref offset are wrong."""
    data = _sample_pdf(6)
    data = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m[1]) + 7, m[2]), data)
    return re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)


def minimal_pdf(pages: list[tuple[bytes, str]], resources: str = "<< /Font << /F1 4 0 R >> >>",
                extra_objects: list[bytes] = ()) -> bytes:
    """A hand-written PDF: one page per (content stream object body, MediaBox) pair.

    Objects 1-3 are the catalog, page tree and (unused) info; 4 is a Helvetica font;
    ``extra_objects`` are numbered from 5; then each page and its content stream.
    ``content`` is a whole stream object body (dictionary and stream), so a test can give
    it any filters it likes.
    """
    n_extra = len(extra_objects)
    first_page = 5 + n_extra
    page_ids = [first_page + 2 * i for i in range(len(pages))]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % i for i in page_ids), len(pages)),
        b"<< /Producer (badpdfs) >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        *extra_objects,
    ]
    for page_id, (content, media_box) in zip(page_ids, pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources %s /Contents %d 0 R >>"
                       % (media_box.encode(), resources.encode(), page_id + 1))
        objects.append(content)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, filters: str = "") -> bytes:
    """A stream object body holding ``data`` (already encoded for ``filters``)."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), filters.encode(), data)


def text_stream(*lines: str) -> bytes:
    """A content stream writing each line of Helvetica 12 pt down the page."""
    ops = "".join(f"BT /F1 12 Tf 72 {720 - 16 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))
    return stream(ops.encode("latin-1"))


def many_pages(n: int = 2000) -> bytes:
    """``n`` light pages, one short line of text each (a long appendix of a pack)."""
    return minimal_pdf([(text_stream(f"Appendix page {i + 1} of {n}"), "[0 0 595 842]") for i in range(n)])


def absurd_page_sizes() -> bytes:
    """Text on pages 14,000 km wide, 0 pt wide, a hundredth of a point, and inverted."""
    text = text_stream("Deliverable", "Improve access to services")
    return minimal_pdf([(text, "[0 0 40000000000 40000000000]"), (text, "[0 0 0 0]"),
                        (text, "[0 0 0.01 0.01]"), (text, "[595 842 0 0]"), (text, "[0 0 595 842]")])


def _flate_zeros(size: int, chunk: int = 1 << 20) -> bytes:
    """zlib data inflating to ``size`` zero bytes, built in milliseconds: after a full flush
    every further chunk of zeros compresses to the same bytes, so one is repeated."""
    assert size % chunk == 0
    packer = zlib.compressobj(9)
    head = packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.flush(zlib.Z_FINISH)[:-4]  # the final empty block; adler32 of n zeros follows
    adler = ((size % 65521) << 16) | 1
    return head + block * (size // chunk - 1) + tail + adler.to_bytes(4, "big")


def decompression_bomb(size: int = 4 << 30) -> bytes:
    """A page whose content stream is tiny on disk and ``size`` bytes once inflated."""
    packed = zlib.compress(_flate_zeros(size), 9)
    return minimal_pdf([(stream(packed, "/Filter [/FlateDecode /FlateDecode]"), "[0 0 595 842]")])


def font_without_unicode_map() -> bytes:
    """Text in a composite font with Identity-H encoding and no ToUnicode: glyph ids only."""
    cid_font = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SubsetSans "
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                b"/FontDescriptor 6 0 R /DW 600 >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /SubsetSans /Flags 32 /FontBBox [0 -200 1000 900] "
                  b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>")
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /SubsetSans /Encoding /Identity-H /DescendantFonts [5 0 R] >>"
    lines = [b"0027 0048 004F 004C 0059 0048 0055 0044 0045 004F 0048", b"0037 0044 0055 004A 0048 0057"]
    ops = b"".join(b"BT /F2 12 Tf 72 %d Td <%s> Tj ET\n" % (720 - 16 * i, line.replace(b" ", b""))
                   for i, line in enumerate(lines * 6))
    return minimal_pdf([(stream(ops), "[0 0 595 842]")], resources="<< /Font << /F2 7 0 R >> >>",
                       extra_objects=[cid_font, descriptor, font])


def javascript_and_attachment() -> bytes:
    """A good table PDF that runs a script when opened and carries an attached PDF."""
    with pikepdf.open(io.BytesIO(_sample_pdf(6))) as pdf:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hello');"))
        pdf.Root.OpenAction = pdf.make_indirect(script)
        pdf.attachments["payload.pdf"] = pikepdf.AttachedFileSpec(pdf, many_pages(3), mime_type="application/pdf")
        buf = io.BytesIO()
        pdf.save(buf, static_id=True)
    return buf.getvalue()


BAD_PDFS: dict[str, Callable[[], bytes]] = {
    "not_a_pdf.pdf": html_named_pdf,
    "truncated.pdf": truncated_pdf,
    "encrypted_user_password.pdf": encrypted_pdf_user_password,
    "encrypted_owner_only.pdf": encrypted_pdf_owner_only,
    "empty.pdf": empty_pdf,
    "image_only.pdf": image_only_pdf,
    "random_bytes.pdf": random_bytes,
    "random_bytes_after_header.pdf": random_bytes_after_header,
    "broken_xref.pdf": broken_xref,
    "many_pages.pdf": many_pages,
    "absurd_page_sizes.pdf": absurd_page_sizes,
    "decompression_bomb.pdf": decompression_bomb,
    "font_without_unicode_map.pdf": font_without_unicode_map,
    "javascript_and_attachment.pdf": javascript_and_attachment,
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
