"""Remove table rules from a PDF by rewriting its content streams (pikepdf).

    python tests/strip_rules.py IN.pdf OUT.pdf [--keep-fills] [--thin 2.0]

Dropped: every stroked path (``S s B B* b b*``: a fill+stroke keeps its fill only when the
fill itself is kept), every filled path that is thinner than ``thin`` points in page space
(rules drawn as fills, zero-area paths; judged after clipping, and an even-odd ring of two
nested rectangles closer than ``thin`` counts as thin), and - unless ``--keep-fills`` -
every filled rectangle (``re`` or an axis-parallel 4-corner polygon).  Filled
non-rectangular shapes (curves, logos) that are not thin are kept; text, images, shadings
and clipping paths are untouched.  The thickness is measured after the current
transformation matrix, so scaled content (e.g. weasyprint's ``0.75 0 0 0.75 0 0 cm``) is
judged in points.  Form XObjects reachable from the pages are rewritten too (each once,
with the CTM of its first use).  Subpaths are judged one by one, so a single path holding
a shading rectangle and thin rules keeps only the shading (``--keep-fills``).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from dataclasses import dataclass, field
from typing import Union

import pikepdf

__all__ = ["strip_rules", "main"]

_CONSTRUCT = {"m", "l", "c", "v", "y", "h", "re"}
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
_STROKES = {"S", "s", "B", "B*", "b", "b*"}
_FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}

Matrix = tuple[float, float, float, float, float, float]
_IDENT: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: [x y 1] m n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass
class _Subpath:
    ops: list = field(default_factory=list)  # instructions
    pts: list = field(default_factory=list)  # device-space points
    curved: bool = False
    is_re: bool = False

    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.pts] or [0.0]
        ys = [p[1] for p in self.pts] or [0.0]
        return min(xs), min(ys), max(xs), max(ys)

    def thin(self, limit: float, clip: "_BBox | None" = None) -> bool:
        """Thinner than ``limit`` once clipped (an empty intersection counts as thin)."""
        x0, y0, x1, y1 = _intersect(self.bbox(), clip)
        return min(x1 - x0, y1 - y0) < limit

    def is_rect(self) -> bool:
        if self.is_re:
            return True
        if self.curved:
            return False
        pts = list(self.pts)
        if len(pts) >= 2 and _close(pts[0], pts[-1]):
            pts = pts[:-1]
        if len(pts) != 4:
            return False
        for i in range(4):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % 4]
            if not (abs(x0 - x1) < 0.01 or abs(y0 - y1) < 0.01):
                return False
        return True


_BBox = tuple[float, float, float, float]


def _intersect(a: _BBox, b: _BBox | None) -> _BBox:
    if b is None:
        return a
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _is_frame(subpaths: list, limit: float) -> bool:
    """Two nested rectangles filled even-odd with every inset < limit: a border ring."""
    if len(subpaths) != 2 or not all(sp.is_rect() for sp in subpaths):
        return False
    a, b = (sp.bbox() for sp in subpaths)
    if (b[2] - b[0]) * (b[3] - b[1]) > (a[2] - a[0]) * (a[3] - a[1]):
        a, b = b, a  # a: outer
    insets = (b[0] - a[0], b[1] - a[1], a[2] - b[2], a[3] - b[3])
    return all(-0.01 <= d < limit for d in insets)


def _close(p, q) -> bool:
    return abs(p[0] - q[0]) < 0.01 and abs(p[1] - q[1]) < 0.01


def _nums(ops) -> list[float]:
    return [float(x) for x in ops]


@dataclass
class _Stats:
    strokes: int = 0
    thin_fills: int = 0
    rect_fills: int = 0
    kept_fills: int = 0


def _filter(instructions, ctm: Matrix, keep_fills: bool, thin: float, stats: _Stats, on_do) -> list:
    out: list = []
    stack: list[tuple[Matrix, _BBox | None]] = []
    clip: _BBox | None = None  # device-space bbox of the current clipping path
    subpaths: list[_Subpath] = []
    clip_ops: list = []  # W / W* seen for the pending path

    def cur() -> _Subpath:
        if not subpaths:
            subpaths.append(_Subpath())
        return subpaths[-1]

    for inst in instructions:
        if isinstance(inst, pikepdf.ContentStreamInlineImage):
            out.append(inst)
            continue
        op = str(inst.operator)
        operands = inst.operands
        if op == "q":
            stack.append((ctm, clip))
            out.append(inst)
        elif op == "Q":
            ctm, clip = stack.pop() if stack else (_IDENT, None)
            out.append(inst)
        elif op == "cm":
            ctm = _mul(tuple(_nums(operands)), ctm)  # type: ignore[arg-type]
            out.append(inst)
        elif op in _CONSTRUCT:
            if op == "m":
                sp = _Subpath()
                subpaths.append(sp)
                sp.ops.append(inst)
                sp.pts.append(_apply(ctm, *_nums(operands)))
            elif op == "re":
                x, y, w, h = _nums(operands)
                sp = _Subpath(is_re=True)
                subpaths.append(sp)
                sp.ops.append(inst)
                sp.pts += [_apply(ctm, x, y), _apply(ctm, x + w, y), _apply(ctm, x + w, y + h), _apply(ctm, x, y + h)]
                sp.is_re = abs(ctm[1]) < 1e-9 and abs(ctm[2]) < 1e-9 or abs(ctm[0]) < 1e-9 and abs(ctm[3]) < 1e-9
            else:
                sp = cur()
                sp.ops.append(inst)
                v = _nums(operands)
                if op == "l":
                    sp.pts.append(_apply(ctm, *v))
                elif op in ("c", "v", "y"):
                    sp.curved = True
                    for i in range(0, len(v), 2):
                        sp.pts.append(_apply(ctm, v[i], v[i + 1]))
                # "h": closes; no new point
        elif op in ("W", "W*"):
            clip_ops.append(inst)
        elif op in _PAINT:
            stroke = op in _STROKES
            fill = op in _FILLS
            kept: list[_Subpath] = []
            if fill and op in ("f*", "B*", "b*") and _is_frame(subpaths, thin):
                stats.thin_fills += 1
            elif fill:
                for sp in subpaths:
                    if sp.thin(thin, clip):
                        stats.thin_fills += 1
                    elif sp.is_rect() and not keep_fills:
                        stats.rect_fills += 1
                    else:
                        kept.append(sp)
                        stats.kept_fills += 1
            if stroke:
                stats.strokes += 1
            if clip_ops:
                # keep the whole path for the clip; paint only if something is kept
                for sp in subpaths:
                    out.extend(sp.ops)
                out.extend(clip_ops)
                if op == "n" or not (fill and kept):
                    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("n")))
                else:
                    # cannot drop part of a clipping path: keep all subpaths filled
                    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator(_fill_only(op))))
            elif op == "n":
                pass  # a path ended without painting or clipping: nothing to draw
            elif fill and kept:
                closing = op in ("b", "b*")
                for sp in kept:
                    out.extend(sp.ops)
                    if closing:
                        out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("h")))
                out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator(_fill_only(op))))
            if clip_ops:
                boxes = [sp.bbox() for sp in subpaths]
                if boxes:
                    union = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                             max(b[2] for b in boxes), max(b[3] for b in boxes))
                    clip = _intersect(union, clip)
            subpaths = []
            clip_ops = []
        elif op == "Do":
            on_do(operands[0], ctm)
            out.append(inst)
        else:
            out.append(inst)
    return out


def _fill_only(op: str) -> str:
    return {"f": "f", "F": "f", "f*": "f*", "B": "f", "B*": "f*", "b": "f", "b*": "f*"}[op]


def _process_resources(resources, keep_fills: bool, thin: float, stats: _Stats, seen: set):
    """Return an on_do callback that rewrites Form XObjects named in ``resources``."""

    def on_do(name, do_ctm: Matrix) -> None:
        if resources is None or "/XObject" not in resources:
            return
        xobjs = resources.XObject
        key = str(name)
        if key not in xobjs:
            return
        xo = xobjs[key]
        if xo.get("/Subtype") != pikepdf.Name.Form:
            return
        og = xo.objgen
        if og in seen and og != (0, 0):
            return
        seen.add(og)
        m = tuple(float(x) for x in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        form_ctm = _mul(m, do_ctm)  # type: ignore[arg-type]
        inner = _process_resources(xo.get("/Resources", resources), keep_fills, thin, stats, seen)
        instrs = pikepdf.parse_content_stream(xo)
        new = _filter(instrs, form_ctm, keep_fills, thin, stats, inner)
        xo.write(pikepdf.unparse_content_stream(new))

    return on_do


def _page_resources(page_dict):
    """/Resources of a page, inherited from the page tree when the page has none."""
    node, depth = page_dict, 0
    while node is not None and depth < 64:
        if "/Resources" in node:
            return node.Resources
        node, depth = node.get("/Parent"), depth + 1
    return None


def strip_rules(
    src: Union[bytes, str, os.PathLike], *, keep_fills: bool = False, thin: float = 2.0,
    stats: _Stats | None = None,
) -> bytes:
    """PDF (bytes or path) -> PDF bytes without table rules (see module docstring)."""
    stats = stats if stats is not None else _Stats()
    data = bytes(src) if isinstance(src, (bytes, bytearray)) else open(src, "rb").read()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen: set = set()
        for page in pdf.pages:
            on_do = _process_resources(_page_resources(page.obj), keep_fills, thin, stats, seen)
            instrs = pikepdf.parse_content_stream(page)
            new = _filter(instrs, _IDENT, keep_fills, thin, stats, on_do)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(new))
        buf = io.BytesIO()
        pdf.save(buf)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--keep-fills", action="store_true", help="keep filled rectangles wider than --thin (shading)")
    ap.add_argument("--thin", type=float, default=2.0, help="fills thinner than this (pt) are rules (default 2)")
    a = ap.parse_args(argv)
    stats = _Stats()
    out = strip_rules(a.input, keep_fills=a.keep_fills, thin=a.thin, stats=stats)
    with open(a.output, "wb") as fh:
        fh.write(out)
    print(
        f"{a.output}: dropped {stats.strokes} stroked paths, {stats.thin_fills} thin fills, "
        f"{stats.rect_fills} filled rectangles; kept {stats.kept_fills} fills",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
