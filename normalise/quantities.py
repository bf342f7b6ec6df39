"""Read the figures of a text and pick its one stated value, unit, comparator and direction.

Representation: percentages are percent points ("76%" -> 76.0, unit "percent"); money is in
units of the currency ("£260m" -> 260000000.0, unit "GBP"); durations keep their unit
("13 weeks" -> 13.0, "weeks"); a figure per N of something is unit "per N" ("16 ... per 100
attendances" -> 16.0, "per 100"); any other plain figure is unit "count" (also decimals such as
a 1.161 ratio: "count" means "no unit printed").

Which figure is the value: figures that only say what is counted are set aside — durations
after "over"/"within" ("waits of over 78 weeks"), durations used as modifiers ("2 hour
response", "12-hour waits"), numbers that name things ("Section 75", "Year 6", "NHS 111"),
ages. Figures in brackets are secondary ("7,792 (30,318 Year-end)"). Of what remains, one
figure (or one repeated) is the value; several different ones, a range ("40-50") or figures
stacked on lines of one cell (a system figure above a trust figure) are ambiguous: the value
stays null and is flagged, never chosen. "Eliminate ..." states a target of = 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from normalise import vocab
from normalise.model import COMPARATOR, DIRECTION, VALUE, Flag

COMPARATOR_OF = {"GE": ">=", "LE": "<=", "EQ": "="}
DIRECTION_OF = {"INC": "increase", "DEC": "decrease", "MAINT": "maintain", "ELIM": "decrease"}
NUMBER_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
RANGE_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*[-–—/]\s*(\d[\d,]*(?:\.\d+)?)$")
STACKED_LINE_RE = re.compile(r"^[£$€]?\s*[-−]?[\d,]+(?:\.\d+)?\s*(?:%|[kmb]n?)?$", re.I)
MORE_LESS = {"more": "INC", "less": "DEC", "fewer": "DEC"}
CHANGE_AFTER = {"more", "less", "fewer", "increase", "reduction", "decrease", "rise", "fall", "uplift", "improvement", "year-on-year"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure in a text and what it is doing there."""

    value: float | None
    unit: str
    start: int
    end: int
    depth: int  # bracket depth: > 0 is secondary
    qualifier: bool = False  # says what is counted, not the figure
    is_range: bool = False
    change: bool = False  # "reduce by 25%": a change, not a level


def paren_depths(doc: Doc, text: str) -> list[int]:
    """Bracket depth of every token (an unclosed "(" runs to the end); `text` is the doc's."""
    if "(" not in text and "[" not in text:
        return [0] * len(doc)
    depths, depth = [], 0
    for token in doc:
        if token.text in ")]" and depth:
            depth -= 1
        depths.append(depth)
        if token.text in "([":
            depth += 1
    return depths


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace("−", "-")
    if text.lower() in vocab.WORD_NUMBERS:
        return float(vocab.WORD_NUMBERS[text.lower()])
    try:
        return float(text)
    except ValueError:
        return None


def read_figure(doc: Doc, span: Span, depths: list[int], comparators: dict[int, Span]) -> Figure | None:
    """A QTY span as a Figure; `comparators` maps a token index to the comparator ending there."""
    value, unit, scale, duration, hyphen = None, "count", 1.0, None, False
    for token in span:
        low = token.lower_
        if token.text in vocab.CURRENCIES:
            unit = vocab.CURRENCIES[token.text]
        elif value is None and (NUMBER_RE.match(token.text) or low in vocab.WORD_NUMBERS):
            value = _number(token.text)
        elif low in vocab.SCALES:
            scale = vocab.SCALES[low]
        elif low in ("%", "percent", "cent"):
            unit = "percent"
        elif low in vocab.DURATIONS:
            duration, unit = low, vocab.DURATIONS[low]
        elif low in ("-", "–"):
            hyphen = True
    if value is None:
        return None
    value *= scale
    before = comparators.get(span.start)
    qualifier = (
        (duration is not None and (hyphen or (duration in vocab.SINGULAR_DURATIONS and value != 1)))
        or (duration is not None and before is not None and before.text.lower() in vocab.THRESHOLDS)
        or _names_something(doc, span)
    )
    prev = _before(doc, span.start, comparators)
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    change = (prev is not None and doc[prev].lower_ == "by") or after in CHANGE_AFTER
    return Figure(value, unit, span.start, span.end, depths[span.start], qualifier, change=change)


def _before(doc: Doc, start: int, comparators: dict[int, Span]) -> int | None:
    """Index of the word before a figure, looking past a comparator ("by minimum of 25%")."""
    if start in comparators:
        start = comparators[start].start
    return start - 1 if start > 0 else None


def _names_something(doc: Doc, span: Span) -> bool:
    """"Section 75", "Year 6", "aged 14+", "3-monthly", "1 st": the number is a name or a modifier."""
    if span.start > 0 and doc[span.start - 1].lower_ in vocab.LABEL_WORDS | {"all"}:
        return True  # "Section 75", "all 10 hospitals": the number names, it does not measure
    if span.end < len(doc):
        nxt = doc[span.end]
        if nxt.text == "+" or nxt.lower_ in ("st", "nd", "rd", "th", "s", "upwards", "plus"):
            return True  # ordinals, age bands ("14+", "16 years upwards")
        if nxt.lower_ == "and" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in ("upwards", "over"):
            return True
        if nxt.text in ("-", "–") and span.end + 1 < len(doc) and doc[span.end + 1].is_alpha \
                and doc[span.end + 1].lower_ not in vocab.DURATIONS:
            return True
    return False


def follow_qualifiers(doc: Doc, figures: list[Figure]) -> list[Figure]:
    """"Pathways 0 and 1": a figure joined by "and"/"or"/"," to a qualifier is one too."""
    out: list[Figure] = []
    for figure in figures:
        joined = figure.start >= 1 and doc[figure.start - 1].lower_ in ("and", "or", ",", "&")
        prev = out[-1] if out else None
        if joined and not figure.qualifier and prev and prev.qualifier and prev.end == figure.start - 1 \
                and prev.unit == figure.unit:
            figure = replace(figure, qualifier=True)
        out.append(figure)
    return out


def range_figure(doc: Doc, span: Span, depths: list[int]) -> Figure | None:
    """A span shaped like a financial year that is not one ("40-50", "11-18") is a range."""
    match = RANGE_RE.match(span.text.replace(" ", ""))
    if not match:
        return None
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    unit = "percent" if after == "%" else vocab.DURATIONS.get(after, "count")
    return Figure(None, unit, span.start, span.end, depths[span.start],
                  qualifier=_names_something(doc, span), is_range=True)


def is_stacked(text: str) -> bool:
    """Figures alone on two or more lines of one cell ("2,925\\n1,680")."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and all(STACKED_LINE_RE.match(line) for line in lines)


@dataclass(frozen=True, slots=True)
class Reading:
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    direction: str | None = None
    flags: tuple[Flag, ...] = ()


def choose(text: str, figures: list[Figure], comparators: list[tuple[str, int]], verbs: list[str],
           rate: dict[tuple[int, int], str], eliminate: bool) -> Reading:
    """The value, unit, comparator and direction of a text from its figures and words.

    comparators: (label, bracket depth) of comparing words not used up by a qualifier.
    rate: (token index, bracket depth) of each "per N" -> its unit, applied to a count that it
    follows at the same depth.
    """
    flags: list[Flag] = []
    direction = _direction(verbs, flags)
    if is_stacked(text):
        return Reading(direction=direction, flags=(Flag(VALUE, "stacked figures"), *flags))
    # with "eliminate", a duration is what is eliminated ("waits of 104 weeks"), not the target
    primary = [f for f in figures if not f.qualifier and f.depth == 0
               and not (eliminate and f.unit in vocab.DURATIONS.values())]
    secondary = [f for f in figures if not f.qualifier and f.depth > 0]
    pool = primary or ([] if eliminate else secondary)
    distinct = {(f.value, f.unit, f.is_range): f for f in pool}
    if len(distinct) > 1:
        shown = ", ".join(_show(f) for f in distinct.values())
        return Reading(direction=direction, flags=(Flag(VALUE, f"several values: {shown}"), *flags))
    if not distinct:
        if eliminate:
            conflict = any(f.field == DIRECTION for f in flags)
            return Reading(0.0, "count", "=", direction or (None if conflict else "decrease"), tuple(flags))
        return Reading(direction=direction, flags=tuple(flags))
    figure = next(iter(distinct.values()))
    if figure.is_range:
        return Reading(direction=direction, flags=(Flag(VALUE, f"range: {text.strip()!r}"), *flags))
    unit = figure.unit
    if unit == "count":
        unit = next((u for (i, d), u in sorted(rate.items()) if i >= figure.end and d == figure.depth), unit)
    comparator = _comparator(comparators, figure, flags)
    if figure.change:
        flags.append(Flag(VALUE, "a change, not a level"))
    return Reading(figure.value, unit, comparator, direction, tuple(flags))


def _show(figure: Figure) -> str:
    return "range" if figure.is_range else f"{figure.value:g} {figure.unit}"


def _direction(verbs: list[str], flags: list[Flag]) -> str | None:
    found = {DIRECTION_OF[v] for v in verbs}
    if len(found) > 1:
        flags.append(Flag(DIRECTION, "conflicting: " + ", ".join(sorted(found))))
        return None
    return found.pop() if found else None


def _comparator(comparators: list[tuple[str, int]], figure: Figure, flags: list[Flag]) -> str | None:
    """The comparing words at the figure's bracket depth; none stated reads as "="."""
    found = {COMPARATOR_OF[label] for label, depth in comparators if depth == figure.depth} - {"="}
    if len(found) > 1:
        flags.append(Flag(COMPARATOR, "conflicting: " + ", ".join(sorted(found))))
        return None
    return found.pop() if found else "="
