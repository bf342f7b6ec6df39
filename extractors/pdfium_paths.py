"""Ruling edges and filled rectangles of a page, read from pdfium's path objects.

Ruled tables are found by pdfplumber's table algorithm from the page's edges; those edges must
be the ones pdfplumber would see. pdfplumber takes them from pdfminer's path objects: a path is
split at every moveto, a closed axis-aligned four-sided subpath is a rect (four edges), a single
segment is a line (one edge, "h" when flat, else "v"), anything else is a curve (one edge per
pair of consecutive on-curve points). This replays that classification on pdfium's segments.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import Any

from extractors import pdfium_api as api
from extractors.model import Fill
from extractors.pdfium_frame import Affine, Frame, compose
from extractors.pdfium_objects import PATH, PageObject

Edge = dict[str, Any]
Point = tuple[float, float]

LINETO, BEZIERTO, MOVETO = 0, 1, 2
MIN_FILL = 2.0  # points: thinner filled rects are rules, not cell shading
SUBPATH = re.compile(r"m[^m]+")


@dataclass
class Graphics:
    """pdfplumber-shaped edges (for the table finder) and the filled rectangles (shading)."""

    edges: list[Edge] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)


def _path_ops(obj: int, to_page: Affine, x: Any, y: Any) -> tuple[str, list[Point]]:
    """pdfminer's shape string and one point per operator ("c" keeps only its end point;
    "h" stands at its subpath's start), in pdfplumber's coordinates."""
    a, b, c, d, e, f = to_page
    shape: list[str] = []
    points: list[Point] = []
    start: Point = (0.0, 0.0)
    bezier_points = 0
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    for i in range(api.count_segments(obj)):
        segment = api.path_segment(obj, i)
        kind = api.segment_type(segment)
        api.segment_point(segment, x_ref, y_ref)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == BEZIERTO:
            bezier_points += 1
            if bezier_points % 3:
                continue  # a control point: pdfminer keeps only where the curve ends
            shape.append("c")
        elif kind == MOVETO:
            shape.append("m")
            start = point
        else:
            shape.append("l")
        points.append(point)
        if api.segment_close(segment):
            shape.append("h")
            points.append(start)
    return "".join(shape), points


def _bbox(points: list[Point]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _edge(kind: str, x0: float, top: float, x1: float, bottom: float, orientation: str | None) -> Edge:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _rect_edges(x0: float, top: float, x1: float, bottom: float) -> list[Edge]:
    return [_edge("rect_edge", x0, top, x1, top, "h"), _edge("rect_edge", x0, bottom, x1, bottom, "h"),
            _edge("rect_edge", x0, top, x0, bottom, "v"), _edge("rect_edge", x1, top, x1, bottom, "v")]


def _curve_edges(points: list[Point]) -> list[Edge]:
    edges = []
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        orientation = "v" if xa == xb else ("h" if ya == yb else None)
        edges.append(_edge("curve_edge", min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), orientation))
    return edges


def _is_rect(points: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    return last == points[0] and square


def _subpath(shape: str, points: list[Point], filled: bool, color: tuple[float, ...] | None, out: Graphics) -> None:
    """One subpath as pdfminer classifies it (see converter.PDFLayoutAnalyzer.paint_path)."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-1]
    if shape in ("mlh", "ml"):
        x0, top, x1, bottom = _bbox(points[:2])
        out.edges.append(_edge("line", x0, top, x1, bottom, "h" if top == bottom else "v"))
    elif shape in ("mlllh", "mllll") and _is_rect(points):
        x0, top, x1, bottom = _bbox([points[0], points[2]])
        out.edges.extend(_rect_edges(x0, top, x1, bottom))
        if filled and x1 - x0 > MIN_FILL and bottom - top > MIN_FILL:
            out.fills.append(Fill(x0, top, x1, bottom, color))
    else:
        out.edges.extend(_curve_edges(points))


def _path(obj: int, to_page: Affine, scratch: tuple[Any, ...], out: Graphics) -> None:
    x, y, fill_mode, stroke, rgba = scratch
    shape, points = _path_ops(obj, to_page, x, y)
    if not shape.startswith("m"):
        return
    api.draw_mode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
    filled = fill_mode.value != 0
    color = None
    if filled and api.fill_color(obj, *(ctypes.byref(v) for v in rgba)):
        color = tuple(v.value / 255 for v in rgba[:3])
    for match in SUBPATH.finditer(shape):
        _subpath(match.group(), points[match.start():match.end()], filled, color, out)


def page_graphics(objects: list[PageObject], frame: Frame) -> Graphics:
    """Edges and fills of every path among the page's objects."""
    out = Graphics()
    scratch = (ctypes.c_float(), ctypes.c_float(), ctypes.c_int(), ctypes.c_int(), tuple(ctypes.c_uint() for _ in range(4)))
    for obj in objects:
        if obj.kind == PATH:
            _path(obj.handle, compose(obj.to_user, frame.to_top_left), scratch, out)
    return out
