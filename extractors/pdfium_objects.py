"""One walk over a page's content objects (form XObjects opened), for text and paths alike.

pdfminer, whose view of a page pdfplumber reports, draws a form's contents where the form is
used; pdfium keeps forms as objects holding objects. The walk flattens them in content order
and gives each object its matrix to user space.
"""
from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from extractors import pdfium_api as api
from extractors.pdfium_frame import Affine, compose

TEXT, PATH, FORM = 1, 2, 5  # FPDF_PAGEOBJ_*
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PageObject:
    """A text or path object, in content order, with its own matrix composed into user space."""

    handle: int
    kind: int
    to_user: Affine


def _matrix_of(obj: int, matrix: Any) -> Affine:
    if not api.object_matrix(obj, ctypes.byref(matrix)):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _walk(count: int, get: Callable[[int], int], to_user: Affine, matrix: Any, out: list[PageObject]) -> None:
    for index in range(count):
        obj = get(index)
        kind = api.object_type(obj)
        if kind not in (TEXT, PATH, FORM):
            continue
        own = compose(_matrix_of(obj, matrix), to_user)
        if kind == FORM:
            _walk(api.count_form_objects(obj), lambda i, form=obj: api.form_object(form, i), own, matrix, out)
        else:
            out.append(PageObject(obj, kind, own))


def page_objects(page: int) -> list[PageObject]:
    """Text and path objects of a raw FPDF_PAGE (its address), forms flattened."""
    out: list[PageObject] = []
    _walk(api.count_objects(page), lambda i: api.page_object(page, i), IDENTITY, api.MATRIX(), out)
    return out
