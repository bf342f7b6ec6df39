"""The spaCy pipeline: a blank English tokenizer and one span-marking component (a Matcher and
a PhraseMatcher, see `NormSpans`) that marks every piece the readers need (periods, deadline
words, figures, comparing words, direction verbs).

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
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
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


class NormSpans:
    """A lean SpanRuler: a Matcher and a PhraseMatcher whose matches are filtered to the first
    longest as (label, start, end) tuples, so that only the spans kept become `Span` objects.

    spaCy's SpanRuler builds, hashes and sorts a `Span` for every match before filtering;
    on short strings that bookkeeping cost as much as the matching itself.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.make_doc = nlp.make_doc

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        phrases: dict[str, list[Doc]] = {}
        for pattern in patterns:
            if isinstance(pattern["pattern"], str):
                phrases.setdefault(pattern["label"], []).append(self.make_doc(pattern["pattern"]))
            else:
                self.matcher.add(pattern["label"], [pattern["pattern"]])
        for label, docs in phrases.items():
            self.phrases.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(set(self.matcher(doc)) | set(self.phrases(doc)),
                         key=lambda m: (m[1] - m[2], m[1], m[0]))  # longest, then first
        taken: set[int] = set()
        kept = []
        for label, start, end in matches:
            if start != end and not taken.intersection(range(start, end)):
                taken.update(range(start, end))
                kept.append(Span(doc, start, end, label=label))
        doc.spans[SPANS_KEY] = kept
        return doc


@Language.factory("norm_spans")
def make_norm_spans(nlp: Language, name: str) -> NormSpans:
    return NormSpans(nlp)


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline (built on first use, then shared)."""
    nlp = spacy.blank("en")
    _tokenizer_rules(nlp)
    nlp.add_pipe("norm_spans").add_patterns(_patterns())
    return nlp


# A text can only hold a span if it has a digit, a sign the patterns use, a non-ASCII
# character (currency, dashes, digits of other scripts) or a word that starts a pattern.
SPAN_MARKS = re.compile(r"[0-9<>=$]")
WORDS = re.compile(r"[a-z]+")


@functools.cache
def pattern_first_words() -> frozenset[str]:
    """Lower-case words that can start a span (the first token of every phrase, and the words of
    the token patterns that start with a word)."""
    make_doc = get_nlp().make_doc
    phrases = [p["pattern"] for p in _patterns() if isinstance(p["pattern"], str)]
    return frozenset({make_doc(p)[0].lower_ for p in phrases} | set(vocab.MONTH_WORDS) | {"may", "fy", "per"})


def may_hold_spans(text: str) -> bool:
    """False only when the pipeline could find no span in `text`: then its reading is empty and
    the pipeline need not run (about a third of the distinct cells of the corpus)."""
    if not text.isascii() or SPAN_MARKS.search(text):
        return True
    return not pattern_first_words().isdisjoint(WORDS.findall(text.lower()))


WHITESPACE = re.compile(r"[ \t\r\f\v]+")


def clean(text: str | None) -> str:
    """Collapse runs of spaces (newlines kept: they separate stacked figures)."""
    return WHITESPACE.sub(" ", text or "").strip()
