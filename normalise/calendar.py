"""Pure date arithmetic for UK public-sector periods.

UK financial years run 1 April to 31 March: FY 2022/23 starts 2022-04-01. Quarters are of the
financial year: Q1 = Apr-Jun, Q2 = Jul-Sep, Q3 = Oct-Dec, Q4 = Jan-Mar (of the next calendar
year). A financial year is named by its start year everywhere in this package.
"""
from __future__ import annotations

import calendar
from datetime import date

from normalise.model import Period

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}


def month_number(word: str) -> int | None:
    """1-12 for a month name or its usual abbreviation ("Sept" too), else None."""
    word = word.lower().rstrip(".-–")
    if len(word) < 3:
        return None
    number = MONTHS.get(word[:3])
    full = calendar.month_name[number].lower() if number else ""
    return number if number and (full.startswith(word) or word == "sept") else None


def full_year(digits: str) -> int | None:
    """"2023" -> 2023, "23" -> 2023 (two digits are this century); None for anything else."""
    digits = digits.lstrip("'’-–")
    if not digits.isdigit() or len(digits) not in (2, 4):
        return None
    year = int(digits)
    return 2000 + year if len(digits) == 2 else year


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1]))


def calendar_years(first: int, last: int) -> Period:
    return Period(date(first, 1, 1), date(last, 12, 31))


def financial_year(start_year: int) -> Period:
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31))


def quarter(fy_start: int, number: int) -> Period:
    """Quarter `number` (1-4) of the financial year starting in April of `fy_start`."""
    first_month = 4 + 3 * (number - 1)
    year = fy_start + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    return Period(month(year, first_month).start, month(year, first_month + 2).end)


def year_to(day: date) -> Period:
    """From the start of the financial year holding `day` to `day`: a "year to date"."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return Period(date(start_year, 4, 1), day)


def fy_years(first: str, second: str) -> int | None:
    """Start year of a financial year written as two years ("2022","23"), or None if not one.

    The second year must follow the first: "24/7" or "12/14" are not financial years.
    """
    a, b = full_year(first), full_year(second)
    if a is None or b is None:
        return None
    return a if b % 100 == (a + 1) % 100 else None


def valid_date(year: int, month_: int, day: int) -> date | None:
    try:
        return date(year, month_, day)
    except ValueError:
        return None
