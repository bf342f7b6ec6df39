"""The batch API: texts in, `Typed` out, with one shared spaCy pipeline run through `nlp.pipe`.

`read_doc` walks the ruler's spans once, hands periods to `periods` and figures to
`quantities`, and assembles one `Typed`. Nothing here guesses: what is ambiguous comes back
null with a flag, what is unreadable comes back null with the raw text kept in `Typed.text`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from normalise import quantities as q
from normalise import vocab
from normalise.model import PERIOD, Flag, Period, Typed
from normalise.calendar import year_to
from normalise.periods import (
    MARKER_LABELS,
    financial_year_of,
    MONTH_TOKEN_RE,
    PERIOD_LABELS,
    NotAPeriod,
    choose_due,
    choose_period,
    marker_before,
    read_span,
)
from normalise.rules import SPANS_KEY, clean, get_nlp, may_hold_spans

BATCH_SIZE = 256


def normalise_texts(texts: Iterable[str | None], plan_year: int | None) -> list[Typed]:
    """Read every text (None and "" read as empty). Repeated texts are read once."""
    cleaned = [clean(t) for t in texts]
    unique = list(dict.fromkeys(cleaned))
    todo = [t for t in unique if t and t.lower() not in vocab.PLACEHOLDERS and may_hold_spans(t)]
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
    units_notes: set[tuple[str, float]] = set()
    covered = [False] * len(doc)
    last_end = -1
    for span in spans:
        label = span.label_
        if label == "MONTH" and any(t.text == "may" for t in span):
            continue  # "may" the verb
        if label == "YEAR" and _names_a_law(doc, span):
            continue  # "Care Act 2014", "Regulations (2016)"
        if label == "YEAR" and span.start > 0 and doc[span.start - 1].lower_ in vocab.SEASONS:
            found.append((None, Flag(PERIOD, f"season {doc[span.start - 1].text} {span.text}"), label))
            continue  # "by Autumn 2025": no month to read
        if label in PERIOD_LABELS:
            if label == "YTD" and found and found[-1][2] == "MONTH" and last_end == span.start:
                found[-1] = _year_to(found[-1])  # "up to December 2021 Year to Date"
                continue
            try:
                period, flag = _read_period(doc, span, plan_year)
            except NotAPeriod:
                figure = q.range_figure(doc, span, depths)
                if figure:
                    figures.append(figure)
                continue
            found.append((period, flag, label))
            last_end = span.end
            marker = marker_before(doc, span, markers)
            if marker is not None and not _names_a_level(doc, span):
                if marker == "FROM" and (_is_range(span) or _several_years(period)):
                    marker = "WEAK"  # "from July 2020 to June 2022": done by the end of the span
                when = None if period is None else (period.start if marker == "FROM" else period.end)
                # a date in brackets ("(due March 2022)") only counts when no other does
                strength = MARKER_LABELS[marker] + (len(MARKER_LABELS) if depths[span.start] else 0)
                due_candidates.append((strength, when, flag))
            covered[span.start:span.end] = [True] * len(span)
        elif label in MARKER_LABELS:
            covered[span.start:span.end] = [True] * len(span)
        elif label == "UNITS" or (label == "QTY" and q.UNITS_NOTE_RE.match(span.text)):
            units_notes.add(q.units_note(span.text))
        elif label == "QTY":
            span = q.widen(doc, span)  # type: ignore[assignment]
            if span is None:
                continue
            figure = q.read_figure(doc, span, depths, comparator_at)
            if figure:
                figures.append(figure)
                after = doc[span.end].lower_ if span.end < len(doc) else ""
                if after in q.MORE_LESS and not _followed_by(doc, span.end + 1, "than"):  # "10% more activity"
                    verbs.append(q.MORE_LESS[after])
        elif label == "RATE":
            number = q._number(span[1].text)
            scale = vocab.SCALES.get(span[-1].lower_, 1.0) if len(span) > 2 else 1.0
            if number is not None:
                rate[(span.start, depths[span.start])] = f"per {number * scale:g}"
        elif label in q.DIRECTION_OF and not _is_adjective(doc, span):
            verbs.append(label)
    figures = q.follow_qualifiers(doc, figures)
    used_up = {f.start for f in figures if f.qualifier}
    comparators = [(s.label_, depths[s.start], s.start, s.end, s.text.lower()) for s in spans
                   if s.label_ in q.COMPARATOR_OF and s.end not in used_up]
    note = units_notes.pop() if len(units_notes) == 1 else None
    reading = q.choose(doc, text, figures, comparators, verbs, rate, "ELIM" in verbs, note)
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


def _followed_by(doc: Doc, i: int, word: str) -> bool:
    return i < len(doc) and doc[i].lower_ == word


def _is_adjective(doc: Doc, span: Span) -> bool:
    """"a maintained school", "the increased offer": a participle after an article describes;
    "Homelessness Reduction Act", "Future Cost Increase Avoidance": a capitalised word after
    another is part of a name."""
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    if len(span) == 1 and span[0].lower_.endswith("ed") and before.lower_ in ("a", "an", "the"):
        return True
    return span[0].is_title and before.is_title and before.is_alpha  # a name continues


def _names_a_law(doc: Doc, span: Span) -> bool:
    i = span.start - 1
    if i >= 0 and doc[i].text == "(":
        i -= 1
    return i >= 0 and doc[i].lower_ in vocab.LAW_WORDS


LEVEL_WORDS = {"level", "levels", "baseline", "baselines", "position", "figures", "activity", "rate", "rates", "data"}


def _names_a_level(doc: Doc, span: Span) -> bool:
    """"from 2021/22 levels": the period names a reference level, not a start or a deadline."""
    return span.end < len(doc) and doc[span.end].lower_ in LEVEL_WORDS


def _year_to(entry: tuple[Period | None, Flag | None, str]) -> tuple[Period | None, Flag | None, str]:
    """A month followed by "Year to Date": from its financial year's start to the month's end."""
    period, flag, label = entry
    return (period, flag, label) if period is None or period.end is None else (year_to(period.end), flag, label)


JOINS = {("QTR", "FY"): "QTR", ("FY", "QTR"): "QTR", ("FY", "YTD"): "YTD"}
FY_DASHES = {"-", "–", "—", "/"}
RANGE_WORDS = {"to", "-", "–", "—", "until", "till"}
RANGE_ENDS = {"FY", "QTR", "MONTH", "DMY", "DATE", "YEAR"}


def _joined(doc: Doc, spans: list[Span]) -> list[Span]:
    """Join a quarter or "YTD" to the financial year beside it ("Q1 2022/23", "22/23 YTD"), and
    two periods with "to" between into one RANGE ("2022/23 to 2024/25", "Q1 - Q2")."""
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:
            continue  # inside a span widened below
        if span.label_ == "YEAR" and span.end + 1 < len(doc) and doc[span.end].text in FY_DASHES \
                and doc[span.end + 1].shape_ in ("dd", "dddd"):  # "2022 - 23", "2022 / 23"
            span = Span(doc, span.start, span.end + 2, label="FY")
        elif span.label_ == "FY" and span.text[-1] in FY_DASHES and span.end < len(doc) \
                and doc[span.end].shape_ in ("dd", "dddd"):  # "2024- 25"
            span = Span(doc, span.start, span.end + 1, label="FY")
        if span.label_ == "MONTH":
            span = _with_day(doc, _with_year(doc, span))
            while out and out[-1].end > span.start:  # the day was read as a figure
                out.pop()
        prev = out[-1] if out else None
        joined = JOINS.get((prev.label_, span.label_)) if prev is not None and (
            prev.end == span.start or (prev.end + 1 == span.start and doc[prev.end].lower_ == "financial")) else None
        if joined:
            out[-1] = Span(doc, prev.start, span.end, label=joined)  # type: ignore[union-attr]
        elif prev is not None and prev.label_ == "QTR" and span.label_ == "FY" and prev.end + 1 == span.start \
                and doc[prev.end].lower_ in ("of", ","):  # "Quarter 3 of 2024-25", "Quarter 3, 2024/25"
            out[-1] = Span(doc, prev.start, span.end, label="QTR")
        elif prev is not None and prev.label_ in RANGE_ENDS and span.label_ in RANGE_ENDS \
                and _range_gap(doc, prev.end, span.start):
            out[-1] = Span(doc, prev.start, span.end, label="RANGE", kb_id=f"{prev.label_}|{span.label_}")
        else:
            out.append(span)
    return out


DAY_RE = re.compile(r"^(?:[1-9]|[12][0-9]|3[01]|0[1-9])(?:st|nd|rd|th)?$", re.I)


def _is_day(token: Token) -> bool:
    return bool(DAY_RE.match(token.text))


SPACED_YEAR_RE = re.compile(r"^[-–'’](\d{2})$")


def _with_year(doc: Doc, span: Span) -> Span:
    """"Dec -24", "Jun- 27": a month and a two-digit year that the PDF's spacing pulled apart;
    "March 31 2023": a day between them; "Oct 2024-25": a month of a financial year."""
    if span.end >= len(doc):
        return span
    after = doc[span.end].text
    if len(span) == 2 and _is_day(span[-1]):  # "March 31 2023", "March 31, 2023": not March 2031
        year_at = span.end + 1 if after == "," else span.end
        if year_at < len(doc) and doc[year_at].shape_ == "dddd":
            return Span(doc, span.start, year_at + 1, label="MONTH")
    if len(span) != 1 or MONTH_TOKEN_RE.match(span.text):
        return span
    if SPACED_YEAR_RE.match(after) or (span.text[-1] in "-–" and len(after) == 2 and after.isdigit()) \
            or financial_year_of(after) is not None:  # "Oct 2024-25"
        return Span(doc, span.start, span.end + 1, label="MONTH")
    return span


def _with_day(doc: Doc, span: Span) -> Span:
    """A month with its day before it: "1 July 2022", "22 nd January 2015" (MONTH), "20-Apr-11" (DMY)."""
    start = span.start
    if start >= 1 and _is_day(doc[start - 1]) and not MONTH_TOKEN_RE.match(span[0].text):
        return Span(doc, start - 1, span.end, label="MONTH")  # "Coffee table 1 Apr-04" keeps its 1
    if start < 2 or not _is_day(doc[start - 2]):
        return span
    before = doc[start - 1]
    if before.lower_ in ("st", "nd", "rd", "th"):
        return Span(doc, start - 2, span.end, label="MONTH")
    if before.text in ("-", "/", ".") and len(span) == 1 and not before.whitespace_ \
            and not doc[start - 2].whitespace_ and MONTH_TOKEN_RE.match(span.text):
        return Span(doc, start - 2, span.end, label="DMY")
    return span


def _range_gap(doc: Doc, end: int, start: int) -> bool:
    """"to", "-" or "to the" between two periods."""
    gap = [t.lower_ for t in doc[end:start]]
    return gap[:1] and gap[0] in RANGE_WORDS and (len(gap) == 1 or gap[1:] == ["the"])  # type: ignore[return-value]


def _read_period(doc: Doc, span: Span, plan_year: int | None) -> tuple[Period | None, Flag | None]:
    """`read_span`, and a RANGE from the start of its first period to the end of its last."""
    if span.label_ != "RANGE":
        return read_span(span, plan_year)
    first_label, last_label = span.kb_id_.split("|")
    if first_label == last_label == "MONTH":  # "13th June - 25th July 2023": the year is shared
        return read_span(Span(doc, span.start, span.end, label="MONTH"), plan_year)
    cut = next(i for i in range(span.start + 1, span.end) if doc[i].lower_ in RANGE_WORDS)
    after = cut + 2 if doc[cut + 1].lower_ == "the" else cut + 1
    first, first_flag = read_span(Span(doc, span.start, cut, label=first_label), plan_year)
    last, last_flag = read_span(Span(doc, after, span.end, label=last_label), plan_year)
    if first is None or last is None:
        return None, first_flag or last_flag
    if first.start is None or last.end is None or last.end < first.start:
        return None, Flag(PERIOD, f"range {span.text!r} ends before it starts")
    return Period(first.start, last.end), None


def _several_years(period: Period | None) -> bool:
    """"2029-32": calendar years written as one token are a span too."""
    return period is not None and period.start is not None and period.end is not None \
        and (period.end - period.start).days > 366


def _is_range(span: Span) -> bool:
    return span.label_ == "RANGE" or any(t.lower_ in RANGE_WORDS for t in span[1:])
