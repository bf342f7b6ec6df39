"""The typed result of reading one string, and the flags that say why a field stayed null.

Kept apart from the rules so the columns module, the tests and the benchmarks can name the
result type without building the spaCy pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Fields a flag can concern. `fill_normalised` keeps only the flags of the fields it uses,
# so a "several periods" note on a target never reaches a target column's row.
VALUE, PERIOD, DUE, DIRECTION, COMPARATOR = "value", "period", "due", "direction", "comparator"


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days, both ends inclusive; an end of None means "not printed"."""

    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class Flag:
    """Why a field is null (ambiguous or unreadable), or a note a reader must see (`change`)."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Typed:
    """Everything read from one string. Nulls mean "not stated or not readable", never zero.

    value/unit: the figure the string states (percent in percent points: "76%" -> 76.0).
    comparator: ">=", "<=" or "=" (a stated figure with no comparing word reads as "=").
    direction: "increase", "decrease" or "maintain", from the verbs only.
    start/end: the one period the string names (a month, quarter, financial year, ...).
    due: the deadline ("by March 2024" -> 2024-03-31; "from April 2023" -> 2023-04-01).
    """

    text: str
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    direction: str | None = None
    start: date | None = None
    end: date | None = None
    due: date | None = None
    flags: tuple[Flag, ...] = field(default=())

    def flags_for(self, *fields: str) -> list[str]:
        """The flags about `fields`, as text."""
        return [str(f) for f in self.flags if f.field in fields]
