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
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from normalise import vocab

SPANS_KEY = "norm"

# Token tests use SHAPE / LOWER sets, which the Matcher checks in C; a REGEX predicate runs
# Python per token and pattern and made the ruler several times slower. Shapes cap a run of
# one kind of character at four ("12345" -> "dddd"); the readers re-check every span's text.
SIGNS = ("", "-", "+")
INTS = ("d", "dd", "ddd", "dddd", *(f"{lead},{rest}" for lead in ("d", "dd", "ddd")
                                   for rest in ("ddd", "ddd,ddd", "ddd,ddd,ddd", "ddd,ddd,ddd,ddd")))
DECIMALS = ("", ".d", ".dd", ".ddd", ".dddd")
NUM = {"SHAPE": {"IN": [s + i + d for s in SIGNS for i in INTS for d in DECIMALS]}}
YEARS = [str(y) for y in range(1950, 2100)]
YEAR2OR4 = {"LOWER": {"IN": [f"{q}{y:02d}" for q in ("", "'", "’") for y in range(100)] + YEARS}}
# "2022/23", "2022-23", "2022–23", "FY23/24" are one token (see `_tokenizer_rules`); so are
# ranges such as "40-50", which the reader tells apart from a financial year.
DIGITS = ("d", "dd", "ddd", "dddd")
FY_SHAPES = [f"{p}{a}{sep}{b}" for p in ("", "XX", "xx", "Xx") for a in DIGITS for b in (*DIGITS, "")
             for sep in ("/", "\\", "-", "–", "—")]  # "2024-" is half a year the PDF split: see the reader
FY_TOKEN = {"SHAPE": {"IN": FY_SHAPES}}
MONTH_YEAR_TOKEN = {"LOWER": {"IN": [f"{m}{sep}{y}" for m in (*vocab.MONTH_WORDS, "may") for sep in ("-", "", "'", "’")
                                     for y in (*(f"{n:02d}" for n in range(100)), *YEARS)]}}
THOUSANDS = {"LOWER": {"IN": ["000", "'000", "’000", "000s", "000's", "000’s", "k", "m", "mn", "bn", "million", "billion", "thousand"]}}


def _tokenizer_rules(nlp: Language) -> None:
    """Split what the readers must see apart: scale letters off figures ("26K", "1.2bn"), a sign
    or "c." off a currency ("-£1.4m", "c.£550k"), a dash off a bracket ("(2020)- 12%")."""
    # ")21": a reference mark glued to a closing bracket stays one token, never a figure.
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[0-9])(?:bn|BN|k|K|m|M|mn)", r"(?<=[%\w])\)\d{1,3}",
                r"(?<=[)\]])[-–—]"]
    prefixes = [r"[-−+](?=[£$€])", r"c\.(?=[£$€\d])", *nlp.Defaults.prefixes]
    # keep "2022-23" and "40-50" whole, as "2022–23" already is: the reader reads the token
    infixes = [r"(?<=[0-9])[+*^](?=[0-9-])" if "(?<=[0-9])[+\\-\\*^]" in pattern else pattern
               for pattern in nlp.Defaults.infixes] + [r"(?<=[0-9])%(?=[A-Za-z])"]  # "13%are"
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search


def _patterns() -> list[dict[str, Any]]:
    """All ruler patterns as {"label", "pattern"} dicts: token patterns, then phrase strings.

    Few token patterns on purpose (each is tried at every token and they are most of the
    pipeline's cost); fixed words go to the PhraseMatcher (one hash lookup per token). What
    only widens a span ("Q1 2022/23", "22 nd May 2024", "20-Apr-11", "-£5m", "5 per cent",
    "12-hour", "10 am") is done by the reader looking at the tokens beside it.
    """
    scale_or_unit = [*vocab.SCALES, *(f"{s}." for s in vocab.SCALES), "%", "percent", *vocab.DURATIONS]
    # lower-case "may" (the verb) is dropped by the reader; "Jun-" is a month the PDF split from its year
    months = [*vocab.MONTH_WORDS, "may", *(f"{m}-" for m in (*vocab.MONTH_WORDS, "may"))]
    month = {"LOWER": {"IN": months}}
    year = {**YEAR2OR4, "OP": "?"}
    token_patterns = [
        ("FY", [FY_TOKEN]),
        ("FY", [{"LOWER": "fy"}, FY_TOKEN]),
        ("MONTH", [month, {"ORTH": ",", "OP": "?"}, year]),
        ("UNITS", [{"ORTH": {"IN": list(vocab.CURRENCIES)}}, {"ORTH": {"IN": ["'", "’"]}, "OP": "?"}, THOUSANDS,
                   {"LOWER": {"IN": ["s", "'s", "’s"]}, "OP": "?"}]),
        ("MONTH", [month, year, {"LOWER": {"IN": ["-", "–", "to", "/"]}}, month, YEAR2OR4]),
        ("MONTH", [MONTH_YEAR_TOKEN]),
        ("DATE", [{"SHAPE": {"IN": [f"{d}{s}{m}{s}{y}" for d in ("d", "dd") for m in ("d", "dd")
                                    for y in ("dd", "dddd") for s in "/.-"] + ["dddd-dd-dd"]}}]),
        ("QTY", [{"ORTH": {"IN": list(vocab.CURRENCIES)}, "OP": "?"}, NUM,
                 {"LOWER": {"IN": scale_or_unit}, "OP": "?"}]),
        ("RATE", [{"LOWER": "per"}, NUM, {"LOWER": {"IN": list(vocab.SCALES)}, "OP": "?"}]),
    ]
    word_durations = [f"{n}{sep}{u}" for n in vocab.WORD_NUMBERS for u in vocab.DURATIONS for sep in (" ", "-")]
    quarters = [*(f"q{n}" for n in "1234"), *(f"quarter {n}" for n in "1234"), *(f"qtr {n}" for n in "1234"),
                *(f"{o} quarter" for o in ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"))]
    phrase_groups = (
        ("GE", vocab.GE), ("LE", vocab.LE), ("EQ", vocab.EQ), ("BY", vocab.BY), ("WEAK", vocab.WEAK),
        ("FROM", vocab.FROM), ("REL", vocab.RELATIVE), ("YTD", vocab.YTD), ("QTR", quarters),
        ("YEAR", YEARS), ("QTY", word_durations), ("QTY", list(vocab.WORD_NUMBERS)), ("INC", vocab.INCREASE + vocab.INCREASE_PHRASES),
        ("DEC", vocab.DECREASE), ("MAINT", vocab.MAINTAIN), ("ELIM", vocab.ELIMINATE),
    )
    return ([{"label": label, "pattern": pattern} for label, pattern in token_patterns]
            + [{"label": label, "pattern": phrase} for label, group in phrase_groups for phrase in group])


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline (built on first use, then shared)."""
    nlp = spacy.blank("en")
    _tokenizer_rules(nlp)
    ruler = nlp.add_pipe("span_ruler", config={
        "spans_key": SPANS_KEY,
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": "LOWER",
    })
    ruler.add_patterns(_patterns())
    return nlp


WHITESPACE = re.compile(r"[ \t\r\f\v]+")


def clean(text: str | None) -> str:
    """Collapse runs of spaces (newlines kept: they separate stacked figures)."""
    return WHITESPACE.sub(" ", text or "").strip()
