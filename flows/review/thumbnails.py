"""Pictures of where a row came from: its source page region, rendered with pypdfium2 from the
raw store, the row's box highlighted.

Each page is rendered once and every row on it cropped from that bitmap. A page whose text
runs sideways is turned upright first, as extraction turned it (extractors/orientation.py), so
the boxes, measured on the upright page, fall on the rows. Files are named by
document, page and box, so a re-run of the same document reuses them instead of rendering
again; RENDER_VERSION is in the folder name and changes when the drawing does.
"""
from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw

from extractors.orientation import turn_needed

from flows.fsutil import write_atomic

RENDER_VERSION = "v1"
SCALE = 1.5  # 108 dpi: body text of a committee paper stays legible
CONTEXT = 18.0  # points of the page shown around the row, so its neighbours orient the reader
MAX_CONTEXT_HEIGHT = 420.0  # points; a row taller than this is shown from its top
SAMPLED_CHARS = 400  # enough characters to tell which way a page's text runs
HIGHLIGHT = (255, 214, 0, 70)  # translucent yellow over the row
OUTLINE = (220, 40, 30, 255)


class Region(NamedTuple):
    """A row's box on a PDF page: 1-based page, points, top-left origin."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def file_name(self) -> str:
        return f"p{self.page}-{self.x0:.0f}-{self.top:.0f}-{self.x1:.0f}-{self.bottom:.0f}.png"


@dataclass
class Rendered:
    """Region -> picture file (None where the page or box could not be drawn), and counts."""

    files: dict[Region, Path | None]
    rendered: int = 0
    reused: int = 0


def thumbnail_dir(root: Path, doc_id: str) -> Path:
    return Path(root) / RENDER_VERSION / doc_id


def render_regions(pdf_path: Path, regions: Iterable[Region], out_dir: Path) -> Rendered:
    """Draw each region of the PDF at `pdf_path` into `out_dir`, page by page."""
    wanted = sorted(set(regions))
    done = Rendered({})
    todo = []
    for region in wanted:
        target = out_dir / region.file_name()
        if target.exists():
            done.files[region] = target
            done.reused += 1
        else:
            todo.append(region)
    if not todo:
        return done
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page_image: tuple[int, Image.Image, float] | None = None
        for region in todo:
            if not 1 <= region.page <= len(pdf):
                done.files[region] = None
                continue
            if page_image is None or page_image[0] != region.page:
                page_image = (region.page, *_render_page(pdf, region.page))
            _, image, height = page_image
            target = out_dir / region.file_name()
            write_atomic(target, _png(_crop(image, height, region)))
            done.files[region] = target
            done.rendered += 1
    finally:
        pdf.close()
    return done


def _render_page(pdf: pdfium.PdfDocument, number: int) -> tuple[Image.Image, float]:
    """The page upright as extraction read it, and its height in points."""
    page = pdf[number - 1]
    try:
        turn = turn_needed(_chars(page))
        if turn:
            page.set_rotation((page.get_rotation() + turn) % 360)
        image = page.render(scale=SCALE).to_pil().convert("RGBA")
    finally:
        page.close()
    return image, image.height / SCALE


def _chars(page: pdfium.PdfPage) -> list[dict[str, object]]:
    """A sample of the page's characters as `turn_needed` reads them: the text's direction."""
    text = page.get_textpage()
    try:
        count = text.count_chars()
        step = max(1, count // SAMPLED_CHARS)
        chars = []
        for i in range(0, count, step):
            angle = pdfium_c.FPDFText_GetCharAngle(text.raw, i)
            code = pdfium_c.FPDFText_GetUnicode(text.raw, i)
            if angle >= 0 and code:
                # pdfium measures the angle clockwise, a PDF text matrix anticlockwise
                chars.append({"matrix": (math.cos(angle), -math.sin(angle)), "text": chr(code)})
        return chars
    finally:
        text.close()


def _crop(page: Image.Image, page_height: float, region: Region) -> Image.Image:
    """The row plus some context, clipped to the page, with the row outlined."""
    left = max(0.0, region.x0 - CONTEXT)
    right = min(page.width / SCALE, region.x1 + CONTEXT)
    top = max(0.0, region.top - CONTEXT)
    bottom = min(page_height, region.bottom + CONTEXT, top + MAX_CONTEXT_HEIGHT)
    crop = page.crop(tuple(round(v * SCALE) for v in (left, top, right, max(bottom, top + 1))))
    overlay = Image.new("RGBA", crop.size, (0, 0, 0, 0))
    box = [(region.x0 - left) * SCALE, (region.top - top) * SCALE,
           (region.x1 - left) * SCALE, (region.bottom - top) * SCALE]
    ImageDraw.Draw(overlay).rectangle(box, fill=HIGHLIGHT, outline=OUTLINE, width=2)
    return Image.alpha_composite(crop, overlay).convert("RGB")


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
