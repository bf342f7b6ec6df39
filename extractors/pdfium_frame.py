"""Where a pdfium page's user space lands in pdfplumber's coordinates.

Every later stage (and the gold boxes) speaks pdfplumber's frame: points, origin at the top
left of the page as displayed, /Rotate applied. pdfminer gets there with a rotation matrix per
/Rotate and pdfplumber then flips y against the (rotated) MediaBox height; this replays both,
so a box read with pdfium is the box pdfplumber would have reported.
"""
from __future__ import annotations

from ctypes import byref, c_float
from dataclasses import dataclass

from extractors.pdfium_api import raw

Affine = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f: x' = aX + cY + e, y' = bX + dY + f


@dataclass(frozen=True)
class Frame:
    """The page's size as displayed and the map from user space to (x, top)."""

    width: float
    height: float
    rotation: int  # clockwise degrees
    to_top_left: Affine

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.to_top_left
        return a * x + c * y + e, b * x + d * y + f

    @property
    def device(self) -> Affine:
        """pdfminer's page matrix (y up): what decides whether text is upright and which way it runs."""
        a, b, c, d, _, _ = self.to_top_left
        return a, -b, c, -d, 0.0, 0.0

    def box(self, points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
        """x0, top, x1, bottom around user-space points."""
        mapped = [self.point(x, y) for x, y in points]
        xs = [p[0] for p in mapped]
        ys = [p[1] for p in mapped]
        return min(xs), min(ys), max(xs), max(ys)


def frame_of(page: object) -> Frame:
    """The frame of a raw FPDF_PAGE, from its MediaBox and /Rotate (as pdfminer + pdfplumber read them).
    Without a usable MediaBox, the page pdfium displays (US Letter, as pdfminer's default)."""
    left, bottom, right, top = (c_float() for _ in range(4))
    raw.FPDFPage_GetMediaBox(page, byref(left), byref(bottom), byref(right), byref(top))
    x0, x1 = sorted((left.value, right.value))
    y0, y1 = sorted((bottom.value, top.value))
    if x1 - x0 <= 0 or y1 - y0 <= 0:  # a box of non-numbers, zeros or overflowing numbers: pdfium's page
        box = raw.FS_RECTF()
        raw.FPDF_GetPageBoundingBox(page, byref(box))
        x0, y0, x1, y1 = box.left, box.bottom, box.right, box.top
    rotation = (raw.FPDFPage_GetRotation(page) % 4) * 90
    if rotation == 90:  # pdfminer ctm (0,-1,1,0,-y0,x1), then pdfplumber's flip
        return Frame(y1 - y0, x1 - x0, rotation, (0.0, 1.0, 1.0, 0.0, 0.0, -2 * x0))
    if rotation == 180:
        return Frame(x1 - x0, y1 - y0, rotation, (-1.0, 0.0, 0.0, 1.0, x0 + x1, -2 * y0))
    if rotation == 270:
        return Frame(y1 - y0, x1 - x0, rotation, (0.0, -1.0, -1.0, 0.0, y0 + y1, x1 - x0))
    return Frame(x1 - x0, y1 - y0, 0, (1.0, 0.0, 0.0, -1.0, 0.0, y1 - y0))


def compose(inner: Affine, outer: Affine) -> Affine:
    """The affine map doing `inner` first, then `outer`."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)
