"""The few pdfium calls made once per character or path segment, retyped for speed.

pypdfium2's bindings return typed pointer objects; turning each into a hashable address costs
more than the call itself, and a page has ~2,000 characters. The same C functions, declared
here with plain `c_void_p`/`int` types, return addresses as ints (cacheable per text object).
"""
from __future__ import annotations

import ctypes
import threading
from ctypes import POINTER, c_char_p, c_double, c_size_t, c_float, c_int, c_uint, c_void_p

import pypdfium2.raw as raw

__all__ = ["raw", "address", "RECT", "MATRIX", "LOCK"]

# pdfium is not thread-safe, and the flow extracts documents on threads: every use of it in
# a process goes through this lock (re-entrant, so a reader may check the file first).
LOCK = threading.RLock()

RECT = raw.FS_RECTF
MATRIX = raw.FS_MATRIX


def _retyped(function: object, restype: object, *argtypes: object) -> ctypes._CFuncPtr:  # type: ignore[name-defined]
    address_of = ctypes.cast(function, c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address_of)  # type: ignore[arg-type]


def address(pointer: object) -> int:
    """The address behind a pypdfium2 handle (0 for NULL)."""
    return ctypes.cast(pointer, c_void_p).value or 0


count_chars = _retyped(raw.FPDFText_CountChars, c_int, c_void_p)
page_text = _retyped(raw.FPDFText_GetText, c_int, c_void_p, c_int, c_int, c_void_p)
base_font_name = _retyped(raw.FPDFFont_GetBaseFontName, c_size_t, c_void_p, c_char_p, c_size_t)
text_object = _retyped(raw.FPDFText_GetTextObject, c_void_p, c_void_p, c_int)
loose_box = _retyped(raw.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, POINTER(RECT))
is_generated = _retyped(raw.FPDFText_IsGenerated, c_int, c_void_p, c_int)
unicode_of = _retyped(raw.FPDFText_GetUnicode, c_uint, c_void_p, c_int)
has_map_error = _retyped(raw.FPDFText_HasUnicodeMapError, c_int, c_void_p, c_int)
text_font = _retyped(raw.FPDFTextObj_GetFont, c_void_p, c_void_p)

count_objects = _retyped(raw.FPDFPage_CountObjects, c_int, c_void_p)
page_object = _retyped(raw.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
count_form_objects = _retyped(raw.FPDFFormObj_CountObjects, c_int, c_void_p)
form_object = _retyped(raw.FPDFFormObj_GetObject, c_void_p, c_void_p, c_uint)
object_type = _retyped(raw.FPDFPageObj_GetType, c_int, c_void_p)
object_matrix = _retyped(raw.FPDFPageObj_GetMatrix, c_int, c_void_p, POINTER(MATRIX))
object_bounds = _retyped(raw.FPDFPageObj_GetBounds, c_int, c_void_p, POINTER(c_float), POINTER(c_float),
                         POINTER(c_float), POINTER(c_float))
text_object_size = _retyped(raw.FPDFTextObj_GetFontSize, c_int, c_void_p, POINTER(c_float))
font_descent = _retyped(raw.FPDFFont_GetDescent, c_int, c_void_p, c_float, POINTER(c_float))
char_origin = _retyped(raw.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, POINTER(c_double), POINTER(c_double))
font_embedded = _retyped(raw.FPDFFont_GetIsEmbedded, c_int, c_void_p)
fill_color = _retyped(raw.FPDFPageObj_GetFillColor, c_int, c_void_p, POINTER(c_uint), POINTER(c_uint),
                      POINTER(c_uint), POINTER(c_uint))
draw_mode = _retyped(raw.FPDFPath_GetDrawMode, c_int, c_void_p, POINTER(c_int), POINTER(c_int))
count_segments = _retyped(raw.FPDFPath_CountSegments, c_int, c_void_p)
path_segment = _retyped(raw.FPDFPath_GetPathSegment, c_void_p, c_void_p, c_int)
segment_point = _retyped(raw.FPDFPathSegment_GetPoint, c_int, c_void_p, POINTER(c_float), POINTER(c_float))
segment_type = _retyped(raw.FPDFPathSegment_GetType, c_int, c_void_p)
segment_close = _retyped(raw.FPDFPathSegment_GetClose, c_int, c_void_p)
