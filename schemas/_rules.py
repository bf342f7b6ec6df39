"""Small builders for the GX expectations the dataset modules share.

Every expectation carries ``meta["reason"]``: the sentence written into the quarantine
``reasons`` column when a row fails it, so a reader of quarantine never has to decode a GX
expectation type. Great Expectations is imported inside the builders, not at module import:
it takes seconds to import, and code that only needs an Arrow schema should not pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation

DOC_ID_PATTERN = r"^[0-9a-f]{64}$"
# A percentage above this is a misread figure (a count or an amount read as a percent), not a
# rate: real targets above 100% exist (activity at 104% of 2019/20), ten times over do not.
PERCENT_MAX = 1000.0
# Committee papers of this century plan at most a few decades ahead; a date outside this
# window is a misread year ("2202", "1023"), not a plan.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2060, 12, 31)
# Columns computed outside GX from other rows or datasets (see schemas/cross_checks.py) start
# with this; they hold null, or the problem found with that row in words.
DERIVED = "__"


@dataclass
class Rules:
    """A dataset's expectations split by consequence.

    critical: a failing row is quarantined and not published.
    warning: a failing row is published and listed in the run's warnings.
    """

    critical: list[Expectation] = field(default_factory=list)
    warning: list[Expectation] = field(default_factory=list)


def _gxe() -> Any:
    import great_expectations.expectations as gxe

    return gxe


def _meta(reason: str) -> dict[str, str]:
    return {"reason": reason}


def not_null(column: str, **kw: Any) -> Expectation:
    return _gxe().ExpectColumnValuesToNotBeNull(
        column=column, meta=_meta(kw.pop("reason", f"{column} is null")), **kw
    )


def not_empty(column: str) -> Expectation:
    """Null is left to not_null; this catches "" and whitespace-only text."""
    return _gxe().ExpectColumnValuesToMatchRegex(
        column=column, regex=r"\S", meta=_meta(f"{column} is empty")
    )


def matches(column: str, regex: str, reason: str) -> Expectation:
    return _gxe().ExpectColumnValuesToMatchRegex(column=column, regex=regex, meta=_meta(reason))


def not_matches(column: str, regex: str, reason: str) -> Expectation:
    return _gxe().ExpectColumnValuesToNotMatchRegex(column=column, regex=regex, meta=_meta(reason))


def at_least(column: str, minimum: float) -> Expectation:
    return _gxe().ExpectColumnValuesToBeBetween(
        column=column, min_value=minimum, meta=_meta(f"{column} < {minimum}")
    )


def between(column: str, low: Any, high: Any, reason: str | None = None) -> Expectation:
    return _gxe().ExpectColumnValuesToBeBetween(
        column=column,
        min_value=low,
        max_value=high,
        meta=_meta(reason or f"{column} outside {low}..{high}"),
    )


def in_set(column: str, values: Iterable[Any], **kw: Any) -> Expectation:
    """Nulls pass: pair with not_null where the column is required."""
    values = list(values)
    return _gxe().ExpectColumnValuesToBeInSet(
        column=column,
        value_set=values,
        meta=_meta(kw.pop("reason", f"{column} not in {{{', '.join(map(str, values))}}}")),
        **kw,
    )


def length_between(column: str, low: int, high: int, reason: str | None = None) -> Expectation:
    return _gxe().ExpectColumnValueLengthsToBeBetween(
        column=column,
        min_value=low,
        max_value=high,
        meta=_meta(reason or f"{column} length outside {low}..{high}"),
    )


def unique(column: str) -> Expectation:
    """Every row sharing a duplicated value fails: GX cannot tell which copy is right."""
    return _gxe().ExpectColumnValuesToBeUnique(column=column, meta=_meta(f"{column} is duplicated"))


def unique_in_document(*columns: str) -> Expectation:
    """A key that names one row of its document (datasets are validated many documents at once)."""
    return _gxe().ExpectCompoundColumnsToBeUnique(
        column_list=["doc_id", *columns],
        ignore_row_if="any_value_is_missing",
        meta=_meta(f"{', '.join(columns)} is duplicated within its document"),
    )


def percent_in_range(value: str, unit: str) -> Expectation:
    """A figure whose unit is percent lies in 0..PERCENT_MAX."""
    return _gxe().ExpectColumnValuesToBeBetween(
        column=value,
        min_value=0.0,
        max_value=PERCENT_MAX,
        row_condition=column(unit) == "percent",
        meta=_meta(f"{value} is a percentage outside 0..{PERCENT_MAX:g}"),
    )


def plausible_date(name: str) -> Expectation:
    return between(
        name,
        EARLIEST_DATE,
        LATEST_DATE,
        reason=f"{name} outside {EARLIEST_DATE.year}..{LATEST_DATE.year}",
    )


def derived(name: str, reason: str) -> Expectation:
    """A check made in Python across rows or datasets, reported like any other: the derived
    column `name` holds the problem in words (null when there is none), appended to `reason`."""
    assert name.startswith(DERIVED), name
    return _gxe().ExpectColumnValuesToBeNull(column=name, meta={**_meta(reason), "derived": True})


def not_less(a: str, b: str) -> Expectation:
    """a >= b wherever both are present (page_end >= page_start, x1 >= x0, ...)."""
    return _gxe().ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=a,
        column_B=b,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        meta=_meta(f"{a} < {b}"),
    )


def doc_id() -> list[Expectation]:
    """Every curated row names its source PDF by the SHA-256 of its bytes."""
    return [
        not_null("doc_id"),
        matches("doc_id", DOC_ID_PATTERN, "doc_id is not 64 lowercase hex"),
    ]


def bbox() -> list[Expectation]:
    """Box corners in PDF points, top-left origin: right/bottom never before left/top."""
    return [not_less("x1", "x0"), not_less("bottom", "top")]


def page_range() -> list[Expectation]:
    return [at_least("page_start", 1), at_least("page_end", 1), not_less("page_end", "page_start")]


def column(name: str) -> Any:
    """A GX row-condition column, e.g. ``column("status") != "ok"``."""
    from great_expectations.expectations.row_conditions import Column

    return Column(name)
