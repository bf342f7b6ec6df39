"""Property tests: every reader of text in extractors/ takes any text without raising, and the
whole interpretation (after the PDF is read) takes any page of words.

Text is drawn from arbitrary unicode and from the pieces the rules look for (item numbers,
page ranges, periods, dates, bullets, RAG words, header vocabulary), so that half-matches reach
the code behind each regular expression, not just its first test.
"""
from __future__ import annotations

import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import agenda, columns, deliverables, front_sheet, indicators, measures, pdf_reader, rag, structure
from extractors import table_header, text_layer, text_lines
from extractors.model import Cell, Fill, Item, Page, Word
from extractors.pipeline import extract_pages
from extractors.record_ids import record_id
from schemas.registry import DATASETS, to_arrow

PIECES = st.sampled_from([
    "Agenda", "AGENDA", "Item", "4", "4a", "4.", "A1", "12)", "(Pages 5 - 10)", "(Page 3)", "(Pages 9 -)", "Pages",
    "Minutes", "Report of", "Date:", "Monday", "24", "July", "2023", "4th", "March,", "2025", "31", "February",
    "Q1", "Q5", "2022/23", "22/23", "Jan-23", "YTD", "Latest", "Baseline", "Target", "Aim", "Trajectory",
    "Deliverable", "Programme", "Owner", "Lead", "Timescale", "Due", "RAG", "Status", "Red", "AMBER", "g", "R",
    "•", "◦", "▪", "-", "–", "*", "\uf0b7", "(cid:127)", "(cid:3)", "n/a", "N/A", "—", "TBC", "%", "£260m",
    "76%", "1,234", "Committee", "Council", "NHS", "Trust", "Board", "Meeting", "held", "To:", "Members", "of",
    "the", "Delivery", "Plan", "Performance", "Report", "Summary", "Recommendations", "Portfolio", "Recovery",
    "\n", "", " ", "(", ")", ":", "/",
])
TEXT = st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=10).map(" ".join),
                 st.text(alphabet=string.digits + "()-–/.:, QqAaPpgesRED*•", max_size=24))
WORD_TEXT = st.one_of(PIECES, st.text(min_size=1, max_size=12)).filter(lambda t: t.strip() != "")
FLOATS = st.floats(allow_nan=True, allow_infinity=True)
COLOR = st.one_of(st.none(), st.tuples(FLOATS), st.tuples(FLOATS, FLOATS, FLOATS),
                  st.tuples(FLOATS, FLOATS, FLOATS, FLOATS), st.lists(FLOATS, max_size=6).map(tuple))
PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(TEXT, TEXT)
def test_line_text_helpers_never_raise(a: str, b: str) -> None:
    assert isinstance(text_lines.strip_bullet(a), str)
    assert isinstance(text_lines.join_wrapped(a, b), str)
    assert isinstance(pdf_reader.is_bold(a), bool)


@PROPERTIES
@given(st.lists(TEXT, max_size=8))
def test_header_readers_never_raise(headers: list[str]) -> None:
    roles = columns.column_roles(headers)
    assert len(roles) == len(headers)
    for text in headers:
        assert columns.role_of(text) is None or isinstance(columns.role_of(text), str)
        assert isinstance(columns.is_period_header(text), bool)
        assert isinstance(table_header.is_period_label(text), bool)
        assert isinstance(columns.unless_placeholder(text), str)
        assert isinstance(indicators.is_value_header(text), bool)
        assert isinstance(measures.portfolio_of(text), str)
    indicators._figures(headers)
    indicators._words(headers)


@PROPERTIES
@given(TEXT)
def test_dates_and_agenda_pieces_never_raise(text: str) -> None:
    found = front_sheet.parse_date(text)
    assert found is None or (isinstance(found[0], dt.date) and isinstance(found[1], bool))
    assert agenda._major(text) is None or agenda._major(text) >= 0
    item = agenda._Item(number="1", title_lines=[], title_x=0.0,
                        last=text_lines.Line([Word("x", 0, 0, 1, 1, 8, False, 1)]), page=1, box=(0, 0, 1, 1))
    rest = agenda._take_pages(text, item)
    assert isinstance(rest, str)
    assert item.pages is None or isinstance(item.pages[0], int)
    assert front_sheet._clean_committee(text) is None or isinstance(front_sheet._clean_committee(text), str)


@PROPERTIES
@given(TEXT, COLOR)
def test_rag_readers_never_raise(text: str, color: tuple[float, ...] | None) -> None:
    assert rag.rag_of_text(text) in (None, "RED", "AMBER", "GREEN")
    assert rag.rag_of_color(color) in (None, "RED", "AMBER", "GREEN")
    cell = Cell(items=[Item(text, 0)], bbox=None, page=1, fill=color)
    assert rag.cell_rag(cell, [cell]) in (None, "RED", "AMBER", "GREEN")


@PROPERTIES
@given(TEXT, st.lists(st.tuples(TEXT, st.integers(0, 3)), max_size=5), st.booleans(),
       st.integers(0, 50), st.integers(0, 50), st.integers(0, 5))
def test_record_readers_never_raise(text: str, items: list[tuple[str, int]], agenda_found: bool,
                                    plan_rows: int, indicator_rows: int, cover_sheets: int) -> None:
    cleaned, starred = deliverables._mark(text)
    assert isinstance(cleaned, str) and isinstance(starred, bool)
    assert all(isinstance(t, str) for t in deliverables.split_items([Item(t, level) for t, level in items]))
    assert structure.kind_of(text, text, has_agenda=agenda_found, n_plan_rows=plan_rows,
                             n_indicators=indicator_rows, n_cover_sheets=cover_sheets) in (
        "agenda_pack", "plan", "minutes", "performance_report", "report", "other")
    assert len(record_id(text, *items)) > 0


# -- whole pages ----------------------------------------------------------------------------

XS = [36.0, 120.0, 121.5, 250.0, 400.0, 560.0]
YS = [20.0, 40.0, 60.0, 62.0, 80.0, 100.0, 140.0, 300.0, 780.0, 820.0]


@st.composite
def words(draw: st.DrawFn, page: int) -> Word:
    """A word on a coarse layout grid (so that lines, columns and gutters do form), now and
    then somewhere absurd."""
    text = draw(WORD_TEXT)
    size = draw(st.sampled_from([0.0, 6.0, 8.0, 10.0, 12.0, 20.0]))
    if draw(st.integers(0, 20)) == 0:
        x0, top = draw(st.floats(-1e6, 1e9)), draw(st.floats(-1e6, 1e9))
    else:
        x0 = draw(st.sampled_from(XS)) + draw(st.sampled_from([0.0, 0.4, 3.0]))
        top = draw(st.sampled_from(YS)) + draw(st.sampled_from([0.0, 0.5, 1.5]))
    width = len(text) * size * 0.5 * draw(st.sampled_from([0.0, 0.5, 1.0, 3.0]))
    height = size or draw(st.sampled_from([0.0, 1.0]))
    return Word(text, x0, top, x0 + width, top + height, size, draw(st.booleans()), page)


HEADERS = st.sampled_from([
    "Deliverable", "Actions", "Programme", "Area", "Lead", "Owner", "Timescale", "Due date", "Baseline",
    "Target", "Aim", "Measure", "Objective", "Indicator", "Metric", "RAG", "Status", "Q1", "Q2", "Q4", "2022/23",
    "Jan-23", "Feb-23", "YTD", "Latest", "Trust", "Plan", "Actual", "",
])
BODY = st.one_of(PIECES, st.sampled_from(["12", "76%", "Red", "G", "A", "n/a", "by March 2024", "Improve access",
                                          "Reduce waits", "•", "Recovery"]), st.text(min_size=1, max_size=8))


@st.composite
def table_words(draw: st.DrawFn, page: int) -> tuple[list[Word], list[float], list[float]]:
    """Words set out as a table: a header row of column vocabulary, body rows of text and figures
    (a bold first cell now and then: a section row). Returns the words and the column and row
    edges, for a ruled grid."""
    n_cols, n_rows = draw(st.integers(2, 5)), draw(st.integers(2, 8))
    xs = [36.0 + i * draw(st.sampled_from([60.0, 110.0])) for i in range(n_cols + 1)]
    ys = [60.0 + j * draw(st.sampled_from([14.0, 24.0, 40.0])) for j in range(n_rows + 1)]
    out = []
    for j in range(n_rows):
        for i in range(n_cols):
            texts = draw(st.lists(HEADERS if j == 0 else BODY, max_size=3))
            bold = j == 0 or (i == 0 and draw(st.integers(0, 4)) == 0)
            x = xs[i] + 2
            for text in filter(str.strip, texts):
                out.append(Word(text, x, ys[j] + 2, x + 4.5 * len(text), ys[j] + 11, 9.0, bold, page))
                x += 4.5 * len(text) + 3
    return out, xs, ys


@st.composite
def pages(draw: st.DrawFn) -> tuple[list[Page], dict]:
    out, grids = [], {}
    for number in range(1, draw(st.integers(1, 3)) + 1):
        page_words = draw(st.lists(words(number), max_size=20))
        if draw(st.booleans()):
            cells, xs, ys = draw(table_words(number))
            page_words += cells
            grids[number] = [[[(a, top, b, bottom) for a, b in zip(xs, xs[1:])]
                              for top, bottom in zip(ys, ys[1:])]] if draw(st.booleans()) else []
            out.append(Page(number, 842.0, 595.0, page_words))
            continue
        fills = [Fill(x0, top, x0 + w, top + h, color)
                 for x0, top, w, h, color in draw(st.lists(st.tuples(
                     st.sampled_from(XS), st.sampled_from(YS), st.sampled_from([0.0, 80.0, 520.0]),
                     st.sampled_from([0.0, 15.0, 40.0]), COLOR), max_size=4))]
        width, height = draw(st.sampled_from([(595.0, 842.0), (842.0, 595.0), (0.0, 0.0), (4e10, 4e10)]))
        out.append(Page(number, width, height, page_words, fills))
        xs = sorted(set(draw(st.lists(st.sampled_from(XS), min_size=2, max_size=5))))
        ys = sorted(set(draw(st.lists(st.sampled_from(YS), min_size=2, max_size=6))))
        grid = [[None if draw(st.integers(0, 6)) == 0 else (a, top, b, bottom) for a, b in zip(xs, xs[1:])]
                for top, bottom in zip(ys, ys[1:])]
        grids[number] = [grid] if draw(st.booleans()) and len(grid) >= 2 and len(xs) >= 3 else []
    return out, grids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pages())
def test_interpretation_takes_any_page_of_words(drawn: tuple[list[Page], dict]) -> None:
    page_list, grids = drawn
    ex = extract_pages(page_list, grids, doc_id="f" * 64, source_name="fuzz.pdf", n_bytes=1)
    assert ex.document["status"] in ("ok", "no_text")
    assert ex.document["page_count"] == len(page_list)
    for name in DATASETS:  # and every row fits its schema
        if name != "documents":
            to_arrow(name, ex.datasets.get(name, []))


@PROPERTIES
@given(st.lists(WORD_TEXT, max_size=30))
def test_text_layer_check_never_raises(texts: list[str]) -> None:
    page = Page(1, 595.0, 842.0, [Word(t, 0, 0, 1, 1, 8, False, 1) for t in texts])
    assert text_layer.text_layer_problem([page]) in (None, text_layer.NO_TEXT, text_layer.UNMAPPED)
