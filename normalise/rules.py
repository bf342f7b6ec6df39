"""The spaCy pipeline: a blank English tokenizer and one SpanRuler that marks every piece the
readers need (periods, deadline words, figures, comparing words, direction verbs).

Built once per process (`get_nlp`), because building the ruler costs far more than running it.
Nothing is downloaded: `spacy.blank("en")` ships with spaCy. The ruler only finds spans; what
a span means is decided by the small pure functions in `periods` and `quantities`.
"""
from __future__ import annotations

import functools
import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_suffix_regex

from normalise import vocab

SPANS_KEY = "norm"

NUM = {"TEXT": {"REGEX": r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"}}
YEAR2OR4 = {"TEXT": {"REGEX": r"^['’]?(?:\d{2}|\d{4})$"}}
FY_TOKEN = {"TEXT": {"REGEX": r"^(?:[Ff][Yy])?['’]?\d{2}(?:\d{2})?[/\\]\d{2}(?:\d{2})?$"}}
FY_FIRST = {"TEXT": {"REGEX": r"^(?:[Ff][Yy])?['’]?\d{2}(?:\d{2})?$"}}
DASH = {"ORTH": {"IN": ["-", "–", "—", "/"]}}
MONTH = [{"LOWER": {"IN": list(vocab.MONTH_WORDS)}}, {"ORTH": {"IN": ["May", "MAY"]}}]
MONTH_YEAR_TOKEN = {"LOWER": {"REGEX": r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[-'’]?\d{2}(?:\d{2})?$"}}
DAY = {"TEXT": {"REGEX": r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$"}}
QUARTER = [
    [{"TEXT": {"REGEX": r"^[Qq][1-4]$"}}],
    [{"LOWER": {"IN": ["quarter", "qtr"]}}, {"TEXT": {"REGEX": r"^[1-4]$"}}],
    [{"LOWER": {"IN": ["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"]}}, {"LOWER": "quarter"}],
]
FY = [
    [FY_TOKEN],
    [FY_FIRST, DASH, {"TEXT": {"REGEX": r"^\d{2}(?:\d{2})?$"}}],
    [{"LOWER": "fy"}, FY_TOKEN],
]
YTD = [[{"LOWER": w} for w in p.split()] for p in vocab.YTD]


def _tokenizer_suffixes(nlp: Language) -> None:
    """Split scale letters off figures ("26K", "1.2bn", "500k") so a pattern can see them."""
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[0-9])(?:bn|BN|k|K|m|M|mn)"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def _phrase(nlp: Language, phrase: str) -> list[dict[str, Any]]:
    return [{"LOWER": t.lower_} for t in nlp.make_doc(phrase)]


def _patterns(nlp: Language) -> list[dict[str, Any]]:
    """All ruler patterns as {"label", "pattern"} dicts."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    add = out.append
    # periods
    for fy in FY:
        add(("FY", fy))
        for q in QUARTER:
            add(("QTR", q + fy))
            add(("QTR", fy + q))
        for y in YTD:
            add(("YTD", fy + y))
    for q in QUARTER:
        add(("QTR", q))
    for y in YTD:
        add(("YTD", y))
    for m in MONTH:
        day_opt = {**DAY, "OP": "?"}
        add(("MONTH", [day_opt, m, {"ORTH": ",", "OP": "?"}, YEAR2OR4]))
        add(("MONTH", [day_opt, m]))
        for m2 in MONTH:  # ranges: "Apr 2022-Mar 2023", "April to June 2023"
            sep = {"LOWER": {"IN": ["-", "–", "to", "/"]}}
            add(("MONTH", [m, {**YEAR2OR4, "OP": "?"}, sep, m2, YEAR2OR4]))
    add(("MONTH", [MONTH_YEAR_TOKEN]))
    add(("DATE", [{"TEXT": {"REGEX": r"^\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|\d{4})$"}}]))
    add(("YEAR", [{"TEXT": {"REGEX": r"^(?:19[5-9]\d|20\d\d)$"}}]))
    for word in vocab.RELATIVE:
        add(("REL", _phrase(nlp, word)))
    # figures
    scale = {"LOWER": {"IN": list(vocab.SCALES)}}
    currency = {"ORTH": {"IN": list(vocab.CURRENCIES)}}
    percent = [[{"ORTH": "%"}, {"ORTH": "%", "OP": "?"}], [{"LOWER": "per"}, {"LOWER": "cent"}], [{"LOWER": "percent"}]]
    unit = {"LOWER": {"IN": list(vocab.DURATIONS)}}
    word_number = {"LOWER": {"IN": list(vocab.WORD_NUMBERS)}}
    add(("QTY", [NUM]))
    add(("QTY", [currency, NUM, {**scale, "OP": "?"}]))
    add(("QTY", [NUM, scale]))
    for p in percent:
        add(("QTY", [NUM, *p]))
    for n in (NUM, word_number):
        add(("QTY", [n, unit]))
        add(("QTY", [n, {"ORTH": {"IN": ["-", "–"]}}, unit]))
    add(("RATE", [{"LOWER": "per"}, NUM, {**scale, "OP": "?"}]))
    # words
    for label, phrases in (("GE", vocab.GE), ("LE", vocab.LE), ("EQ", vocab.EQ), ("INC", vocab.INCREASE_PHRASES),
                           ("BY", vocab.BY), ("WEAK", vocab.WEAK), ("FROM", vocab.FROM)):
        for phrase in phrases:
            add((label, _phrase(nlp, phrase)))
    for label, words in (("INC", vocab.INCREASE), ("DEC", vocab.DECREASE),
                         ("MAINT", vocab.MAINTAIN), ("ELIM", vocab.ELIMINATE)):
        add((label, [{"LOWER": {"IN": list(words)}}]))
    return [{"label": label, "pattern": pattern} for label, pattern in out]


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline (built on first use, then shared)."""
    nlp = spacy.blank("en")
    _tokenizer_suffixes(nlp)
    ruler = nlp.add_pipe("span_ruler", config={
        "spans_key": SPANS_KEY,
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": "LOWER",
    })
    ruler.add_patterns(_patterns(nlp))
    return nlp


WHITESPACE = re.compile(r"[ \t\r\f\v]+")


def clean(text: str | None) -> str:
    """Collapse runs of spaces (newlines kept: they separate stacked figures)."""
    return WHITESPACE.sub(" ", text or "").strip()
