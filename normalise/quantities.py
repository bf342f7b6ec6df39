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
NUMBER_RE = re.compile(r"^[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
RANGE_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*[-–—/]\s*(\d[\d,]*(?:\.\d+)?)$")
STACKED_LINE_RE = re.compile(r"^[£$€]?\s*[-−]?[\d,]+(?:\.\d+)?\s*(?:%|[kmb]n?)?$", re.I)
# A units note ("£000s", "£'000", "£m") says the bare figures beside it are in that currency and scale.
UNITS_NOTE_RE = re.compile(r"^([£$€])\s*['’]?\s*(000|000s|000['’]s|k|m|mn|bn|million|billion|thousand)(?:\s*['’]?s)?$", re.I)
SIGNS = {"-", "−", "+"}
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


BRACKETS_RE = re.compile(r"[()\[\]]")


class Depths:
    """Bracket depth at a token (an unclosed "(" runs to the end), worked out only for the
    tokens asked about: walking every token of every text cost more than the matching."""

    __slots__ = ("doc", "marks", "start_depth")

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.marks = [(m.start(), m.group() in "([") for m in BRACKETS_RE.finditer(text)] \
            if "(" in text or "[" in text or ")" in text else []
        # a fragment that starts inside brackets ("£10m) The budget ..."): its head is bracketed
        balance = lowest = 0
        for _, opens in self.marks:
            balance += 1 if opens else -1
            lowest = min(lowest, balance)
        self.start_depth = -lowest

    def __getitem__(self, i: int) -> int:
        if not self.marks:
            return 0
        position, depth = self.doc[i].idx, self.start_depth
        for at, opens in self.marks:
            if at >= position:
                break
            depth = depth + 1 if opens else max(depth - 1, 0)
        return depth


def paren_depths(doc: Doc, text: str) -> Depths:
    """Bracket depth of every token, read lazily; `text` is the doc's."""
    return Depths(doc, text)


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace("−", "-")
    if text.lower() in vocab.WORD_NUMBERS:
        return float(vocab.WORD_NUMBERS[text.lower()])
    try:
        return float(text)
    except ValueError:
        return None


TIME_WORDS = {"am", "pm", "a.m.", "p.m.", "noon"}


def widen(doc: Doc, span: Span) -> Span | None:
    """The whole figure around a QTY span: a sign glued to its currency ("-£1.4m"), "per cent",
    a hyphened duration ("12-hour"); None for a time of day ("10.00 am")."""
    start, end, size = span.start, span.end, len(doc)
    after = doc[end].lower_ if end < size else ""
    if after in TIME_WORDS:
        return None
    if end + 1 < size and ((after == "per" and doc[end + 1].lower_ == "cent")
                           or (after in ("-", "–") and doc[end + 1].lower_ in vocab.DURATIONS)):
        end += 2
    elif after in vocab.SCALES and len(after) > 2 and span[-1].lower_ in vocab.WORD_NUMBERS:
        end += 1  # "one million"
    if start > 0 and doc[start].text in vocab.CURRENCIES and doc[start - 1].text in SIGNS \
            and not doc[start - 1].whitespace_:
        start -= 1
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, label=span.label)


def read_figure(doc: Doc, span: Span, depths: Depths, comparators: dict[int, Span]) -> Figure | None:
    """A QTY span as a Figure; `comparators` maps a token index to the comparator ending there."""
    value, unit, scale, duration, hyphen, sign = None, "count", 1.0, None, False, 1.0
    for token in span:
        low = token.lower_
        if token.i == span.start and token.text in SIGNS:
            sign = -1.0 if token.text != "+" and not token.whitespace_ else 1.0  # "-£1.4m", not "Q1 - £5m"
        elif token.text in vocab.CURRENCIES:
            unit = vocab.CURRENCIES[token.text]
        elif value is None and (NUMBER_RE.match(token.text) or low in vocab.WORD_NUMBERS):
            value = _number(token.text)
        elif low.rstrip(".") in vocab.SCALES:
            scale = vocab.SCALES[low.rstrip(".")]
        elif low in ("%", "percent", "cent"):
            unit = "percent"
        elif low in vocab.DURATIONS:
            duration, unit = low, vocab.DURATIONS[low]
        elif low in ("-", "–"):
            hyphen = True
    if value is None:
        return None
    value *= scale * sign
    before = comparators.get(span.start)
    qualifier = (
        (duration is not None and (hyphen or (duration in vocab.SINGULAR_DURATIONS and value != 1)))
        or (duration is not None and before is not None and before.text.lower() in vocab.THRESHOLDS)
        or (duration is not None and span.start > 0 and doc[span.start - 1].lower_ in vocab.TIMEFRAME)
        or (duration is not None and span.end < len(doc) and doc[span.end].lower_ in ("to", "ending", "ended"))
        or _names_something(doc, span, unit)
    )
    prev = _before(doc, span.start, comparators)
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    change = (prev is not None and doc[prev].lower_ == "by") or after in CHANGE_AFTER
    # "increased from 0.5%": the level a change starts from, not the level it aims at;
    # "7.3% to no more than 5%": the first figure is where the change starts
    qualifier = qualifier or (prev is not None and prev > 0 and doc[prev].lower_ == "from"
                              and doc[prev - 1].lower_ in vocab.CHANGE_VERBS) \
        or (after == "to" and span.end + 1 in comparators_from(comparators))
    return Figure(value, unit, span.start, span.end, depths[span.start], qualifier, change=change)


def comparators_from(comparators: dict[int, Span]) -> set[int]:
    """Token indexes where a comparator starts (`comparators` is keyed by where they end)."""
    return {span.start for span in comparators.values()}


def _before(doc: Doc, start: int, comparators: dict[int, Span]) -> int | None:
    """Index of the word before a figure, looking past a comparator ("by minimum of 25%")."""
    if start in comparators:
        start = comparators[start].start
    return start - 1 if start > 0 else None


def _names_something(doc: Doc, span: Span, unit: str = "count") -> bool:
    """"Section 75", "Year 6", "aged 14+", "3-monthly", "1 st", "[18]", "2) The ...": the number
    is a name, a modifier, a reference mark or a list marker."""
    if unit == "count" and span.start > 0 and doc[span.start - 1].lower_ in vocab.LABEL_WORDS | {"all"}:
        return True  # "Section 75", "all 10 hospitals": the number names ("Ward £8,000" is money)
    if unit == "count" and span.start > 1 and doc[span.start - 1].lower_ in ("under", "over", "aged") \
            and doc[span.start - 2].lower_ in vocab.PEOPLE:
        return True  # "children under 16", "people over 65": an age
    if _is_mark(doc, span):
        return True
    if span.end < len(doc):
        nxt = doc[span.end]
        if nxt.lower_ in ("st", "nd", "rd", "th", "s", "confidence", "ci"):
            return True  # ordinals; "95% confidence interval"
        if unit in ("count", *vocab.DURATIONS.values()) and (nxt.text == "+" or nxt.lower_ in ("upwards", "plus")):
            return True  # age bands ("14+", "16 years upwards"); "£6,215 plus NI" is money
        if nxt.lower_ == "and" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in ("upwards", "over"):
            return True
        if nxt.text in ("-", "–") and span.end + 1 < len(doc) and doc[span.end + 1].is_alpha \
                and doc[span.end + 1].lower_ not in vocab.DURATIONS \
                and not span[-1].whitespace_ and not nxt.whitespace_:
            return True  # "3-monthly"; not "£10m - individual amounts"
        if len(span) == 1 and span[0].lower_ in vocab.WORD_NUMBERS and span[0].is_title and nxt.is_title:
            return True  # "Four Oaks", "Three Rivers": a name
    return False


def _is_mark(doc: Doc, span: Span) -> bool:
    """"[18]" (a reference mark) or a leading "2)" / "2." (a list marker)."""
    if len(span) != 1:
        return False
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    if before in ("[", "(") and after in ("]", ")") and (before == "[" or span.start == 1):
        return True  # "[18]"; "(2) Ms Meade declared ..." at the start
    if span.start != 0 or span.end >= len(doc) or not doc[span.end:].text.strip():
        return False
    if after in (")", ".") and span.end + 1 < len(doc) and doc[span.end + 1].is_alpha:
        return True
    # "3.3 Health is ...": a paragraph number before a sentence
    nxt = doc[span.end]
    return bool(PARAGRAPH_RE.match(span.text)) and nxt.is_title and nxt.lower_ not in vocab.DURATIONS \
        and nxt.lower_ not in vocab.SCALES and span.end + 1 < len(doc) and doc[span.end + 1].is_lower


PARAGRAPH_RE = re.compile(r"^[1-9]\d?\.\d{1,2}$")
JOIN_WORDS = ("and", "or", ",", "&")
DURATION_UNITS = set(vocab.DURATIONS.values())


def follow_qualifiers(doc: Doc, figures: list[Figure]) -> list[Figure]:
    """A figure joined by "and"/"or"/"," to a qualifier of its unit is one too: "Pathways 0 and
    1", "10 years and within 20 years" (a band)."""
    out: list[Figure] = []
    for figure in figures:
        word = doc[figure.start - 1].lower_ if figure.start >= 1 else ""
        prev = out[-1] if out else None
        age_band = word == "to" and prev is not None and prev.start > 0 \
            and doc[prev.start - 1].lower_ in ("aged", "age", "ages")  # "aged 25 to 49 years"
        if (word in JOIN_WORDS or age_band) and not figure.qualifier and prev and prev.qualifier \
                and prev.end == figure.start - 1 and (prev.unit == figure.unit or age_band):
            figure = replace(figure, qualifier=True)
        out.append(figure)
    for i in range(len(out) - 2, -1, -1):  # backwards: a band's first bound
        figure, nxt = out[i], out[i + 1]
        if not figure.qualifier and nxt.qualifier and figure.unit in DURATION_UNITS and nxt.unit in DURATION_UNITS \
                and figure.end < len(doc) and doc[figure.end].lower_ in JOIN_WORDS and nxt.start - figure.end <= 4:
            out[i] = replace(figure, qualifier=True)
    return out


def range_figure(doc: Doc, span: Span, depths: Depths) -> Figure | None:
    """A span shaped like a financial year that is not one ("40-50", "11-18") is a range; with a
    slash it is no figure at all ("24/7", "12/14": round the clock, a reference)."""
    match = RANGE_RE.match(span.text.replace(" ", ""))
    if not match or "/" in span.text:
        return None
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    unit = "percent" if after == "%" else vocab.DURATIONS.get(after, "count")
    return Figure(None, unit, span.start, span.end, depths[span.start],
                  qualifier=_names_something(doc, span), is_range=True)


def units_note(text: str) -> tuple[str, float]:
    """(unit, scale) of a units note: "£000s" -> ("GBP", 1000.0)."""
    match = UNITS_NOTE_RE.match(text.replace(" ", ""))
    if not match:
        return "count", 1.0
    word = match.group(2).lower().rstrip("s").rstrip("'’")
    return vocab.CURRENCIES[match.group(1)], 1e3 if word.startswith("000") else vocab.SCALES[word]


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


def choose(doc: Doc, text: str, figures: list[Figure], comparators: list[tuple[str, int, int, int, str]], verbs: list[str],
           rate: dict[tuple[int, int], str], eliminate: bool,
           units_note: tuple[str, float] | None = None) -> Reading:
    """The value, unit, comparator and direction of a text from its figures and words.

    comparators: (label, bracket depth, start, end, lower-case words) of comparing words not used up by a qualifier.
    rate: (token index, bracket depth) of each "per N" -> its unit, applied to a count that it
    follows at the same depth. units_note: (unit, scale) of a "£000s" beside a bare figure.
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
    if any(not f.is_range for f in pool):  # "4.5% of 16-64": a plain range beside a figure is a band
        pool = [f for f in pool if not (f.is_range and f.unit == "count")]
    units_of = {f.value: f.unit for f in pool if f.unit != "count"}
    # "Ward £868.23 ... Total = 868.23": a bare repeat of a figure takes the figure's unit
    pool = [replace(f, unit=units_of[f.value]) if f.unit == "count" and f.value in units_of else f for f in pool]
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
    unit, value = figure.unit, figure.value
    if unit == "count" and units_note is not None and value is not None:
        unit, value = units_note[0], value * units_note[1]
    if unit == "count":
        unit = next((u for (i, d), u in sorted(rate.items()) if i >= figure.end and d == figure.depth), unit)
    comparator = _comparator(comparators, figure, flags, doc)
    if figure.change:
        flags.append(Flag(VALUE, "a change, not a level"))
    return Reading(value, unit, comparator, direction, tuple(flags))


def _show(figure: Figure) -> str:
    return "range" if figure.is_range else f"{figure.value:g} {figure.unit}"


def _direction(verbs: list[str], flags: list[Flag]) -> str | None:
    found = {DIRECTION_OF[v] for v in verbs}
    if len(found) > 1:
        flags.append(Flag(DIRECTION, "conflicting: " + ", ".join(sorted(found))))
        return None
    return found.pop() if found else None


# A comparing word applies to a figure it stands just before ("no less than 76%", "at least a
# 5% rise"), a closing one ("or below", "and over") just after it ("17.5% or below"). Elsewhere
# in the text only an unmistakable phrase ("at a minimum") counts: a lone "over" or "within"
# far from the figure is a preposition ("took over the service").
REACH_BEFORE, REACH_AFTER = 3, 2
PREPOSITIONS = {"over", "above", "under", "below", "within", "up to", "exceed", "exceeds", "exceeding", ">", "<"}


BETWEEN = {"a", "an", "the", "of", "to", "be", "at", "is", "are", "was", "by", "around", "about",
           "approximately", "approx", "c.", "circa", "target", "rate"}


def _applies(figure: Figure, start: int, end: int, words: str, doc: Doc) -> bool:
    gap = doc[end:figure.start] if end <= figure.start else None
    if gap is not None and len(gap) <= REACH_BEFORE and all(t.lower_ in BETWEEN for t in gap):
        return True
    if 0 <= start - figure.end <= REACH_AFTER:
        return words.split(" ", 1)[0] in ("or", "and")
    return words not in PREPOSITIONS


def _comparator(comparators: list[tuple[str, int, int, int, str]], figure: Figure, flags: list[Flag],
                doc: Doc) -> str | None:
    """The comparing words beside the figure, at its bracket depth; none stated reads as "="."""
    found = {COMPARATOR_OF[label] for label, depth, start, end, words in comparators
             if depth == figure.depth and _applies(figure, start, end, words, doc)} - {"="}
    if len(found) > 1:
        flags.append(Flag(COMPARATOR, "conflicting: " + ", ".join(sorted(found))))
        return None
    return found.pop() if found else "="
