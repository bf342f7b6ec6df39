"""Typed values from committee-paper text: periods, deadlines, figures, comparators, directions.

    normalise_texts(texts, plan_year) -> list[Typed]   # batch, one shared spaCy pipeline
    normalise_text(text, plan_year) -> Typed
    plan_year_of(title) -> int | None                  # "Delivery Plan 2022-23" -> 2022
    fill_normalised(datasets, plan_year) -> None       # in normalise.columns

Percentages are percent points (76% -> 76.0, unit "percent"). See `quantities` and `periods`
for the rules, `model.Typed` for the fields.
"""
from normalise.model import Flag, Period, Typed
from normalise.reader import normalise_text, normalise_texts, plan_year_of

__all__ = ["Flag", "Period", "Typed", "normalise_text", "normalise_texts", "plan_year_of"]
