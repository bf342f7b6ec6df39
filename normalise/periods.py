"""Read the period a span names, and pick a text's period and deadline from its spans.

Financial years and quarters follow `calendar` (April-March; Q1 = Apr-Jun). A quarter
printed without a year is read inside the document's plan year when one is known, else it
stays null with a flag. A month without a year stays null and flagged even then: a baseline's
"Year to end Jan" lies before the plan year, a target's "by September" inside it. "22/23 YTD" starts on 2022-04-01; its end is not printed, so it is
null and flagged. "Latest"/"Previous" name no period: null, flagged. A date after "by" is a
deadline at the end of what it names ("by March 2024" -> 2024-03-31); after "from", the start.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Span

from normalise import calendar as cal
from normalise.model import DUE, PERIOD, Flag, Period

PERIOD_LABELS = {"FY", "QTR", "MONTH", "DATE", "DMY", "YEAR", "YTD", "REL", "RANGE"}
MARKER_LABELS = {"BY": 0, "WEAK": 1, "FROM": 2}  # deadline strength: lower wins

FY_RE = re.compile(r"(?:fy)?['’]?(\d{2}(?:\d{2})?)[/\\\-–—](\d{2}(?:\d{2})?)$", re.I)
QUARTER_RE = re.compile(r"\bq(?:uarter|tr)?\s*([1-4])\b|\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter", re.I)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
MONTH_TOKEN_RE = re.compile(r"([a-z]+)\.?[-'’]?(\d{2}(?:\d{2})?)$", re.I)
ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
DATE_RE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
SEPARATORS = {"-", "–", "—", "to", "/"}


class NotAPeriod(Exception):
    """A span shaped like a period that is not one ("40-50", "24/7")."""


def financial_year_of(text: str) -> int | None:
    """Start year of a financial year written in `text` ("2022/23", "FY23/24"), or None."""
    match = FY_RE.search(text.replace(" ", ""))
    return cal.fy_years(*match.groups()) if match else None


def read_span(span: Span, plan_year: int | None) -> tuple[Period | None, Flag | None]:
    """The period one span names, or None with the reason. Raises NotAPeriod."""
    label = span.label_
    text = span.text
    if label == "REL":
        return None, Flag(PERIOD, f"relative period {text!r}")
    if label == "YEAR":
        return cal.calendar_years(int(text), int(text)), None
    if label == "DATE":
        iso = ISO_DATE_RE.match(text)
        match = DATE_RE.match(text)
        if iso is not None:
            y, m, d = iso.groups()
        elif match is not None:
            d, _, m, y = match.groups()
        else:
            raise NotAPeriod(text)
        day = cal.valid_date(cal.full_year(y) or 0, int(m), int(d)) if cal.full_year(y) else None
        if day is None:
            raise NotAPeriod(text)
        return Period(day, day), None
    if label == "DMY":  # "20-Apr-11": a day
        day_word, month_word = span[0].text, span[-1].text
        month_part = MONTH_TOKEN_RE.match(month_word)
        year = cal.full_year(month_part.group(2)) if month_part else None
        number = cal.month_number(month_part.group(1)) if month_part else None
        exact = cal.valid_date(year, number, int(day_word)) if year and number else None
        if exact is None:
            raise NotAPeriod(text)
        return Period(exact, exact), None
    if label == "FY":
        return _fy_or_years(text), None
    if label == "YTD":
        fy = financial_year_of(_strip_words(text))
        if fy is None:
            return None, Flag(PERIOD, "year to date without a year")
        return Period(cal.financial_year(fy).start, None), Flag(PERIOD, "year to date: end not printed")
    if label == "QTR":
        return _quarter(text, plan_year)
    return _months(span, plan_year)


def _strip_words(text: str) -> str:
    return re.sub(r"(?i)\b(ytd|year|to|date|fytd|financial|q[1-4]|quarter\s*[1-4])\b", " ", text).strip()


def _fy_or_years(text: str) -> Period:
    match = FY_RE.search(text.replace(" ", ""))
    if not match:
        raise NotAPeriod(text)
    first, second = match.groups()
    fy = cal.fy_years(first, second)
    if fy is not None:
        return cal.financial_year(fy)
    if len(first) == 4 and first[:2] in ("19", "20"):  # "2017-2020", "2020-23": calendar years
        last = int(second) if len(second) == 4 else int(first[:2] + second)
        if int(first) < last <= int(first) + 30:  # "Local Plan 2023-38"
            return cal.calendar_years(int(first), last)
    raise NotAPeriod(text)


def _quarter(text: str, plan_year: int | None) -> tuple[Period | None, Flag | None]:
    match = QUARTER_RE.search(text)
    if not match:
        raise NotAPeriod(text)
    number = int(match.group(1)) if match.group(1) else ORDINALS[match.group(2).lower()]
    rest = (text[: match.start()] + " " + text[match.end():]).strip()
    fy = financial_year_of(rest) if rest else None
    if fy is None and rest:
        raise NotAPeriod(text)
    year = fy if fy is not None else plan_year
    if year is None:
        return None, Flag(PERIOD, f"quarter {text!r} without a plan year")
    return cal.quarter(year, number), None


def _months(span: Span, plan_year: int | None) -> tuple[Period | None, Flag | None]:
    """One month or day ("March 2024", "1 July 2022", "Jan-23") or a range of them."""
    parts: list[list[str]] = [[]]
    for token in span:
        if token.lower_ in SEPARATORS and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(token.text)
    read = [_month_part(p) for p in parts]
    if len(read) == 2 and read[0][2] is None:  # "April to June 2023": the year is shared
        read[0] = (read[0][0], read[0][1], read[1][2])
    periods: list[Period] = []
    for day, number, year in read:
        if year is None:  # not read in the plan year: a baseline's "Jan" is before the plan
            return None, Flag(PERIOD, f"month {span.text!r} without a year")
        month = cal.month(year, number)
        if day is not None:
            exact = cal.valid_date(year, number, day)
            if exact is None:
                raise NotAPeriod(span.text)
            month = Period(exact, exact)
        periods.append(month)
    start, end = periods[0].start, periods[-1].end
    if start and end and end < start:
        return None, Flag(PERIOD, f"range {span.text!r} ends before it starts")
    return Period(start, end), None


def _month_part(words: Sequence[str]) -> tuple[int | None, int, int | None]:
    """(day, month, year) of one side of a month range."""
    day = number = year = None
    words = [w for w in words if w != "," and w.lower() not in ("st", "nd", "rd", "th", "the", "of")]
    for i, word in enumerate(words):
        joined = MONTH_TOKEN_RE.match(word)
        fy = financial_year_of(word) if number is not None and not word.isdigit() else None
        if joined and cal.month_number(joined.group(1)) and number is None:
            number, year = cal.month_number(joined.group(1)), cal.full_year(joined.group(2))
        elif cal.month_number(word) and number is None:
            number = cal.month_number(word)
        elif number is None or (day is None and i + 1 < len(words) and len(word) <= 2):
            day = int(re.sub(r"\D", "", word) or 0)  # "31 March 2023", "March 31 2023"
        elif fy is not None:  # "Oct 2024-25": the month of that financial year
            year = fy if number >= 4 else fy + 1
        else:
            year = cal.full_year(word)
    if number is None:
        raise NotAPeriod(" ".join(words))
    return day, number, year


def marker_before(doc: Doc, span: Span, markers: dict[int, str]) -> str | None:
    """The deadline/start word ending right before `span` ("by", "by end of", "from"), if any.

    One "the" may stand between: "in the first quarter".
    """
    start = span.start
    if start > 0 and doc[start - 1].lower_ == "the" and start - 1 in markers:
        return markers[start - 1]
    return markers.get(start)


def choose_due(candidates: list[tuple[int, date | None, Flag | None]], only_dates: bool,
               bare: list[tuple[Period | None, Flag | None]]) -> tuple[date | None, Flag | None]:
    """The deadline: from the strongest kind of marker present; else a cell that is only a date.

    candidates: (strength, date, flag) of each marked period. Several different dates of the
    strongest kind are ambiguous: null and flagged.
    """
    if candidates:
        best = min(c[0] for c in candidates)
        chosen = [c for c in candidates if c[0] == best]
    elif only_dates and len(bare) == 1:
        period, flag = bare[0]
        chosen = [(0, period.end if period else None, flag)]
    else:
        return None, None
    dates = {c[1] for c in chosen if c[1] is not None}
    flags = [c[2] for c in chosen if c[2] is not None]
    if len(dates) == 1 and not flags:
        return dates.pop(), None
    if len(dates) > 1:
        return None, Flag(DUE, "several dates: " + ", ".join(sorted(map(str, dates))))
    if flags:
        return None, Flag(DUE, flags[0].reason)
    return None, Flag(DUE, "end not printed")


def choose_period(found: list[tuple[Period | None, Flag | None, str]]) -> tuple[Period | None, list[Flag]]:
    """The one period a text names, from (period, flag, span label) of each period span.

    Several different periods, or a readable one beside one that could not be read, are
    ambiguous: null, flagged. "Latest", or "Year to Date" without a year, beside a date names
    no second period.
    """
    periods = list(dict.fromkeys(p for p, _, _ in found if p is not None))
    unread = [f for p, f, label in found if p is None and label not in ("REL", "YTD")]
    if len(periods) > 1 or (periods and unread):
        return None, [Flag(PERIOD, "several periods")]
    if periods:
        return periods[0], [f for p, f, _ in found if p == periods[0] and f is not None]
    return None, [f for _, f, _ in found if f is not None][:1]
