"""The batch API: texts in, `Typed` out, with one shared spaCy pipeline run through `nlp.pipe`.

`read_doc` walks the ruler's spans once, hands periods to `periods` and figures to
`quantities`, and assembles one `Typed`. Nothing here guesses: what is ambiguous comes back
null with a flag, what is unreadable comes back null with the raw text kept in `Typed.text`.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from normalise import quantities as q
from normalise import vocab
from normalise.model import Flag, Period, Typed
from normalise.calendar import year_to
from normalise.periods import (
    MARKER_LABELS,
    PERIOD_LABELS,
    NotAPeriod,
    choose_due,
    choose_period,
    marker_before,
    read_span,
)
from normalise.rules import SPANS_KEY, clean, get_nlp

BATCH_SIZE = 256


def normalise_texts(texts: Iterable[str | None], plan_year: int | None) -> list[Typed]:
    """Read every text (None and "" read as empty). Repeated texts are read once."""
    cleaned = [clean(t) for t in texts]
    unique = list(dict.fromkeys(cleaned))
    todo = [t for t in unique if t and t.lower() not in vocab.PLACEHOLDERS]
    read = {t: Typed(t) for t in unique}
    for text, doc in zip(todo, get_nlp().pipe(todo, batch_size=BATCH_SIZE)):
        read[text] = read_doc(doc, plan_year, text)
    return [read[t] for t in cleaned]


def normalise_text(text: str | None, plan_year: int | None = None) -> Typed:
    """One text; for many, `normalise_texts` is much faster."""
    return normalise_texts([text], plan_year)[0]


def plan_year_of(text: str | None) -> int | None:
    """Start year of the plan's financial year named in a title ("Delivery Plan 2022-23" -> 2022).

    The first financial year written in the text; None when it names none.
    """
    if not text:
        return None
    doc = get_nlp()(clean(text))
    for span in doc.spans[SPANS_KEY]:
        if span.label_ == "FY":
            try:
                period, _ = read_span(span, None)
            except NotAPeriod:
                continue
            if period is not None and period.start is not None and period.start.month == 4:
                return period.start.year
    return None


def read_doc(doc: Doc, plan_year: int | None, text: str | None = None) -> Typed:
    """Everything one processed text states (see `Typed`); `text` saves rebuilding doc.text."""
    text = doc.text if text is None else text
    spans = _joined(doc, sorted(doc.spans[SPANS_KEY], key=lambda s: s.start))
    depths = q.paren_depths(doc, text)
    comparator_at = {s.end: s for s in spans if s.label_ in q.COMPARATOR_OF}
    markers = {s.end: s.label_ for s in spans if s.label_ in MARKER_LABELS}
    found: list[tuple[Period | None, Flag | None, str]] = []
    due_candidates = []
    figures: list[q.Figure] = []
    verbs: list[str] = []
    rate: dict[tuple[int, int], str] = {}
    covered = [False] * len(doc)
    last_end = -1
    for span in spans:
        label = span.label_
        if label == "MONTH" and any(t.text == "may" for t in span):
            continue  # "may" the verb
        if label in PERIOD_LABELS:
            if label == "YTD" and found and found[-1][2] == "MONTH" and last_end == span.start:
                found[-1] = _year_to(found[-1])  # "up to December 2021 Year to Date"
                continue
            try:
                period, flag = read_span(span, plan_year)
            except NotAPeriod:
                figure = q.range_figure(doc, span, depths)
                if figure:
                    figures.append(figure)
                continue
            found.append((period, flag, label))
            last_end = span.end
            marker = marker_before(doc, span, markers)
            if marker is not None and not _names_a_level(doc, span):
                when = None if period is None else (period.start if marker == "FROM" else period.end)
                # a date in brackets ("(due March 2022)") only counts when no other does
                strength = MARKER_LABELS[marker] + (len(MARKER_LABELS) if depths[span.start] else 0)
                due_candidates.append((strength, when, flag))
            covered[span.start:span.end] = [True] * len(span)
        elif label in MARKER_LABELS:
            covered[span.start:span.end] = [True] * len(span)
        elif label == "QTY":
            figure = q.read_figure(doc, span, depths, comparator_at)
            if figure:
                figures.append(figure)
                after = doc[span.end].lower_ if span.end < len(doc) else ""
                if after in q.MORE_LESS:  # "10% more elective activity"
                    verbs.append(q.MORE_LESS[after])
        elif label == "RATE":
            number = q._number(span[1].text)
            scale = vocab.SCALES.get(span[-1].lower_, 1.0) if len(span) > 2 else 1.0
            if number is not None:
                rate[(span.start, depths[span.start])] = f"per {number * scale:g}"
        elif label in q.DIRECTION_OF:
            verbs.append(label)
    figures = q.follow_qualifiers(doc, figures)
    used_up = {f.start for f in figures if f.qualifier}
    comparators = [(s.label_, depths[s.start]) for s in spans
                   if s.label_ in q.COMPARATOR_OF and s.end not in used_up]
    reading = q.choose(text, figures, comparators, verbs, rate, "ELIM" in verbs)
    period, period_flags = choose_period(found)
    only_dates = not due_candidates and len(found) == 1 and all(
        c or t.is_punct or t.lower_ in vocab.DATE_FILLER for c, t in zip(covered, doc))
    due, due_flag = choose_due(due_candidates, only_dates, [(p, f) for p, f, _ in found])
    return Typed(
        text=text,
        value=reading.value,
        unit=reading.unit,
        comparator=reading.comparator,
        direction=reading.direction,
        start=period.start if period else None,
        end=period.end if period else None,
        due=due,
        flags=(*reading.flags, *period_flags, *([due_flag] if due_flag else [])),
    )


LEVEL_WORDS = {"level", "levels", "baseline", "baselines", "position", "figures", "activity", "rate", "rates", "data"}


def _names_a_level(doc: Doc, span: Span) -> bool:
    """"from 2021/22 levels": the period names a reference level, not a start or a deadline."""
    return span.end < len(doc) and doc[span.end].lower_ in LEVEL_WORDS


def _year_to(entry: tuple[Period | None, Flag | None, str]) -> tuple[Period | None, Flag | None, str]:
    """A month followed by "Year to Date": from its financial year's start to the month's end."""
    period, flag, label = entry
    return (period, flag, label) if period is None or period.end is None else (year_to(period.end), flag, label)


JOINS = {("QTR", "FY"): "QTR", ("FY", "QTR"): "QTR", ("FY", "YTD"): "YTD"}


def _joined(doc: Doc, spans: list[Span]) -> list[Span]:
    """Join a quarter or "YTD" to the financial year beside it: "Q1 2022/23", "22/23 YTD"."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        joined = JOINS.get((prev.label_, span.label_)) if prev is not None and prev.end == span.start else None
        if joined:
            out[-1] = Span(doc, prev.start, span.end, label=joined)  # type: ignore[union-attr]
        else:
            out.append(span)
    return out
