"""Property tests: the readers never raise on arbitrary text, and fill output fits the schemas."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalise import normalise_texts, plan_year_of
from normalise.reader import read_doc
from normalise.rules import clean, get_nlp
from normalise.vocab import PLACEHOLDERS
from normalise.columns import fill_normalised
from schemas.registry import to_arrow

# Arbitrary unicode, plus text built from the pieces the rules look for, so that the odd
# corners of the rules (half a date, a lone "%", "Q9 2022/99") are reached, not just noise.
PIECES = st.sampled_from([
    "Q1", "Q5", "2022/23", "22/23", "2022-23", "FY23/24", "24/7", "Jan-23", "Feb-29", "31/02/22", "March",
    "May", "may", "2024", "by", "end", "of", "from", "throughout", "YTD", "Latest", "(", ")", "[", "%", "£",
    "260m", "1.2bn", "26K", "1,234", "-5", "0", "per", "100k", "over", "within", "78", "weeks", "2 hour",
    "eliminate", "reduce", "increase", "maintain", "at least", "or below", "= or <", "\n", "and", ",",
    "aged", "Year", "6", "40-50", "99-98", "1st", "Quarter", "4", "quarter",
    "20-Apr-11", "31-Feb-24", "-£5m", "+£1.2bn", "£000s", "£'000", "(£m)", "22", "nd", "to the", "as at",
    "Act", "[1]", "1)", "10.00", "am", "per cent", "2022–23", "30-09-2024", "of", "between", "2029-32",
    "rise", "one", "nine", "x", "next", "years", "-", "–", "/", "c.", "more than", "than",
])
TEXTS = st.one_of(st.text(), st.lists(PIECES, max_size=12).map(" ".join),
                  st.text(alphabet=string.digits + "/-.,%£() QqJjanFYy", max_size=30))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, max_size=8), st.one_of(st.none(), st.integers(1990, 2090)))
def test_normalise_texts_never_raises(texts: list[str], plan_year: int | None) -> None:
    typed = normalise_texts(texts, plan_year)
    assert len(typed) == len(texts)
    for t in typed:
        assert t.start is None or t.end is None or t.start <= t.end
        assert t.comparator in (None, ">=", "<=", "=")
        assert t.direction in (None, "increase", "decrease", "maintain")


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_plan_year_of_never_raises(text: str) -> None:
    year = plan_year_of(text)
    assert year is None or 1950 <= year <= 2099


ROW_TEXTS = st.one_of(st.none(), TEXTS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ROW_TEXTS, ROW_TEXTS, ROW_TEXTS), min_size=1, max_size=4),
       st.one_of(st.none(), st.integers(2000, 2050)))
def test_filled_rows_fit_the_schemas(cells: list[tuple], plan_year: int | None) -> None:
    doc = "0" * 64
    datasets = {
        "deliverables": [{"doc_id": doc, "deliverable_id": f"d{i}", "target_text": a, "due_text": b,
                          "baseline_text": c} for i, (a, b, c) in enumerate(cells)],
        "measures": [{"doc_id": doc, "measure_id": f"m{i}", "baseline_text": a} for i, (a, _, _) in enumerate(cells)],
        "trajectories": [{"doc_id": doc, "measure_id": "m0", "period_label": a, "planned_text": b}
                         for a, b, _ in cells],
        "indicators": [{"doc_id": doc, "indicator": "x", "period_label": a, "value_text": b, "target_text": c}
                       for a, b, c in cells],
    }
    fill_normalised(datasets, plan_year)
    for name, rows in datasets.items():
        table = to_arrow(name, rows)
        assert table.num_rows == len(cells)


WORDY = st.lists(st.one_of(PIECES, st.sampled_from([
    "cannot", "gonna", "don't", "Reduce", "MAY", "Sept", "fy", "per", "latest", "year-to-date", "one-off",
    "eliminated", "Thirty", "halve", "up", "down", "at", "most", "within", "x", "the", "Board", "approved",
])), max_size=10).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(alphabet=string.ascii_letters + " -'.,", max_size=40), WORDY), max_size=8))
def test_skipping_texts_without_spans_changes_nothing(texts: list[str]) -> None:
    """`may_hold_spans` only saves work: the full pipeline reads the same from every text."""
    for text, typed in zip(texts, normalise_texts(texts, 2023)):
        cleaned = clean(text)
        if cleaned and cleaned.lower() not in PLACEHOLDERS:
            assert typed == read_doc(get_nlp()(cleaned), 2023, cleaned)
