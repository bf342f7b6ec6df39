"""Who met, when, and under what name: facts read from a document's first pages.

Meeting papers state these in a few stock ways: a committee name set as a heading, "A meeting
of the Cabinet will be held ...", "MINUTES of a meeting of the X held on ...", a cover sheet's
"To: County Council – 9 January 2025" and "Subject: ...". The meeting date is the date printed
with its weekday ("Monday 24 July 2023"), which sets it apart from publication dates.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from extractors.model import Page
from extractors.text_lines import Line, group_lines

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY_MONTH_YEAR = re.compile(
    rf"(?P<weekday>{WEEKDAY},?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})\s?(?:st|nd|rd|th)?,?\s+(?:of\s+)?"
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december),?\s+(?P<year>(?:19|20)\d{2})",
    re.I)
COMMITTEE_WORDS = re.compile(
    r"\b(committee|sub-committee|cabinet|council|board|panel|forum|partnership|executive|assembly|commission|"
    r"annual general meeting)\b", re.I)
MEETING_OF = re.compile(r"\bmeeting of (?:the\s+)?(?P<name>.+?)\s+(?:will be held|to be held|held|on|at)\b", re.I)
COVER_TO = re.compile(
    r"^(?:(?:report\s+)?to\s*:|(?:title of |name of )?meeting\s*:?|committee\s*:)\s*(?P<name>[^–—]+?)\s*(?:[–—]\s*(?P<rest>.*))?$", re.I)
SUBJECT = re.compile(r"^(?:subject|title|report title)\s*:\s*(?P<title>.+)$", re.I)
COUNCIL_KIND = re.compile(r"\b(county|city|borough|district|town|parish|metropolitan borough)\s+council\b", re.I)
NHS_KIND = re.compile(r"\b(nhs foundation trust|nhs trust|integrated care board|clinical commissioning group|health board)\b", re.I)
NAME_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z'’.]*(?:-[a-z]+-[A-Z][a-z]+)?|NHS|and|&|upon|on)$")
KIND_WORDS = {"county", "city", "borough", "district", "town", "parish", "council", "and", "&", "upon", "on", "the",
              "of", "for", "to", "a", "an", "in", "at", "by", *MONTHS,
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MAX_NAME_TOKENS = 4
NOT_A_NAME = re.compile(r"^(agenda|summons|minutes|notice)\b", re.I)
RECIPIENTS = re.compile(r"^(?:all\s+)?members\s+of\s+(?:the\s+)?", re.I)
TRAILING_DATE = re.compile(rf"\s*[–—,-]?\s*(?:\d{{1,2}}\s?(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{{4}}|{WEEKDAY}\b.*)$", re.I)
MEETING_LINE = re.compile(r"\b(meeting|held|to\s*:)", re.I)
DATE_LABEL = re.compile(r"^date\b", re.I)
FIRST_PAGES = 3
MASTHEAD_WEIGHT = 5


@dataclass
class FrontSheet:
    title: str | None
    committee: str | None
    meeting_date: date | None
    organisation: str | None


def parse_date(text: str) -> tuple[date, bool] | None:
    """The first 'Monday 24 July 2023' / '4th March, 2025' in text, and whether a weekday led it."""
    best = None
    for match in DAY_MONTH_YEAR.finditer(text):
        try:
            found = date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            continue
        if match["weekday"]:
            return found, True
        best = best or (found, False)
    return best


def _flat(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines)


def _committee(lines: list[Line]) -> str | None:
    """A 'meeting of the X' or 'To: X' phrase, else the first committee-like heading."""
    for line_text in (line.text for line in lines):
        cover = COVER_TO.match(line_text)
        if cover and COMMITTEE_WORDS.search(cover["name"]):
            return _clean_committee(cover["name"])
    match = MEETING_OF.search(_flat(lines))
    if match and COMMITTEE_WORDS.search(match["name"]) and len(match["name"].split()) <= 10:
        return _clean_committee(match["name"])
    sizes = sorted({round(line.size, 1) for line in lines}, reverse=True)
    for line in lines:
        heading = line.bold or (sizes and line.size >= sizes[0] - 0.5)
        text = line.text.strip()
        if heading and COMMITTEE_WORDS.search(text) and len(text.split()) <= 10 and not NOT_A_NAME.match(text) \
                and not text.endswith("."):
            return _clean_committee(text)
    return None


def _names_before(text: str, end: int) -> list[str]:
    """Candidate names ending at `end`: 1..4 capitalised tokens before a body's kind."""
    tokens = text[:end].rsplit("\n", 1)[-1].split()[-MAX_NAME_TOKENS:]  # a name does not run over lines
    names = []
    for start in range(len(tokens)):
        words = tokens[start:]
        if all(NAME_TOKEN.match(w) for w in words) and words[0].lower() not in KIND_WORDS \
                and "council" not in (w.lower() for w in words):
            names.append(" ".join(words))
    return names


def _organisation(texts: list[tuple[str, int]]) -> str | None:
    """The council (else NHS body) named most often, by weight (a masthead counts more than
    a passing mention); over-long captures lose to their own shorter tail, which is counted
    each time the longer one is."""
    for kind in (COUNCIL_KIND, NHS_KIND):
        counts: Counter[str] = Counter()
        for text, weight in texts:
            for match in kind.finditer(text):
                suffix = " ".join(match.group(0).split())
                suffix = suffix.title().replace("Nhs", "NHS") if suffix.isupper() else suffix
                for name in _names_before(text, match.start()):
                    name = name.title() if name.isupper() and name != "NHS" else name
                    counts[f"{name} {suffix}"] += weight
        if counts:
            top = max(counts.values())
            return max((n for n, c in counts.items() if c == top), key=len)
    return None


def _meeting_date(lines: list[Line]) -> date | None:
    """The meeting's date, best evidence first: a weekday date on a line naming the meeting or
    committee; any date on such a line; the first date printed with its weekday; a "Date:"
    line. None otherwise: a plan's publication date is no meeting date.
    `lines` stop where an agenda's items begin (items cite earlier meetings' dates)."""
    named = [ln for ln in lines if MEETING_LINE.search(ln.text) or COMMITTEE_WORDS.search(ln.text)]
    for wanted in (lambda found: found[1], lambda found: True):
        for line in named:
            found = parse_date(line.text)
            if found and wanted(found):
                return found[0]
    dated = parse_date(_flat(lines))
    if dated and dated[1]:
        return dated[0]
    for line in lines:
        found = parse_date(line.text) if DATE_LABEL.match(line.text) else None
        if found:
            return found[0]
    return None


def _before_items(lines: list[Line]) -> list[Line]:
    """Lines up to the first numbered item ("1. Apologies", "3. Minutes of ...")."""
    for index, line in enumerate(lines):
        if re.match(r"^(?:item\s+)?\d{1,3}[a-z]?[.)]?\s+[A-Z]", line.text):
            return lines[:index]
    return lines


def _clean_committee(name: str | None) -> str | None:
    if not name:
        return None
    name = RECIPIENTS.sub("", name.strip())
    while (shorter := TRAILING_DATE.sub("", name).strip(" –—-,:")) != name:  # "CABINET - THURSDAY, 30 JANUARY 2025"
        name = shorter
    return name or None


def read_front_sheet(pages: list[Page], fallback_title: str | None) -> FrontSheet:
    """Title, committee, meeting date and organisation; None for what is not printed."""
    lines = [line for page in pages[:FIRST_PAGES] for line in group_lines(page.words)]
    first = group_lines(pages[0].words) if pages else []
    subject = next((m["title"].strip() for m in (SUBJECT.match(ln.text.strip()) for ln in first) if m), None)
    furniture = " ".join(w.text for page in pages[:FIRST_PAGES] for w in page.furniture)
    return FrontSheet(
        title=subject or fallback_title,
        committee=_committee(first) or _committee(lines),
        meeting_date=_meeting_date(_before_items(first)),
        organisation=_organisation([(furniture, MASTHEAD_WEIGHT), ("\n".join(ln.text for ln in first[:5]), MASTHEAD_WEIGHT),
                                    ("\n".join(ln.text for ln in lines), 1)]),
    )
